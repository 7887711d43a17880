// The mirror against a fake namespace (no root): its options are refused before anything is sent, its
// tables answer lookups with what list() would return (objects ip leaves out are left out), notifications
// change it and say so once, link changes the kernel does not report for what depends on them make it
// list those kinds again, and until()/close() keep their word. Payloads and numbers: helpers/fake-namespace.ts.
import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortError, SocketClosedError, TimeoutError } from '@linx/netlink-socket';
import { NLM_F_APPEND, NLM_F_DUMP, NLM_F_REPLACE, type NetlinkMessage } from '@linx/netlink-wire';
import type { FakeDatagram } from '@linx/netlink-socket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, Rtnl, type Mirror, type ObjectEvent } from '../src/index.js';
import { GROUP, RTM, addressPayload, fakeNamespace, linkWith, neighbourPayload, routePayload, rulePayload } from './helpers/fake-namespace.js';

/** RTM_F_CLONED (linux/rtnetlink.h), NTF_PROXY (linux/neighbour.h), NUD_REACHABLE. */
const RTM_F_CLONED = 0x200;
const NTF_PROXY = 0x08;
const NUD_REACHABLE = 0x02;
/** AF_BRIDGE; RTNL_FAMILY_IPMR (IPv4 multicast routing's rules), linux/rtnetlink.h. */
const AF_BRIDGE = 7;
const RTNL_FAMILY_IPMR = 128;

/** The dumps of addresses, routes, neighbours and rules among `requests`, in order (link dumps also name their objects). */
const kindDumps = (requests: readonly NetlinkMessage[]) => requests.filter((r) => (r.flags & NLM_F_DUMP) !== 0 && r.type !== RTM.GETLINK).map((r) => r.type);

/** IFF_UP, IFF_LOWER_UP (linux/if.h). */
const IFF_UP = 0x1;
const IFF_LOWER_UP = 0x10000;

const u32 = (value: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
};

/** `payload` with one more attribute (struct nlattr: u16 length, u16 type, then the value padded to 4 bytes). */
function withAttribute(payload: Uint8Array, type: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 4 + ((value.length + 3) & ~3));
  out.set(payload);
  const view = new DataView(out.buffer);
  view.setUint16(payload.length, 4 + value.length, true);
  view.setUint16(payload.length + 2, type, true);
  out.set(value, payload.length + 4);
  return out;
}

