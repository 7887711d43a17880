/** Bytes from hex with optional spaces and `\xNN` escapes. */
export function bytesFrom(text: string): Uint8Array {
  const hex = text.replace(/\\x/g, '').replace(/\s+/g, '');
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/**
 * The payload (ifinfomsg + attributes) of the RTM_NEWLINK that `ip link add v0 type veth peer name v1` sends,
 * captured with strace on Linux 6.18. iproute2 writes IFLA_INFO_KIND without its NUL.
 */
export const vethPayload = bytesFrom(
  '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 07 00 03 00 76 30 00 00 2c 00 12 00 08 00 01 00 ' +
    '76 65 74 68 20 00 02 00 1c 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 07 00 03 00 76 31 00 00',
);
