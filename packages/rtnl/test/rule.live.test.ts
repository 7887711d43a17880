// rtnl.rules against the running kernel, in a network namespace of this file's own (deleted in afterAll):
// every verb, and after each change what `ip -j -d rule show` / `ip -j -d -6 rule show` print, field by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError, type Rtnl, type Rule, type RuleSpec } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

type IpRule = Record<string, unknown>;

const IP_PROTO_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'ipv6-icmp', 132: 'sctp' };

/** A rule the way `ip -j -d rule show` prints it (iproute2 6.1's print_rule). */
function asIp(r: Rule): IpRule {
  const o: IpRule = { priority: r.priority };
  if (r.flags.includes('invert')) o.not = null;
  const host = r.family === 'inet6' ? 128 : 32;
  if (r.src !== undefined) {
    o.src = r.src;
    if (r.srcLen !== host) o.srclen = r.srcLen;
  } else if (r.srcLen) {
    o.src = '0';
    o.srclen = r.srcLen;
  } else o.src = 'all';
  if (r.dst !== undefined) {
    o.dst = r.dst;
    if (r.dstLen !== host) o.dstlen = r.dstLen;
  }
  if (r.tos) o.tos = `0x${r.tos.toString(16).padStart(2, '0')}`;
  if (r.fwmark !== undefined || r.fwmask !== undefined) {
    o.fwmark = `0x${(r.fwmark ?? 0).toString(16)}`;
    if (r.fwmask && r.fwmask !== 0xffff_ffff) o.fwmask = `0x${r.fwmask.toString(16)}`;
  }
  if (r.iifname !== undefined) {
    o.iif = r.iifname;
    if (r.flags.includes('iif-detached')) o.iif_detached = null;
  }
  if (r.oifname !== undefined) {
    o.oif = r.oifname;
    if (r.flags.includes('oif-detached')) o.oif_detached = null;
  }
  if (r.l3mdev) o.l3mdev = null;
  if (r.uidRange) Object.assign(o, { uid_start: r.uidRange.start, uid_end: r.uidRange.end });
  if (r.ipProto !== undefined) o.ipproto = IP_PROTO_NAMES[r.ipProto] ?? String(r.ipProto);
  for (const [key, range] of [['sport', r.sportRange], ['dport', r.dportRange]] as const) {
    if (!range) continue;
    if (range.start === range.end) o[key] = range.start;
    else Object.assign(o, { [`${key}_start`]: range.start, [`${key}_end`]: range.end });
  }
  if (r.tunId !== undefined) o.tun_id = Number(r.tunId);
  if (r.table !== undefined) {
    o.table = String(r.table);
    if (r.suppressPrefixlen !== undefined) o.suppress_prefixlen = r.suppressPrefixlen;
    if (r.suppressIfgroup !== undefined) o.suppress_ifgroup = String(r.suppressIfgroup);
  }
  if (r.flow !== undefined) {
    if (r.flow >>> 16) o.flow_from = String(r.flow >>> 16);
    o.flow_to = String(r.flow & 0xffff);
  }
  if (r.action === 'goto') {
    o.goto = r.goto ?? 'none';
    if (r.flags.includes('unresolved')) o.unresolved = null;
  } else if (r.action === 'nop') o.nop = null;
  else if (r.action !== 'to-table') o.action = r.action;
  if (r.protocol !== undefined) o.protocol = String(r.protocol);
  return o;
}

