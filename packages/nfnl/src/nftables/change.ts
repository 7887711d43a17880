import { compileMessage } from '@linx/netlink-codec';
import { onFirstUse } from '@linx/netlink-codec/runtime';
import type { NetlinkMessage } from '@linx/netlink-wire';
import { subsystemOf, subsystemValues } from '../subsystem.js';
import { chainFrom, type Chain } from './chain.js';
import { elementsFrom, type SetElements } from './element.js';
import { flowtableFrom, type Flowtable } from './flowtable.js';
import { generationFrom, type Generation } from './generation.js';
import { chainMessage, flowtableMessage, genMessage, nftMsgValues, objMessage, ruleMessage, setElemListMessage, setMessage, tableMessage } from './messages.js';
import { objectFrom, type NftObject } from './object.js';
import { ruleFrom, type Rule } from './rule.js';
import { setFrom, type NftSet } from './set.js';
import { tableFrom, type Table } from './table.js';

/** Something added or deleted, as a notification (or an echo) tells it. */
export type NftChange =
  | { op: 'add' | 'delete'; kind: 'table'; value: Table }
  | { op: 'add' | 'delete'; kind: 'chain'; value: Chain }
  | { op: 'add' | 'delete'; kind: 'rule'; value: Rule }
  | { op: 'add' | 'delete'; kind: 'set'; value: NftSet }
  | { op: 'add' | 'delete'; kind: 'elements'; value: SetElements }
  | { op: 'add' | 'delete'; kind: 'object'; value: NftObject }
  | { op: 'add' | 'delete'; kind: 'flowtable'; value: Flowtable };

/** What one nftables message says: a change, or the generation a commit made (NFT_MSG_NEWGEN). */
export type NftMessageMeaning = NftChange | { kind: 'generation'; value: Generation };

const M = nftMsgValues;
const kinds: Record<number, [op: 'add' | 'delete', decode: (payload: Uint8Array) => NftMessageMeaning]> = {};
function on(msgs: number[], op: 'add' | 'delete', decode: (payload: Uint8Array) => NftMessageMeaning): void {
  for (const msg of msgs) kinds[msg] = [op, decode];
}
const table = onFirstUse(() => compileMessage(tableMessage));
const chain = onFirstUse(() => compileMessage(chainMessage));
const rule = onFirstUse(() => compileMessage(ruleMessage));
const set = onFirstUse(() => compileMessage(setMessage));
const elems = onFirstUse(() => compileMessage(setElemListMessage));
const obj = onFirstUse(() => compileMessage(objMessage));
const flowtable = onFirstUse(() => compileMessage(flowtableMessage));
const gen = onFirstUse(() => compileMessage(genMessage));
for (const op of ['add', 'delete'] as const) {
  const pick = (add: number, del: number[]) => (op === 'add' ? [add] : del);
  on(pick(M.newtable, [M.deltable, M.destroytable]), op, (p) => ({ op, kind: 'table', value: tableFrom(table().decode(p)) }));
  on(pick(M.newchain, [M.delchain, M.destroychain]), op, (p) => ({ op, kind: 'chain', value: chainFrom(chain().decode(p)) }));
  on(pick(M.newrule, [M.delrule, M.destroyrule]), op, (p) => ({ op, kind: 'rule', value: ruleFrom(rule().decode(p)) }));
  on(pick(M.newset, [M.delset, M.destroyset]), op, (p) => ({ op, kind: 'set', value: setFrom(set().decode(p)) }));
  on(pick(M.newsetelem, [M.delsetelem, M.destroysetelem]), op, (p) => ({ op, kind: 'elements', value: elementsFrom(elems().decode(p)) }));
  on(pick(M.newobj, [M.delobj, M.destroyobj]), op, (p) => ({ op, kind: 'object', value: objectFrom(obj().decode(p)) }));
  on(pick(M.newflowtable, [M.delflowtable, M.destroyflowtable]), op, (p) => ({ op, kind: 'flowtable', value: flowtableFrom(flowtable().decode(p)) }));
}
kinds[M.newgen] = ['add', (p) => ({ kind: 'generation', value: generationFrom(gen().decode(p)) })];

/** Decodes an nftables notification or echo; undefined for other messages (traces, other subsystems). */
export function decodeNftMessage(message: NetlinkMessage): NftMessageMeaning | undefined {
  if (subsystemOf(message.type) !== subsystemValues.nftables) return undefined;
  const kind = kinds[message.type & 0xff];
  return kind?.[1](message.payload);
}
