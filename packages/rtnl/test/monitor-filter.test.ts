// The monitor's filtering in JS, kind by kind (the kernel only chooses by group): family, interface and
// table as MonitorOptions documents them, for every kind a monitor follows; the options' own checks; and
// the decoder's new/del and interface names for the kinds monitor-decode.test.ts does not cover.
import { AttributeEncoder } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { NotificationDecoder } from '../src/monitor/decode.js';
import { checkMonitorOptions, eventFilter, type MonitorOptions } from '../src/monitor/options.js';
import type { MonitorObjectEvent } from '../src/monitor/events.js';
import { addressPayload, neighbourPayload, rulePayload } from './helpers/fake-namespace.js';

const event = (kind: string, object: Record<string, unknown>) => ({ type: 'new', kind, object }) as unknown as MonitorObjectEvent;
/** Whether the filter for `options` (the interface resolved to index 3, named eth3, when `on3`) passes `e`. */
const passes = (options: MonitorOptions, e: MonitorObjectEvent, on3 = false) => eventFilter(checkMonitorOptions(options), on3 ? 3 : undefined, on3 ? 'eth3' : undefined)(e);

const ALL_KINDS = ['link', 'address', 'route', 'neighbour', 'rule', 'qdisc', 'class', 'filter', 'action', 'nexthop', 'netconf', 'mdb', 'vlan'] as const;

