// The route verbs' argument checking, without a kernel or a connection: planRoute (add/delete),
// routeQuery + dumpRequest (list filters) and lookupRequest (`ip route get`) as the plain functions the
// verbs call before sending anything. Numbers are the UAPI's (linux/rtnetlink.h): RTM_F_LOOKUP_TABLE
// 0x1000, RTM_F_FIB_MATCH 0x2000, RTNH_F_ONLINK 4, RTAX_MTU 2, RTAX_ADVMSS 8, RT_TABLE_MAIN 254.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { InvalidArgumentError } from '../src/shared/arguments.js';
import { Rtnl } from '../src/rtnl.js';
import { dumpRequest, lookupRequest, materialize, namesOf, planRoute, routeQuery, tableNumber, type RoutePlan, type RouteSpec } from '../src/route/request.js';
import { encode } from '@linx/netlink-codec';
import { routeRequestAttrs } from '../src/route/request-layout.js';
import { encodeVia, labelsOf } from '../src/route/mpls.js';
import { refusal } from './helpers/refusal.js';

/** The InvalidArgumentError `fn` throws (the test fails if it throws nothing or something else). */
const add = (spec: RouteSpec) => planRoute(spec, 'add');
const del = (spec: RouteSpec) => planRoute(spec, 'delete');

describe('planRoute: destinations', () => {
  it('a prefix written with its length, or an address with dstLen (as list() returns routes)', () => {
    expect(add({ dst: '10.0.0.0', dstLen: 8, dev: 1 }).header).toMatchObject({ rtmFamily: 2, rtmDstLen: 8 });
    expect(add({ dst: '10.0.0.0/8', dstLen: 8, dev: 1 }).header.rtmDstLen).toBe(8);
    expect(add({ dst: '2001:db8::', dstLen: 128, dev: 1 }).header).toMatchObject({ rtmFamily: 10, rtmDstLen: 128 });
    expect(add({ dst: '10.0.0.1', dev: 1 }).header.rtmDstLen).toBe(32);
  });

  it('dstLen is bounded by the family: 32 for IPv4, 128 for IPv6', () => {
    expect(refusal(() => add({ dst: '10.0.0.0', dstLen: 33, dev: 1 })).argument).toBe('dstLen');
    expect(refusal(() => add({ dst: '2001:db8::', dstLen: 129, dev: 1 })).argument).toBe('dstLen');
    expect(refusal(() => add({ dst: '10.0.0.0', dstLen: -1, dev: 1 })).argument).toBe('dstLen');
  });

  it('RTA_DST as ip sends it: a written prefix always (0.0.0.0/0 too), `default` only when the family is given (ip -4/-6)', () => {
    expect(add({ dst: '0.0.0.0/0', gateway: '192.0.2.1' }).attrs.dst).toEqual(new Uint8Array(4));
    expect(add({ dst: '::/0', gateway: 'fe80::1', dev: 2 }).attrs.dst).toEqual(new Uint8Array(16));
    expect(add({ dst: 'default', dstLen: 0, gateway: '192.0.2.1' }).attrs.dst).toBeUndefined();
    expect(add({ dst: 'default', family: 'inet', gateway: '192.0.2.1' }).attrs.dst).toEqual(new Uint8Array(4));
    expect(add({ dst: 'default', family: 'inet6', dev: 2 })).toMatchObject({ header: { rtmDstLen: 0 }, attrs: { dst: new Uint8Array(16) } });
    // Another address with length 0 is sent as given: the kernel judges whether the bytes fit the length.
    expect(add({ dst: '10.0.0.0', dstLen: 0, dev: 1 }).attrs.dst).toEqual(Uint8Array.of(10, 0, 0, 0));
    expect(add({ dst: '0.0.0.0/8', dev: 1 }).attrs.dst).toEqual(Uint8Array.of(0, 0, 0, 0));
  });

  it('the default route with another length, or no destination at all, is refused with the reason', () => {
    expect(refusal(() => add({ dst: 'default', dstLen: 8 })).message).toBe('dstLen: the default route has prefix length 0, not 8');
    expect(refusal(() => add({} as RouteSpec)).message).toMatch(/^dst: a route needs a destination/);
    expect(refusal(() => add({ dst: '10.0.0.0/8', dstLen: 16 })).message).toBe('dstLen: 16 disagrees with the prefix length of 10.0.0.0/8');
  });

  it('the family given settles it; a destination of the other family is refused, saying where the family came from', () => {
    expect(add({ dst: 'default', family: 'inet6', dev: 1 }).header.rtmFamily).toBe(10);
    expect(add({ dst: 'default', family: 'inet', dev: 1 }).header.rtmFamily).toBe(2);
    expect(add({ dst: '10.0.0.0/8', family: 2, dev: 1 }).header.rtmFamily).toBe(2);
    expect(add({ dst: '10.0.0.0/8', family: 'inet', dev: 1 }).header.rtmFamily).toBe(2);
    expect(refusal(() => add({ dst: '10.0.0.0/8', family: 'inet6', dev: 1 })).message).toBe('dst: 10.0.0.0/8 is IPv4 but the route is IPv6 (family inet6)');
    // An MPLS route's destination is a label (route-mpls.test.ts), not 'default'.
    expect(refusal(() => add({ dst: 'default', family: 'mpls' })).message).toBe('dst: "default" is not an MPLS label');
    expect(refusal(() => add({ dst: 'default', family: 'can' })).message).toBe("family: can: only IPv4 ('inet') and IPv6 ('inet6') routes are supported");
    expect(refusal(() => add({ dst: 'default', gateway: '192.0.2.1', prefsrc: 'fd00::1' })).message).toBe('prefsrc: fd00::1 is IPv6 but the route is IPv4 (gateway 192.0.2.1)');
  });

  it('the default route: no RTA_DST, prefix length 0', () => {
    // Strict: `dst` is absent from the attributes, not present as undefined (ip route add default sends no RTA_DST).
    expect(add({ dst: 'default', gateway: '192.0.2.1' })).toStrictEqual({
      header: { rtmFamily: 2, rtmDstLen: 0, rtmSrcLen: 0, rtmTos: 0, rtmTable: 254, rtmProtocol: 3, rtmScope: 0, rtmType: 1, rtmFlags: 0 },
      attrs: { gateway: Uint8Array.of(192, 0, 2, 1) },
      oif: undefined,
      nexthops: undefined,
    });
  });

  it('a route is an object', () => {
    for (const input of [null, undefined, '10.0.0.0/8', 7]) {
      expect(refusal(() => planRoute(input as never, 'add')).message).toBe('route: expected a route object, e.g. { dst: "10.0.0.0/8", gateway: "192.0.2.1" }');
    }
  });
});

