// The header fields and options of HEADER_FIELD_CORPUS compiled from text without root:
// fixtures/rule-compile-header-fields.json holds, for every rule, the messages nft sent to add it (strace
// of `nft -f` in a test namespace; its `source` names the nft version): the anonymous sets it made
// (NEWSET, NEWSETELEM) and the rule (NEWRULE). linx's batch for the same text must hold the same messages,
// decoded attribute by attribute. Rewritten by `LINX_UPDATE_FIXTURES=1 vitest run
// rule-compile-header-fields.live`, which also checks that it is current.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nft, type Family } from '../src/index.js';
import { HEADER_FIELD_CORPUS } from './helpers/header-field-corpus.js';
import { decoded, fromHex, linxMessages } from './helpers/compiled-messages.js';

interface Fixture {
  source: string;
  rules: { family: Family; table: string; text: string; sent: [number, string][] }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/rule-compile-header-fields.json', import.meta.url), 'utf8')) as Fixture;

describe('header fields and options compiled from text are the messages nft sends for them', () => {
  it('the fixture is of the whole corpus, in order', () => {
    expect(fixture.rules.map((r) => [r.family, r.text])).toEqual(HEADER_FIELD_CORPUS);
  });

  it('a tcp option field of bits not whole bytes is refused before anything is sent (nft 1.0.6 adds `tcp option @99,4,8 5` and then crashes listing it)', () => {
    expect(() => linxMessages('inet', 'a', 'tcp option @99,4,8 5 accept')).toThrow(nft.RuleSyntaxError);
    expect(() => linxMessages('inet', 'a', 'tcp option @99,8,8 5 accept')).not.toThrow();
  });

  for (const { family, table, text, sent } of fixture.rules) {
    it(`${family} ${text}`, () => {
      const ours = linxMessages(family, table, text);
      expect(ours.map((m) => decoded(m.type, m.payload))).toEqual(sent.map(([type, hex]) => decoded(type, fromHex(hex))));
    });
  }
});
