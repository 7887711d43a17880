// Rule text linx cannot compile fails with RuleSyntaxError (ERR_LINX_NFT_RULE_SYNTAX, naming the word)
// before anything is sent; a rule that uses an anonymous set becomes the set, its elements and the rule,
// in that order, in one batch, the lookup naming the set by the batch id the set carries.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError, Nfnl, NftBatch, nft } from '../src/index.js';
import { fakeNftKernel } from './helpers/fake-nft.js';

const inet = { family: 'inet' as const, table: 't' };

describe('rule text that does not compile', () => {
  const cases: [string, string, RegExp][] = [
    ['bogus 1', 'bogus', /unknown statement bogus/],
    ['ip sadr 1.2.3.4', 'sadr', /ip has no field sadr/],
    ['ip saddr 1.2.3', '1.2.3', /not a ipv4_addr/],
    ['tcp dport ssh', 'ssh', /not a inet_service/],
    ['ip saddr 10.0.0.0/40', '10.0.0.0/40', /bad prefix length/],
    ['meta bogus 1', 'bogus', /unknown meta key bogus/],
    ['masquerade to :80', ':80', /a port needs a transport protocol match/],
    ['ip daddr set tcp dport', 'tcp', /not a ipv4_addr/],
    ['tcp dport vmap { 22 : bogus }', 'bogus', /expected a verdict/],
    ['ip saddr 1.2.3.4 ip6 daddr ::1', '::1', /a ip6 field in a rule that matches ip/],
    ['jump', undefined as never, /expected a chain at the end/],
    ['limit rate 5/fortnight', '5/fortnight', /unknown unit fortnight/],
    // nft makes it an interval set of names; refused before anything is sent (the kernel refused what linx sent).
    ['iifname { "eth*", "lo" } accept', '"eth*"', /interface name wildcard in a set/],
    // Masks, bit changes, generated values and times.
    ['meta mark &', undefined as never, /expected a mask at the end/],
    ['meta mark & 0xzz == 1', '0xzz', /not a mark/],
    ['ip dscp & 0x1 == 1', '&', /a mask on a narrow field/],
    ['meta mark set mark or', undefined as never, /expected a value at the end/],
    ['meta mark set ct zone or 1', '1', /a integer of 2 bytes set into a mark of 4/],
    ['numgen inc vmap { 0 : accept }', 'vmap', /expected mod/],
    ['numgen inc mod 0 vmap { 0 : accept }', '0', /a modulus is 1 to 4294967295/],
    ['numgen bogus mod 2 0', 'bogus', /expected inc or random/],
    ['jhash ip saddr mod 2 offset 0x100000000 0', '0x100000000', /a seed or offset is a 32-bit number/],
    ['add @s { jhash ip saddr mod 2 }', 'jhash', /jhash in a concatenation is not compiled yet/],
    ['dnat ip to numgen inc mod 2', undefined as never, /expected map/],
    ['ct expiration 30x', '30x', /not a time/],
    ['ct expiration 50d', '50d', /a time of 32 bits/],
    ['meta mark 0x1ffffffff', '0x1ffffffff', /a mark of 32 bits/],
    // nft refuses these too ("incompatible icmp match").
    ['icmpv6 type { nd-neighbor-solicit, nd-router-advert } icmpv6 id 1', 'icmpv6', /only in an echo request or reply, and the rule matches type nd-neighbor-solicit/],
    ['icmp type 3 icmp sequence 1', 'icmp', /only in an echo request or reply, and the rule matches type 3/],
    ['vlan id 1 ether type vlan vlan id 2', 'vlan', /stacked VLAN tags/],
    ['synproxy mss 70000', '70000', /an MSS is 0-65535/],
    ['synproxy wscale 15', '15', /a window scale is 0-14/],
    ['meta l4proto { tcp, udp } udp dport 53', 'udp', /a udp field after a set of protocols/],
    ['ip protocol { tcp, udp } tcp dport 22', 'tcp', /a tcp field after a set of protocols/],
  ];
  for (const [rule, at, message] of cases) {
    it(rule, () => {
      let error: unknown;
      try {
        nft.compileRule(rule, inet);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(nft.RuleSyntaxError);
      // Bad input found before sending: the one base class for it.
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ code: 'ERR_LINX_NFT_RULE_SYNTAX', rule });
      expect((error as Error).message).toMatch(message);
      if (at !== undefined) expect((error as { at?: string }).at).toBe(at);
    });
  }

  it("the typed builder's bad values fail alike, before anything is sent", () => {
    const rule = String(new nft.RuleBuilder().vmap({ numgen: 'inc', mod: 0 }, { 0: 'accept' }));
    expect(() => nft.compileRule(rule, inet)).toThrow(expect.objectContaining({ code: 'ERR_LINX_NFT_RULE_SYNTAX', at: '0' }));
    const masked = String(new nft.RuleBuilder().match('meta mark', '0x10', { mask: 'bogus' }));
    expect(() => nft.compileRule(masked, inet)).toThrow(expect.objectContaining({ code: 'ERR_LINX_NFT_RULE_SYNTAX', at: 'bogus' }));
  });

  it('an IPv6 field in an ip table', () => {
    expect(() => nft.compileRule('ip6 saddr ::1', { family: 'ip', table: 't' })).toThrow(expect.objectContaining({ code: 'ERR_LINX_NFT_RULE_SYNTAX' }));
  });

  it('rules.add with text that does not compile sends nothing', async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    try {
      await expect(nfnl.nftables.rules.add({ ...inet, chain: 'c', rule: 'tcp dport nope accept' })).rejects.toMatchObject({ code: 'ERR_LINX_NFT_RULE_SYNTAX' });
      expect(kernel.requests).toHaveLength(0);
    } finally {
      nfnl.close();
    }
  });
});

