// Rules from text without root: fixtures/rule-compile.json holds, for every rule of COMPILE_CORPUS, the
// messages nft sent to add it (strace of `nft -f` in a test namespace; its `source` names the nft version
// and the command): the anonymous sets it made (NEWSET, NEWSETELEM) and the rule (NEWRULE). linx's batch
// for the same text must hold the same messages, decoded attribute by attribute. Rewritten by
// `LINX_UPDATE_FIXTURES=1 vitest run rule-compile.live` (which also checks that it is current).
import { readFileSync } from 'node:fs';
import { compileMessage } from '@linx/netlink-codec';
import { describe, expect, it } from 'vitest';
import { NftBatch, type Family } from '../src/index.js';
import { nftType } from '../src/nftables/client.js';
import { COMPILE_CORPUS } from './helpers/rule-corpus.js';
import { decoded, fromHex, setElemListMessage, setMessage } from './helpers/compiled-messages.js';

interface Fixture {
  source: string;
  rules: { kind: string; family: Family; table: string; text: string; sent: [number, string][] }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/rule-compile.json', import.meta.url), 'utf8')) as Fixture;

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
