import { attr, attrset, enumOf } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_rt_keys. */
export const rtKeysValues = { classid: 0, nexthop4: 1, nexthop6: 2, tcpmss: 3, xfrm: 4 } as const;

/** `rt` (NFTA_RT_*): loads a property of the packet's route into `dreg`. */
export const rtAttrs = attrset('expr-rt-attrs', {
  dreg: attr(1, register()),
  key: attr(2, enumOf(register(), rtKeysValues, 'rt-keys')),
});