describe('planRoute: source prefixes (ip -6 route … from)', () => {
  it('src as a prefix, or an address with srcLen; a written length wins over srcLen', () => {
    expect(add({ dst: '2001:db8::/48', src: '2001:db8:1::/64', dev: 1 })).toMatchObject({ header: { rtmSrcLen: 64 }, attrs: { src: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 1, ...new Array(10).fill(0)) } });
    expect(add({ dst: '2001:db8::/48', src: '2001:db8:1::', srcLen: 56, dev: 1 }).header.rtmSrcLen).toBe(56);
    expect(add({ dst: '2001:db8::/48', src: '2001:db8:1::/64', srcLen: 56, dev: 1 }).header.rtmSrcLen).toBe(64);
    expect(add({ dst: '2001:db8::/48', src: '2001:db8:1::', dev: 1 }).header.rtmSrcLen).toBe(128);
    expect(add({ dst: '10.0.0.0/8', dev: 1 }).header.rtmSrcLen).toBe(0);
  });

  it('src and prefsrc must be addresses (prefsrc without a length)', () => {
    expect(refusal(() => add({ dst: '10.0.0.0/8', src: 'ten', dev: 1 })).argument).toBe('src');
    expect(refusal(() => add({ dst: '10.0.0.0/8', prefsrc: '192.0.2.1/24', dev: 1 })).message).toBe('prefsrc: "192.0.2.1/24": expected an address without a prefix length');
    expect(refusal(() => add({ dst: '10.0.0.0/8', prefsrc: 'x', dev: 1 })).argument).toBe('prefsrc');
  });

  it('srcLen is bounded by the family, and src must be of the route family', () => {
    expect(refusal(() => add({ dst: '10.0.0.0/8', src: '10.1.0.0', srcLen: 33, dev: 1 })).argument).toBe('srcLen');
    expect(add({ dst: '10.0.0.0/8', src: '10.1.0.0', srcLen: 32, dev: 1 }).header.rtmSrcLen).toBe(32);
    expect(refusal(() => add({ dst: '2001:db8::/48', src: '2001:db8:1::', srcLen: 129, dev: 1 })).argument).toBe('srcLen');
    expect(refusal(() => add({ dst: '2001:db8::/48', src: '10.0.0.0/8', dev: 1 })).message).toBe('src: 10.0.0.0/8 is IPv4 but the route is IPv6 (dst 2001:db8::/48)');
  });
});

