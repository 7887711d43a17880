import { attr, attrset, be32, enumOf, flagsOf } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_payload_bases: where `offset` counts from. */
export const payloadBaseValues = { link: 0, network: 1, transport: 2, inner: 3 } as const;
/** enum nft_payload_csum_types: the checksum a payload write fixes. */
export const payloadCsumTypeValues = { none: 0, inet: 1, sctp: 2 } as const;
/** enum nft_payload_csum_flags. */
export const payloadCsumFlagsValues = { 'l4-pseudohdr': 1 } as const;

/**
 * `payload` (NFTA_PAYLOAD_*): loads `len` bytes at `offset` from a header (`base`) into `dreg`, or writes
 * `sreg` there and fixes the checksum.
 */
export const payloadAttrs = attrset('expr-payload-attrs', {
  dreg: attr(1, register()),
  base: attr(2, enumOf(be32(), payloadBaseValues, 'payload-base')),
  offset: attr(3, be32()),
  len: attr(4, be32()),
  sreg: attr(5, register()),
  csumType: attr(6, enumOf(be32(), payloadCsumTypeValues, 'payload-csum-type')),
  csumOffset: attr(7, be32()),
  csumFlags: attr(8, flagsOf(be32(), payloadCsumFlagsValues, 'payload-csum-flags')),
});
