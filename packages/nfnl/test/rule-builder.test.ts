// The typed builder spells statements in nft's syntax: each rule below must come out as a line of
// COMPILE_CORPUS, which the kernel test (rule-compile.live.test.ts) adds by nft and by linx and finds the
// same in the kernel; and it must compile to the same expressions as that text.
import { describe, expect, it } from 'vitest';
import { nft } from '../src/index.js';
import { COMPILE_CORPUS } from './helpers/rule-corpus.js';
import { linkHeaders, networkHeaders, transportHeaders, transportPorts } from '../src/nftables/text/fields.js';

const { RuleBuilder } = nft;
/** A compiled rule with its anonymous sets' batch ids (new for each compile) left out. */
const withoutSetIds = (c: nft.CompiledRule) =>
  JSON.stringify(c, (key, v) => (key === 'id' || key === 'setId' ? undefined : v instanceof Uint8Array ? [...v] : typeof v === 'bigint' ? String(v) : v));
const inet = { family: 'inet' as const, table: 't' };
const corpus = new Set(COMPILE_CORPUS.map(([, rule]) => rule));

describe('RuleBuilder', () => {
  const built: [() => InstanceType<typeof RuleBuilder>, string][] = [
    [() => new RuleBuilder().match('ip saddr', '10.0.0.0/24').match('tcp dport', 22).match('ct state', ['new']).counter().accept(), 'ip saddr 10.0.0.0/24 tcp dport 22 ct state new counter accept'],
    [() => new RuleBuilder().match('ip saddr', '10.1.0.0/16', '!=').drop(), 'ip saddr != 10.1.0.0/16 drop'],
    [() => new RuleBuilder().match('iifname', 'lo').accept(), 'iifname "lo" accept'],
    [() => new RuleBuilder().match('oifname', 'eth*').accept(), 'oifname "eth*" accept'],
    [() => new RuleBuilder().match('meta iifname', 'lo', '!=').drop(), 'meta iifname != "lo" drop'],
    [() => new RuleBuilder().match('ct state', ['established', 'related']).accept(), 'ct state established,related accept'],
    [() => new RuleBuilder().match('tcp dport', '1000-2000').set('meta mark', '0x00000010'), 'tcp dport 1000-2000 meta mark set 0x00000010'],
    [() => new RuleBuilder().match('tcp dport', [22, 80, 443]).accept(), 'tcp dport { 22, 80, 443 } accept'],
    [() => new RuleBuilder().match('tcp sport', [1, 2], '!=').drop(), 'tcp sport != { 1, 2 } drop'],
    [() => new RuleBuilder().match('ip saddr', { set: 's4' }).log({ prefix: 'x: ' }).drop(), 'ip saddr @s4 log prefix "x: " drop'],
    [() => new RuleBuilder().match('ip ttl', 10, '<').drop(), 'ip ttl < 10 drop'],
    [() => new RuleBuilder().limit({ rate: 10, per: 'second', over: true, burst: 20 }).drop(), 'limit rate over 10/second burst 20 packets drop'],
    [() => new RuleBuilder().limit({ rate: 1, per: 'second', bytes: 'mbytes' }).accept(), 'limit rate 1 mbytes/second accept'],
    [() => new RuleBuilder().log({ prefix: 'hi ', level: 'info' }), 'log prefix "hi " level info'],
    [() => new RuleBuilder().match('tcp dport', 22).counter().accept().comment('ssh in'), 'tcp dport 22 counter accept comment "ssh in"'],
    [() => new RuleBuilder().match('tcp dport', 22, '!=').jump('d'), 'tcp dport != 22 jump d'],
    [() => new RuleBuilder().vmap('tcp dport', { 22: 'accept', 23: 'drop', 80: 'jump d' }), 'tcp dport vmap { 22 : accept, 23 : drop, 80 : jump d }'],
    [() => new RuleBuilder().match('tcp dport', 23).reject({ with: 'tcp reset' }), 'tcp dport 23 reject with tcp reset'],
    [() => new RuleBuilder().match('meta l4proto', 'tcp').masquerade({ ports: '1024-2048' }), 'meta l4proto tcp masquerade to :1024-2048'],
    [() => new RuleBuilder().match('tcp dport', 8083).nat('dnat', { family: 'ip6', to: '2001:db8::1', ports: 80 }), 'tcp dport 8083 dnat ip6 to [2001:db8::1]:80'],
    [() => new RuleBuilder().match('ip saddr', '10.0.0.0/8').nat('snat', { family: 'ip', to: '1.2.3.4', flags: ['persistent'] }), 'ip saddr 10.0.0.0/8 snat ip to 1.2.3.4 persistent'],
    [() => new RuleBuilder().match('tcp dport', 8082).redirect({ ports: 80 }), 'tcp dport 8082 redirect to :80'],
    [() => new RuleBuilder().notrack(), 'notrack'],
    [() => new RuleBuilder().set('ip ttl', 64), 'ip ttl set 64'],
    [() => new RuleBuilder().object('counter', 'cnt'), 'counter name "cnt"'],
    [() => new RuleBuilder().object('quota', 'q1').accept(), 'quota name "q1" accept'],
    [() => new RuleBuilder().quota({ amount: 1000, unit: 'mbytes', over: true }).drop(), 'quota over 1000 mbytes drop'],
    [() => new RuleBuilder().ctCount(10, { over: true }).drop(), 'ct count over 10 drop'],
    [() => new RuleBuilder().updateSet('update', 'dyn', 'ip saddr', { timeout: '30s' }), 'update @dyn { ip saddr timeout 30s }'],
    [() => new RuleBuilder().updateSet('add', 'dyn2', ['ip saddr'], { statements: new RuleBuilder().limit({ rate: 10, per: 'second' }) }), 'add @dyn2 { ip saddr limit rate 10/second }'],
    [() => new RuleBuilder().ctHelper('fh'), 'ct helper set "fh"'],
    [() => new RuleBuilder().set('meta mark', { map: 'ip saddr', set: 'mm' }), 'meta mark set ip saddr map @mm'],
    [() => new RuleBuilder().match('th dport', 53).accept(), 'th dport 53 accept'],
    [() => new RuleBuilder().match('tcp dport', 80).match('ct state', ['invalid', 'untracked']).synproxy({ mss: 1460, wscale: 7, timestamp: true, sackPerm: true }), 'tcp dport 80 ct state invalid,untracked synproxy mss 1460 wscale 7 timestamp sack-perm'],
    [() => new RuleBuilder().synproxy(), 'synproxy'],
    [() => new RuleBuilder().match('meta l4proto', ['tcp', 'udp']).match('th dport', 53).accept(), 'meta l4proto { tcp, udp } th dport 53 accept'],
    [() => new RuleBuilder().match('meta mark', '0x10', { mask: '0xff' }).accept(), 'meta mark & 0xff == 0x10 accept'],
    [() => new RuleBuilder().match('ct mark', '0x1', { mask: '0x0000ffff' }).accept(), 'ct mark & 0x0000ffff == 0x1 accept'],
    [() => new RuleBuilder().match('ip saddr', '10.1.0.0', { mask: '255.255.0.0', op: '!=' }).drop(), 'ip saddr & 255.255.0.0 != 10.1.0.0 drop'],
    [() => new RuleBuilder().match('meta mark', ['0x1', '0x2'], { mask: '0xff' }).accept(), 'meta mark & 0xff { 0x1, 0x2 } accept'],
    [() => new RuleBuilder().match('ct state', 'established', { mask: 'established' }).accept(), 'ct state & established == established accept'],
    [() => new RuleBuilder().set('ct mark', { from: 'ct mark', or: '0x2' }), 'ct mark set ct mark or 0x2'],
    [() => new RuleBuilder().set('meta mark', { from: 'meta mark', xor: '0x10' }), 'meta mark set meta mark xor 0x10'],
    [() => new RuleBuilder().set('ct mark', { from: 'meta mark', and: '0xffff0000', or: '0x5' }), 'ct mark set meta mark and 0xffff0000 or 0x5'],
    [() => new RuleBuilder().vmap({ numgen: 'inc', mod: 2 }, { 0: 'jump d', 1: 'accept' }), 'numgen inc mod 2 vmap { 0 : jump d, 1 : accept }'],
    [() => new RuleBuilder().vmap({ jhash: 'ip saddr', mod: 2, seed: 0x1, offset: 3 }, { 3: 'accept', 4: 'drop' }), 'jhash ip saddr mod 2 seed 1 offset 3 vmap { 3 : accept, 4 : drop }'],
    [() => new RuleBuilder().vmap({ jhash: ['ip saddr', 'tcp dport'], mod: 4 }, { 0: 'accept', '1-3': 'drop' }), 'jhash ip saddr . tcp dport mod 4 vmap { 0 : accept, 1-3 : drop }'],
    [() => new RuleBuilder().vmap({ symhash: true, mod: 2, offset: 7 }, { 7: 'accept', 8: 'drop' }), 'symhash mod 2 offset 7 vmap { 7 : accept, 8 : drop }'],
    [() => new RuleBuilder().match({ numgen: 'inc', mod: 4 }, [0, 1]).accept(), 'numgen inc mod 4 { 0, 1 } accept'],
    [() => new RuleBuilder().set('meta mark', { map: { numgen: 'inc', mod: 2 }, elements: { 0: '0x10', 1: '0x20' } }), 'meta mark set numgen inc mod 2 map { 0 : 0x10, 1 : 0x20 }'],
    [() => new RuleBuilder().nat('dnat', { family: 'ip', to: { map: { numgen: 'inc', mod: 2 }, elements: { 0: '10.0.0.1', 1: '10.0.0.2' } } }), 'dnat ip to numgen inc mod 2 map { 0 : 10.0.0.1, 1 : 10.0.0.2 }'],
    [() => new RuleBuilder().nat('dnat', { family: 'ip', to: { map: { jhash: 'ip saddr', mod: 2 }, elements: { 0: '10.0.0.1', 1: '10.0.0.2' } } }), 'dnat ip to jhash ip saddr mod 2 map { 0 : 10.0.0.1, 1 : 10.0.0.2 }'],
    [() => new RuleBuilder().match('ct expiration', '30s').accept(), 'ct expiration 30s accept'],
    [() => new RuleBuilder().match('ct expiration', '1m-2m', '!=').accept(), 'ct expiration != 1m-2m accept'],
    [() => new RuleBuilder().match('ct expiration', ['30s-1m', '2m']).accept(), 'ct expiration { 30s-1m, 2m } accept'],
  ];
  for (const [build, text] of built) {
    it(text, () => {
      expect(corpus.has(text), 'a rule the kernel test checks against nft').toBe(true);
      const rule = build();
      expect(String(rule)).toBe(text);
      expect(withoutSetIds(nft.compileRule(String(rule), inet))).toEqual(withoutSetIds(nft.compileRule(text, inet)));
    });
  }

  it("names every field nft's headers have, and no other", () => {
    const tables: Record<string, readonly { field: string }[]> = { ...linkHeaders, ...networkHeaders, ...Object.fromEntries(Object.values(transportHeaders).map((f) => [f[0]!.protocol, f])), th: transportPorts };
    expect(Object.keys(nft.selectorFields).sort()).toEqual(Object.keys(tables).sort());
    for (const [protocol, fields] of Object.entries(nft.selectorFields)) expect([...fields], protocol).toEqual(tables[protocol]!.map((f) => f.field));
  });
});
