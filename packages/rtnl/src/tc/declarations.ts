import { attr, attrset, message, subMessage } from '@linx/netlink-codec';
import { attrsAttrs, attrsMessage, optionsMsgFormats, tcmsg } from '../generated/tc.js';

/**
 * The tc message as linx sends it: the generated attributes with TCA_OPTIONS written without
 * NLA_F_NESTED, as `tc` writes it (the kernel reads TCA_OPTIONS either way), so that linx's requests are
 * `tc`'s bytes. Replies decode with the generated `attrsMessage`.
 */
export const tcRequestAttrs = attrset('tc-request-attrs', {
  ...attrsAttrs.attributes,
  options: attr(2, subMessage('kind', optionsMsgFormats, 'options-msg'), { nestedFlag: false }),
});

export const tcRequestMessage = message('tc-request', { header: tcmsg, attrs: tcRequestAttrs, types: attrsMessage.types });
