import { attr, attrset, be32, enumOf, flagsOf, u8 } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_exthdr_op: which kind of header or option `type` names. */
export const exthdrOpValues = { ipv6: 0, tcpopt: 1, ipv4: 2, sctp: 3, dccp: 4 } as const;
/** enum nft_exthdr_flags. */
export const exthdrFlagsValues = { present: 1 } as const;

/** `exthdr` (NFTA_EXTHDR_*): loads (or, with `sreg`, writes) `len` bytes at `offset` of an IPv6 extension header or an IPv4/TCP/SCTP/DCCP option. */
export const exthdrAttrs = attrset('expr-exthdr-attrs', {
  dreg: attr(1, register()),
  type: attr(2, u8()),
  offset: attr(3, be32()),
  len: attr(4, be32()),
  flags: attr(5, flagsOf(be32(), exthdrFlagsValues, 'exthdr-flags')),
  op: attr(6, enumOf(be32(), exthdrOpValues, 'exthdr-op')),
  sreg: attr(7, register()),
});
