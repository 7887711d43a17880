import { attr, attrset, be16, be32, enumOf, flagsOf, message, nest, s32, string, subMessage, u8 } from '@linx/netlink-codec';
import * as gen from './generated/nftables.js';
import { nfgenmsg } from '../nfgenmsg.js';
import { dataAttrs } from './data.js';
import { connlimitAttrs, counterAttrs, exprAttrs, exprListAttrs, limitAttrs, quotaAttrs, synproxyAttrs } from './expr/index.js';
import { ctExpectAttrs } from './objects/ct-expect.js';
import { ctTimeoutAttrs } from './objects/ct-timeout.js';

// The nftables messages, built from the generated declarations (tools/ynl-gen, from the kernel's YNL spec)
// with what the spec lacks or states loosely declared from linux/netfilter/nf_tables.h: every expression,
// verdicts (signed codes by name), element flags, set policies, the concatenation description, objects
// beyond counter and quota, signed flowtable priorities, NFTA_TABLE_OWNER. The header is nfgenmsg with the
// family by name.

/** NF_DROP / NF_ACCEPT as a base chain's policy. */
export const chainPolicyValues = { drop: 0, accept: 1 } as const;
/** enum nft_set_policies. */
export const setPolicyValues = { performance: 0, memory: 1 } as const;
/** enum nft_set_elem_flags. */
export const setElemFlagsValues = { 'interval-end': 1, catchall: 2 } as const;
/** enum nft_flowtable_flags. */
export const flowtableFlagsValues = { 'hw-offload': 1, counter: 2 } as const;
/** NFT_OBJECT_*: the stateful object types. */
export const objectTypeValues = gen.objectTypeValues;

export const tableAttrs = attrset('table-attrs', {
  ...gen.tableAttrs.attributes,
  /** NFTA_TABLE_OWNER: the netlink port id that owns the table (flag `owner`); the spec lacks it (linux/netfilter/nf_tables.h). */
  owner: attr(7, be32()),
});

export const chainAttrs = attrset('chain-attrs', {
  ...gen.chainAttrs.attributes,
  policy: attr(gen.chainAttrs.attributes.policy.id, enumOf(be32(), chainPolicyValues, 'chain-policy')),
  counters: attr(gen.chainAttrs.attributes.counters.id, nest(counterAttrs)),
});

export const ruleAttrs = attrset('rule-attrs', {
  ...gen.ruleAttrs.attributes,
  expressions: attr(gen.ruleAttrs.attributes.expressions.id, nest(exprListAttrs)),
});

/** NFTA_SET_DESC_CONCAT: one NFTA_LIST_ELEM per field, each with its NFTA_SET_FIELD_LEN. */
export const setConcatAttrs = attrset('set-desc-concat-attrs', {
  elem: attr(1, nest(gen.setFieldAttrs), { multi: true }),
});

export const setDescAttrs = attrset('set-desc-attrs', {
  size: attr(1, be32()),
  concat: attr(2, nest(setConcatAttrs)),
});

export const setAttrs = attrset('set-attrs', {
  ...gen.setAttrs.attributes,
  policy: attr(gen.setAttrs.attributes.policy.id, enumOf(be32(), setPolicyValues, 'set-policy')),
  desc: attr(gen.setAttrs.attributes.desc.id, nest(setDescAttrs)),
  objType: attr(gen.setAttrs.attributes.objType.id, enumOf(be32(), objectTypeValues, 'object-type')),
  expr: attr(gen.setAttrs.attributes.expr.id, nest(exprAttrs), { multi: true }),
  expressions: attr(gen.setAttrs.attributes.expressions.id, nest(exprListAttrs)),
});

export const setElemAttrs = attrset('setelem-attrs', {
  ...gen.setelemAttrs.attributes,
  key: attr(gen.setelemAttrs.attributes.key.id, nest(dataAttrs)),
  data: attr(gen.setelemAttrs.attributes.data.id, nest(dataAttrs)),
  flags: attr(gen.setelemAttrs.attributes.flags.id, flagsOf(be32(), setElemFlagsValues, 'set-elem-flags')),
  expr: attr(gen.setelemAttrs.attributes.expr.id, nest(exprAttrs)),
  keyEnd: attr(gen.setelemAttrs.attributes.keyEnd.id, nest(dataAttrs)),
  expressions: attr(gen.setelemAttrs.attributes.expressions.id, nest(exprListAttrs)),
});

export const setElemListElemAttrs = attrset('setelem-list-elem-attrs', {
  elem: attr(1, nest(setElemAttrs), { multi: true }),
});

export const setElemListAttrs = attrset('setelem-list-attrs', {
  ...gen.setelemListAttrs.attributes,
  elements: attr(gen.setelemListAttrs.attributes.elements.id, nest(setElemListElemAttrs)),
});

