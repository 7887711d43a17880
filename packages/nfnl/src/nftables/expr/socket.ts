import { attr, attrset, be32, enumOf } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_socket_keys. */
export const socketKeysValues = { transparent: 0, mark: 1, wildcard: 2, cgroupv2: 3 } as const;

/** `socket` (NFTA_SOCKET_*): loads a property of the packet's socket into `dreg`. */
export const socketAttrs = attrset('expr-socket-attrs', {
  key: attr(1, enumOf(be32(), socketKeysValues, 'socket-keys')),
  dreg: attr(2, register()),
  level: attr(3, be32()),
});
