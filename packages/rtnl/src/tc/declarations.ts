import { attr, attrset, binary, message, subMessage } from '@linx/netlink-codec';
import { attrsAttrs, attrsMessage, optionsMsgFormats, tcPrioQopt, tcmsg } from '../generated/tc.js';

/**
 * prio's options as `tc` sends them: the struct, then the nested TCA_OPTIONS (2) that iproute2's
 * addattr_nest_compat appends for attributes (TCA_PRIO_MQ), empty; the kernel reads it with
 * nla_parse_nested_compat. The kernel dumps the struct alone, as the generated format says.
 */
const prioRequestAttrs = attrset('prio-request-attrs', { compat: attr(2, binary()) });

/**
 * The tc message as linx sends it: the generated attributes with TCA_OPTIONS written without
 * NLA_F_NESTED, as `tc` writes it (the kernel reads TCA_OPTIONS either way), and prio's compat nest, so
 * that linx's requests are `tc`'s bytes. Replies decode with the generated `attrsMessage`.
 */
export const tcRequestAttrs = attrset('tc-request-attrs', {
  ...attrsAttrs.attributes,
  options: attr(2, subMessage('kind', { ...optionsMsgFormats, prio: { header: tcPrioQopt, attrs: prioRequestAttrs } }, 'options-msg'), { nestedFlag: false }),
});

export const tcRequestMessage = message('tc-request', { header: tcmsg, attrs: tcRequestAttrs, types: attrsMessage.types });