describe('monitor filter, kind by kind', () => {
  it('a kind not asked for never passes', () => {
    for (const kind of ALL_KINDS) {
      const other = ALL_KINDS.find((k) => k !== kind)!;
      expect({ kind, passes: passes({ kinds: [other] }, event(kind, { family: 'inet', ifindex: 3, index: 3 })) }).toEqual({ kind, passes: false });
    }
    // By default only the five object kinds: tc, nexthop, netconf, mdb and vlan are opt-in.
    expect(ALL_KINDS.filter((kind) => passes({}, event(kind, { family: kind === 'link' ? 'unspec' : 'inet', ifindex: 3, index: 3 })))).toEqual(['link', 'address', 'route', 'neighbour', 'rule']);
  });

  it('links: AF_UNSPEC ones, of the interface', () => {
    expect(passes({}, event('link', { family: 'unspec', index: 3 }))).toBe(true);
    expect(passes({}, event('link', { family: 'bridge', index: 3 }))).toBe(false);
    expect(passes({}, event('link', { family: 'unspec', index: 3 }), true)).toBe(true);
    expect(passes({}, event('link', { family: 'unspec', index: 4 }), true)).toBe(false);
  });

  it('addresses, neighbours, netconf: family and interface', () => {
    for (const kind of ['address', 'neighbour', 'netconf'] as const) {
      const kinds = [kind];
      expect(passes({ kinds }, event(kind, { family: 'inet6', ifindex: 3 }))).toBe(true);
      expect(passes({ kinds, family: 'inet6' }, event(kind, { family: 'inet6', ifindex: 3 }))).toBe(true);
      expect(passes({ kinds, family: 'inet' }, event(kind, { family: 'inet6', ifindex: 3 }))).toBe(false);
      expect(passes({ kinds }, event(kind, { family: 'inet', ifindex: 3 }), true)).toBe(true);
      expect(passes({ kinds }, event(kind, { family: 'inet', ifindex: 4 }), true)).toBe(false);
      expect(passes({ kinds, family: 'inet' }, event(kind, { family: 'inet', ifindex: 3 }), true)).toBe(true);
    }
  });

  it('routes: family, table, and an interface as output, input or a next hop', () => {
    const route = (o: Record<string, unknown>) => event('route', { family: 'inet', table: 254, ...o });
    expect(passes({ family: 'inet' }, route({}))).toBe(true);
    expect(passes({ family: 'inet6' }, route({}))).toBe(false);
    expect(passes({ table: 254 }, route({}))).toBe(true);
    expect(passes({ table: 'local' }, route({}))).toBe(false);
    expect(passes({}, route({ oif: 3 }), true)).toBe(true);
    expect(passes({}, route({ iif: 3 }), true)).toBe(true);
    expect(passes({}, route({ oif: 4, multipath: [{ oif: 5 }, { oif: 3 }] }), true)).toBe(true);
    expect(passes({}, route({ oif: 4, multipath: [{ oif: 5 }] }), true)).toBe(false);
    expect(passes({}, route({ oif: 4 }), true)).toBe(false);
    expect(passes({}, route({}), true)).toBe(false);
  });

  it('rules: inet and inet6 only, family, table (none is 0), an interface by the name they give', () => {
    const rule = (o: Record<string, unknown>) => event('rule', { family: 'inet', table: 'main', ...o });
    expect(passes({}, rule({}))).toBe(true);
    expect(passes({}, rule({ family: 'inet6' }))).toBe(true);
    // IPv4 multicast routing's rules (RTNL_FAMILY_IPMR, 128) are not listed by rules.list().
    expect(passes({}, rule({ family: 128 }))).toBe(false);
    expect(passes({ family: 'inet6' }, rule({}))).toBe(false);
    expect(passes({ family: 'inet' }, rule({}))).toBe(true);
    expect(passes({ table: 'main' }, rule({}))).toBe(true);
    expect(passes({ table: 254 }, rule({ table: 254 }))).toBe(true);
    expect(passes({ table: 100 }, rule({}))).toBe(false);
    expect(passes({ table: 0 }, rule({ table: undefined }))).toBe(true);
    expect(passes({ table: 254 }, rule({ table: undefined }))).toBe(false);
    expect(passes({}, rule({ iifname: 'eth3' }), true)).toBe(true);
    expect(passes({}, rule({ oifname: 'eth3' }), true)).toBe(true);
    expect(passes({}, rule({ iifname: 'eth4', oifname: 'eth5' }), true)).toBe(false);
    expect(passes({}, rule({}), true)).toBe(false);
    // Without the interface's name (a filter given by index the start could not name), no rule passes.
    expect(eventFilter(checkMonitorOptions({}), 3, undefined)(rule({ iifname: 'eth3' }))).toBe(false);
  });

  it('qdiscs, classes, filters: the interface; shared actions belong to none', () => {
    for (const kind of ['qdisc', 'class', 'filter'] as const) {
      expect(passes({ kinds: [kind] }, event(kind, { ifindex: 3 }))).toBe(true);
      expect(passes({ kinds: [kind] }, event(kind, { ifindex: 3 }), true)).toBe(true);
      expect(passes({ kinds: [kind] }, event(kind, { ifindex: 4 }), true)).toBe(false);
    }
    expect(passes({ kinds: ['action'] }, event('action', {}))).toBe(true);
    expect(passes({ kinds: ['action'] }, event('action', {}), true)).toBe(false);
  });

  it('nexthops: family, and the interface as oif', () => {
    const kinds = ['nexthop'] as const;
    expect(passes({ kinds }, event('nexthop', { family: 'inet6', oif: 3 }))).toBe(true);
    expect(passes({ kinds, family: 'inet' }, event('nexthop', { family: 'inet6', oif: 3 }))).toBe(false);
    expect(passes({ kinds, family: 'inet6' }, event('nexthop', { family: 'inet6', oif: 3 }))).toBe(true);
    expect(passes({ kinds }, event('nexthop', { family: 'inet', oif: 3 }), true)).toBe(true);
    expect(passes({ kinds }, event('nexthop', { family: 'inet', oif: 4 }), true)).toBe(false);
  });

  it('mdb: the bridge or the port; vlan: the port', () => {
    expect(passes({ kinds: ['mdb'] }, event('mdb', { ifindex: 2, port: 4 }))).toBe(true);
    expect(passes({ kinds: ['mdb'] }, event('mdb', { ifindex: 3, port: 4 }), true)).toBe(true);
    expect(passes({ kinds: ['mdb'] }, event('mdb', { ifindex: 2, port: 3 }), true)).toBe(true);
    expect(passes({ kinds: ['mdb'] }, event('mdb', { ifindex: 2, port: 4 }), true)).toBe(false);
    expect(passes({ kinds: ['vlan'] }, event('vlan', { ifindex: 3 }))).toBe(true);
    expect(passes({ kinds: ['vlan'] }, event('vlan', { ifindex: 3 }), true)).toBe(true);
    expect(passes({ kinds: ['vlan'] }, event('vlan', { ifindex: 4 }), true)).toBe(false);
  });
});