function populated(hook?: Parameters<typeof fakeNamespace>[0]) {
  const ns = fakeNamespace(hook);
  const { tables } = ns;
  tables.links.set(3, linkWith(3, 'eth1', { up: true }));
  tables.addresses.set('a1', addressPayload(2, [10, 0, 0, 1], 24));
  tables.addresses.set('a6', addressPayload(2, [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 64));
  tables.addresses.set('b1', addressPayload(3, [10, 1, 0, 1], 24));
  tables.routes.set('default', routePayload([0, 0, 0, 0], 0, { oif: 2, gateway: [10, 0, 0, 254] }));
  tables.routes.set('t100', routePayload([10, 9, 0, 0], 16, { oif: 3, table: 100 }));
  tables.routes.set('host', routePayload([10, 0, 0, 5], 32, { oif: 2 }));
  tables.routes.set('cloned', routePayload([10, 0, 0, 6], 32, { oif: 2, flags: RTM_F_CLONED }));
  tables.routes.set('default6', routePayload(new Array(16).fill(0), 0, { oif: 2, priority: 1024 }));
  tables.neighbours.set('gw', neighbourPayload(2, [10, 0, 0, 254], [2, 0, 0, 0, 0, 1]));
  tables.neighbours.set('n9', neighbourPayload(3, [10, 1, 0, 9], [2, 0, 0, 0, 0, 9], { state: NUD_REACHABLE }));
  tables.neighbours.set('proxy', neighbourPayload(2, [10, 0, 0, 77], [2, 0, 0, 0, 0, 7], { flags: NTF_PROXY }));
  tables.rules.set(32766, rulePayload(32766, 254));
  tables.rules.set(100, rulePayload(100, 100));
  tables.rules.set(32767, rulePayload(32767, 253));
  tables.rules.set('ipmr', rulePayload(0, 254, RTNL_FAMILY_IPMR));
  return ns;
}

async function started(ns: ReturnType<typeof fakeNamespace> = populated(), options: Parameters<Rtnl['mirror']>[0] = {}) {
  const rtnl = new Rtnl(ns.connection());
  const mirror = await rtnl.mirror(options);
  const changes: string[] = [];
  const resyncs: unknown[] = [];
  mirror.on('change', (event: ObjectEvent) => changes.push(`${event.type} ${event.kind} ${summary(event)}`));
  mirror.on('resync', (event: unknown) => resyncs.push(event));
  opened.push(rtnl);
  return { ...ns, rtnl, mirror, changes, resyncs };
}

/** Handles a test opened, closed after it (their mirrors with them: each mirrors on its handle's connection). */
const opened: Rtnl[] = [];
afterEach(() => {
  for (const rtnl of opened.splice(0)) rtnl.close();
});

function summary(event: ObjectEvent): string {
  const o = event.object as unknown as Record<string, unknown>;
  switch (event.kind) {
    case 'link':
      return `${o.index} ${o.ifname}`;
    case 'address':
      return `${o.local}/${o.prefixlen}`;
    case 'route':
      return `${o.dst}/${o.dstLen} ${o.gateway ?? ''}`.trim();
    case 'neighbour':
      return `${o.dst}`;
    case 'rule':
      return `${o.priority}`;
  }
}

/** Resolves once `condition` holds, checked every few ms (the 10 s cap only guards against a hang). */
async function eventually(condition: () => boolean): Promise<void> {
  for (const end = Date.now() + 10_000; !condition(); await sleep(2)) if (Date.now() > end) throw new Error(`not met: ${condition}`);
}

/** Once every notification queued is read and applied (the fake kernel hands batches over on setImmediate). */
async function delivered(kernel: { backlog: number }): Promise<void> {
  await eventually(() => kernel.backlog === 0);
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Time for a wrong re-listing (20 ms after a link change) to show, before asserting there was none. */
const quiet = () => sleep(60);

describe('mirror options (fake kernel)', () => {
  it('are refused by name before anything is sent', async () => {
    const ns = fakeNamespace();
    const rtnl = new Rtnl(ns.connection());
    const refused = async (options: unknown, argument: string) => {
      const error = await rtnl.mirror(options as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    };
    await refused(null, 'options');
    await expect(rtnl.mirror('all' as never)).rejects.toThrow('options: expected an object');
    await refused('all', 'options');
    await refused({ kind: ['route'] }, 'options.kind');
    await expect(rtnl.mirror({ kind: ['route'] } as never)).rejects.toThrow('options.kind: unknown option; expected kinds, receiveBufferSize, signal');
    await refused({ kinds: [] }, 'options.kinds');
    await refused({ kinds: ['qdisc'] }, 'options.kinds');
    await refused({ receiveBufferSize: 0 }, 'options.receiveBufferSize');
    await refused({ signal: { aborted: false } }, 'options.signal');
    await expect(rtnl.mirror({ signal: {} as AbortSignal })).rejects.toThrow('options.signal: expected an AbortSignal');
    await expect(rtnl.mirror({ receiveBufferSize: 1 << 20 })).rejects.toThrow('options.receiveBufferSize: a handle made around an existing connection mirrors on that connection, whose buffer is set already');
    // A handle made around a connection mirrors on it: its buffer is not the mirror's to set.
    await refused({ receiveBufferSize: 1 << 20 }, 'options.receiveBufferSize');
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(rtnl.mirror({ signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(ns.kernel.requests).toEqual([]);
    expect([...ns.kernel.groups]).toEqual([]);
    rtnl.close();
  });

  it('joins the groups of its kinds and always the link group (RTNLGRP_* of linux/rtnetlink.h)', async () => {
    const all = await started();
    expect([...all.kernel.groups].sort((a, b) => a - b)).toEqual([GROUP.LINK, GROUP.NEIGH, GROUP.IPV4_IFADDR, GROUP.IPV4_ROUTE, GROUP.IPV4_RULE, GROUP.IPV6_IFADDR, GROUP.IPV6_ROUTE, GROUP.IPV6_RULE]);
    const routes = await started(populated(), { kinds: ['route'] });
    expect([...routes.kernel.groups].sort((a, b) => a - b)).toEqual([GROUP.LINK, GROUP.IPV4_ROUTE, GROUP.IPV6_ROUTE]);
    // Only what it mirrors is listed: links and routes (and links again for the routes' names).
    expect(new Set(routes.kernel.requests.map((r) => r.type))).toEqual(new Set([RTM.GETLINK, RTM.GETROUTE]));
    expect([routes.mirror.addresses.size, routes.mirror.neighbours.size, routes.mirror.rules.size]).toEqual([0, 0, 0]);
  });
});

describe('mirror tables (fake kernel)', () => {
  it('look up links, addresses, routes, neighbours and rules as list() returns them, without what ip leaves out', async () => {
    const m = await started();
    const { mirror } = m;
    expect(mirror.links.size).toBe(3);
    expect(mirror.links.get('eth1')?.index).toBe(3);
    expect(mirror.links.get(2)?.ifname).toBe('eth0');
    expect(mirror.links.get('eth9')).toBeUndefined();
    expect(mirror.links.get(9)).toBeUndefined();
    expect([...mirror.links].map((l) => l.ifname)).toEqual(['lo', 'eth0', 'eth1']);

    expect(mirror.addresses.of('eth0').map((a) => a.local)).toEqual(['10.0.0.1', 'fe80::1']);
    expect(mirror.addresses.of('eth0', 'inet6').map((a) => a.local)).toEqual(['fe80::1']);
    expect(mirror.addresses.of('eth0', 'inet').map((a) => a.local)).toEqual(['10.0.0.1']);
    expect(mirror.addresses.of(3).map((a) => a.local)).toEqual(['10.1.0.1']);
    expect(mirror.addresses.of('eth9')).toEqual([]);
    expect(mirror.addresses.of('eth1')[0]!.dev).toBe('eth1');

    // The cloned route (a cache entry) is not listed by ip, nor mirrored.
    expect(mirror.routes.size).toBe(4);
    expect(mirror.routes.inTable('main').map((r) => `${r.family} ${r.dst}/${r.dstLen}`).sort()).toEqual(['inet 0.0.0.0/0', 'inet 10.0.0.5/32', 'inet6 ::/0']);
    expect(mirror.routes.inTable(254, 'inet6').map((r) => r.dstLen)).toEqual([0]);
    expect(mirror.routes.inTable(100).map((r) => r.dst)).toEqual(['10.9.0.0']);
    expect(mirror.routes.inTable(100, 'inet6')).toEqual([]);
    expect(mirror.routes.get('default').map((r) => [r.family, r.gateway])).toEqual([['inet', '10.0.0.254']]);
    expect(mirror.routes.get('default', { family: 'inet6' }).map((r) => r.family)).toEqual(['inet6']);
    expect(mirror.routes.get('default', { table: 100 })).toEqual([]);
    expect(mirror.routes.get('10.9.0.0/16')).toEqual([]);
    expect(mirror.routes.get('10.9.0.0/16', { table: 100 }).map((r) => r.dev)).toEqual(['eth1']);
    expect(mirror.routes.get('10.9.0.0/24', { table: 100 })).toEqual([]);
    // A bare address is a host route.
    expect(mirror.routes.get('10.0.0.5').map((r) => r.dstLen)).toEqual([32]);
    expect(mirror.routes.get('10.0.0.6')).toEqual([]);
    expect(() => mirror.routes.get(5 as unknown as string)).toThrow(new InvalidArgumentError('prefix', 'expected a prefix or "default"'));
    // Bad arguments are named as the lookups name them.
    expect(() => mirror.routes.get('10.0.0.0/33')).toThrow(expect.objectContaining({ argument: 'prefix' }));
    expect(() => mirror.routes.get('10.0.0.0/8', { table: 'nope' as never })).toThrow(expect.objectContaining({ argument: 'where.table' }));
    expect(() => mirror.routes.inTable('nope' as never)).toThrow(expect.objectContaining({ argument: 'table' }));

    // The proxy entry is not listed by ip neigh, nor mirrored.
    expect(mirror.neighbours.size).toBe(2);
    expect(mirror.neighbours.of('eth0').map((n) => n.dst)).toEqual(['10.0.0.254']);
    expect(mirror.neighbours.of(3).map((n) => n.dst)).toEqual(['10.1.0.9']);
    expect(mirror.neighbours.of('eth9')).toEqual([]);
    expect(mirror.neighbours.get('eth1', '10.1.0.9')?.lladdr).toBe('02:00:00:00:00:09');
    expect(mirror.neighbours.get('eth0', '10.1.0.9')).toBeUndefined();

    // Rules in the kernel's order (by priority), IPv4 multicast routing's left out.
    expect(mirror.rules.list().map((r) => r.priority)).toEqual([100, 32766, 32767]);
    expect(mirror.rules.size).toBe(3);
  });
});

describe('mirror changes (fake kernel)', () => {
  it('applies notifications and emits each change once; objects ip leaves out change nothing', async () => {
    const m = await started();
    const { mirror, notify, changes } = m;
    const address = addressPayload(3, [10, 1, 0, 2], 24);
    notify(GROUP.IPV4_IFADDR, RTM.NEWADDR, address);
    notify(GROUP.IPV4_IFADDR, RTM.NEWADDR, address);
    notify(GROUP.NEIGH, RTM.NEWNEIGH, neighbourPayload(3, [10, 1, 0, 7], [2, 0, 0, 0, 0, 7]));
    notify(GROUP.NEIGH, RTM.NEWNEIGH, neighbourPayload(3, [10, 1, 0, 8], [2, 0, 0, 0, 0, 8], { flags: NTF_PROXY }));
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 1, 0, 9], 32, { oif: 3, flags: RTM_F_CLONED }));
    notify(GROUP.IPV4_RULE, RTM.NEWRULE, rulePayload(200, 200));
    notify(GROUP.IPV4_RULE, RTM.NEWRULE, rulePayload(300, 254, RTNL_FAMILY_IPMR));
    notify(GROUP.LINK, RTM.NEWLINK, linkWith(3, 'eth1', { up: true, family: AF_BRIDGE }));
    await delivered(m.kernel);
    expect(changes).toEqual(['new address 10.1.0.2/24', 'new neighbour 10.1.0.7', 'new rule 200']);
    expect(mirror.addresses.of('eth1').map((a) => a.local)).toEqual(['10.1.0.1', '10.1.0.2']);
    expect(mirror.neighbours.of('eth1').map((n) => n.dst)).toEqual(['10.1.0.9', '10.1.0.7']);
    expect(mirror.rules.list().map((r) => r.priority)).toEqual([100, 200, 32766, 32767]);

    // A changed entry is a change; a deletion is one, once.
    notify(GROUP.NEIGH, RTM.NEWNEIGH, neighbourPayload(3, [10, 1, 0, 7], [2, 0, 0, 0, 0, 0x17]));
    notify(GROUP.IPV4_IFADDR, RTM.DELADDR, address);
    notify(GROUP.IPV4_IFADDR, RTM.DELADDR, address);
    notify(GROUP.IPV4_RULE, RTM.DELRULE, rulePayload(200, 200));
    await delivered(m.kernel);
    await quiet();
    expect(changes.slice(3)).toEqual(['new neighbour 10.1.0.7', 'del address 10.1.0.2/24', 'del rule 200']);
    expect(mirror.neighbours.get('eth1', '10.1.0.7')?.lladdr).toBe('02:00:00:00:00:17');
    expect(mirror.addresses.of('eth1').map((a) => a.local)).toEqual(['10.1.0.1']);
    expect(m.resyncs).toEqual([]);
  });

  it('a kind it does not mirror changes nothing', async () => {
    const m = await started(populated(), { kinds: ['route'] });
    // Delivered straight to the socket, as if the group had been joined.
    m.kernel.deliver({ group: GROUP.IPV4_IFADDR, messages: [{ type: RTM.NEWADDR, payload: addressPayload(3, [10, 1, 0, 2], 24) }] });
    await delivered(m.kernel);
    expect(m.changes).toEqual([]);
    expect(m.mirror.addresses.size).toBe(0);
  });

  it('a renamed link: its addresses and routes name it anew, and rules are listed again', async () => {
    const m = await started();
    const { mirror, notify, tables } = m;
    tables.links.set(3, linkWith(3, 'wan0', { up: true }));
    notify(GROUP.LINK, RTM.NEWLINK, tables.links.get(3)!);
    await eventually(() => m.resyncs.length === 1 && mirror.links.get('wan0') !== undefined);
    expect(m.changes).toEqual(['new link 3 wan0']);
    expect(mirror.links.get('wan0')?.index).toBe(3);
    expect(mirror.addresses.of('wan0').map((a) => a.dev)).toEqual(['wan0']);
    expect(mirror.routes.inTable(100).map((r) => r.dev)).toEqual(['wan0']);
    expect(mirror.neighbours.of('wan0').map((n) => n.dst)).toEqual(['10.1.0.9']);
    // What is on other links keeps their names.
    expect(mirror.addresses.of('eth0').map((a) => a.dev)).toEqual(['eth0', 'eth0']);
    expect(mirror.routes.inTable('main').map((r) => r.dev)).toEqual(['eth0', 'eth0', 'eth0']);
    expect(m.resyncs).toEqual([{ reason: 'link', kinds: ['rule'] }]);
    expect(mirror.resyncs).toBe(1);
  });

  it('a link whose carrier changes makes routes and neighbours be listed again; the same link again changes nothing', async () => {
    const m = await started();
    const { notify, tables } = m;
    notify(GROUP.LINK, RTM.NEWLINK, tables.links.get(3)!);
    await delivered(m.kernel);
    await quiet();
    expect([m.changes, m.resyncs]).toEqual([[], []]);
    // Down: the kernel flushes its IPv4 routes without a word; here the listing shows them gone.
    tables.links.set(3, linkWith(3, 'eth1'));
    tables.routes.delete('t100');
    notify(GROUP.LINK, RTM.NEWLINK, tables.links.get(3)!);
    await eventually(() => m.resyncs.length === 1 && m.mirror.routes.inTable(100).length === 0);
    expect(m.resyncs).toEqual([{ reason: 'link', kinds: ['route', 'neighbour'] }]);
    expect(m.changes).toEqual(['new link 3 eth1', 'del route 10.9.0.0/16']);
    expect(m.mirror.routes.inTable(100)).toEqual([]);
  });

  it('a new link makes rules be listed again; a deleted one routes, neighbours and rules', async () => {
    const m = await started();
    const { notify, tables } = m;
    tables.links.set(4, linkWith(4, 'eth2'));
    notify(GROUP.LINK, RTM.NEWLINK, tables.links.get(4)!);
    await eventually(() => m.resyncs.length === 1);
    expect(m.resyncs).toEqual([{ reason: 'link', kinds: ['rule'] }]);
    const gone = tables.links.get(3)!;
    tables.links.delete(3);
    tables.addresses.delete('b1');
    tables.routes.delete('t100');
    tables.neighbours.delete('n9');
    notify(GROUP.LINK, RTM.DELLINK, gone);
    // Deleting a link the mirror does not have changes nothing.
    notify(GROUP.LINK, RTM.DELLINK, linkWith(9, 'eth9'));
    await eventually(() => m.resyncs.length === 2 && m.mirror.routes.inTable(100).length === 0 && m.mirror.neighbours.size === 1);
    expect(m.resyncs.slice(1)).toEqual([{ reason: 'link', kinds: ['route', 'neighbour', 'rule'] }]);
    expect(m.changes).toEqual(['new link 4 eth2', 'del link 3 eth1', 'del route 10.9.0.0/16', 'del neighbour 10.1.0.9']);
    expect(m.mirror.links.get(3)).toBeUndefined();
  });

  it('a replace names the place: the one route there gives way; a deletion by place takes the one route there', async () => {
    const m = await started();
    const { notify, mirror } = m;
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 1] }));
    await delivered(m.kernel);
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 5, 0, 0], 24, { oif: 3, gateway: [10, 1, 0, 1] }), NLM_F_REPLACE);
    await delivered(m.kernel);
    expect(mirror.routes.get('10.5.0.0/24').map((r) => r.gateway)).toEqual(['10.1.0.1']);
    // Without NLM_F_REPLACE, a second route at the same place is added beside it (ip route append).
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 2] }));
    await delivered(m.kernel);
    expect(mirror.routes.get('10.5.0.0/24').map((r) => r.gateway).sort()).toEqual(['10.0.0.2', '10.1.0.1']);
    expect(m.changes).toEqual(['new route 10.5.0.0/24 10.0.0.1', 'del route 10.5.0.0/24 10.0.0.1', 'new route 10.5.0.0/24 10.1.0.1', 'new route 10.5.0.0/24 10.0.0.2']);
    // A deletion naming the route exactly takes that one.
    notify(GROUP.IPV4_ROUTE, RTM.DELROUTE, routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 2] }));
    await delivered(m.kernel);
    expect(mirror.routes.get('10.5.0.0/24').map((r) => r.gateway)).toEqual(['10.1.0.1']);
    // One naming only the place (no next hop) takes the one route there.
    notify(GROUP.IPV4_ROUTE, RTM.DELROUTE, routePayload([10, 5, 0, 0], 24));
    await delivered(m.kernel);
    expect(mirror.routes.get('10.5.0.0/24')).toEqual([]);
    expect(m.changes.slice(4)).toEqual(['del route 10.5.0.0/24 10.0.0.2', 'del route 10.5.0.0/24 10.1.0.1']);
    // Nothing there: nothing happens.
    notify(GROUP.IPV4_ROUTE, RTM.DELROUTE, routePayload([10, 5, 0, 0], 24));
    await delivered(m.kernel);
    await quiet();
    expect(m.changes).toHaveLength(6);
    expect(m.resyncs).toEqual([]);
  });

  it('replaced twice, a route leaves only the last one (the place keeps the route that took it)', async () => {
    const m = await started();
    const { notify, mirror } = m;
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 1] }));
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 2] }), NLM_F_REPLACE);
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 3] }), NLM_F_REPLACE);
    await delivered(m.kernel);
    expect(mirror.routes.get('10.5.0.0/24').map((r) => r.gateway)).toEqual(['10.0.0.3']);
    expect(m.changes).toEqual([
      'new route 10.5.0.0/24 10.0.0.1',
      'del route 10.5.0.0/24 10.0.0.1',
      'new route 10.5.0.0/24 10.0.0.2',
      'del route 10.5.0.0/24 10.0.0.2',
      'new route 10.5.0.0/24 10.0.0.3',
    ]);
  });

  it('a replace or deletion at a place that holds several routes is ambiguous: the routes are listed again', async () => {
    const m = await started();
    const { notify, mirror, tables } = m;
    const a = routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 1] });
    const b = routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 2] });
    tables.routes.set('a', a);
    tables.routes.set('b', b);
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, a);
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, b);
    await delivered(m.kernel);
    expect(mirror.routes.get('10.5.0.0/24')).toHaveLength(2);
    tables.routes.delete('a');
    notify(GROUP.IPV4_ROUTE, RTM.DELROUTE, routePayload([10, 5, 0, 0], 24));
    await eventually(() => m.resyncs.length === 1 && mirror.routes.get('10.5.0.0/24').length === 1);
    expect(m.resyncs).toEqual([{ reason: 'ambiguous', kinds: ['route'] }]);
    expect(mirror.routes.get('10.5.0.0/24').map((r) => r.gateway)).toEqual(['10.0.0.2']);
    const c = routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 3] });
    tables.routes.set('a', a);
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, a);
    await delivered(m.kernel);
    tables.routes.delete('a');
    tables.routes.set('b', c);
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, c, NLM_F_REPLACE);
    await eventually(() => m.resyncs.length === 2 && mirror.routes.get('10.5.0.0/24').length === 1);
    expect(m.resyncs).toEqual([
      { reason: 'ambiguous', kinds: ['route'] },
      { reason: 'ambiguous', kinds: ['route'] },
    ]);
    expect(mirror.routes.get('10.5.0.0/24').map((r) => r.gateway)).toEqual(['10.0.0.3']);
  });

  it('IPv6 next hops appended (NLM_F_APPEND) or a multipath route arrive as the hops that changed: routes are listed again; IPv4 ones are not', async () => {
    const m = await started();
    const { notify, mirror } = m;
    const v6 = (gateway: number) => routePayload([0x20, 0x01, 0x0d, 0xb8, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 64, { oif: 2, priority: 1024, gateway: [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, gateway] });
    // Plain IPv6 and IPv4 notifications, and an IPv4 one with NLM_F_APPEND (ip route append): followed as they are.
    notify(GROUP.IPV6_ROUTE, RTM.NEWROUTE, v6(1));
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 1] }));
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 2] }), NLM_F_APPEND);
    await delivered(m.kernel);
    await quiet();
    expect(m.resyncs).toEqual([]);
    expect(mirror.routes.get('10.5.0.0/24').map((r) => r.gateway).sort()).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(mirror.routes.get('2001:db8:9::/64').map((r) => r.gateway)).toEqual(['fe80::1']);
    // An IPv6 hop appended: the notification carries that hop alone, so the route is listed again.
    m.tables.routes.set('v6', v6(1));
    notify(GROUP.IPV6_ROUTE, RTM.NEWROUTE, v6(2), NLM_F_APPEND);
    await eventually(() => m.resyncs.length === 1);
    expect(m.resyncs).toEqual([{ reason: 'ambiguous', kinds: ['route'] }]);
    // An IPv6 notification with RTA_MULTIPATH (9): one rtnexthop (len 16, flags 0, hops 0, ifindex 2) with RTA_GATEWAY (5) fe80::3.
    await eventually(() => mirror.routes.get('2001:db8:9::/64').length === 1);
    const hop = new Uint8Array(8 + 20);
    const view = new DataView(hop.buffer);
    view.setUint16(0, 28, true);
    view.setInt32(4, 2, true);
    view.setUint16(8, 20, true);
    view.setUint16(10, 5, true);
    hop.set([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], 12);
    const multipath = routePayload([0x20, 0x01, 0x0d, 0xb8, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 64, { priority: 1024 });
    const withHops = new Uint8Array(multipath.length + 4 + hop.length);
    withHops.set(multipath);
    new DataView(withHops.buffer).setUint16(multipath.length, 4 + hop.length, true);
    new DataView(withHops.buffer).setUint16(multipath.length + 2, 9, true);
    withHops.set(hop, multipath.length + 4);
    notify(GROUP.IPV6_ROUTE, RTM.NEWROUTE, withHops);
    await eventually(() => m.resyncs.length === 2);
    expect(m.resyncs[1]).toEqual({ reason: 'ambiguous', kinds: ['route'] });
  });

  it('each carrier flag alone (IFF_RUNNING, IFF_LOWER_UP, IFF_UP of linux/if.h) makes routes and neighbours be listed again', async () => {
    const m = await started();
    const { notify, tables } = m;
    // eth1 is up, running and lower-up; each notification clears one more of the three.
    for (const [i, flags] of [IFF_UP | IFF_LOWER_UP, IFF_UP, 0].entries()) {
      const payload = linkWith(3, 'eth1');
      new DataView(payload.buffer, payload.byteOffset).setUint32(8, flags, true);
      tables.links.set(3, payload);
      notify(GROUP.LINK, RTM.NEWLINK, payload);
      await eventually(() => m.resyncs.length === i + 1);
    }
    expect(m.resyncs).toEqual(new Array(3).fill({ reason: 'link', kinds: ['route', 'neighbour'] }));
    // Each listing dumps just those two kinds (and the links before each, to name their objects: not the links the mirror holds).
    await eventually(() => kindDumps(m.kernel.requests).length === 10);
    await quiet();
    const dumps = m.kernel.requests.filter((r) => (r.flags & NLM_F_DUMP) !== 0).map((r) => r.type);
    expect(dumps.slice(8)).toEqual(new Array(3).fill([RTM.GETLINK, RTM.GETROUTE, RTM.GETLINK, RTM.GETNEIGH]).flat());
  });

  it('kinds asked for with several reasons are listed together, under the strongest reason (ambiguous over link)', async () => {
    const m = await started();
    const { tables, mirror } = m;
    const a = routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 1] });
    const b = routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 2] });
    tables.routes.set('a', a);
    tables.routes.set('b', b);
    m.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, a);
    m.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, b);
    await delivered(m.kernel);
    expect(mirror.routes.get('10.5.0.0/24')).toHaveLength(2);
    // In one datagram: a deletion by place where two routes are (ambiguous: routes at once), then eth1
    // going down (link: routes and neighbours after 20 ms). One listing takes both.
    tables.routes.delete('a');
    const down = linkWith(3, 'eth1');
    tables.links.set(3, down);
    m.kernel.deliver({
      group: GROUP.LINK,
      messages: [
        { type: RTM.DELROUTE, payload: routePayload([10, 5, 0, 0], 24) },
        { type: RTM.NEWLINK, payload: down },
      ],
    });
    await eventually(() => m.resyncs.length === 1 && mirror.routes.get('10.5.0.0/24').length === 1);
    await quiet();
    expect(m.resyncs).toEqual([{ reason: 'ambiguous', kinds: ['route', 'neighbour'] }]);
  });

  it('a renamed link: the input interface of routes and the devices of their next hops name it anew', async () => {
    const ns = populated();
    // RTA_IIF (3) = 3: a route matching packets that come in on eth1.
    ns.tables.routes.set('iif', withAttribute(routePayload([10, 7, 0, 0], 24, { oif: 2 }), 3, u32(3)));
    // RTA_MULTIPATH (9): two rtnexthops (8 bytes: len, flags, hops, ifindex) out of eth0 and eth1.
    const hops = new Uint8Array(16);
    const view = new DataView(hops.buffer);
    view.setUint16(0, 8, true);
    view.setInt32(4, 2, true);
    view.setUint16(8, 8, true);
    view.setInt32(12, 3, true);
    ns.tables.routes.set('multipath', withAttribute(routePayload([10, 8, 0, 0], 24), 9, hops));
    const m = await started(ns);
    expect(m.mirror.routes.get('10.7.0.0/24').map((r) => r.iifName)).toEqual(['eth1']);
    m.tables.links.set(3, linkWith(3, 'wan0', { up: true }));
    m.notify(GROUP.LINK, RTM.NEWLINK, m.tables.links.get(3)!);
    await eventually(() => m.mirror.links.get('wan0') !== undefined);
    expect(m.mirror.routes.get('10.7.0.0/24').map((r) => [r.dev, r.iifName])).toEqual([['eth0', 'wan0']]);
    expect(m.mirror.routes.get('10.8.0.0/24').map((r) => r.multipath?.map((hop) => hop.dev))).toEqual([['eth0', 'wan0']]);
  });

  it('notifications read during the first listing are named once the links are known, and a link among them asks for rules again', async () => {
    const state = { inject: true };
    // IFLA_MASTER (10) = 3: eth2, new, is a port of eth1.
    const eth2 = withAttribute(linkWith(4, 'eth2'), 10, u32(3));
    const ns = populated((request, k) => {
      if (request.type !== RTM.GETROUTE || !state.inject) return undefined;
      state.inject = false;
      const parts = k.multipart(request, [...ns.tables.routes.values()], { perDatagram: 1 });
      parts.splice(1, 0, {
        group: GROUP.LINK,
        messages: [
          { type: RTM.NEWADDR, payload: addressPayload(3, [10, 1, 0, 7], 24) },
          { type: RTM.NEWNEIGH, payload: neighbourPayload(3, [10, 1, 0, 8], [2, 0, 0, 0, 0, 8]) },
          { type: RTM.NEWLINK, payload: eth2 },
        ],
      });
      return parts;
    });
    const m = await started(ns);
    expect(m.mirror.addresses.of('eth1').map((a) => [a.local, a.dev])).toEqual([
      ['10.1.0.1', 'eth1'],
      ['10.1.0.7', 'eth1'],
    ]);
    expect(m.mirror.neighbours.get('eth1', '10.1.0.8')?.dev).toBe('eth1');
    expect(m.mirror.links.get('eth2')?.masterDev).toBe('eth1');
    expect(m.changes).toEqual([]);
    // The new link asked for rules to be listed again (the kernel may have attached rules naming it): once the first listing is done.
    await eventually(() => m.resyncs.length === 1 && m.kernel.requests.filter((r) => r.type === RTM.GETRULE).length === 2);
    expect(m.resyncs).toEqual([{ reason: 'link', kinds: ['rule'] }]);
    await quiet();
    // That listing dumps the rules alone.
    expect(m.kernel.requests.filter((r) => (r.flags & NLM_F_DUMP) !== 0).map((r) => r.type).slice(-1)).toEqual([RTM.GETRULE]);
    expect(kindDumps(m.kernel.requests)).toEqual([RTM.GETADDR, RTM.GETROUTE, RTM.GETNEIGH, RTM.GETRULE, RTM.GETRULE]);
  });

  it('while some kinds are listed again, notifications of the others are applied and told as they come', async () => {
    const state = { inject: false };
    const ns = populated((request, k) => {
      if (request.type !== RTM.GETROUTE || !state.inject) return undefined;
      state.inject = false;
      const parts = k.multipart(request, [...ns.tables.routes.values()], { perDatagram: 1 });
      parts.splice(1, 0, { group: GROUP.IPV4_IFADDR, messages: [{ type: RTM.NEWADDR, payload: addressPayload(3, [10, 1, 0, 7], 24) }] });
      return parts;
    });
    const m = await started(ns);
    // eth1 goes down: routes and neighbours are listed again, and an address arrives during that listing.
    state.inject = true;
    m.tables.links.set(3, linkWith(3, 'eth1'));
    m.notify(GROUP.LINK, RTM.NEWLINK, m.tables.links.get(3)!);
    await eventually(() => m.resyncs.length === 1 && !state.inject && m.mirror.addresses.of('eth1').length === 2);
    await quiet();
    expect(m.changes).toEqual(['new link 3 eth1', 'new address 10.1.0.7/24']);
  });

  it('a notification it cannot read is an error, and everything is listed again', async () => {
    const m = await started();
    const errors: unknown[] = [];
    m.mirror.on('error', (error: unknown) => errors.push(error));
    // An rtmsg cut short: 4 of its 12 bytes.
    m.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, Uint8Array.of(2, 24, 0, 0));
    await eventually(() => errors.length === 1 && m.resyncs.length === 1);
    expect(errors).toHaveLength(1);
    expect(m.resyncs).toEqual([{ reason: 'ambiguous', kinds: ['link', 'address', 'route', 'neighbour', 'rule'] }]);
  });
});

