/**
 * Netlink headers and most attributes are in the host's byte order. linx detects it once; every reader
 * and writer that says "native" uses it, and the network-order variants are always big-endian.
 */
export const HOST_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A DataView over exactly the bytes of `bytes` (which may itself be a view into a larger buffer). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
