// Whole rulesets without root: fixtures/ruleset.json holds the replies the kernel sent to `nft list
// ruleset` and to `nft -j list ruleset` for RULE_CORPUS + RULESET_CORPUS (tables, chains of every hook and
// priority, sets and maps of every kind with elements, every object type), traced with strace in a test
// namespace, and what nft printed each time (its `source` names the nft version). A fake kernel answers
// linx's dumps with those replies; linx must print what nft printed. Rewritten by
// `LINX_UPDATE_FIXTURES=1 vitest run ruleset-json.live`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nft } from '../src/index.js';
import { readReplayed, repliesOf } from './helpers/kernel-replay.js';

/** Interface names for `iif`/`oif` (a new namespace has lo, index 1). */
const LO = { interfaces: new Map([[1, 'lo']]) };

interface Traced {
  argv: string;
  stdout: string;
  replies: [number, string][];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/ruleset.json', import.meta.url), 'utf8')) as { source: string; text: Traced; json: Traced };

type Json = Record<string, any>;

describe('a whole ruleset read from the kernel bytes nft received', () => {
  it('prints as nft list ruleset printed it', async () => {
    const ruleset = await readReplayed(repliesOf(fixture.text.replies));
    expect(nft.rulesetText(ruleset, LO).split('\n')).toEqual(fixture.text.stdout.split('\n'));
  });

  it('is, as JSON, what nft -j list ruleset wrote, object for object and key for key', async () => {
    const ruleset = await readReplayed(repliesOf(fixture.json.replies));
    const ours = nft.rulesetJson(ruleset, LO).nftables as Json[];
    const theirs = (JSON.parse(fixture.json.stdout) as { nftables: Json[] }).nftables;
    expect(ours[0]).toEqual({ metainfo: { json_schema_version: 1 } });
    // nft 1.0.6 writes a dormant table's flags as a stale string ("cnt"); linx writes the schema's name.
    const dormant = theirs.findIndex((o) => o.table?.name === 'rs');
    expect((ours[dormant] as Json).table.flags).toBe('dormant');
    const withoutTableFlags = (objects: Json[]) => objects.map((o) => (o.table && 'flags' in o.table ? { table: { ...o.table, flags: undefined } } : o));
    const [a, b] = [withoutTableFlags(ours.slice(1)), withoutTableFlags(theirs.slice(1))];
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(JSON.stringify(a[i]), `object ${i}`).toBe(JSON.stringify(b[i]));
  });
});