describe('planRoute: gateways, interfaces, next hops', () => {
  it('oif wins over dev; either may be a name or an index', () => {
    expect(add({ dst: '10.0.0.0/8', oif: 7, dev: 'eth0' }).oif).toBe(7);
    expect(add({ dst: '10.0.0.0/8', dev: 'eth0' }).oif).toBe('eth0');
    expect(refusal(() => add({ dst: '10.0.0.0/8', oif: 0 })).argument).toBe('oif');
  });

  it('a next hop: weight 1..256 travels as rtnh_hops = weight - 1; flags by name or bit; oif or dev', () => {
    const plan = add({
      dst: '10.0.0.0/8',
      multipath: [{ gateway: '192.0.2.1' }, { dev: 'eth1', weight: 256, flags: ['onlink', 0x40] }, { oif: 9, dev: 'ignored0', weight: 1 }],
    });
    expect(plan.nexthops).toEqual([
      { gateway: Uint8Array.of(192, 0, 2, 1), oif: undefined, hops: 0, flags: 0 },
      { gateway: undefined, oif: 'eth1', hops: 255, flags: 0x44 },
      { gateway: undefined, oif: 9, hops: 0, flags: 0 },
    ]);
    expect(plan.oif).toBeUndefined();
    expect(plan.header.rtmScope).toBe(0);
  });

  it('next hops are checked one by one, naming the hop', () => {
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: [{ gateway: '192.0.2.1' }, null as never] })).message).toMatch(/^multipath\[1\]: expected a next hop object/);
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: ['192.0.2.1' as never] })).message).toBe('multipath[0]: expected a next hop object, e.g. { gateway, dev, weight }');
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: [{ dev: 2, flags: ['sideways' as never] }] })).argument).toBe('multipath[0].flags[0]');
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: [{ dev: 2, flags: [256] }] })).argument).toBe('multipath[0].flags[0]');
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: [{ dev: 2, flags: 'onlink' as never }] })).argument).toBe('multipath[0].flags');
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: [{ oif: -3 }] })).argument).toBe('multipath[0].oif');
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: [{ dev: 'a b' }] })).argument).toBe('multipath[0].dev');
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: [{ gateway: '192.0.2.1/32' }] })).argument).toBe('multipath[0].gateway');
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: {} as never })).argument).toBe('multipath');
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 2, multipath: [{ dev: 3 }] })).message).toBe('dev: a multipath route gives its interfaces in multipath[]');
    expect(refusal(() => add({ dst: '10.0.0.0/8', gateway: '192.0.2.1', multipath: [{ dev: 3 }] })).message).toBe('gateway: a multipath route gives its gateways in multipath[]');
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: [{ weight: 2 }] })).message).toBe('multipath[0]: a next hop needs a gateway or an interface');
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: [] })).message).toBe('multipath: expected a non-empty list of next hops');
  });

  it('delete takes a listed multipath route: next hops kept, its gateway and dev left out; an empty list is no multipath', () => {
    const listed = del({ dst: '10.0.0.0/8', gateway: '192.0.2.9', dev: 4, multipath: [{ gateway: '192.0.2.1', dev: 2 }] });
    expect(listed.attrs.gateway).toBeUndefined();
    expect(listed.oif).toBeUndefined();
    expect(listed.nexthops).toHaveLength(1);
    const empty = del({ dst: '10.0.0.0/8', gateway: '192.0.2.9', dev: 4, multipath: [] });
    expect(empty.nexthops).toBeUndefined();
    expect(empty.attrs.gateway).toEqual(Uint8Array.of(192, 0, 2, 9));
    expect(empty.oif).toBe(4);
    expect(refusal(() => add({ dst: '10.0.0.0/8', multipath: [] })).argument).toBe('multipath');
  });

  it('namesOf takes the output interface and the next hops\' names together', () => {
    const plan: RoutePlan = { header: {}, attrs: {}, oif: 'eth0', nexthops: [{ gateway: undefined, oif: 'eth1', hops: 0, flags: 0 }, { gateway: undefined, oif: 'eth0', hops: 0, flags: 0 }] };
    expect(namesOf(plan)).toEqual(['eth0', 'eth1']);
  });

  it('namesOf: the interface names still to resolve, each once; materialize puts their indexes in', () => {
    expect(namesOf(add({ dst: '10.0.0.0/8', dev: 7 }))).toEqual([]);
    expect(namesOf(add({ dst: '10.0.0.0/8', dev: 'eth0' }))).toEqual(['eth0']);
    const plan = add({ dst: '10.0.0.0/8', multipath: [{ dev: 'eth1' }, { dev: 'eth2' }, { dev: 'eth1', gateway: '192.0.2.1' }, { dev: 5 }, { gateway: '192.0.2.2' }] });
    expect(namesOf(plan)).toEqual(['eth1', 'eth2']);
    const index = (ref: string | number) => (ref === 'eth1' ? 11 : ref === 'eth2' ? 12 : (ref as number));
    // rtnexthop: len u16, flags u8, hops u8, ifindex s32 (a hop without an interface has ifindex 0).
    expect([...encode(routeRequestAttrs.attributes.multipath.type, materialize(plan, index).attrs.multipath!)]).toEqual([
      8, 0, 0, 0, 11, 0, 0, 0,
      8, 0, 0, 0, 12, 0, 0, 0,
      16, 0, 0, 0, 11, 0, 0, 0, 8, 0, 5, 0, 192, 0, 2, 1,
      8, 0, 0, 0, 5, 0, 0, 0,
      16, 0, 0, 0, 0, 0, 0, 0, 8, 0, 5, 0, 192, 0, 2, 2,
    ]);
  });
});

