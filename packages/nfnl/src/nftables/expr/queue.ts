import { attr, attrset, be16, flagsOf } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** NFT_QUEUE_FLAG_*. */
export const queueFlagsValues = { bypass: 1, fanout: 2 } as const;

/** `queue` (NFTA_QUEUE_*): hands the packet to user space on queue `num` (of `total`, or from `sregQnum`). */
export const queueAttrs = attrset('expr-queue-attrs', {
  num: attr(1, be16()),
  total: attr(2, be16()),
  flags: attr(3, flagsOf(be16(), queueFlagsValues, 'queue-flags')),
  sregQnum: attr(4, register()),
});
