// The comparisons with nft's own output and bytes (fixtures/*.json, captured with strace from nft 1.0.6 in a
// test namespace), as functions of the package module they check. The tests that run them on a freshly
// imported package (nft-oracles-fresh-import.test.ts) get module-level values (expression declarations,
// message formats, symbol tables, header fields) built inside the test that checks them, which mutation
// testing otherwise tries against the first importing test only. Expected values are nft's alone.
import { readFileSync } from 'node:fs';
import { compileMessage } from '@linx/netlink-codec';
import { expect } from 'vitest';
import { nft as staticNft } from '../../src/index.js';
import { nftType } from '../../src/nftables/client.js';
import { NFT_DATA_VERDICT } from '../../src/nftables/datatypes.js';
import { listEntriesAsOne } from './compiled-messages.js';
import { readReplayed, repliesOf } from './kernel-replay.js';

/** The package as a test imports it (statically or afresh). */
export type Package = typeof import('../../src/index.js');
type Json = Record<string, any>;

/** Interface names for `iif`/`oif` (a new namespace has lo, index 1). */
export const LO = { interfaces: new Map([[1, 'lo']]) };

interface Traced {
  argv: string;
  stdout: string;
  replies: [number, string][];
}
const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
const rulesetFixture = fixture<{ source: string; text: Traced; json: Traced }>('ruleset.json');
const ruleTextFixture = fixture<{ listing: string; rules: { family: string; table: string; chain: string; handle: number; expr: unknown[] }[]; replies: [number, string][] }>('rule-text.json');
const compileFixture = fixture<{ rules: { family: any; table: string; text: string; sent: [number, string][] }[] }>('rule-compile.json');
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

/** `nft list ruleset` of RULE_CORPUS + RULESET_CORPUS: linx's text is nft's, line for line. */
export async function rulesetTextIsNfts(pkg: Package): Promise<void> {
  const ruleset = await readReplayed(repliesOf(rulesetFixture.text.replies), pkg.Nfnl);
  expect(pkg.nft.rulesetText(ruleset, LO).split('\n')).toEqual(rulesetFixture.text.stdout.split('\n'));
}

/**
 * `nft -j list ruleset` of the same: linx's JSON is nft's, object for object. nft's metainfo also names its
 * version; a dormant table's flags nft 1.0.6 writes as a stale string ("cnt"), linx as the schema's name.
 */
export async function rulesetJsonIsNfts(pkg: Package): Promise<void> {
  const ruleset = await readReplayed(repliesOf(rulesetFixture.json.replies), pkg.Nfnl);
  const ours = pkg.nft.rulesetJson(ruleset, LO).nftables as Json[];
  const theirs = (JSON.parse(rulesetFixture.json.stdout) as { nftables: Json[] }).nftables;
  expect(ours[0]).toEqual({ metainfo: { json_schema_version: theirs[0]!.metainfo.json_schema_version } });
  const dormant = theirs.findIndex((o) => o.table?.name === 'rs');
  expect(ours[dormant]!.table.flags).toBe('dormant');
  const withoutTableFlags = (objects: Json[]) => objects.map((o) => (o.table && 'flags' in o.table ? { table: { ...o.table, flags: undefined } } : o));
  expect(withoutTableFlags(ours.slice(1)).map((o) => JSON.stringify(o))).toEqual(withoutTableFlags(theirs.slice(1)).map((o) => JSON.stringify(o)));
}

/** The rule-text corpus: the listing nft printed, and each rule's object as nft -j wrote it. */
export async function ruleTextsAreNfts(pkg: Package): Promise<void> {
  const ruleset = await readReplayed(repliesOf(ruleTextFixture.replies), pkg.Nfnl);
  expect(pkg.nft.rulesetText(ruleset, LO).split('\n')).toEqual(ruleTextFixture.listing.split('\n'));
  for (const ref of ruleTextFixture.rules) {
    const rule = ruleset.rules.find((r) => r.family === ref.family && r.table === ref.table && r.chain === ref.chain && r.handle === BigInt(ref.handle))!;
    expect(pkg.nft.ruleStatements(rule, ruleset.sets, LO).object, `${ref.table} ${ref.chain} handle ${ref.handle}`).toEqual(ref);
  }
}

// Messages are decoded by the statically imported package's codecs (built before any test, so never a
// mutated declaration): what a fresh package encodes is read by declarations it cannot change.
const { setMessage, setElemListMessage, ruleMessage } = staticNft.messages;
const codecs = new Map<number, { decode(payload: Uint8Array): unknown }>([
  ...Object.values(setMessage.types).map((t) => [t, compileMessage(setMessage)] as const),
  ...Object.values(setElemListMessage.types).map((t) => [t, compileMessage(setElemListMessage)] as const),
  ...Object.values(ruleMessage.types).map((t) => [t, compileMessage(ruleMessage)] as const),
]);

/**
 * A message as decoded, less what each tool numbers its own way (batch ids of anonymous sets), the verdict
 * map data length nft gives and the kernel ignores, and nft's `typeof` userdata records (types 3 and 4).
 * rule-compile-from-nft-bytes.test.ts says why for each.
 */
function decoded(type: number, payload: Uint8Array): unknown {
  const message = codecs.get(type)!.decode(type === setElemListMessage.types.newsetelem ? listEntriesAsOne(payload) : payload) as { attrs: Json };
  const attrs = { ...message.attrs };
  delete attrs.id;
  delete attrs.setId;
  if (attrs.dataType === NFT_DATA_VERDICT) delete attrs.dataLen;
  if (type === setMessage.types.newset && attrs.userdata) attrs.userdata = staticNft.parseUserdata(attrs.userdata)!.filter((i) => i.type !== 3 && i.type !== 4);
  if (attrs.expressions) {
    attrs.expressions = {
      elem: attrs.expressions.elem.map((e: { name: string; data?: Json }) => {
        if (e.name !== 'lookup' && e.name !== 'dynset') return e;
        const { setId: _, ...data } = e.data!;
        return { ...e, data };
      }),
    };
  }
  return { ...message, type, attrs };
}

/** Every rule of the compile corpus: the messages linx's batch holds are the ones nft sent for the same text. */
export function compiledRulesAreNfts(pkg: Package): void {
  for (const { family, table, text, sent } of compileFixture.rules) {
    const operations = new pkg.NftBatch().addRule({ family, table, chain: 'c', rule: text }).operations;
    const ours = operations.map((op) => decoded(nftType(op.msg), compileMessage(op.decl).encode(op.value as never)));
    expect(ours, `${family} ${text}`).toEqual(sent.map(([type, hex]) => decoded(type, fromHex(hex))));
  }
}