describe('planRoute: MPLS by number', () => {
  it('family 28 (AF_MPLS, linux/socket.h) plans the same AF_MPLS route as family "mpls"', () => {
    const byName = add({ family: 'mpls', dst: '100', dev: 3 } as unknown as RouteSpec);
    expect(byName.header.rtmFamily).toBe(28);
    expect(add({ family: 28, dst: '100', dev: 3 } as unknown as RouteSpec)).toStrictEqual(byName);
    expect(del({ family: 28, dst: '100' } as unknown as RouteSpec).header).toMatchObject({ rtmFamily: 28, rtmDstLen: 20 });
  });
});

describe('materialize: next hops without an interface', () => {
  it('a hop given only a gateway travels with rtnh_ifindex 0, whatever the resolver maps names to', () => {
    const plan = add({ dst: '10.0.0.0/8', multipath: [{ gateway: '192.0.2.1' }, { dev: 'eth1' }] });
    // A resolver as the verbs have: indexes for names, numbers as they are.
    const index = (ref: string | number) => (typeof ref === 'number' ? ref : 7);
    expect(materialize(plan, index).attrs.multipath!.map((hop) => hop.header?.rtnhIfindex)).toEqual([0, 7]);
  });
});

describe('planRoute: numbers and names', () => {
  it('tables: 1..2^32-1 or a name; 0 and unspec are refused', () => {
    expect(tableNumber('main')).toBe(254);
    expect(tableNumber(2 ** 32 - 1)).toBe(2 ** 32 - 1);
    expect(tableNumber(1)).toBe(1);
    for (const bad of [0, 'unspec', 2 ** 32, 1.5, -1, '254']) expect(refusal(() => tableNumber(bad)).argument).toBe('table');
    expect(refusal(() => tableNumber('unspec')).message).toBe('table: table 0 (unspec) is not a table');
    expect(refusal(() => tableNumber(0)).message).toBe('table: table 0 (unspec) is not a table');
    expect(refusal(() => tableNumber(-1)).message).toBe('table: -1 is not an integer in 1..4294967295');
    expect(refusal(() => tableNumber('nope')).message).toBe('table: unknown table "nope"; expected one of unspec, default, main, local or a number');
  });

  it('table 255 fits in rtm_table; 256 needs RTA_TABLE', () => {
    expect(add({ dst: '10.0.0.0/8', dev: 1, table: 255 })).toMatchObject({ header: { rtmTable: 255 }, attrs: {} });
    expect(add({ dst: '10.0.0.0/8', dev: 1, table: 255 }).attrs.table).toBeUndefined();
    expect(add({ dst: '10.0.0.0/8', dev: 1, table: 256 })).toMatchObject({ header: { rtmTable: 0 }, attrs: { table: 256 } });
  });

  it('protocol, type, scope and tos: names or numbers 0..255', () => {
    expect(add({ dst: '10.0.0.0/8', dev: 1, protocol: 255, type: 255, scope: 255, tos: 255 }).header).toMatchObject({ rtmProtocol: 255, rtmType: 255, rtmScope: 255, rtmTos: 255 });
    expect(add({ dst: '10.0.0.0/8', dev: 1, protocol: 'bird', type: 'prohibit', scope: 'site', tos: 0 }).header).toMatchObject({ rtmProtocol: 12, rtmType: 8, rtmScope: 200, rtmTos: 0 });
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, tos: 256 })).argument).toBe('tos');
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, type: 256 })).argument).toBe('type');
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, scope: -1 })).argument).toBe('scope');
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, protocol: 'carrier-pigeon' as never })).message).toMatch(/^protocol: unknown route protocol "carrier-pigeon"; expected one of unspec, redirect, kernel, boot/);
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, scope: 'galaxy' as never })).message).toBe('scope: unknown scope "galaxy"; expected one of universe, site, link, host, nowhere or a number');
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, type: 'teleport' as never })).message).toMatch(/^type: unknown route type "teleport"; expected one of unspec, unicast, local/);
    expect(refusal(() => add({ dst: '2001:db8::/64', dev: 1, pref: 'urgent' as never })).message).toBe('pref: unknown preference "urgent"; expected one of medium, high, invalid, low or a number');
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, flags: ['sideways' as never] })).message).toMatch(/^flags\[0\]: unknown flag "sideways"; expected one of dead, pervasive, onlink/);
  });

  it('types that default to the local table and a narrower scope, as ip route add does (iproute2 ip/iproute.c)', () => {
    // RTN_LOCAL and RTN_NAT: scope host; RTN_BROADCAST, RTN_MULTICAST and RTN_ANYCAST: scope link. Table local for
    // local, broadcast, anycast and nat, main otherwise.
    const header = (type: RouteSpec['type']) => add({ dst: '2001:db8::1', type, dev: 1, family: 'inet6' }).header;
    const v4 = (type: RouteSpec['type']) => add({ dst: '10.0.0.1', type, dev: 1 }).header;
    expect(v4('nat')).toMatchObject({ rtmTable: 255, rtmScope: 254, rtmType: 10 });
    expect(v4('anycast')).toMatchObject({ rtmTable: 255, rtmScope: 253, rtmType: 4 });
    expect(v4('multicast')).toMatchObject({ rtmTable: 254, rtmScope: 253, rtmType: 5 });
    expect(v4('unspec')).toMatchObject({ rtmTable: 254, rtmScope: 253, rtmType: 0 });
    expect(v4('unreachable')).toMatchObject({ rtmTable: 254, rtmScope: 0, rtmType: 7 });
    // IPv6 routes keep scope universe whatever the type.
    expect(header('local')).toMatchObject({ rtmTable: 255, rtmScope: 0 });
    // A delete names the table it is in: main unless given.
    expect(del({ dst: '10.0.0.1', type: 'local' }).header).toMatchObject({ rtmTable: 254, rtmScope: 255, rtmType: 2 });
    // A unicast route through a nexthop object reaches beyond the link.
    expect(add({ dst: '10.0.0.0/8', nhId: 5 }).header.rtmScope).toBe(0);
  });

  it('priority 0..2^32-1, nhId 1..2^32-1', () => {
    expect(add({ dst: '10.0.0.0/8', dev: 1, priority: 2 ** 32 - 1 }).attrs.priority).toBe(2 ** 32 - 1);
    expect(add({ dst: '10.0.0.0/8', dev: 1, priority: 0 }).attrs.priority).toBe(0);
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, priority: 2 ** 32 })).argument).toBe('priority');
    expect(add({ dst: '10.0.0.0/8', nhId: 1 }).attrs.nhId).toBe(1);
    expect(refusal(() => add({ dst: '10.0.0.0/8', nhId: 0 })).argument).toBe('nhId');
    expect(refusal(() => add({ dst: '10.0.0.0/8', nhId: 2 ** 32 })).argument).toBe('nhId');
  });

  it('rtm_flags: names and bits, the top bit included (an unsigned 32-bit mask)', () => {
    expect(add({ dst: '10.0.0.0/8', dev: 1, flags: ['onlink', 'rt-offload-failed'] }).header.rtmFlags).toBe(0x2000_0004);
    expect(add({ dst: '10.0.0.0/8', dev: 1, flags: [0x8000_0000, 0x4] }).header.rtmFlags).toBe(0x8000_0004);
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, flags: [2 ** 32] })).argument).toBe('flags[0]');
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, flags: 'onlink' as never })).message).toBe('flags: expected a list of flag names, got string');
  });

  it('delete leaves out what only add sets: flags, metrics, preference, expiry', () => {
    const plan = del({ dst: '2001:db8::/64', dev: 1, flags: ['onlink'], metrics: { mtu: 1280 }, pref: 'high', expires: 30 });
    expect(plan.header.rtmFlags).toBe(0);
    expect(plan.attrs).toEqual({ dst: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) });
  });

  it('IPv6 preference by name or number; expiry 0..2^32-1', () => {
    expect(add({ dst: '2001:db8::/64', dev: 1, pref: 'low', expires: 0 }).attrs).toMatchObject({ pref: 3, expires: 0 });
    expect(add({ dst: '2001:db8::/64', dev: 1, pref: 2 as never }).attrs.pref).toBe(2);
    expect(refusal(() => add({ dst: '2001:db8::/64', dev: 1, expires: 2 ** 32 })).argument).toBe('expires');
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, pref: 'high' })).message).toBe('pref: router preference is for IPv6 routes');
    expect(refusal(() => add({ dst: '10.0.0.0/8', dev: 1, expires: 5 })).message).toBe('expires: expiring routes are IPv6 only');
  });
});

