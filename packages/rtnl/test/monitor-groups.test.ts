// groupsFor and the tables behind it, read from a fresh import of their module: the module-level table of
// groups (and the monitor's kind lists) are made once per import, so a test that loads them anew is the
// one that sees them made (which mutation testing needs to tell a changed table apart). The numbers are
// RTNLGRP_* of enum rtnetlink_groups, linux/rtnetlink.h, printed by gcc.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const RTNLGRP = { LINK: 1, NEIGH: 3, TC: 4, IPV4_IFADDR: 5, IPV4_ROUTE: 7, IPV4_RULE: 8, IPV6_IFADDR: 9, IPV6_ROUTE: 11, IPV6_RULE: 19, IPV4_NETCONF: 24, IPV6_NETCONF: 25, MDB: 26, NEXTHOP: 32, BRVLAN: 33 };

beforeEach(() => {
  vi.resetModules();
});

describe('monitor groups (a fresh import)', () => {
  it('each kind, by family, and both families', async () => {
    const { groupsFor, LINK_GROUP } = await import('../src/monitor/groups.js');
    const cases: [string, number[], number[]][] = [
      ['link', [RTNLGRP.LINK], [RTNLGRP.LINK]],
      ['address', [RTNLGRP.IPV4_IFADDR], [RTNLGRP.IPV6_IFADDR]],
      ['route', [RTNLGRP.IPV4_ROUTE], [RTNLGRP.IPV6_ROUTE]],
      ['neighbour', [RTNLGRP.NEIGH], [RTNLGRP.NEIGH]],
      ['rule', [RTNLGRP.IPV4_RULE], [RTNLGRP.IPV6_RULE]],
      ['qdisc', [RTNLGRP.TC], [RTNLGRP.TC]],
      ['class', [RTNLGRP.TC], [RTNLGRP.TC]],
      ['filter', [RTNLGRP.TC], [RTNLGRP.TC]],
      ['action', [RTNLGRP.TC], [RTNLGRP.TC]],
      ['nexthop', [RTNLGRP.NEXTHOP], [RTNLGRP.NEXTHOP]],
      ['netconf', [RTNLGRP.IPV4_NETCONF], [RTNLGRP.IPV6_NETCONF]],
      ['mdb', [RTNLGRP.MDB], [RTNLGRP.MDB]],
      ['vlan', [RTNLGRP.BRVLAN], [RTNLGRP.BRVLAN]],
    ];
    for (const [kind, inet, inet6] of cases) {
      const k = [kind] as Parameters<typeof groupsFor>[0];
      expect({ kind, inet: groupsFor(k, 'inet'), inet6: groupsFor(k, 'inet6'), both: groupsFor(k, undefined) }).toEqual({ kind, inet, inet6, both: [...new Set([...inet, ...inet6])].sort((a, b) => a - b) });
    }
    // Several kinds: each group once, in ascending order.
    expect(groupsFor(['rule', 'route', 'link', 'qdisc', 'filter'], undefined)).toEqual([1, 4, 7, 8, 11, 19]);
    expect(groupsFor([], 'inet')).toEqual([]);
    expect(LINK_GROUP).toBe(RTNLGRP.LINK);
  });

  it("the monitor's kinds: five by default, the rest when named, each named in the refusal", async () => {
    const { checkMonitorOptions, checkKinds, MONITOR_KINDS } = await import('../src/monitor/options.js');
    expect(MONITOR_KINDS).toEqual(['link', 'address', 'route', 'neighbour', 'rule']);
    expect([...checkMonitorOptions({}).kinds]).toEqual(['link', 'address', 'route', 'neighbour', 'rule']);
    expect([...checkKinds(undefined, 'kinds')]).toEqual(['link', 'address', 'route', 'neighbour', 'rule']);
    expect(() => checkKinds(['qdisc' as 'link'], 'kinds')).toThrow('kinds: unknown kind "qdisc"; expected link, address, route, neighbour, rule');
    expect(() => checkKinds([], 'kinds')).toThrow('kinds: expected a non-empty list of link, address, route, neighbour, rule');
    expect([...checkMonitorOptions({ kinds: ['qdisc', 'class', 'filter', 'action', 'nexthop', 'netconf', 'mdb', 'vlan'] }).kinds]).toHaveLength(8);
    expect(() => checkMonitorOptions({ kinds: ['neigh' as 'link'] })).toThrow('options.kinds: unknown kind "neigh"; expected link, address, route, neighbour, rule, qdisc, class, filter, action, nexthop, netconf, mdb, vlan');
    expect(() => checkMonitorOptions({ every: 1 } as never)).toThrow('options.every: unknown option; expected kinds, family, interface, table, names, receiveBufferSize, highWaterMark, signal');
  });
});