describe('monitor options, checked', () => {
  const refused = (options: unknown, argument: string, message?: RegExp) => {
    let error: unknown;
    try {
      checkMonitorOptions(options as MonitorOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument });
    if (message) expect((error as Error).message).toMatch(message);
  };

  it('refuses each bad option by name, with what it expects', () => {
    refused(null, 'options', /expected an object/);
    refused('route', 'options', /expected an object/);
    refused({ kinds: 'route' }, 'options.kinds', /non-empty list of link, address, route, neighbour, rule, qdisc, class, filter, action, nexthop, netconf, mdb, vlan$/);
    refused({ kinds: ['route', 'mroute'] }, 'options.kinds', /unknown kind "mroute"; expected link, address, route, neighbour, rule, qdisc, class, filter, action, nexthop, netconf, mdb, vlan$/);
    refused({ family: 'bridge' }, 'options.family', /expected 'inet' or 'inet6', got "bridge"/);
    refused({ interface: 'eth0/1' }, 'options.interface');
    refused({ interface: -1 }, 'options.interface');
    refused({ table: 'nope' }, 'options.table');
    refused({ names: 'yes' }, 'options.names', /expected a boolean/);
    refused({ receiveBufferSize: 2 ** 31 }, 'options.receiveBufferSize');
    refused({ highWaterMark: 0 }, 'options.highWaterMark');
    refused({ highWaterMark: 1.5 }, 'options.highWaterMark');
    refused({ signal: 'stop' }, 'options.signal', /expected an AbortSignal/);
    refused({ kind: 'route' }, 'options.kind', /unknown option; expected kinds, family, interface, table, names, receiveBufferSize, highWaterMark, signal$/);
  });

  it('takes good ones as given, with their defaults', () => {
    const signal = new AbortController().signal;
    expect(checkMonitorOptions({ kinds: ['qdisc', 'vlan'], family: 'inet6', interface: 'eth0', table: 'local', names: false, receiveBufferSize: 1, highWaterMark: 0x7fff_ffff, signal })).toEqual({
      kinds: new Set(['qdisc', 'vlan']),
      family: 'inet6',
      interface: 'eth0',
      table: 255,
      names: false,
      receiveBufferSize: 1,
      highWaterMark: 0x7fff_ffff,
      signal,
    });
    expect(checkMonitorOptions({ interface: 7, names: true })).toEqual({
      kinds: new Set(['link', 'address', 'route', 'neighbour', 'rule']),
      family: undefined,
      interface: 7,
      table: undefined,
      names: true,
      receiveBufferSize: undefined,
      highWaterMark: undefined,
      signal: undefined,
    });
    expect(checkMonitorOptions({}, 'monitor').names).toBe(true);
    expect(() => checkMonitorOptions({ kinds: [] }, 'monitor')).toThrow(expect.objectContaining({ argument: 'monitor.kinds' }));
  });
});

