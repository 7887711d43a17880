import { attr, attrset } from '@linx/netlink-codec';
import { register } from '../registers.js';

/**
 * `dup` (NFTA_DUP_*): sends a copy of the packet to the address in `sregAddr` (ip, ip6: nft_dup_ipv4/6,
 * optionally through the interface whose index is in `sregDev`), or out of the interface in `sregDev`
 * (netdev: nft_dup_netdev).
 */
export const dupAttrs = attrset('expr-dup-attrs', {
  sregAddr: attr(1, register()),
  sregDev: attr(2, register()),
});