describe('mirror until() and close() (fake kernel)', () => {
  it('until resolves at once when the predicate holds, and after the change that makes it hold', async () => {
    const m = await started();
    await m.mirror.until((mirror) => mirror.links.size === 3);
    const seen: Mirror[] = [];
    const waiting = m.mirror.until((mirror) => (seen.push(mirror), mirror.links.get('eth2') !== undefined), { timeout: 5000 });
    m.notify(GROUP.LINK, RTM.NEWLINK, linkWith(4, 'eth2'));
    await waiting;
    expect(seen.every((mirror) => mirror === m.mirror)).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it('until refuses a bad predicate or timeout, rejects on timeout, signal, close, or the predicate\'s throw', async () => {
    const m = await started();
    const { mirror } = m;
    await expect(mirror.until('links' as never)).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'predicate' });
    await expect(mirror.until(() => true, { timeout: -1 })).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'options.timeout' });
    await expect(mirror.until(() => false, { timeout: 10 })).rejects.toBeInstanceOf(TimeoutError);
    const aborted = new AbortController();
    aborted.abort();
    await expect(mirror.until(() => true, { signal: aborted.signal })).rejects.toBeInstanceOf(AbortError);
    const later = new AbortController();
    const waiting = mirror.until(() => false, { signal: later.signal });
    later.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    const boom = new Error('predicate failed');
    await expect(
      mirror.until(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    // Settled waits leave no listener behind.
    expect([mirror.listenerCount('close'), mirror.listenerCount('change')]).toEqual([0, 1]);
    const pending = mirror.until(() => false, { timeout: 60_000 });
    let closes = 0;
    mirror.on('close', () => closes++);
    mirror.close();
    mirror.close();
    await expect(pending).rejects.toBeInstanceOf(SocketClosedError);
    expect([mirror.closed, closes]).toEqual([true, 1]);
    await expect(mirror.until(() => true)).rejects.toBeInstanceOf(SocketClosedError);
  });

  it('until: a timeout of 0..2^31-1 ms (setTimeout\'s range), the TimeoutError naming it; settled, it leaves no listener on its signal', async () => {
    const m = await started();
    const { mirror } = m;
    await expect(mirror.until(() => true, { timeout: 0x7fff_ffff })).resolves.toBeUndefined();
    await expect(mirror.until(() => true, { timeout: 0x8000_0000 })).rejects.toMatchObject({ argument: 'options.timeout', message: 'options.timeout: 2147483648 is not an integer in 0..2147483647' });
    await expect(mirror.until(() => false, { timeout: 0 })).rejects.toMatchObject({ code: 'ERR_LINX_TIMEOUT', timeout: 0, message: 'mirror.until timed out after 0 ms' });
    await expect(mirror.until(3 as never)).rejects.toMatchObject({ argument: 'predicate', message: 'predicate: expected a function' });
    const controller = new AbortController();
    await mirror.until(() => true, { signal: controller.signal });
    let ready = false;
    const waiting = mirror.until(() => ready, { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    ready = true;
    m.notify(GROUP.LINK, RTM.NEWLINK, linkWith(4, 'eth2'));
    await waiting;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('closed, a mirror leaves no listener on its signal', async () => {
    const controller = new AbortController();
    const m = await started(populated(), { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    m.mirror.close();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('its signal closes it; closed, it follows nothing more', async () => {
    const controller = new AbortController();
    const m = await started(populated(), { signal: controller.signal });
    expect(m.mirror.closed).toBe(false);
    controller.abort();
    expect(m.mirror.closed).toBe(true);
    expect([...m.kernel.groups]).toEqual([]);
    m.notify(GROUP.IPV4_IFADDR, RTM.NEWADDR, addressPayload(3, [10, 1, 0, 2], 24));
    await delivered(m.kernel);
    expect(m.changes).toEqual([]);
  });

  it('Symbol.dispose closes it', async () => {
    const m = await started();
    m.mirror[Symbol.dispose]();
    expect(m.mirror.closed).toBe(true);
  });
});

describe('mirror: what is lost during a listing (fake kernel)', () => {
  /** A namespace whose first route dump runs `during(kernel)` as it is answered, and carries `datagrams` after its first route. */
  function interrupted(during: (kernel: { overrun(): void }) => void, datagrams: FakeDatagram[]) {
    const state = { dumps: 0 };
    const ns = populated((request, k) => {
      if (request.type !== RTM.GETROUTE || state.dumps++ > 0) return undefined;
      during(k);
      const parts = k.multipart(request, [...ns.tables.routes.values()], { perDatagram: 1 });
      parts.splice(1, 0, ...datagrams);
      return parts;
    });
    return { ns, state };
  }

  it('a notification it cannot read during the first listing: an error, and the listing starts over with every kind (no resync after it)', async () => {
    // An rtmsg cut short (4 of its 12 bytes).
    const { ns, state } = interrupted(() => {}, [{ group: GROUP.IPV4_ROUTE, messages: [{ type: RTM.NEWROUTE, payload: Uint8Array.of(2, 24, 0, 0) }] }]);
    const rtnl = new Rtnl(ns.connection());
    opened.push(rtnl);
    const m = await rtnl.mirror();
    expect(state.dumps).toBe(2);
    // The listing runs to its end, then starts over: every kind again, from the buffer's start.
    expect(kindDumps(ns.kernel.requests)).toEqual([RTM.GETADDR, RTM.GETROUTE, RTM.GETNEIGH, RTM.GETRULE, RTM.GETADDR, RTM.GETROUTE, RTM.GETNEIGH, RTM.GETRULE]);
    expect(m.routes.size).toBe(4);
    const resyncs: unknown[] = [];
    m.on('resync', (event: unknown) => resyncs.push(event));
    await quiet();
    expect([resyncs, m.resyncs]).toEqual([[], 0]);
  });

  it('an overrun during the first listing: counted, and the listing starts over with every kind (no resync after it)', async () => {
    const { ns, state } = interrupted((k) => k.overrun(), []);
    const m = await started(ns);
    expect(state.dumps).toBe(2);
    // The listing runs to its end, then starts over: every kind again, from the buffer's start.
    expect(kindDumps(ns.kernel.requests)).toEqual([RTM.GETADDR, RTM.GETROUTE, RTM.GETNEIGH, RTM.GETRULE, RTM.GETADDR, RTM.GETROUTE, RTM.GETNEIGH, RTM.GETRULE]);
    await quiet();
    expect([m.mirror.overruns, m.mirror.resyncs, m.resyncs]).toEqual([1, 0, []]);
  });

  it('without an error listener, a notification it cannot read is not thrown: the mirror lists again', async () => {
    const m = await started();
    m.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, Uint8Array.of(2, 24, 0, 0));
    await eventually(() => m.resyncs.length === 1);
    expect(m.mirror.listenerCount('error')).toBe(0);
    expect(m.mirror.closed).toBe(false);
  });

  it('its signal fired during the first listing: rtnl.mirror() rejects with AbortError, and the groups are left', async () => {
    const controller = new AbortController();
    const ns = populated((request) => {
      if (request.type === RTM.GETROUTE) controller.abort(new Error('enough'));
      return undefined;
    });
    const rtnl = new Rtnl(ns.connection());
    opened.push(rtnl);
    const error = await rtnl.mirror({ signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error('enough'));
    expect([...ns.kernel.groups]).toEqual([]);
  });
});

describe('mirror: places, repeats and resyncs (fake kernel)', () => {
  const a = () => routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 1] });
  const b = () => routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 2] });
  const c = () => routePayload([10, 5, 0, 0], 24, { oif: 2, gateway: [10, 0, 0, 3] });

  it('two routes at one place, as listed: a deletion naming only the place is ambiguous', async () => {
    const ns = populated();
    ns.tables.routes.set('a', a());
    ns.tables.routes.set('b', b());
    const m = await started(ns);
    m.tables.routes.delete('a');
    m.notify(GROUP.IPV4_ROUTE, RTM.DELROUTE, routePayload([10, 5, 0, 0], 24));
    await eventually(() => m.resyncs.length === 1 && m.mirror.routes.get('10.5.0.0/24').length === 1);
    expect(m.resyncs).toEqual([{ reason: 'ambiguous', kinds: ['route'] }]);
  });

  it('routes listed again make the places anew: a replace at a place whose other route went silently is no longer ambiguous', async () => {
    const ns = populated();
    ns.tables.routes.set('a', a());
    ns.tables.routes.set('b', b());
    const m = await started(ns);
    // Route a goes without a word reaching the mirror; an overrun makes it list everything again.
    m.tables.routes.delete('a');
    m.kernel.overrun();
    await eventually(() => m.resyncs.length === 1 && m.mirror.routes.get('10.5.0.0/24').length === 1);
    await quiet();
    m.tables.routes.set('b', c());
    m.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, c(), NLM_F_REPLACE);
    await delivered(m.kernel);
    await quiet();
    expect(m.mirror.routes.get('10.5.0.0/24').map((r) => r.gateway)).toEqual(['10.0.0.3']);
    expect(m.resyncs).toHaveLength(1);
    expect(m.changes).toEqual(['del route 10.5.0.0/24 10.0.0.1', 'del route 10.5.0.0/24 10.0.0.2', 'new route 10.5.0.0/24 10.0.0.3']);
  });

  it('a replace at an empty place adds the route; the same route again, replaced or not, changes nothing; a changed one is a change', async () => {
    const m = await started();
    const { notify, mirror } = m;
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, a(), NLM_F_REPLACE);
    await delivered(m.kernel);
    expect(mirror.routes.get('10.5.0.0/24').map((r) => r.gateway)).toEqual(['10.0.0.1']);
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, a(), NLM_F_REPLACE);
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, a());
    await delivered(m.kernel);
    expect(mirror.routes.get('10.5.0.0/24').map((r) => r.gateway)).toEqual(['10.0.0.1']);
    expect(m.changes).toEqual(['new route 10.5.0.0/24 10.0.0.1']);
    // The same route (same key) with another protocol (rtm_protocol, byte 5 of rtmsg: 3, boot): a change.
    const boot = a();
    boot[5] = 3;
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, boot);
    await delivered(m.kernel);
    expect(m.changes).toEqual(['new route 10.5.0.0/24 10.0.0.1', 'new route 10.5.0.0/24 10.0.0.1']);
    expect(mirror.routes.get('10.5.0.0/24').map((r) => r.protocol)).toEqual(['boot']);
    await quiet();
    expect(m.resyncs).toEqual([]);
  });

  it('listed again, an object that changed silently is told as new, once', async () => {
    const m = await started();
    m.tables.neighbours.set('gw', neighbourPayload(2, [10, 0, 0, 254], [2, 0, 0, 0, 0, 0x22]));
    m.kernel.overrun();
    await eventually(() => m.mirror.neighbours.get('eth0', '10.0.0.254')?.lladdr === '02:00:00:00:00:22');
    await quiet();
    expect(m.changes).toEqual(['new neighbour 10.0.0.254']);
  });

  it('deletions read while everything is listed again are told once', async () => {
    const state = { inject: false };
    const ns = populated((request, k) => {
      if (request.type !== RTM.GETROUTE || !state.inject) return undefined;
      state.inject = false;
      const parts = k.multipart(request, [...ns.tables.routes.values()], { perDatagram: 1 });
      // The kernel deleted eth1 and its route after listing them.
      parts.splice(1, 0, { group: GROUP.LINK, messages: [{ type: RTM.DELLINK, payload: linkWith(3, 'eth1', { up: true }) }, { type: RTM.DELROUTE, payload: routePayload([10, 9, 0, 0], 16, { oif: 3, table: 100 }) }] });
      ns.tables.links.delete(3);
      ns.tables.routes.delete('t100');
      ns.tables.addresses.delete('b1');
      ns.tables.neighbours.delete('n9');
      return parts;
    });
    const m = await started(ns);
    state.inject = true;
    m.kernel.overrun();
    await eventually(() => m.resyncs.length === 2 && m.mirror.neighbours.size === 1);
    await quiet();
    expect(m.changes.filter((change) => change.startsWith('del link') || change.startsWith('del route'))).toEqual(['del link 3 eth1', 'del route 10.9.0.0/16']);
  });

  it('a mirror of routes alone lists routes alone when a link goes', async () => {
    const m = await started(populated(), { kinds: ['route'] });
    const gone = m.tables.links.get(3)!;
    m.tables.links.delete(3);
    m.notify(GROUP.LINK, RTM.DELLINK, gone);
    await eventually(() => m.resyncs.length === 1);
    await quiet();
    expect(m.resyncs).toEqual([{ reason: 'link', kinds: ['route'] }]);
    expect(kindDumps(m.kernel.requests)).toEqual([RTM.GETROUTE, RTM.GETROUTE]);
    expect([m.mirror.neighbours.size, m.mirror.rules.size]).toEqual([0, 0]);
  });

  it('notifications read before an overrun during a listing are dropped with it (the listing starts over)', async () => {
    const state = { first: true };
    const ns = populated((request, k) => {
      if (!state.first) return undefined;
      if (request.type === RTM.GETADDR && (request.flags & NLM_F_DUMP) !== 0) {
        // An address that is gone again by the time the overrun is reported (its deletion was dropped).
        return [{ group: GROUP.IPV4_IFADDR, messages: [{ type: RTM.NEWADDR, payload: addressPayload(3, [10, 1, 0, 7], 24) }] }, ...k.multipart(request, [...ns.tables.addresses.values()])];
      }
      if (request.type === RTM.GETROUTE) {
        state.first = false;
        k.overrun();
      }
      return undefined;
    });
    const m = await started(ns);
    expect(m.mirror.addresses.of('eth1').map((address) => address.local)).toEqual(['10.1.0.1']);
    expect(m.mirror.overruns).toBe(1);
  });

  it('closed while it lists again, it installs nothing and tells nothing more', async () => {
    const state = { close: false };
    const holder: { mirror?: Mirror } = {};
    const ns = populated((request) => {
      if (request.type === RTM.GETROUTE && state.close) {
        state.close = false;
        holder.mirror!.close();
      }
      return undefined;
    });
    const m = await started(ns);
    holder.mirror = m.mirror;
    state.close = true;
    m.tables.routes.delete('t100');
    m.tables.links.set(3, linkWith(3, 'eth1'));
    m.notify(GROUP.LINK, RTM.NEWLINK, m.tables.links.get(3)!);
    await eventually(() => m.mirror.closed);
    await quiet();
    expect(m.changes).toEqual(['new link 3 eth1']);
    expect(m.mirror.routes.inTable(100)).toHaveLength(1);
  });

  it('its socket failing is an error, and closes it', async () => {
    const ns = populated();
    let handlers: { onError(error: Error): void } | undefined;
    const start = ns.kernel.start.bind(ns.kernel);
    ns.kernel.start = (h) => {
      handlers = h as never;
      start(h);
    };
    const m = await started(ns);
    const errors: unknown[] = [];
    m.mirror.on('error', (error: unknown) => errors.push(error));
    const failure = new Error('the socket failed');
    handlers!.onError(failure);
    await eventually(() => m.mirror.closed);
    expect(errors).toEqual([failure]);
  });
});

