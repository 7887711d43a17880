// Rules no one chose, compiled by linx and by nft: 120 drawn (with a fixed seed) from IPv4 and TCP field
// matches, != and < matches, meta and ct matches and statements in between, in every order, for the header
// matches nft merges into one load (which, into what, and where the merged match stands: nft 1.0.6's
// payload_try_merge); and 120 drawn from matches and statements of every kind the compiler knows (prefixes,
// sets, ranges, masks, narrow fields, bit masks, times, th, ICMP, marks set…; IPv4, IPv6, and Ethernet and
// VLAN fields in a bridge table; matches before snat/dnat/redirect, to addresses, ports and maps, in an ip
// table's nat chain), for how they go together.
// nft adds them (`nft -f` under strace, in a namespace of our own); linx must send for each the messages
// nft sent (anonymous sets, their elements, the rule), attribute by attribute, and print each as nft lists
// it (text and JSON). Needs root, ip, nft and strace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMessages } from '@linx/netlink-wire';
import { nft } from './helpers/imports.js';
import { canRunLive, createNamespace, run, traceNetlink } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';
import { decoded, linxMessages, ruleMessage, setElemListMessage, setMessage, type Decoded } from './helpers/compiled-messages.js';

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
const headers: [field: string, make: (n: number) => string][] = [
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

/** Statements of every kind, by what they touch and the transport protocol they need. */
const kinds: [field: string, protocol: 'tcp' | 'udp' | 'icmp' | 'th' | 'none' | undefined, make: (n: number) => string][] = [
  ['ip saddr', undefined, (n) => `ip saddr 10.${n}.0.0/${[8, 12, 16, 20, 24, 32][n % 6]}`],
  ['ip daddr', undefined, (n) => (n % 2 ? `ip daddr != 192.168.${n}.0/24` : `ip daddr { 10.0.0.${n}, 10.0.1.0/24 }`)],
  ['ip dscp', undefined, (n) => `ip dscp ${['cs1', 'ef', 'af11', 'cs0'][n % 4]}`],
  ['ip ttl', undefined, (n) => (n % 2 ? `ip ttl ${n}` : `ip ttl ${n}-${n + 10}`)],
  ['ip length', undefined, (n) => `ip length != ${n + 40}`],
  ['meta mark', undefined, (n) => [`meta mark & 0xff == 0x${n.toString(16)}`, `meta mark 0x${n}-0x${n + 5}`, `mark ${n}`, `meta mark { ${n}-${n + 4}, ${n + 10} }`][n % 4]!],
  ['ct state', undefined, (n) => ['ct state new', 'ct state established,related', 'ct state != invalid'][n % 3]!],
  ['ct mark', undefined, (n) => `ct mark & 0xffff0000 == 0x${n}0000`],
  ['ct expiration', undefined, (n) => (n % 2 ? `ct expiration < ${n}s` : `ct expiration { ${n}s-${n + 30}s, 2m }`)],
  ['concatenation', undefined, (n) => `ip saddr . ip daddr { 10.0.0.${n} . 10.0.1.1, 10.0.0.2 . 10.0.1.${n} }`],
  // (Not with a protocol's field: nft refuses `meta l4proto { tcp, udp } udp dport 53`, conflicting protocols.)
  ['l4proto', 'none', () => 'meta l4proto { tcp, udp }'],
  ['vmap', undefined, (n) => [`numgen inc mod 2 vmap { 0 : accept, 1 : drop }`, `jhash ip saddr mod 4 vmap { 0 : accept, 1-3 : drop }`, `symhash mod 2 offset ${n} vmap { ${n} : accept, ${n + 1} : drop }`, `meta mark vmap { ${n} : accept, ${n + 1}-${n + 5} : drop }`][n % 4]!],
  ['mark map', undefined, (n) => [`meta mark set ip saddr map { 10.0.0.${n} : 0x1, 10.1.0.0/16 : 0x2 }`, `meta mark set numgen inc mod 2 map { 0 : 0x${n}, 1 : 0x2 }`][n % 2]!],
  ['quota', undefined, (n) => `quota ${n} mbytes`],
  ['ct count', undefined, (n) => `ct count over ${n}`],
  ['dynset', undefined, (n) => (n % 2 ? 'add @dyn { ip saddr }' : `update @dyn { ip saddr timeout ${n}s }`)],
  ['meta length', undefined, (n) => `meta length ${n}-${n * 10}`],
  ['iifname', undefined, (n) => `iifname "eth${n}"`],
  ['th dport', 'th', (n) => `th dport ${n}`],
  ['tcp dport', 'tcp', (n) => [`tcp dport ${n}`, `tcp dport { ${n}, ${n + 1} }`, `tcp dport ${n}-${n + 100}`][n % 3]!],
  ['tcp sport', 'tcp', (n) => `tcp sport ${n}`],
  ['tcp flags', 'tcp', (n) => ['tcp flags syn / fin,syn,rst,ack', 'tcp flags & syn == syn', 'tcp flags syn'][n % 3]!],
  ['tcp sequence', 'tcp', (n) => `tcp sequence ${n}`],
  ['tcp concatenation', 'tcp', (n) => (n % 2 ? `ip saddr . tcp dport { 10.0.0.1 . ${n}, 10.0.0.2 . 80 }` : `ip saddr . tcp dport { 10.${n}.0.0/16 . ${n}-${n + 10}, 10.0.0.2 . 80 }`)],
  ['tcp vmap', 'tcp', (n) => `tcp dport vmap { ${n} : accept, ${n + 1}-${n + 9} : drop, ${n + 10}-${n + 20} : accept }`],
  ['udp dport', 'udp', (n) => `udp dport ${n}`],
  ['udp length', 'udp', (n) => `udp length ${n + 8}`],
  ['icmp type', 'icmp', (n) => ['icmp type echo-request', 'icmp type { echo-request, echo-reply }'][n % 2]!],
  ['icmp id', 'icmp', (n) => `icmp id ${n}`],
  ['icmp sequence', 'icmp', (n) => `icmp sequence ${n}`],
  ['counter', undefined, () => 'counter'],
  ['log', undefined, (n) => `log prefix "r${n} "`],
  ['limit', undefined, (n) => `limit rate ${n}/second`],
  ['mark set', undefined, (n) => [`meta mark set 0x${n}`, `meta mark set mark or 0x${n}`, `ct mark set meta mark`][n % 3]!],
];

/** IPv6 statements of every kind, by what they touch and the transport protocol they need. */
const kinds6: [field: string, protocol: 'tcp' | 'udp' | 'icmpv6' | 'th' | 'none' | undefined, make: (n: number) => string][] = [
  ['ip6 saddr', undefined, (n) => `ip6 saddr 2001:db8:${n}::/${[32, 48, 56, 64, 127, 128][n % 6]}`],
  ['ip6 daddr', undefined, (n) => (n % 2 ? `ip6 daddr != fe80::${n}` : `ip6 daddr { 2001:db8::${n}, 2001:db8:1::/64 }`)],
  ['ip6 dscp', undefined, (n) => `ip6 dscp ${['cs1', 'ef', 'af11'][n % 3]}`],
  ['ip6 hoplimit', undefined, (n) => (n % 2 ? `ip6 hoplimit ${n}` : `ip6 hoplimit < ${n}`)],
  ['ip6 flowlabel', undefined, (n) => `ip6 flowlabel ${n}`],
  ['ip6 length', undefined, (n) => `ip6 length ${n + 40}`],
  ['exthdr', undefined, (n) => ['exthdr hbh exists', 'exthdr frag exists'][n % 2]!],
  ['ct state', undefined, () => 'ct state new'],
  ['th dport', 'th', (n) => `th dport ${n}`],
  ['tcp dport', 'tcp', (n) => (n % 2 ? `tcp dport ${n}` : `tcp dport { ${n}, ${n + 10}-${n + 20} }`)],
  ['tcp sport', 'tcp', (n) => `tcp sport ${n}`],
  ['concatenation', 'tcp', (n) => `ip6 saddr . tcp dport { 2001:db8::1 . ${n}, 2001:db8::2 . 80 }`],
  ['udp dport', 'udp', (n) => `udp dport ${n}`],
  // (Echo types only: nft refuses an id after other types, `incompatible icmp match`, and so does linx.)
  ['icmpv6 type', 'icmpv6', (n) => ['icmpv6 type echo-request', 'icmpv6 type { echo-request, echo-reply }', 'icmpv6 type == echo-reply'][n % 3]!],
  ['icmpv6 id', 'icmpv6', (n) => `icmpv6 id ${n}`],
  ['counter', undefined, () => 'counter'],
  ['limit', undefined, (n) => `limit rate ${n}/minute`],
  ['mark set', undefined, (n) => `meta mark set 0x${n}`],
];

/** Bridge statements: Ethernet and VLAN fields, and IPv4 or IPv6 ones behind an Ethernet type. */
// (Ethernet addresses not with VLAN fields: after one, nft lists an `ether daddr` as a raw `@ll,0,48`, which
// linx's printer does not do.)
const kindsBridge: [field: string, protocol: 'ip' | 'ip6' | 'vlan' | 'eth' | undefined, make: (n: number) => string][] = [
  ['ether saddr', 'eth', (n) => `ether saddr 00:11:22:33:44:${(n + 16).toString(16)}`],
  ['ether daddr', 'eth', (n) => (n % 2 ? 'ether daddr != ff:ff:ff:ff:ff:ff' : `ether daddr { 00:00:00:00:00:${(n + 16).toString(16)}, 01:00:5e:00:00:01 }`)],
  ['ether type', 'ip', () => 'ether type ip'],
  ['ether type6', 'ip6', () => 'ether type ip6'],
  ['vlan id', 'vlan', (n) => `vlan id ${n}`],
  ['vlan pcp', 'vlan', (n) => `vlan pcp ${n % 8}`],
  ['vlan type', 'vlan', (n) => ['vlan type ip', 'vlan type arp'][n % 2]!],
  ['ip saddr', 'ip', (n) => `ip saddr 10.0.${n}.0/24`],
  ['ip ttl', 'ip', (n) => `ip ttl ${n}`],
  ['icmp type', 'ip', () => 'icmp type echo-request'],
  ['ip6 daddr', 'ip6', (n) => `ip6 daddr 2001:db8::${n}`],
  ['icmpv6 type', 'ip6', () => 'icmpv6 type nd-neighbor-solicit'],
  ['meta mark', undefined, (n) => `meta mark ${n}`],
  ['counter', undefined, () => 'counter'],
];

/** Matches in an ip table's nat chain (no nfproto matches there), each rule ending with a NAT statement. */
const kindsNat: [field: string, protocol: 'tcp' | 'udp' | undefined, make: (n: number) => string][] = [
  ['ip saddr', undefined, (n) => (n % 2 ? `ip saddr 10.${n}.0.0/16` : `ip saddr != 10.0.0.${n}`)],
  ['ip daddr', undefined, (n) => `ip daddr { 192.168.0.${n}, 192.168.1.0/24 }`],
  ['ip ttl', undefined, (n) => `ip ttl ${n}`],
  ['ip length', undefined, () => 'ip length 40'],
  ['meta mark', undefined, (n) => `meta mark 0x${n}`],
  ['ct state', undefined, () => 'ct state new'],
  ['tcp dport', 'tcp', (n) => (n % 2 ? `tcp dport ${n + 1000}` : `tcp dport { ${n}, ${n + 1} }`)],
  ['tcp sport', 'tcp', (n) => `tcp sport ${n}`],
  ['udp dport', 'udp', (n) => `udp dport ${n}`],
  ['counter', undefined, () => 'counter'],
];
const natStatements: [protocol: 'tcp' | 'udp' | undefined, make: (n: number) => string][] = [
  [undefined, (n) => `dnat to 10.0.0.${n}`],
  [undefined, (n) => `dnat to 10.0.0.${n}-10.0.0.${n + 5}`],
  [undefined, () => 'dnat to numgen inc mod 2 map { 0 : 10.0.0.1, 1 : 10.0.0.2 }'],
  [undefined, (n) => `dnat to jhash ip saddr mod 2 seed ${n} map { 0 : 10.0.0.1, 1 : 10.0.0.2 }`],
  [undefined, (n) => `dnat to ip saddr map { 10.1.0.${n} : 10.0.0.1, 10.2.0.0/16 : 10.0.0.2 }`],
  ['tcp', (n) => `dnat to 10.0.0.${n}:${n + 80}`],
  ['tcp', (n) => `redirect to :${n + 8000}`],
  ['udp', (n) => `dnat to 10.0.0.${n}:${n + 53}-${n + 60}`],
];

/** NAT rules: matches of one transport protocol (or none), then a NAT statement that may need it. */
function natRules(count: number, seed: number): string[] {
  const next = random(seed);
  return mixed(kindsNat, count, seed).map((text) => {
    const protocol = text.includes('tcp ') ? 'tcp' : text.includes('udp ') ? 'udp' : undefined;
    const fitting = natStatements.filter(([p]) => p === undefined || p === protocol);
    const [, make] = fitting[Math.floor(next() * fitting.length)]!;
    return `${text.replace(/ accept$/, '')} ${make(1 + Math.floor(next() * 40))}`;
  });
}

function rules(pool: readonly [string, (n: number) => string][], count: number, seed: number): string[] {
  const next = random(seed);
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

/** Rules of every kind: one transport protocol each (or none), its statements and the others. */
function mixed(kinds: readonly [string, string | undefined, (n: number) => string][], count: number, seed: number): string[] {
  const next = random(seed);
  const protocols = [...new Set(kinds.map(([, p]) => p).filter((p) => p !== 'th' && p !== 'none' && p !== 'eth')), undefined];
  return Array.from({ length: count }, (_, i) => {
    const protocol = protocols[Math.floor(next() * protocols.length)];
    const pool = kinds.filter(([, p]) => p === undefined || p === protocol || (p === 'th' && protocol !== 'icmp' && protocol !== 'icmpv6') || (p === 'none' && protocol === undefined) || (p === 'eth' && protocol !== 'vlan')).map(([f, , make]) => [f, make] as [string, (n: number) => string]);
    return rules(pool, 1, seed + i)[0]!;
  });
}

describe.skipIf(!canRunLive())('rules drawn at random compile as nft compiles them', () => {
  const merges = rules(headers, 120, 14);
  const all = [...mixed(kinds, 120, 1000), ...mixed(kinds6, 60, 9000)];
  const bridged = mixed(kindsBridge, 60, 7000);
  const natted = natRules(60, 8000);
  const texts: { family: 'inet' | 'bridge' | 'ip'; text: string }[] = [
    ...[...merges, ...all].map((text) => ({ family: 'inet' as const, text })),
    ...bridged.map((text) => ({ family: 'bridge' as const, text })),
    ...natted.map((text) => ({ family: 'ip' as const, text })),
  ];
  let ns: ReturnType<typeof createNamespace> | undefined;
  /** Per rule, the messages nft sent for it (NEWSET, NEWSETELEM, NEWRULE), decoded. */
  let sent: Decoded[][] = [];

  beforeAll(() => {
    ns = createNamespace('random');
    ns.nft('table inet m {\n set dyn {\n  type ipv4_addr; flags dynamic,timeout;\n }\n chain c {\n  type filter hook input priority 0;\n }\n}\ntable bridge m {\n chain c {\n  type filter hook input priority 0;\n }\n}\ntable ip m {\n chain c {\n  type nat hook prerouting priority -100;\n }\n}\n');
    const dir = mkdtempSync(join(tmpdir(), 'linx-random-'));
    try {
      writeFileSync(join(dir, 'rules.nft'), texts.map(({ family, text }) => `add rule ${family} m c ${text}\n`).join(''));
      const traced = traceNetlink(['ip', 'netns', 'exec', ns.name, 'nft', '-f', join(dir, 'rules.nft')]);
      const kept = new Set<number>([setMessage.types.newset, setElemListMessage.types.newsetelem, ruleMessage.types.newrule]);
      sent = [[]];
      for (const m of traced.sent.flatMap((d) => parseMessages(d)).filter((x) => kept.has(x.type))) {
        sent.at(-1)!.push(decoded(m.type, m.payload));
        if (m.type === ruleMessage.types.newrule) sent.push([]);
      }
      sent.pop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(() => ns?.remove());

  const ours = (text: string, family: 'inet' | 'bridge' | 'ip' = 'inet') => linxMessages(family, 'm', text).map((m) => decoded(m.type, m.payload));

  it('header matches merge as nft merges them', () => {
    expect(sent).toHaveLength(texts.length);
    merges.forEach((text, i) => expect(ours(text), text).toEqual(sent[i]));
    // The draw does make nft merge: some rules hold a load of several fields.
    const loads = (m: Decoded[]) => m.at(-1)!.attrs.expressions.elem as { name: string; data: { len?: number } }[];
    expect(merges.filter((_, i) => loads(sent[i]!).some((e) => e.name === 'payload' && [3, 4].includes(e.data.len!))).length).toBeGreaterThan(10);
  });

  it('statements of every kind go together as nft puts them, their anonymous sets too', () => {
    expect(sent).toHaveLength(texts.length);
    all.forEach((text, i) => expect(ours(text), text).toEqual(sent[merges.length + i]));
    bridged.forEach((text, i) => expect(ours(text, 'bridge'), `bridge ${text}`).toEqual(sent[merges.length + all.length + i]));
    natted.forEach((text, i) => expect(ours(text, 'ip'), `ip ${text}`).toEqual(sent[merges.length + all.length + bridged.length + i]));
  });

  it('linx prints them as nft list ruleset prints them, and writes them as nft -j does', async () => {
    const nfnl = await openIn(ns!);
    try {
      const ruleset = await nfnl.nftables.ruleset();
      expect(ruleset.rules).toHaveLength(texts.length);
      for (const family of ['inet', 'bridge', 'ip'] as const) {
        const listing = run(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'chain', family, 'm', 'c']).stdout.split('\n').slice(3, -3).map((l) => l.trim());
        const json = ns!.nftJson('list', 'chain', family, 'm', 'c').nftables.filter((o) => o.rule).map((o) => o.rule.expr);
        const ofFamily = texts.filter((t) => t.family === family).map((t) => t.text);
        ruleset.rules.filter((r) => r.family === family).forEach((rule, i) => {
          const printed = nft.ruleStatements(rule, ruleset.sets);
          expect(printed.text, `${family} ${ofFamily[i]}`).toBe(listing[i]);
          expect(printed.json, `${family} ${ofFamily[i]}`).toEqual(json[i]);
        });
      }
    } finally {
      nfnl.close();
    }
  });
});