describe('planRoute: metrics (RTA_METRICS)', () => {
  const metrics = (m: unknown) => add({ dst: '10.0.0.0/8', dev: 1, metrics: m as never }).attrs.metrics;

  it('numbers 0..2^32-1 under their names; undefined ones left out', () => {
    expect(metrics({ mtu: 0, advmss: 2 ** 32 - 1, window: undefined })).toEqual({ mtu: 0, advmss: 2 ** 32 - 1 });
    expect(refusal(() => metrics({ mtu: 1.5 })).argument).toBe('metrics.mtu');
  });

  it('lock: names or RTAX ids 1..31 as a bitmask (RTAX_MTU 2 → bit 2)', () => {
    expect(metrics({ lock: ['mtu', 'advmss'] })).toEqual({ lock: (1 << 2) | (1 << 8) });
    expect(metrics({ lock: [31, 1] })).toEqual({ lock: 0x8000_0002 });
    expect(metrics({ lock: [] })).toEqual({ lock: 0 });
    expect(refusal(() => metrics({ lock: [0] })).argument).toBe('metrics.lock[0]');
    expect(refusal(() => metrics({ lock: [32] })).argument).toBe('metrics.lock[0]');
    expect(refusal(() => metrics({ lock: ['mtu', 'lock'] })).message).toBe('metrics.lock[1]: unknown metric "lock"');
    expect(refusal(() => metrics({ lock: 'mtu' })).message).toBe('metrics.lock: expected a list of metric names');
  });

  it('ccAlgo: a congestion control name of 1..15 bytes', () => {
    expect(metrics({ ccAlgo: 'abcdefghijklmno' })).toEqual({ ccAlgo: 'abcdefghijklmno' });
    for (const bad of ['', 'abcdefghijklmnop', 'cubïcubïcubïcub', 7]) expect(refusal(() => metrics({ ccAlgo: bad })).message).toBe('metrics.ccAlgo: expected a congestion control name (1..15 bytes)');
  });

  it('an object of metrics, nothing else', () => {
    for (const bad of [null, [], 1400, 'mtu']) expect(refusal(() => metrics(bad)).message).toBe('metrics: expected an object of metrics, e.g. { mtu: 1400 }');
    expect(refusal(() => metrics({ speed: 9 })).message).toMatch(/^metrics\.speed: unknown metric; expected some of lock, mtu, window, rtt/);
  });
});