describe('mirror identity (a fresh import)', () => {
  it('rules differ by everything but their detached flags; objects by everything but counters and timers', async () => {
    const { ruleKey, sameObject } = await import('../src/mirror/identity.js');
    const rule = { family: 'inet', priority: 5, table: 100, flags: [] as string[] };
    expect(ruleKey({ ...rule, flags: ['iif-detached', 'oif-detached'] } as never)).toBe(ruleKey(rule as never));
    expect(ruleKey({ ...rule, flags: ['invert'] } as never)).not.toBe(ruleKey(rule as never));
    const link = { index: 2, ifname: 'v0', mtu: 1500 };
    for (const moving of ['stats', 'stats64', 'afSpec', 'cacheinfo', 'validLifetime', 'preferredLifetime', 'helloTimer', 'tcnTimer', 'topologyChangeTimer', 'gcTimer', 'carrierChanges', 'carrierUpCount', 'carrierDownCount']) {
      expect({ moving, same: sameObject({ ...link, [moving]: 1 }, { ...link, [moving]: 2 }) }).toEqual({ moving, same: true });
    }
    expect(sameObject({ ...link, mtu: 1400 }, link)).toBe(false);
    expect(sameObject({ ...link, operstate: 'up' }, { ...link, operstate: 'down' })).toBe(false);
  });

  it('sameObject spells out bigints, bytes, arrays and nested objects, and skips undefined fields', async () => {
    const { sameObject } = await import('../src/mirror/identity.js');
    expect(sameObject({ n: 1n }, { n: 1n })).toBe(true);
    expect(sameObject({ n: 1n }, { n: '1' })).toBe(false);
    expect(sameObject({ n: 1n }, { n: 1 })).toBe(false);
    expect(sameObject({ b: Uint8Array.of(1, 2) }, { b: Uint8Array.of(1, 2) })).toBe(true);
    expect(sameObject({ b: Uint8Array.of(1, 2) }, { b: [1, 2] })).toBe(false);
    expect(sameObject({ a: [1, { x: 2 }] }, { a: [1, { x: 2 }] })).toBe(true);
    expect(sameObject({ a: [1, { x: 2 }] }, { a: [1, { x: 3 }] })).toBe(false);
    expect(sameObject({ a: [1, 2] }, { a: { 0: 1, 1: 2 } })).toBe(false);
    expect(sameObject({ o: { y: 1, x: 2 } }, { o: { x: 2, y: 1 } })).toBe(true);
    expect(sameObject({ o: { x: 2, y: undefined } }, { o: { x: 2 } })).toBe(true);
    expect(sameObject({ o: null }, { o: {} })).toBe(false);
    // Counters are skipped at any depth, as fields of nested objects too.
    expect(sameObject({ linkinfo: { stats: 1, kind: 'veth' } }, { linkinfo: { stats: 2, kind: 'veth' } })).toBe(true);
  });

  it('the keys tell apart what the kernel tells apart, and only that', async () => {
    const { linkKey, addressKey, routeBaseKey, routeKey, neighbourKey, listedLink, listedRoute, listedNeighbour, listedRule } = await import('../src/mirror/identity.js');
    expect(linkKey({ index: 7 } as never)).toBe(7);
    const address = { family: 'inet', ifindex: 2, prefixlen: 32, local: '10.0.0.1' };
    expect(addressKey({ ...address, address: '10.0.0.2' } as never)).not.toBe(addressKey({ ...address, address: '10.0.0.3' } as never));
    expect(addressKey({ ...address } as never)).toBe(addressKey({ ...address } as never));
    const route = { family: 'inet', table: 254, dst: '10.0.0.0', dstLen: 8, srcLen: 0, tos: 0, type: 'unicast', flags: [] };
    expect(routeBaseKey({ ...route, family: 'inet6', dst: '2001:db8::', src: '2001:db8:1::', srcLen: 48 } as never)).not.toBe(routeBaseKey({ ...route, family: 'inet6', dst: '2001:db8::', src: '2001:db8:2::', srcLen: 48 } as never));
    expect(routeBaseKey({ ...route, priority: 5 } as never)).not.toBe(routeBaseKey({ ...route, priority: 6 } as never));
    expect(routeBaseKey({ ...route, tos: 8 } as never)).not.toBe(routeBaseKey(route as never));
    expect(routeBaseKey({ ...route, dst: undefined, dstLen: 0 } as never)).not.toBe(routeBaseKey({ ...route, dst: '0.0.0.0', dstLen: 1 } as never));
    expect(routeKey({ ...route, via: { family: 'inet6', address: 'fe80::1' } } as never)).not.toBe(routeKey({ ...route, via: { family: 'inet6', address: 'fe80::2' } } as never));
    expect(routeKey({ ...route, multipath: [{ gateway: '10.0.0.1', oif: 2 }] } as never)).not.toBe(routeKey({ ...route, multipath: [{ gateway: '10.0.0.1', oif: 3 }] } as never));
    expect(routeKey({ ...route, multipath: [{ gateway: '10.0.0.1', oif: 2 }] } as never)).not.toBe(routeKey({ ...route, multipath: [{ gateway: '10.0.0.2', oif: 2 }] } as never));
    expect(routeKey({ ...route, type: 'blackhole' } as never)).not.toBe(routeKey(route as never));
    expect(neighbourKey({ family: 'inet', ifindex: 2, dst: '10.0.0.1' } as never)).not.toBe(neighbourKey({ family: 'inet', ifindex: 2, dst: '10.0.0.2' } as never));
    expect(neighbourKey({ family: 'inet', ifindex: 2, dst: '10.0.0.1' } as never)).not.toBe(neighbourKey({ family: 'inet6', ifindex: 2, dst: '10.0.0.1' } as never));
    // What list() returns (what ip shows): links proper; routes and neighbours of IPv4/IPv6 but cached
    // routes and proxy entries; IPv4/IPv6 rules.
    expect([listedLink({ family: 'unspec' } as never), listedLink({ family: 'bridge' } as never)]).toEqual([true, false]);
    expect(['inet', 'inet6', 'mpls'].map((family) => listedRoute({ family, flags: [] } as never))).toEqual([true, true, false]);
    expect(listedRoute({ family: 'inet', flags: ['cloned'] } as never)).toBe(false);
    expect(['inet', 'inet6', 'bridge'].map((family) => listedNeighbour({ family, flags: [] } as never))).toEqual([true, true, false]);
    expect(listedNeighbour({ family: 'inet6', flags: ['proxy'] } as never)).toBe(false);
    expect(['inet', 'inet6', 128].map((family) => listedRule({ family } as never))).toEqual([true, true, false]);
  });
});
