// An RTM_NEWLINK payload as fake kernels answer link dumps and lookups with it: an ifinfomsg (16 bytes,
// ifi_index at offset 4, linux/rtnetlink.h) followed by IFLA_IFNAME (3, linux/if_link.h).
import { AttributeEncoder } from '@linx/netlink-wire';

/** An ifinfomsg of `index` with IFLA_IFNAME `name`. */
export function linkPayload(index: number, name: string): Uint8Array {
  const attrs = new AttributeEncoder().string(3, name).finish();
  const out = new Uint8Array(16 + attrs.length);
  new DataView(out.buffer).setInt32(4, index, true);
  out.set(attrs, 16);
  return out;
}
