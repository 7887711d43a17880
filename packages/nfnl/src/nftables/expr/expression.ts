import { attr, attrset, nest, string, subMessage, type FormatInput, type FormatValue } from '@linx/netlink-codec';
import { exprFlowOffloadAttrs, exprTproxyAttrs } from '../generated/nftables.js';
import { bitwiseAttrs } from './bitwise.js';
import { byteorderAttrs } from './byteorder.js';
import { cmpAttrs } from './cmp.js';
import { connlimitAttrs } from './connlimit.js';
import { counterAttrs } from './counter.js';
import { ctAttrs } from './ct.js';
import { dupAttrs } from './dup.js';
import { dynsetAttrs } from './dynset.js';
import { exthdrAttrs } from './exthdr.js';
import { fibAttrs } from './fib.js';
import { fwdAttrs } from './fwd.js';
import { hashAttrs } from './hash.js';
import { immediateAttrs } from './immediate.js';
import { lastAttrs } from './last.js';
import { limitAttrs } from './limit.js';
import { logAttrs } from './log.js';
import { lookupAttrs } from './lookup.js';
import { masqAttrs } from './masq.js';
import { metaAttrs } from './meta.js';
import { natAttrs } from './nat.js';
import { notrackAttrs } from './notrack.js';
import { numgenAttrs } from './numgen.js';
import { objrefAttrs } from './objref.js';
import { osfAttrs } from './osf.js';
import { payloadAttrs } from './payload.js';
import { queueAttrs } from './queue.js';
import { quotaAttrs } from './quota.js';
import { rangeAttrs } from './range.js';
import { redirAttrs } from './redir.js';
import { rejectAttrs } from './reject.js';
import { rtAttrs } from './rt.js';
import { socketAttrs } from './socket.js';
import { synproxyAttrs } from './synproxy.js';
import { xfrmAttrs } from './xfrm.js';

/**
 * The data of each expression, by its name (NFTA_EXPR_NAME picks the format of NFTA_EXPR_DATA): the
 * generated spec's few (tproxy, flow_offload) and the rest declared from linux/netfilter/nf_tables.h, one
 * file each. An expression not listed here decodes with its data kept as bytes under `raw`, and encodes
 * from bytes. (`dynset` is referenced lazily: it nests expressions itself.)
 */
export const exprFormats = {
  bitwise: { attrs: bitwiseAttrs },
  byteorder: { attrs: byteorderAttrs },
  cmp: { attrs: cmpAttrs },
  connlimit: { attrs: connlimitAttrs },
  counter: { attrs: counterAttrs },
  ct: { attrs: ctAttrs },
  dup: { attrs: dupAttrs },
  dynset: { attrs: () => dynsetAttrs },
  exthdr: { attrs: exthdrAttrs },
  fib: { attrs: fibAttrs },
  flow_offload: { attrs: exprFlowOffloadAttrs },
  fwd: { attrs: fwdAttrs },
  hash: { attrs: hashAttrs },
  immediate: { attrs: immediateAttrs },
  last: { attrs: lastAttrs },
  limit: { attrs: limitAttrs },
  log: { attrs: logAttrs },
  lookup: { attrs: lookupAttrs },
  masq: { attrs: masqAttrs },
  meta: { attrs: metaAttrs },
  nat: { attrs: natAttrs },
  notrack: { attrs: notrackAttrs },
  numgen: { attrs: numgenAttrs },
  objref: { attrs: objrefAttrs },
  osf: { attrs: osfAttrs },
  payload: { attrs: payloadAttrs },
  queue: { attrs: queueAttrs },
  quota: { attrs: quotaAttrs },
  range: { attrs: rangeAttrs },
  redir: { attrs: redirAttrs },
  reject: { attrs: rejectAttrs },
  rt: { attrs: rtAttrs },
  socket: { attrs: socketAttrs },
  synproxy: { attrs: synproxyAttrs },
  tproxy: { attrs: exprTproxyAttrs },
  xfrm: { attrs: xfrmAttrs },
};

/** The expressions linx declares, by name. */
export type ExpressionName = keyof typeof exprFormats;

/**
 * NFTA_EXPR_*: one expression, its name and its data (whose format the name picks). The data of a name
 * not declared here is kept as bytes under `raw`, so that `data` only ever holds a declared expression's
 * value and `Expression` narrows on `name`.
 */
export const exprAttrs = attrset('expr-attrs', {
  name: attr(1, string({ maxLength: 15 })),
  data: attr(2, subMessage('name', exprFormats, 'expr-ops', { unknownAs: 'raw' })),
});

/** NFTA_LIST_ELEM per expression: a rule's NFTA_RULE_EXPRESSIONS, a set's NFTA_SET_EXPRESSIONS, … */
export const exprListAttrs = attrset('expr-list-attrs', {
  elem: attr(1, nest(exprAttrs), { multi: true }),
});

type Formats = typeof exprFormats;

/** The decoded data of each declared expression, by name: `ExpressionData['cmp']`, `['payload']`, … */
export type ExpressionData = { [K in keyof Formats]: FormatValue<Formats[K]> };

/**
 * A decoded expression of a name linx declares: `data` typed by `name` (`{ name: 'payload', data: { base:
 * 'transport', offset: 2, len: 2, dreg: 1 } }`). `data` is absent when the kernel sent no NFTA_EXPR_DATA
 * (an expression without a dump function, such as `notrack`), as `linkinfo.data` may be.
 */
export type DeclaredExpression = { [K in keyof Formats]: { name: K; data?: ExpressionData[K]; raw?: undefined } }[keyof Formats];

/**
 * A decoded expression of a name linx does not declare (a newer kernel's, or iptables-nft's `match` and
 * `target`): its NFTA_EXPR_DATA kept as bytes under `raw`, never under `data`.
 */
export interface UnknownExpression {
  name: string;
  /** NFTA_EXPR_DATA's payload (absent when the kernel sent none). */
  raw?: Uint8Array;
  data?: undefined;
}

/**
 * A decoded expression. `data` narrows on `name`: after `if (e.name === 'cmp')`, `e.data` is cmp's
 * attributes or undefined (`e.data?.sreg`), because an expression linx does not declare (`UnknownExpression`,
 * its bytes under `raw`) has a `name: string` that TypeScript cannot rule out by its value, and no `data`.
 * `nft.expr.isExpression(e, 'cmp')` narrows to the declared expression alone.
 */
export type Expression = DeclaredExpression | UnknownExpression;

/**
 * An expression to encode: like `Expression`, values as the declarations accept them. An expression linx
 * does not declare is given as bytes, under `raw` (as listed) or under `data`.
 */
export type ExpressionInput =
  | { [K in keyof Formats]: { name: K; data?: FormatInput<Formats[K]>; raw?: undefined } }[keyof Formats]
  | { name: string; raw?: Uint8Array; data?: undefined }
  | { name: string; data?: Uint8Array; raw?: undefined };
