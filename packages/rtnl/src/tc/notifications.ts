import { compileMessage } from '@linx/netlink-codec';
import { onFirstUse } from '@linx/netlink-codec/runtime';
import { attrsMessage } from '../generated/tc.js';
import { actionMessage } from './actions/declarations.js';
import { tcClassMessage } from './declarations.js';
import { toActionInfo, type TcActionInfo } from './actions/index.js';
import { filterMessage } from './filters/declarations.js';
import { toFilter, type TcFilter } from './filters/shape.js';
import { toClass, toQdisc, type Qdisc, type TcClass, type TcMessage } from './shape.js';

const T = attrsMessage.types;

/** A tc notification (RTNLGRP_TC) as the monitor reports it: the object as `list()` gives it. */
export type TcObjectEvent =
  | { type: 'new' | 'del'; kind: 'qdisc'; object: Qdisc }
  | { type: 'new' | 'del'; kind: 'class'; object: TcClass }
  | { type: 'new' | 'del'; kind: 'filter'; object: TcFilter }
  /** Shared actions added or deleted (`tc actions`): one notification may carry several. */
  | { type: 'new' | 'del'; kind: 'action'; object: { actions: TcActionInfo[] } };

// Compiled when the first tc notification arrives: a monitor of links alone never pays for tc's codecs.
const qdiscCodec = onFirstUse(() => compileMessage(attrsMessage));
const classCodec = onFirstUse(() => compileMessage(tcClassMessage));
const filterCodec = onFirstUse(() => compileMessage(filterMessage));
const actionCodec = onFirstUse(() => compileMessage(actionMessage));
const A = actionMessage.types;

/** A tc notification's event, decoded as `rtnl.tc.*.list()` decode it; undefined for other message types. */
export function decodeTcNotification(type: number, bytes: Uint8Array, view: DataView, start: number, end: number, names: Map<number, string> | undefined): TcObjectEvent | undefined {
  switch (type) {
    case T.newqdisc:
    case T.delqdisc:
    case T.newtclass:
    case T.deltclass: {
      const kind = type === T.newqdisc || type === T.delqdisc ? 'qdisc' : 'class';
      const m = (kind === 'qdisc' ? qdiscCodec() : classCodec()).decodeAt(bytes, view, start, end) as unknown as TcMessage;
      const event = type === T.newqdisc || type === T.newtclass ? 'new' : 'del';
      return kind === 'qdisc' ? { type: event, kind, object: toQdisc(m, names) } : { type: event, kind, object: toClass(m, names) };
    }
    case T.newtfilter:
    case T.deltfilter: {
      const m = filterCodec().decodeAt(bytes, view, start, end) as unknown as Parameters<typeof toFilter>[0];
      return { type: type === T.newtfilter ? 'new' : 'del', kind: 'filter', object: toFilter(m, names) };
    }
    case A.newaction:
    case A.delaction: {
      // TCA_ROOT_TAB's items, numbered as `tc actions ls` numbers them (order from 0).
      const m = actionCodec().decodeAt(bytes, view, start, end) as unknown as { attrs: { tab?: Record<string, unknown>[] } };
      const actions = (m.attrs.tab ?? []).map((item, i) => toActionInfo(item, i, names));
      return { type: type === A.newaction ? 'new' : 'del', kind: 'action', object: { actions } };
    }
    default:
      return undefined;
  }
}