describe('values the codec refuses', () => {
  it('are refused before the interface names are looked up: nothing is sent', async () => {
    const kernel = new FakeKernel((req, k) => k.ack(req));
    const rtnl = new Rtnl(new Connection(kernel));
    // A congestion control name with a NUL fits in 15 bytes but is no string the kernel can take.
    await expect(rtnl.routes.add({ dst: '10.0.0.0/8', dev: 'eth0', metrics: { ccAlgo: 'a\0b' } })).rejects.toMatchObject({ code: 'ERR_LINX_INVALID', path: ['metrics', 'ccAlgo'] });
    expect(kernel.requests).toEqual([]);
    rtnl.close();
  });
});

describe('routeQuery and dumpRequest: list filters', () => {
  it('the table only in RTA_TABLE (rtm_table 0, as ip route show table N); protocol and type in the header', () => {
    expect(dumpRequest(routeQuery({ table: 255 }), undefined)).toEqual({ header: { rtmFamily: 0, rtmTable: 0, rtmProtocol: 0, rtmType: 0 }, attrs: { table: 255 } });
    expect(dumpRequest(routeQuery({ table: 256 }), undefined)).toEqual({ header: { rtmFamily: 0, rtmTable: 0, rtmProtocol: 0, rtmType: 0 }, attrs: { table: 256 } });
    expect(dumpRequest(routeQuery({ family: 'inet6', protocol: 'kernel', type: 'local' }), 3)).toEqual({ header: { rtmFamily: 10, rtmTable: 0, rtmProtocol: 2, rtmType: 2 }, attrs: { oif: 3 } });
    expect(dumpRequest(routeQuery({}), undefined)).toEqual({ header: { rtmFamily: 0, rtmTable: 0, rtmProtocol: 0, rtmType: 0 }, attrs: {} });
  });

  it('the filters filtered here: scope (global is universe), dst as canonical text', () => {
    expect(routeQuery({ scope: 'global', dst: '2001:DB8:0::/32', interface: 'eth0' })).toEqual({
      family: 0, table: undefined, protocol: undefined, type: undefined, dev: 'eth0', scope: 0, dst: { family: 'inet6', address: '2001:db8::', length: 32 },
    });
    expect(routeQuery({ dst: '10.1.0.0/16', family: 'inet' }).dst).toEqual({ family: 'inet', address: '10.1.0.0', length: 16 });
    expect(routeQuery({ dst: 'default' }).dst).toBe('default');
  });

  it('nhId (routes using a nexthop object, ip route show nhid N): 1..2^32-1, undefined when not asked', () => {
    expect(routeQuery({ nhId: 5 }).nhId).toBe(5);
    expect(routeQuery({}).nhId).toBeUndefined();
    expect(refusal(() => routeQuery({ nhId: 0 })).argument).toBe('nhId');
    expect(refusal(() => routeQuery({ nhId: 2 ** 32 })).argument).toBe('nhId');
  });

  it('a dst of another family than the filter, or a filter that is not an object, is refused', () => {
    expect(refusal(() => routeQuery({ dst: '10.0.0.0/8', family: 'inet6' })).message).toBe('dst: 10.0.0.0/8 is not of family inet6');
    expect(refusal(() => routeQuery({ dst: '2001:db8::/32', family: 2 })).argument).toBe('dst');
    for (const bad of [null, 'main']) expect(refusal(() => routeQuery(bad as never)).message).toBe('filter: expected an object');
  });
});

