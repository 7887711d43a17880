import { attr, attrset, binary, custom, indexedArray, message, nest, subMessage } from '@linx/netlink-codec';
import { compileAttrSet, onFirstUse } from '@linx/netlink-codec/runtime';
import { ByteWriter } from '@linx/netlink-wire';
import { actAttrs, actOptionsMsgFormats, actPeditAttrs, attrsAttrs, attrsMessage, bpfAttrs, flowerAttrs, flowerKeyEncOptGeneveAttrs, flowerKeyEncOptsAttrs, matchallAttrs, optionsMsgFormats, tcmsg, u32Attrs } from '../../generated/tc.js';
import { u32Selector } from './u32.js';

/**
 * A filter's action list as `tc` writes it: items numbered from 1 (the kernel reads TCA_ACT_MAX_PRIO
 * items from 1; the spec's index 0 would be skipped), neither the list nor its items flagged
 * NLA_F_NESTED, each action's options flagged (as `tc` sends them).
 */
/**
 * An action as linx writes and reads it: the generated act-attrs, pedit's TCA_PEDIT_PARMS and _PARMS_EX as
 * bytes (struct tc_pedit_sel is followed by nkeys keys; the spec's struct counts one).
 */
const actRequestAttrs = attrset('act-request-attrs', {
  ...actAttrs.attributes,
  options: attr(2, subMessage('kind', { ...actOptionsMsgFormats, pedit: { attrs: attrset('act-pedit-request-attrs', { ...actPeditAttrs.attributes, parms: attr(2, binary()), parmsEx: attr(4, binary()) }) } }, 'act-options-msg')),
});
/** Compiled on first use, not at import. */
const actCodec = onFirstUse(() => compileAttrSet(actRequestAttrs));
const actItem = custom<Record<string | symbol, unknown>, unknown>(
  'tc-action',
  (p) => actCodec().decode(p, new DataView(p.buffer, p.byteOffset, p.byteLength), 0, p.length, { exact: true }),
  (v) => {
    const w = new ByteWriter(64);
    actCodec().encode(v, w);
    return w.finish();
  },
);
export const actList = (id: number) => attr(id, indexedArray(actItem, 1), { nestedFlag: false });

/** The classifier formats linx writes, with u32's whole selector and the action lists above. */
export const filterOptionsFormats = {
  ...optionsMsgFormats,
  u32: { attrs: attrset('u32-request-attrs', { ...u32Attrs.attributes, sel: attr(5, u32Selector), act: actList(7) }) },
  bpf: { attrs: attrset('bpf-request-attrs', { ...bpfAttrs.attributes, act: actList(1) }) },
  matchall: { attrs: attrset('matchall-request-attrs', { ...matchallAttrs.attributes, act: actList(2) }) },
  flower: { attrs: attrset('flower-request-attrs', { ...flowerAttrs.attributes, act: actList(3) }) },
};

/** A filter message, sent and received: TCA_OPTIONS unflagged as `tc` writes it, the classifiers above. */
export const filterMessage = message('tc-filter', {
  header: tcmsg,
  attrs: attrset('tc-filter-attrs', { ...attrsAttrs.attributes, options: attr(2, subMessage('kind', filterOptionsFormats, 'filter-options-msg'), { nestedFlag: false }) }),
  types: attrsMessage.types,
});

/**
 * flower's Geneve tunnel options as `tc` writes them: TCA_FLOWER_KEY_ENC_OPTS (and _MASK) and each
 * TCA_FLOWER_KEY_ENC_OPTS_GENEVE in it without NLA_F_NESTED (iproute2's flower_parse_enc_opts_geneve nests
 * them with addattr_nest, where its vxlan and erspan options are flagged); the kernel reads them either way
 * (fl_set_enc_opt() in net/sched/cls_flower.c: nla_validate_nested_deprecated). They share the ids of
 * keyEncOpts and keyEncOptsMask, so only requests are written with them; replies decode with the spec's.
 */
const geneveOptsRequestAttrs = attrset('flower-key-enc-opts-geneve-request-attrs', {
  geneve: attr(flowerKeyEncOptsAttrs.attributes.geneve.id, nest(flowerKeyEncOptGeneveAttrs), { multi: true, nestedFlag: false }),
});
const flowerRequestAttrs = attrset('flower-request-attrs', {
  ...flowerAttrs.attributes,
  act: actList(3),
  keyEncOptsGeneve: attr(flowerAttrs.attributes.keyEncOpts.id, nest(geneveOptsRequestAttrs), { nestedFlag: false }),
  keyEncOptsMaskGeneve: attr(flowerAttrs.attributes.keyEncOptsMask.id, nest(geneveOptsRequestAttrs), { nestedFlag: false }),
});

/** A filter request: as `filterMessage`, flower's Geneve options written as `tc` writes them. */
export const filterRequestMessage = message('tc-filter-request', {
  header: tcmsg,
  attrs: attrset('tc-filter-request-attrs', { ...attrsAttrs.attributes, options: attr(2, subMessage('kind', { ...filterOptionsFormats, flower: { attrs: flowerRequestAttrs } }, 'filter-options-msg'), { nestedFlag: false }) }),
  types: attrsMessage.types,
});