describe('mirror listings that fail (fake kernel)', () => {
  /** EPERM, ENOBUFS (asm-generic/errno*.h). */
  const EPERM = 1;
  const ENOBUFS = 105;

  /** A namespace whose next route dumps are answered by `answers` (one each, in order) before the tables. */
  function failing() {
    const answers: ('eperm' | 'enobufs' | 'interrupted')[] = [];
    const ns = populated((request, k) => {
      if (request.type !== RTM.GETROUTE) return undefined;
      const answer = answers.shift();
      if (answer === 'eperm') return [k.error(request, EPERM)];
      if (answer === 'enobufs') return k.multipart(request, [], { errno: ENOBUFS });
      if (answer === 'interrupted') return k.multipart(request, [...ns.tables.routes.values()], { interrupted: 0 });
      return undefined;
    });
    return { ...ns, answers };
  }

  it('a first listing that fails for good fails the start, and the mirror leaves its groups', async () => {
    const ns = failing();
    ns.answers.push('eperm');
    const rtnl = new Rtnl(ns.connection());
    opened.push(rtnl);
    await expect(rtnl.mirror()).rejects.toMatchObject({ code: 'ERR_LINX_KERNEL', errnoName: 'EPERM' });
    expect([...ns.kernel.groups]).toEqual([]);
  });

  it('an interrupted dump is listed again, and an ENOBUFS in its DONE is an overrun: everything is listed again', async () => {
    const ns = failing();
    ns.answers.push('interrupted', 'enobufs');
    const m = await started(ns);
    expect(m.mirror.routes.size).toBe(4);
    expect(m.kernel.requests.filter((r) => r.type === RTM.GETROUTE)).toHaveLength(3);
    // Counted as an overrun, not as a resync (the first listing is no resync).
    expect([m.mirror.overruns, m.mirror.resyncs]).toEqual([1, 0]);
    expect(m.changes).toEqual([]);
  });

  it('an ENOBUFS in the DONE of a partial re-listing is an overrun: every kind is listed again, in the same resync', async () => {
    const ns = failing();
    const m = await started(ns);
    const before = m.kernel.requests.length;
    ns.answers.push('enobufs');
    m.tables.links.set(3, linkWith(3, 'eth1'));
    m.notify(GROUP.LINK, RTM.NEWLINK, m.tables.links.get(3)!);
    await eventually(() => kindDumps(m.kernel.requests.slice(before)).length === 5);
    await quiet();
    expect(kindDumps(m.kernel.requests.slice(before))).toEqual([RTM.GETROUTE, RTM.GETADDR, RTM.GETROUTE, RTM.GETNEIGH, RTM.GETRULE]);
    expect([m.mirror.overruns, m.resyncs]).toEqual([1, [{ reason: 'link', kinds: ['route', 'neighbour'] }]]);
  });

  it('a re-listing that fails for good is an error, and everything is listed again a second later', async () => {
    const ns = failing();
    const m = await started(ns);
    const errors: unknown[] = [];
    m.mirror.on('error', (error: unknown) => errors.push(error));
    ns.answers.push('eperm');
    m.tables.routes.delete('t100');
    // eth1 goes down: its routes are listed again, and that listing fails.
    m.tables.links.set(3, linkWith(3, 'eth1'));
    m.notify(GROUP.LINK, RTM.NEWLINK, m.tables.links.get(3)!);
    await eventually(() => errors.length === 1);
    expect(errors).toMatchObject([{ errnoName: 'EPERM' }]);
    expect(m.mirror.routes.inTable(100)).toHaveLength(1);
    await m.mirror.until((mirror) => mirror.routes.inTable(100).length === 0, { timeout: 5000 });
    expect(m.resyncs).toEqual([
      { reason: 'link', kinds: ['route', 'neighbour'] },
      { reason: 'link', kinds: ['link', 'address', 'route', 'neighbour', 'rule'] },
    ]);
    expect(m.changes).toEqual(['new link 3 eth1', 'del route 10.9.0.0/16']);
  });
});