describe('lookupRequest (ip route get)', () => {
  it('IPv4: full-length dst and src, RTM_F_LOOKUP_TABLE unless lookupTable is false, fibmatch adds RTM_F_FIB_MATCH', () => {
    expect(lookupRequest('10.0.0.1', {}).plan.header).toEqual({ rtmFamily: 2, rtmDstLen: 32, rtmSrcLen: 0, rtmTos: 0, rtmFlags: 0x1000 });
    expect(lookupRequest('10.0.0.1', { lookupTable: false }).plan.header.rtmFlags).toBe(0);
    expect(lookupRequest('10.0.0.1', { lookupTable: false, fibMatch: true }).plan.header.rtmFlags).toBe(0x2000);
    expect(lookupRequest('10.0.0.1', { lookupTable: true, fibMatch: false }).plan.header.rtmFlags).toBe(0x1000);
  });

  it('IPv6: 128-bit lengths and no RTM_F_LOOKUP_TABLE (strict checking refuses it)', () => {
    const { plan } = lookupRequest('2001:db8::1', { from: '2001:db8::2', tos: 255 });
    expect(plan.header).toEqual({ rtmFamily: 10, rtmDstLen: 128, rtmSrcLen: 128, rtmTos: 255, rtmFlags: 0 });
    expect(plan.attrs.src).toEqual(Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 2));
    expect(lookupRequest('2001:db8::1', { fibMatch: true }).plan.header.rtmFlags).toBe(0x2000);
  });

  it('mark, uid, ipProto, ports, interfaces within their ranges', () => {
    const { plan, iif } = lookupRequest('10.0.0.1', { mark: 2 ** 32 - 1, uid: 0, ipProto: 255, sport: 0xffff, dport: 0, oif: 'eth0', iif: 4 });
    expect(plan.attrs).toEqual({ dst: Uint8Array.of(10, 0, 0, 1), mark: 2 ** 32 - 1, uid: 0, ipProto: 255, sport: 0xffff, dport: 0 });
    expect(plan.oif).toBe('eth0');
    expect(iif).toBe(4);
    const bad: [object, string][] = [
      [{ mark: 2 ** 32 }, 'mark'], [{ uid: -1 }, 'uid'], [{ ipProto: 256 }, 'ipProto'], [{ sport: 0x10000 }, 'sport'],
      [{ tos: 256 }, 'tos'], [{ oif: 0 }, 'oif'], [{ iif: 'a/b' }, 'iif'], [{ from: '10.0.0.2/24' }, 'from'],
    ];
    for (const [lookup, argument] of bad) expect(refusal(() => lookupRequest('10.0.0.1', lookup)).argument).toBe(argument);
    expect(refusal(() => lookupRequest('ten', {})).argument).toBe('dst');
  });

  it('refuses a prefix, an address of the other family as from, and a lookup that is not an object', () => {
    expect(refusal(() => lookupRequest('2001:db8::/64', {})).message).toBe('dst: a lookup is for one address, not the prefix 2001:db8::/64');
    expect(refusal(() => lookupRequest('10.0.0.1', { from: 'fd00::1' })).message).toBe('from: fd00::1 is IPv6 but 10.0.0.1 is IPv4');
    for (const bad of [null, 'fibmatch']) expect(refusal(() => lookupRequest('10.0.0.1', bad as never)).message).toBe('lookup: expected an object');
  });
});