describe('a rule with an anonymous set', () => {
  it('of intervals: each its start and the element after its end, an interval-end at zero first', () => {
    const { sets } = nft.compileRule('ip saddr { 192.168.1.1, 10.0.0.0/8 }', inet);
    expect(sets[0]!.spec.flags).toEqual(['anonymous', 'constant', 'interval']);
    expect(sets[0]!.elements.map((e) => [[...e.key!].join('.'), e.flags ?? []])).toEqual([
      ['0.0.0.0', ['interval-end']],
      ['10.0.0.0', []],
      ['11.0.0.0', ['interval-end']],
      ['192.168.1.1', []],
      ['192.168.1.2', ['interval-end']],
    ]);
    // A range up to the last value has no end element.
    expect(nft.compileRule('tcp dport { 0-10, 65000-65535 }', inet).sets[0]!.elements.map((e) => [[...e.key!], e.flags ?? []])).toEqual([
      [[0, 0], []],
      [[0, 11], ['interval-end']],
      [[0xfd, 0xe8], []],
    ]);
  });

  it('a verdict map is an anonymous map of verdicts, looked up into the verdict register', () => {
    const { sets, expressions } = nft.compileRule('tcp dport vmap { 22 : accept, 80 : jump other }', inet);
    expect(sets[0]!.spec).toMatchObject({ name: '__map%d', dataType: 'verdict', keyType: 'inet_service' });
    expect(sets[0]!.elements.map((e) => e.verdict)).toEqual([{ code: 'accept' }, { code: 'jump', chain: 'other' }]);
    expect(expressions.at(-1)).toMatchObject({ name: 'lookup', data: { set: '__map%d', dreg: 0, setId: sets[0]!.spec.id } });
  });

  it('is the set, its elements and the rule, linked by the set id', () => {
    const batch = new NftBatch().addRule({ ...inet, chain: 'c', rule: 'tcp dport { 22, 80 } accept comment "web"' });
    expect(batch.operations.map((o) => o.msg)).toEqual(['newset', 'newsetelem', 'newrule']);
    const [set, elements, rule] = batch.operations.map((o) => compileMessage(o.decl).decode(compileMessage(o.decl).encode(o.value as never)) as { attrs: Record<string, any> });
    expect(set!.attrs).toMatchObject({ name: '__set%d', keyType: 13, keyLen: 2, flags: ['anonymous', 'constant'] });
    expect(elements!.attrs).toMatchObject({ set: '__set%d', setId: set!.attrs.id });
    expect(elements!.attrs.elements.elem.map((e: { key: { value: Uint8Array } }) => [...e.key.value])).toEqual([[0, 22], [0, 80]]);
    const lookup = rule!.attrs.expressions.elem.find((e: { name: string }) => e.name === 'lookup');
    expect(lookup.data).toMatchObject({ set: '__set%d', setId: set!.attrs.id, sreg: 1 });
    expect(nft.commentOf(rule!.attrs.userdata, 0)).toBe('web');
  });
});
