// Header matches nft merges into one load, checked on rules no one chose: 120 rules drawn (with a fixed
// seed) from IPv4 and TCP field matches, != and < matches, meta and ct matches and statements in between,
// in every order. nft adds them (`nft -f` under strace, in a namespace of our own); linx must compile each
// to the expressions nft sent, attribute by attribute: which fields merge, into what, and where the merged
// match stands in the rule (nft 1.0.6's payload_try_merge). Needs root, ip, nft and strace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileMessage } from '@linx/netlink-codec';
import { parseMessages } from '@linx/netlink-wire';
import { nft } from './helpers/imports.js';
import { canRunLive, createNamespace, traceNetlink } from './helpers/live.js';

/** mulberry32: the same rules on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Statements by the field they touch (at most one per field in a rule), each a function of a small number. */
const pool: [field: string, make: (n: number) => string][] = [
  ['ip version', () => 'ip version 4'],
  ['ip length', (n) => `ip length ${n + 20}`],
  ['ip id', (n) => `ip id ${n}`],
  ['ip frag-off', (n) => `ip frag-off ${n}`],
  ['ip ttl', (n) => (n % 3 === 0 ? `ip ttl < ${n + 2}` : `ip ttl ${n}`)],
  ['ip protocol', () => 'ip protocol 6'],
  ['ip checksum', (n) => (n % 4 === 0 ? `ip checksum != ${n}` : `ip checksum ${n}`)],
  ['ip saddr', (n) => `ip saddr 10.0.0.${n}`],
  ['ip daddr', (n) => `ip daddr 10.0.1.${n}`],
  ['tcp sport', (n) => (n % 5 === 0 ? `tcp sport != ${n}` : `tcp sport ${n}`)],
  ['tcp dport', (n) => `tcp dport ${n}`],
  ['tcp sequence', (n) => `tcp sequence ${n}`],
  ['tcp ackseq', (n) => `tcp ackseq ${n}`],
  ['tcp window', (n) => `tcp window ${n}`],
  ['tcp urgptr', (n) => `tcp urgptr ${n}`],
  ['meta mark', (n) => `meta mark ${n}`],
  ['ct state', () => 'ct state new'],
  ['counter', () => 'counter'],
  ['mark set', (n) => `meta mark set ${n}`],
];

function rules(count: number): string[] {
  const next = random(14);
  const out: string[] = [];
  while (out.length < count) {
    const left = [...pool];
    const parts: string[] = [];
    const size = 2 + Math.floor(next() * 5);
    for (let i = 0; i < size && left.length; i++) {
      const [, make] = left.splice(Math.floor(next() * left.length), 1)[0]!;
      parts.push(make(1 + Math.floor(next() * 40)));
    }
    out.push(`${parts.join(' ')}${next() < 0.5 ? ' accept' : ''}`);
  }
  return out;
}

describe.skipIf(!canRunLive())('header matches merged as nft merges them, in rules drawn at random', () => {
  const texts = rules(120);
  let ns: ReturnType<typeof createNamespace> | undefined;
  let sent: Uint8Array[] = [];

  beforeAll(() => {
    ns = createNamespace('merge');
    ns.nft('table inet m {\n chain c {\n  type filter hook input priority 0;\n }\n}\n');
    const dir = mkdtempSync(join(tmpdir(), 'linx-merge-'));
    try {
      writeFileSync(join(dir, 'rules.nft'), texts.map((t) => `add rule inet m c ${t}\n`).join(''));
      const traced = traceNetlink(['ip', 'netns', 'exec', ns.name, 'nft', '-f', join(dir, 'rules.nft')]);
      sent = traced.sent.flatMap((d) => parseMessages(d)).filter((m) => m.type === nft.messages.ruleMessage.types.newrule).map((m) => m.payload);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(() => ns?.remove());

  it('every rule compiles to the expressions nft sent for it', () => {
    expect(sent).toHaveLength(texts.length);
    const codec = compileMessage(nft.messages.ruleMessage);
    const expressionsOf = (payload: Uint8Array) => (codec.decode(payload) as { attrs: { expressions?: { elem: unknown[] } } }).attrs.expressions?.elem ?? [];
    texts.forEach((text, i) => {
      const ours = codec.encode({ header: { family: 'inet' }, attrs: { expressions: { elem: nft.compileRule(text, { family: 'inet', table: 'm' }).expressions } } } as never);
      expect(expressionsOf(ours), text).toEqual(expressionsOf(sent[i]!));
    });
    // The draw does make nft merge: some rules hold a load of several fields.
    expect(texts.filter((_, i) => expressionsOf(sent[i]!).some((e) => (e as { name: string; data: { len?: number } }).name === 'payload' && ((e as { data: { len: number } }).data.len === 4 || (e as { data: { len: number } }).data.len === 3))).length).toBeGreaterThan(10);
  });
});