// MPLS label stacks and RTA_VIA as the planners check them: at most MAX_NEW_LABELS (30, net/mpls/internal.h)
// labels of 20 bits each; struct rtvia's family inet, inet6 or packet (AF_PACKET, a link-layer address).
describe('MPLS labels and via: what is refused, and where', () => {
  it('1..30 labels of 0..2^20-1, as a number, a list or text like 100/200; a stack names the label at fault', () => {
    expect(labelsOf(Array.from({ length: 30 }, (_, i) => i), 'newdst')).toHaveLength(30);
    expect(refusal(() => labelsOf(Array.from({ length: 31 }, (_, i) => i), 'newdst')).message).toBe('newdst: expected 1 to 30 labels, got 31');
    expect(refusal(() => labelsOf([], 'newdst')).message).toBe('newdst: expected 1 to 30 labels, got 0');
    expect(labelsOf('100/200', 'newdst')).toEqual([100, 200]);
    for (const text of ['1a', 'a1', '100/x']) expect(refusal(() => labelsOf(text, 'newdst')).argument).toBe('newdst');
    for (const part of ['x', '1a', 'a1']) expect(refusal(() => labelsOf(`100/${part}`, 'newdst')).message).toBe(`newdst: "${part}" is not an MPLS label`);
    expect(refusal(() => labelsOf([1, 2 ** 20], 'newdst')).argument).toBe('newdst[1]');
    expect(refusal(() => labelsOf(2 ** 20, 'dst')).argument).toBe('dst');
    expect(refusal(() => labelsOf(null, 'dst')).message).toBe('dst: expected an MPLS label, a list of labels or text like "100/200", got null');
    expect(refusal(() => labelsOf({}, 'dst')).message).toBe('dst: expected an MPLS label, a list of labels or text like "100/200", got object');
    expect(refusal(() => labelsOf(true, 'dst')).message).toMatch(/got boolean$/);
  });

  it('via: an object with an address of its family; the refusal names the field', () => {
    for (const bad of [null, 'inet 10.0.0.2']) expect(refusal(() => encodeVia(bad, 'via')).message).toBe('via: expected { family, address }, e.g. { family: "inet", address: "10.0.0.2" }');
    expect(refusal(() => encodeVia({ family: 'inet' }, 'via')).message).toBe('via.address: expected an address string, got undefined');
    expect(refusal(() => encodeVia({ family: 'packet', address: 'zz' }, 'via')).message).toBe('via.address: "zz" is not a link-layer address');
    expect(refusal(() => encodeVia({ family: 'inet', address: 'fd00::1' }, 'via')).message).toBe('via.address: fd00::1 is not an IPv4 address');
    expect(refusal(() => encodeVia({ family: 'inet6', address: '10.0.0.1' }, 'via')).message).toBe('via.address: 10.0.0.1 is not an IPv6 address');
    expect(refusal(() => encodeVia({ family: 'inet', address: 'x' }, 'via')).argument).toBe('via.address');
    expect(refusal(() => encodeVia({ family: 'ipx', address: '1' }, 'via')).message).toBe(`via.family: expected 'inet', 'inet6' or 'packet', got "ipx"`);
  });
});
