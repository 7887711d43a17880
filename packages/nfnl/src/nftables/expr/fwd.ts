import { attr, attrset, be32, enumOf } from '@linx/netlink-codec';
import { familyValues } from '../../nfgenmsg.js';
import { register } from '../registers.js';

/**
 * `fwd` (NFTA_FWD_*, netdev only: nft_fwd_netdev): sends the packet out of the interface whose index is
 * in `sregDev`; with `sregAddr` and `nfproto`, to that next hop (an IPv4 or IPv6 address) through it.
 */
export const fwdAttrs = attrset('expr-fwd-attrs', {
  sregDev: attr(1, register()),
  sregAddr: attr(2, register()),
  nfproto: attr(3, enumOf(be32(), familyValues, 'nfproto')),
});
