// Rules from text without root: fixtures/rule-compile.json holds, for every rule of COMPILE_CORPUS, the
// messages nft sent to add it (strace of `nft -f` in a test namespace; its `source` names the nft version
// and the command): the anonymous sets it made (NEWSET, NEWSETELEM) and the rule (NEWRULE). linx's batch
// for the same text must hold the same messages, decoded attribute by attribute. Rewritten by
// `LINX_UPDATE_FIXTURES=1 vitest run rule-compile.live` (which also checks that it is current).
import { readFileSync } from 'node:fs';
import { compileMessage } from '@linx/netlink-codec';
import { iterateAttributes, NLA_TYPE_MASK } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { NftBatch, nft, type Family } from '../src/index.js';
import { nftType } from '../src/nftables/client.js';
import { NFT_DATA_VERDICT } from '../src/nftables/datatypes.js';
import { COMPILE_CORPUS } from './helpers/rule-corpus.js';

interface Fixture {
  source: string;
  rules: { kind: string; family: Family; table: string; text: string; sent: [number, string][] }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/rule-compile.json', import.meta.url), 'utf8')) as Fixture;
const { setMessage, setElemListMessage, ruleMessage } = nft.messages;
const codecs = new Map<number, { decode(payload: Uint8Array): unknown }>([
  ...Object.values(setMessage.types).map((t) => [t, compileMessage(setMessage)] as const),
  ...Object.values(setElemListMessage.types).map((t) => [t, compileMessage(setElemListMessage)] as const),
  ...Object.values(ruleMessage.types).map((t) => [t, compileMessage(ruleMessage)] as const),
]);
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

/**
 * libnftnl numbers the entries of a NEWSETELEM's element list 1, 2, 3, … where linx writes each as
 * NFTA_LIST_ELEM (1); the kernel reads every entry alike (nla_for_each_nested), so nft's are renumbered.
 */
function listEntriesAsOne(payload: Uint8Array): Uint8Array {
  const out = payload.slice();
  const view = new DataView(out.buffer);
  const NFTA_SET_ELEM_LIST_ELEMENTS = 3;
  for (const list of iterateAttributes(out, 4)) {
    if (list.type !== NFTA_SET_ELEM_LIST_ELEMENTS) continue;
    const start = list.offset + 4;
    for (const entry of iterateAttributes(out, start, start + list.payload.length)) {
      const at = entry.offset + 2;
      view.setUint16(at, (view.getUint16(at, true) & ~NLA_TYPE_MASK) | 1, true);
    }
  }
  return out;
}

type Decoded = { type: number; attrs: Record<string, any> };
/**
 * A message as decoded, with what each tool numbers its own way left out: the batch ids of anonymous sets
 * (checked apart: linx's must tie the set, its elements and the rule's lookup together). nft's NEWSET also
 * carries its `typeof` records in the user data (types 3 and 4: expressions in nft's own numbering), which
 * linx does not write.
 */
function decoded(type: number, payload: Uint8Array): Decoded {
  const message = codecs.get(type)!.decode(type === setElemListMessage.types.newsetelem ? listEntriesAsOne(payload) : payload) as Decoded;
  const attrs = { ...message.attrs };
  delete attrs.id;
  delete attrs.setId;
  // nft gives a verdict map a data length of 0; the kernel takes a verdict's own size whatever it is
  // given (nf_tables_newset), and linx leaves it out.
  if (attrs.dataType === NFT_DATA_VERDICT) delete attrs.dataLen;
  if (type === setMessage.types.newset && attrs.userdata) attrs.userdata = nft.parseUserdata(attrs.userdata)!.filter((i) => i.type !== 3 && i.type !== 4);
  if (attrs.expressions) {
    attrs.expressions = {
      elem: attrs.expressions.elem.map((e: { name: string; data?: Record<string, unknown> }) => {
        if (e.name !== 'lookup' && e.name !== 'dynset') return e;
        const { setId: _, ...data } = e.data!;
        return { ...e, data };
      }),
    };
  }
  return { ...message, type, attrs };
}

describe('rules compiled from text are the messages nft sends for them', () => {
  it('the fixture is of the whole corpus, in order', () => {
    expect(fixture.rules.map((r) => [r.kind, r.text])).toEqual(COMPILE_CORPUS);
  });

  for (const { family, table, text, sent } of fixture.rules) {
    it(`${family} ${text}`, () => {
      const operations = new NftBatch().addRule({ family, table, chain: 'c', rule: text }).operations;
      const ours = operations.map((op) => compileMessage(op.decl).encode(op.value as never));
      expect(operations.map((op, i) => decoded(nftType(op.msg), ours[i]!))).toEqual(sent.map(([type, hex]) => decoded(type, fromHex(hex))));
      // An anonymous set's id ties the set, the element messages after it and the rule's lookups (or
      // dynsets) together; a rule's anonymous sets all share the name nft gives them (`__set%d`).
      const raw = operations.map((op, i) => ({ type: nftType(op.msg), ...(compileMessage(op.decl).decode(ours[i]!) as { attrs: Record<string, any> }) }));
      const uses = (raw.at(-1)!.attrs.expressions?.elem ?? []).filter((e: { name: string; data?: { set?: string; setName?: string } }) => (e.data?.set ?? e.data?.setName)?.startsWith('__'));
      const ids: number[] = [];
      raw.forEach((m, i) => {
        if (m.type !== setMessage.types.newset) return;
        expect(m.attrs.id).toEqual(expect.any(Number));
        ids.push(m.attrs.id);
        for (let j = i + 1; raw[j]?.type === setElemListMessage.types.newsetelem; j++) expect(raw[j]!.attrs.setId).toBe(m.attrs.id);
        expect(uses.filter((e: { data: { setId?: number } }) => e.data.setId === m.attrs.id).length).toBeGreaterThan(0);
      });
      for (const e of uses) expect(ids).toContain(e.data.setId);
    });
  }
});
