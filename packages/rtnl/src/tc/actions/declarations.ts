import { attr, attrset, bitfield32, message, pad, string, struct, u32, u8 } from '@linx/netlink-codec';
import { actList } from '../filters/declarations.js';

// The shared-action messages (RTM_*ACTION of linux/rtnetlink.h), which the tc spec does not declare:
// struct tcamsg and the TCA_ROOT_* attributes of linux/rtnetlink.h, the actions in TCA_ACT_TAB as in a filter.

/** struct tcamsg: the family, then padding. */
const tcamsg = struct('tcamsg', { family: u8(), pad: pad(3) });

/** TCA_ROOT_FLAGS' TCA_ACT_FLAG_LARGE_DUMP_ON: many actions per dump message (as `tc actions ls` asks). */
export const TCA_ACT_FLAG_LARGE_DUMP_ON = 1;

export const actionMessage = message('tc-action', {
  header: tcamsg,
  attrs: attrset('tc-action-root-attrs', {
    tab: actList(1),
    rootFlags: attr(2, bitfield32({})),
    rootCount: attr(3, u32()),
    rootTimeDelta: attr(4, u32()),
    rootExtWarnMsg: attr(5, string()),
  }),
  types: { newaction: 48, delaction: 49, getaction: 50 },
});