describe.skipIf(kernelSkipReason !== undefined)('rtnl.rules in a namespace of its own', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  const ipRules = (...family: string[]) => ns.ipJson<IpRule[]>(...family, '-d', 'rule', 'show');
  const ours = async (family: 'inet' | 'inet6') => (await rtnl.rules.list({ family })).map(asIp);
  /** linx and iproute2 list the same rules, in the same order, field by field. */
  async function agree(): Promise<void> {
    expect(await ours('inet')).toEqual(ipRules());
    expect(await ours('inet6')).toEqual(ipRules('-6'));
  }

  beforeAll(async () => {
    ns = createNetns('rule');
    ns.batch([
      'link add v0 type veth peer name v1',
      'rule add from 10.0.0.0/8 to 192.168.1.0/24 iif v0 oif v1 fwmark 0x10/0xff table 100 pref 100',
      'rule add not from 10.1.0.0/16 lookup 300 pref 101',
      'rule add uidrange 1000-2000 ipproto tcp sport 1000-2000 dport 80 table main suppress_prefixlength 0 pref 102',
      'rule add from all blackhole pref 104',
      'rule add from all unreachable pref 105',
      'rule add from all prohibit pref 106',
      'rule add from all nop pref 107',
      'rule add l3mdev pref 108',
      'rule add tos 0x10 realms 3/4 table 5 pref 109',
      'rule add iif nosuchdev table 6 pref 110',
      'rule add tun_id 5 table 7 proto static pref 111',
      'rule add table 100000 pref 112',
      'rule add goto 112 pref 50',
      'rule add fwmark 7 suppress_ifgroup 3 table 8 pref 113',
      'rule add from 10.2.0.1 table 9 pref 114',
    ]);
    for (const line of ['rule add from 2001:db8::/32 table 200 pref 5', 'rule add to fd00::/8 dport 22 ipproto udp table 201 pref 6', 'rule add from 2001:db8::1 oif v1 table 202 pref 7']) {
      ns.ip('-6', ...line.split(' '));
    }
    rtnl = await ns.rtnl();
  });
  afterAll(() => ns?.remove());

  it('list({ family }) is `ip -d rule show` (inet) and `ip -d -6 rule show` (inet6), field by field and in order', async () => {
    await agree();
    const v4 = await rtnl.rules.list({ family: 'inet' });
    expect(v4.find((r) => r.priority === 100)).toMatchObject({
      family: 'inet', action: 'to-table', table: 100, src: '10.0.0.0', srcLen: 8, dst: '192.168.1.0', dstLen: 24, iifname: 'v0', oifname: 'v1', fwmark: 0x10, fwmask: 0xff, protocol: 'unspec', flags: [],
    });
    expect(v4.find((r) => r.priority === 101)).toMatchObject({ flags: ['invert'], table: 300 });
    expect(v4.find((r) => r.priority === 102)).toMatchObject({ table: 'main', uidRange: { start: 1000, end: 2000 }, ipProto: 6, sportRange: { start: 1000, end: 2000 }, dportRange: { start: 80, end: 80 }, suppressPrefixlen: 0 });
    expect(v4.find((r) => r.priority === 110)).toMatchObject({ iifname: 'nosuchdev', flags: ['iif-detached'] });
    expect(v4.find((r) => r.priority === 111)).toMatchObject({ tunId: 5n, protocol: 'static', table: 7 });
    expect(v4.find((r) => r.priority === 112)!.table).toBe(100000);
    expect(v4.find((r) => r.priority === 50)).toMatchObject({ action: 'goto', goto: 112 });
    expect(v4[0]).toMatchObject({ priority: 0, table: 'local', protocol: 'kernel' });
    // Both families by default, IPv4 first.
    const all = await rtnl.rules.list();
    expect(all.map((r) => r.family)).toEqual([...v4.map(() => 'inet'), ...(await rtnl.rules.list({ family: 'inet6' })).map(() => 'inet6')]);
  });

  it('client-side filters: table, priority, action, iifname, oifname, protocol', async () => {
    expect((await rtnl.rules.list({ table: 'main' })).map((r) => [r.family, r.priority])).toEqual([['inet', 102], ['inet', 32766], ['inet6', 32766]]);
    expect((await rtnl.rules.list({ table: 100000 })).map((r) => r.priority)).toEqual([112]);
    expect((await rtnl.rules.list({ priority: 101 })).map((r) => r.src)).toEqual(['10.1.0.0']);
    expect((await rtnl.rules.list({ action: 'blackhole' })).map((r) => r.priority)).toEqual([104]);
    expect((await rtnl.rules.list({ iifname: 'v0' })).map((r) => r.priority)).toEqual([100]);
    expect((await rtnl.rules.list({ oifname: 'v1', family: 'inet6' })).map((r) => r.priority)).toEqual([7]);
    expect((await rtnl.rules.list({ protocol: 'kernel', family: 'inet6' })).map((r) => r.priority)).toEqual([0, 32766]);
  });

  const cases: [string, RuleSpec, IpRule][] = [
    ['from/to prefixes and a table', { src: '10.20.0.0/16', dst: '172.16.0.0/12', table: 120, priority: 1000 }, { priority: 1000, src: '10.20.0.0', srclen: 16, dst: '172.16.0.0', dstlen: 12, table: '120', protocol: 'unspec' }],
    ['an address with srcLen', { src: '10.21.0.0', srcLen: 16, table: 'main', priority: 1001 }, { priority: 1001, src: '10.21.0.0', srclen: 16, table: 'main', protocol: 'unspec' }],
    ['a host source', { src: '10.22.0.1', table: 121, priority: 1002 }, { priority: 1002, src: '10.22.0.1', table: '121', protocol: 'unspec' }],
    ['iif/oif by name, fwmark/mask', { iifname: 'v0', oifname: 'v1', fwmark: 0x20, fwmask: 0xf0, table: 122, priority: 1003 }, { priority: 1003, src: 'all', fwmark: '0x20', fwmask: '0xf0', iif: 'v0', oif: 'v1', table: '122', protocol: 'unspec' }],
    ['a table above 255 (FRA_TABLE)', { table: 70000, priority: 1004 }, { priority: 1004, src: 'all', table: '70000', protocol: 'unspec' }],
    ['goto', { goto: 1004, priority: 1005 - 10 }, { priority: 995, src: 'all', goto: 1004, protocol: 'unspec' }],
    ['nop', { action: 'nop', priority: 1006 }, { priority: 1006, src: 'all', nop: null, protocol: 'unspec' }],
    ['blackhole', { action: 'blackhole', priority: 1007, protocol: 'static' }, { priority: 1007, src: 'all', action: 'blackhole', protocol: 'static' }],
    ['unreachable', { action: 'unreachable', priority: 1008 }, { priority: 1008, src: 'all', action: 'unreachable', protocol: 'unspec' }],
    ['prohibit', { action: 'prohibit', priority: 1009 }, { priority: 1009, src: 'all', action: 'prohibit', protocol: 'unspec' }],
    ['l3mdev', { l3mdev: true, priority: 1010 }, { priority: 1010, src: 'all', l3mdev: null, protocol: 'unspec' }],
    ['uid range, ip proto, port ranges', { uidRange: { start: 10, end: 20 }, ipProto: 'udp', sportRange: 53, dportRange: { start: 1000, end: 1100 }, table: 123, priority: 1011 }, { priority: 1011, src: 'all', uid_start: 10, uid_end: 20, ipproto: 'udp', sport: 53, dport_start: 1000, dport_end: 1100, table: '123', protocol: 'unspec' }],
    ['suppress_prefixlength, invert', { src: '10.23.0.0/16', invert: true, table: 'main', suppressPrefixlen: 0, priority: 1012 }, { priority: 1012, not: null, src: '10.23.0.0', srclen: 16, table: 'main', suppress_prefixlen: 0, protocol: 'unspec' }],
    ['a single uid, tos, realms', { uidRange: 0, tos: 0x08, flow: (3 << 16) | 4, table: 124, priority: 1013 }, { priority: 1013, src: 'all', tos: '0x08', uid_start: 0, uid_end: 0, table: '124', flow_from: '3', flow_to: '4', protocol: 'unspec' }],
    ['IPv6: prefixes, iif by index, table', { src: '2001:db8:10::/48', dst: 'fd00:1::/32', table: 220, priority: 1000 }, { priority: 1000, src: '2001:db8:10::', srclen: 48, dst: 'fd00:1::', dstlen: 32, table: '220', protocol: 'unspec' }],
    ['IPv6: ipproto and dport, no prefix', { family: 'inet6', ipProto: 'tcp', dportRange: 443, action: 'prohibit', priority: 1001 }, { priority: 1001, src: 'all', ipproto: 'tcp', dport: 443, action: 'prohibit', protocol: 'unspec' }],
  ];

  it('add(): each kind of rule as `ip rule` shows it; the lists agree after every change', async () => {
    for (const [what, spec, shown] of cases) {
      await rtnl.rules.add(spec);
      const family = spec.family === 'inet6' || String(spec.src ?? '').includes(':') ? ['-6'] : [];
      const listed = ipRules(...family).filter((r) => r.priority === spec.priority);
      expect(listed, what).toEqual([shown]);
      await agree();
    }
    // Interfaces by index become names.
    const v1 = ns.ipJson<{ ifindex: number }[]>('link', 'show', 'v1')[0]!.ifindex;
    await rtnl.rules.add({ family: 'inet6', iifname: v1, table: 221, priority: 1002 });
    expect(ipRules('-6').filter((r) => r.priority === 1002)).toEqual([{ priority: 1002, src: 'all', iif: 'v1', table: '221', protocol: 'unspec' }]);
  });

  it('add() of a rule that is there is EEXIST; kernel refusals carry the ext-ack text', async () => {
    const again = await rtnl.rules.add(cases[0]![1]).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(NetlinkError);
    expect((again as NetlinkError).errnoName).toBe('EEXIST');
    const backward = await rtnl.rules.add({ goto: 10, priority: 2000 }).catch((e: unknown) => e);
    expect(backward).toBeInstanceOf(NetlinkError);
    expect((backward as NetlinkError).extAckMessage).toBe('Backward goto not supported');
    const mutual = await rtnl.rules.add({ l3mdev: true, table: 5, priority: 2001 }).catch((e: unknown) => e);
    expect(mutual).toBeInstanceOf(NetlinkError);
    expect((mutual as NetlinkError).errnoName).toBe('EINVAL');
    expect((mutual as NetlinkError).extAckMessage).toBeTruthy();
    await expect(rtnl.rules.add({ iifname: 9999, table: 5 })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await agree();
  });

  it('add() without a priority takes the kernel’s (just below the first rule after local)', async () => {
    await rtnl.rules.add({ src: '10.99.0.0/16', table: 99 });
    const listed = (await rtnl.rules.list({ table: 99 }))[0]!;
    const shown = ipRules().filter((r) => r.table === '99');
    expect(shown).toEqual([asIp(listed)]);
    expect(listed.priority).toBeGreaterThan(0);
    await rtnl.rules.delete(listed);
    expect(ipRules().filter((r) => r.table === '99')).toEqual([]);
  });

  it('delete(): by priority alone, by selector, and a listed rule as it is; ENOENT when none matches', async () => {
    await rtnl.rules.delete({ priority: 1007 });
    await rtnl.rules.delete({ src: '10.20.0.0/16', dst: '172.16.0.0/12', table: 120 });
    await rtnl.rules.delete({ family: 'inet6', priority: 1001, action: 'prohibit' });
    for (const r of await rtnl.rules.list()) if (r.priority >= 990 && r.priority < 1100) await rtnl.rules.delete(r);
    expect(ipRules().filter((r) => (r.priority as number) >= 990 && (r.priority as number) < 1100)).toEqual([]);
    expect(ipRules('-6').filter((r) => (r.priority as number) >= 990 && (r.priority as number) < 1100)).toEqual([]);
    const none = await rtnl.rules.delete({ priority: 1007 }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(NetlinkError);
    expect((none as NetlinkError).errnoName).toBe('ENOENT');
    await agree();
  });

  it('every listed rule can be deleted as listed (rules made by ip too) and the kernel’s default ones remain', async () => {
    for (const r of await rtnl.rules.list()) {
      if (r.protocol === 'kernel') continue;
      await rtnl.rules.delete(r);
    }
    expect(ipRules().map((r) => r.priority)).toEqual([0, 32766, 32767]);
    expect(ipRules('-6').map((r) => r.priority)).toEqual([0, 32766]);
    await agree();
  });

  it('bad input is refused before the kernel sees it', async () => {
    await expect(rtnl.rules.add({ src: '10.0.0.0/33', table: 5 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.rules.list({ family: 'inet', table: 'nonsense' as never })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
