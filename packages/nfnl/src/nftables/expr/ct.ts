import { attr, attrset, enumOf, u8 } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_ct_keys. */
export const ctKeysValues = {
  state: 0,
  direction: 1,
  status: 2,
  mark: 3,
  secmark: 4,
  expiration: 5,
  helper: 6,
  l3protocol: 7,
  src: 8,
  dst: 9,
  protocol: 10,
  'proto-src': 11,
  'proto-dst': 12,
  labels: 13,
  pkts: 14,
  bytes: 15,
  avgpkt: 16,
  zone: 17,
  eventmask: 18,
  'src-ip': 19,
  'dst-ip': 20,
  'src-ip6': 21,
  'dst-ip6': 22,
  id: 23,
} as const;
/** enum ip_conntrack_dir. */
export const ctDirectionValues = { original: 0, reply: 1 } as const;
/** ct state bits (NF_CT_STATE_BIT / enum ip_conntrack_info), as `ct state` compares them: a 4-byte host-order mask. */
export const ctStateBits = { invalid: 1, established: 2, related: 4, new: 8, untracked: 64 } as const;

/** `ct` (NFTA_CT_*): loads a conntrack field (`key`, optionally of one `direction`) into `dreg`, or sets it from `sreg`. */
export const ctAttrs = attrset('expr-ct-attrs', {
  dreg: attr(1, register()),
  key: attr(2, enumOf(register(), ctKeysValues, 'ct-keys')),
  direction: attr(3, enumOf(u8(), ctDirectionValues, 'ct-direction')),
  sreg: attr(4, register()),
});