/** NFTA_CT_HELPER_*: the `ct helper` object. */
export const ctHelperAttrs = attrset('ct-helper-attrs', {
  name: attr(1, string({ maxLength: 15 })),
  l3proto: attr(2, be16()),
  l4proto: attr(3, u8()),
});

/** NFTA_SECMARK_*: the `secmark` object. */
export const secmarkAttrs = attrset('secmark-attrs', {
  ctx: attr(1, string({ maxLength: 4095 })),
});

/** The data of each stateful object type (NFTA_OBJ_DATA, chosen by NFTA_OBJ_TYPE). */
export const objDataFormats = {
  counter: { attrs: counterAttrs },
  quota: { attrs: quotaAttrs },
  limit: { attrs: limitAttrs },
  connlimit: { attrs: connlimitAttrs },
  'ct-helper': { attrs: ctHelperAttrs },
  secmark: { attrs: secmarkAttrs },
  'ct-timeout': { attrs: ctTimeoutAttrs },
  'ct-expect': { attrs: ctExpectAttrs },
  synproxy: { attrs: synproxyAttrs },
};

export const objAttrs = attrset('obj-attrs', {
  ...gen.objAttrs.attributes,
  // Stryker disable next-line StringLiteral: a sub-message's name is read by nothing (the codec picks the format by the selector's value)
  data: attr(gen.objAttrs.attributes.data.id, subMessage('type', objDataFormats, 'obj-data')),
});

export const flowtableHookAttrs = attrset('flowtable-hook-attrs', {
  ...gen.flowtableHookAttrs.attributes,
  // Stryker disable next-line StringLiteral: the codec's integers are big-endian unless the order is 'little' or 'host', so `order: ''` is big-endian too
  priority: attr(gen.flowtableHookAttrs.attributes.priority.id, s32({ order: 'big' })),
});

export const flowtableAttrs = attrset('flowtable-attrs', {
  ...gen.flowtableAttrs.attributes,
  hook: attr(gen.flowtableAttrs.attributes.hook.id, nest(flowtableHookAttrs)),
  flags: attr(gen.flowtableAttrs.attributes.flags.id, flagsOf(be32(), flowtableFlagsValues, 'flowtable-flags')),
});

// Stryker disable StringLiteral: a message's name is read only to refuse attributes given to a message that has none, and each of these has attributes
export const tableMessage = message('table', { header: nfgenmsg, attrs: tableAttrs, types: gen.tableMessage.types });
export const chainMessage = message('chain', { header: nfgenmsg, attrs: chainAttrs, types: gen.chainMessage.types });
export const ruleMessage = message('rule', { header: nfgenmsg, attrs: ruleAttrs, types: gen.ruleMessage.types });
export const setMessage = message('set', { header: nfgenmsg, attrs: setAttrs, types: gen.setMessage.types });
export const setElemListMessage = message('setelem-list', { header: nfgenmsg, attrs: setElemListAttrs, types: gen.setelemListMessage.types });
export const objMessage = message('obj', { header: nfgenmsg, attrs: objAttrs, types: { ...gen.objMessage.types, getobjReset: 0xa15 } });
export const flowtableMessage = message('flowtable', { header: nfgenmsg, attrs: flowtableAttrs, types: gen.flowtableMessage.types });
export const genMessage = message('gen', { header: nfgenmsg, attrs: gen.genAttrs, types: { ...gen.genMessage.types, newgen: 0xa0f } });
// Stryker restore StringLiteral

const messages = [tableMessage, chainMessage, ruleMessage, setMessage, setElemListMessage, objMessage, flowtableMessage, genMessage] as const;
type RequestName<T> = { [K in keyof T]: K extends `${string}Reply` ? never : K }[keyof T] & string;
/** An NFT_MSG_* name: the messages' request types, and `trace`. */
export type NftMsgName =
  | RequestName<typeof tableMessage.types> | RequestName<typeof chainMessage.types> | RequestName<typeof ruleMessage.types>
  | RequestName<typeof setMessage.types> | RequestName<typeof setElemListMessage.types> | RequestName<typeof objMessage.types>
  | RequestName<typeof flowtableMessage.types> | RequestName<typeof genMessage.types> | 'trace';

/**
 * NFT_MSG_* by name (the low byte of the message types): the types of the messages above (the generated
 * ones, NFT_MSG_NEWGEN and GETOBJ_RESET added there), replies left out, and NFT_MSG_TRACE (17,
 * linux/netfilter/nf_tables.h), which is no message of the spec.
 */
export const nftMsgValues = (() => {
  const out: Partial<Record<NftMsgName, number>> = { trace: 17 };
  for (const m of messages) {
    for (const [name, type] of Object.entries(m.types)) if (!name.endsWith('Reply')) out[name as NftMsgName] = (type as number) & 0xff;
  }
  return out as Readonly<Record<NftMsgName, number>>;
})();
