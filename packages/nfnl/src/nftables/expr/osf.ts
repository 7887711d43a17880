import { attr, attrset, be32, flagsOf, u8 } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** NFT_OSF_F_*. */
export const osfFlagsValues = { version: 1 } as const;

/**
 * `osf` (NFTA_OSF_*): loads the name (or, with the `version` flag, the name and version) of the operating
 * system a SYN's fingerprint matches into `dreg`; `ttl` 1 checks the TTL loosely, 2 skips it.
 */
export const osfAttrs = attrset('expr-osf-attrs', {
  dreg: attr(1, register()),
  ttl: attr(2, u8()),
  flags: attr(3, flagsOf(be32(), osfFlagsValues, 'osf-flags')),
});
