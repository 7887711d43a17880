import { attr, attrset, be16, be32, enumOf, flagsOf, string } from '@linx/netlink-codec';

/** enum nft_log_level (syslog levels, and `audit`). */
export const logLevelValues = { emerg: 0, alert: 1, crit: 2, err: 3, warn: 4, notice: 5, info: 6, debug: 7, audit: 8 } as const;
/** NF_LOG_* flags (linux/netfilter/nf_log.h). */
export const logFlagsValues = { 'tcp-seq': 1, 'tcp-opt': 2, 'ip-opt': 4, uid: 8, nflog: 16, 'mac-decode': 32 } as const;

/** `log` (NFTA_LOG_*): to the kernel log (`level`, `flags`) or to an nflog `group` (`snaplen`, `qthreshold`). */
export const logAttrs = attrset('expr-log-attrs', {
  group: attr(1, be16()),
  prefix: attr(2, string({ maxLength: 127 })),
  snaplen: attr(3, be32()),
  qthreshold: attr(4, be16()),
  level: attr(5, enumOf(be32(), logLevelValues, 'log-level')),
  flags: attr(6, flagsOf(be32(), logFlagsValues, 'log-flags')),
});