describe('NotificationDecoder, kind by kind', () => {
  // Message types: linux/rtnetlink.h (checked with gcc): NEW then DEL of each kind.
  const TYPES = { address: [20, 21], neighbour: [28, 29], rule: [32, 33], nexthop: [104, 105], netconf: [80, 81] } as const;
  const header = (bytes: number[], attrs: AttributeEncoder) => {
    const body = attrs.finish();
    const out = new Uint8Array(bytes.length + body.length);
    out.set(bytes);
    out.set(body, bytes.length);
    return out;
  };
  const payloads = {
    address: addressPayload(3, [10, 0, 0, 1], 24),
    neighbour: neighbourPayload(3, [10, 0, 0, 2], [2, 0, 0, 0, 0, 2]),
    rule: rulePayload(100, 100),
    // nhmsg (8 bytes, linux/nexthop.h): AF_INET; NHA_ID 1, NHA_OIF 5.
    nexthop: header([2, 0, 4, 0, 0, 0, 0, 0], new AttributeEncoder().u32(1, 7).u32(5, 3)),
    // netconfmsg (1 byte, aligned to 4, linux/netconf.h): AF_INET; NETCONFA_IFINDEX 1, NETCONFA_FORWARDING 2.
    netconf: header([2, 0, 0, 0], new AttributeEncoder().s32(1, 3).s32(2, 1)),
  };
  const decode = (decoder: NotificationDecoder, type: number, payload: Uint8Array) => decoder.decodeAt(type, payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);

  it('tells new from deleted, and names the interface when names are kept', () => {
    const named = new NotificationDecoder(new Map([[3, 'eth3']]));
    const unnamed = new NotificationDecoder(undefined);
    for (const [kind, [created, deleted]] of Object.entries(TYPES)) {
      const payload = payloads[kind as keyof typeof payloads];
      expect({ kind, event: decode(named, created, payload) }).toMatchObject({ kind, event: { type: 'new', kind } });
      expect({ kind, event: decode(named, deleted, payload) }).toMatchObject({ kind, event: { type: 'del', kind } });
      if (kind === 'rule') continue;
      expect({ kind, dev: (decode(named, created, payload)!.object as unknown as Record<string, unknown>).dev }).toEqual({ kind, dev: 'eth3' });
      expect({ kind, dev: (decode(unnamed, created, payload)!.object as unknown as Record<string, unknown>).dev }).toEqual({ kind, dev: undefined });
    }
  });
});

describe('NotificationDecoder, mdb', () => {
  // The first entry of a real 6.18 MDB dump (bridge-replay.test.ts: br0 (4), port v1 (2), group ff0e::5
  // permanent, protocol static), as the one entry an RTM_NEWMDB/RTM_DELMDB notification carries
  // (br_mdb_notify): br_port_msg, MDBA_MDB > MDBA_MDB_ENTRY > MDBA_MDB_ENTRY_INFO (struct br_mdb_entry,
  // then MDBA_MDB_EATTR_TIMER and MDBA_MDB_EATTR_RTPROT), linux/if_bridge.h.
  const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
  const entry = hex('0000000004000000' + '38000100' + '34000100' + '30000100' + '02000000' + '01' + '00' + '0000' + 'ff0e0000000000000000000000000005' + '86dd0000' + '0800010000000000' + '0500050004000000');
  const RTM_NEWMDB = 84;
  const RTM_DELMDB = 85;
  const decode = (decoder: NotificationDecoder, type: number, payload: Uint8Array) => decoder.decodeAt(type, payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);

  it('a notification is its one entry, new or deleted, with names; none without an entry', () => {
    const decoder = new NotificationDecoder(new Map([[2, 'v1'], [4, 'br0']]));
    expect(decode(decoder, RTM_NEWMDB, entry)).toMatchObject({ type: 'new', kind: 'mdb', object: { ifindex: 4, dev: 'br0', port: 2, portDev: 'v1', group: 'ff0e::5', state: 'permanent', protocol: 'static' } });
    expect(decode(decoder, RTM_DELMDB, entry)).toMatchObject({ type: 'del', kind: 'mdb', object: { group: 'ff0e::5' } });
    expect((decode(new NotificationDecoder(undefined), RTM_NEWMDB, entry)!.object as { dev?: string }).dev).toBeUndefined();
    expect(decode(decoder, RTM_NEWMDB, entry.subarray(0, 8))).toBeUndefined();
  });
});
