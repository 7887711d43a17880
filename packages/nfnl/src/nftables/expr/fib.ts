import { attr, attrset, be32, enumOf, flagsOf } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_fib_result. */
export const fibResultValues = { unspec: 0, oif: 1, oifname: 2, addrtype: 3 } as const;
/** enum nft_fib_flags: which packet fields the route lookup uses. */
export const fibFlagsValues = { saddr: 1, daddr: 2, mark: 4, iif: 8, oif: 16, present: 32 } as const;

/** `fib` (NFTA_FIB_*): a route lookup for the packet; its `result` goes to `dreg`. */
export const fibAttrs = attrset('expr-fib-attrs', {
  dreg: attr(1, register()),
  result: attr(2, enumOf(be32(), fibResultValues, 'fib-result')),
  flags: attr(3, flagsOf(be32(), fibFlagsValues, 'fib-flags')),
});
