import { attr, attrset, message } from '@linx/netlink-codec';
import { actionRootAttrs, actionRootMessage } from '../../generated/tc.js';
import { actList } from '../filters/declarations.js';

export { tcaActFlagLargeDumpOn as TCA_ACT_FLAG_LARGE_DUMP_ON } from '../../generated/tc.js';

/**
 * The shared-action messages (RTM_*ACTION with struct tcamsg and TCA_ROOT_*, generated from fixes the tc
 * spec lacks), with TCA_ROOT_TAB written as `tc` writes it: items numbered from 1, unflagged (as in a filter).
 */
export const actionMessage = message('tc-action', {
  header: actionRootMessage.header,
  attrs: attrset('tc-action-root-request-attrs', { ...actionRootAttrs.attributes, tab: actList(actionRootAttrs.attributes.tab.id) }),
  types: actionRootMessage.types,
});
