import { attr, attrset, binary, message, subMessage } from '@linx/netlink-codec';
import { attrsAttrs, attrsMessage, hfscAttrs, optionsMsgFormats, tcaStatsAppMsgFormats, tcFqCodelClXstats, tcHfscStats, tcPrioQopt, tcmsg } from '../generated/tc.js';

/**
 * prio's options as `tc` sends them: the struct, then the nested TCA_OPTIONS (2) that iproute2's
 * addattr_nest_compat appends for attributes (TCA_PRIO_MQ), empty; the kernel reads it with
 * nla_parse_nested_compat. The kernel dumps the struct alone, as the generated format says.
 */
// Stryker disable next-line StringLiteral: a format's name only labels the codec's errors for values the verbs never build (they check their input first)
const prioRequestAttrs = attrset('prio-request-attrs', { compat: attr(2, binary()) });

/**
 * The tc message as linx sends it: the generated attributes with TCA_OPTIONS written without
 * NLA_F_NESTED, as `tc` writes it (the kernel reads TCA_OPTIONS either way), and prio's compat nest, so
 * that linx's requests are `tc`'s bytes. Replies decode with the generated `attrsMessage`.
 */
// Stryker disable next-line StringLiteral: a format's name only labels the codec's errors for values the verbs never build (they check their input first)
export const tcRequestAttrs = attrset('tc-request-attrs', {
  ...attrsAttrs.attributes,
  options: attr(2, subMessage('kind', { ...optionsMsgFormats, prio: { header: tcPrioQopt, attrs: prioRequestAttrs } }, 'options-msg'), { nestedFlag: false }),
});

// Stryker disable next-line StringLiteral: a format's name only labels the codec's errors for values the verbs never build (they check their input first)
export const tcRequestMessage = message('tc-request', { header: tcmsg, attrs: tcRequestAttrs, types: attrsMessage.types });

/**
 * A class's TCA_OPTIONS by kind: as a qdisc's, but for hfsc, whose classes take service curves (hfsc-attrs,
 * hfsc_change_class() in net/sched/sch_hfsc.c) where its qdisc takes struct tc_hfsc_qopt; the generated
 * sub-message keys both on the kind alone, so it has the qdisc's.
 */
const classOptionsFormats = { ...optionsMsgFormats, hfsc: { attrs: hfscAttrs } };

/**
 * A class's TCA_XSTATS by kind: as a qdisc's, but for fq_codel, whose classes (its flows) send struct
 * tc_fq_codel_xstats with type 1 and the union's class stats (fq_codel_dump_class_stats()), and hfsc,
 * whose classes send struct tc_hfsc_stats (hfsc_dump_class_stats()); the generated sub-message keys on the
 * kind alone. cake's classes send the class attributes of cake-stats-attrs, as the qdisc's format has them.
 */
const classXstatsFormats = { ...tcaStatsAppMsgFormats, fq_codel: { header: tcFqCodelClXstats }, hfsc: { header: tcHfscStats } };

/** Class dumps and notifications decode with this. */
// Stryker disable next-line StringLiteral: a format's name only labels the codec's errors for values the verbs never build (they check their input first)
export const tcClassMessage = message('tc-class', {
  header: tcmsg,
  // Stryker disable next-line StringLiteral: a format's name only labels the codec's errors for values the verbs never build (they check their input first)
  attrs: attrset('tc-class-attrs', {
    ...attrsAttrs.attributes,
    options: attr(2, subMessage('kind', classOptionsFormats, 'class-options-msg')),
    xstats: attr(4, subMessage('kind', classXstatsFormats, 'class-xstats-msg')),
  }),
  types: attrsMessage.types,
});

/** Class requests, TCA_OPTIONS without NLA_F_NESTED as `tc` writes it. */
// Stryker disable next-line StringLiteral: a format's name only labels the codec's errors for values the verbs never build (they check their input first)
export const tcClassRequestMessage = message('tc-class-request', {
  header: tcmsg,
  attrs: attrset('tc-class-request-attrs', { ...attrsAttrs.attributes, options: attr(2, subMessage('kind', classOptionsFormats, 'class-options-msg'), { nestedFlag: false }) }),
  types: attrsMessage.types,
});
