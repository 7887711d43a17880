// rtnl.monitor() against a fake namespace (no root): the groups it joins for each choice of kinds, family
// and names (RTNLGRP_* of linux/rtnetlink.h), its options refused before anything is sent, the interface
// filter resolved by name, names from the link dump, overruns as events, and its two ways of being
// consumed (iteration or 'event' listeners, not both) and of ending (close, return, signal, dispose).
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortError } from '@linx/netlink-socket';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, Rtnl, type Monitor, type MonitorEvent, type MonitorOptions } from '../src/index.js';
import { GROUP, RTM, addressPayload, fakeNamespace, linkWith, routePayload } from './helpers/fake-namespace.js';

/** A fake namespace (lo, eth0): link lookups by name are answered, ENODEV for an unknown one. */
const namespace = () => fakeNamespace();

const opened: Rtnl[] = [];
afterEach(() => {
  for (const rtnl of opened.splice(0)) rtnl.close();
});

async function monitoring(options: MonitorOptions = {}, ns = namespace()) {
  const rtnl = new Rtnl(ns.connection());
  opened.push(rtnl);
  const monitor = await rtnl.monitor(options);
  return { ...ns, rtnl, monitor };
}

/** The next `count` events. */
async function take(monitor: Monitor, count: number): Promise<MonitorEvent[]> {
  const out: MonitorEvent[] = [];
  while (out.length < count) {
    const { value, done } = await monitor.next();
    if (done) break;
    out.push(value);
  }
  return out;
}

const sorted = (groups: Set<number>) => [...groups].sort((a, b) => a - b);

describe('monitor groups (fake kernel)', () => {
  it('joins the groups of the kinds and family asked for, and the link group when names are wanted', async () => {
    const cases: [MonitorOptions, number[]][] = [
      [{}, [GROUP.LINK, GROUP.NEIGH, GROUP.IPV4_IFADDR, GROUP.IPV4_ROUTE, GROUP.IPV4_RULE, GROUP.IPV6_IFADDR, GROUP.IPV6_ROUTE, GROUP.IPV6_RULE]],
      [{ family: 'inet' }, [GROUP.LINK, GROUP.NEIGH, GROUP.IPV4_IFADDR, GROUP.IPV4_ROUTE, GROUP.IPV4_RULE]],
      [{ family: 'inet6' }, [GROUP.LINK, GROUP.NEIGH, GROUP.IPV6_IFADDR, GROUP.IPV6_ROUTE, GROUP.IPV6_RULE]],
      [{ kinds: ['route'], family: 'inet' }, [GROUP.LINK, GROUP.IPV4_ROUTE]],
      [{ kinds: ['route'], names: false }, [GROUP.IPV4_ROUTE, GROUP.IPV6_ROUTE]],
      // Rules name interfaces by name already: no names to look up.
      [{ kinds: ['rule'] }, [GROUP.IPV4_RULE, GROUP.IPV6_RULE]],
      [{ kinds: ['address'], family: 'inet6' }, [GROUP.LINK, GROUP.IPV6_IFADDR]],
      [{ kinds: ['neighbour'], family: 'inet6', names: false }, [GROUP.NEIGH]],
      [{ kinds: ['link'], names: false }, [GROUP.LINK]],
      [{ kinds: ['qdisc'] }, [GROUP.LINK, GROUP.TC]],
      [{ kinds: ['class', 'filter', 'action'], names: false }, [GROUP.TC]],
      [{ kinds: ['nexthop'] }, [GROUP.LINK, GROUP.NEXTHOP]],
      [{ kinds: ['netconf'], family: 'inet6' }, [GROUP.LINK, GROUP.IPV6_NETCONF]],
      [{ kinds: ['netconf'], names: false }, [GROUP.IPV4_NETCONF, GROUP.IPV6_NETCONF]],
      [{ kinds: ['mdb'] }, [GROUP.LINK, GROUP.MDB]],
      [{ kinds: ['vlan'] }, [GROUP.LINK, GROUP.BRVLAN]],
    ];
    for (const [options, groups] of cases) {
      const { kernel, monitor } = await monitoring(options);
      expect({ options, groups: sorted(kernel.groups) }).toEqual({ options, groups });
      // Names are loaded with one link dump; without names nothing is asked.
      const wantsNames = groups.includes(GROUP.LINK) && options.names !== false;
      expect({ options, requests: kernel.requests.map((r) => r.type) }).toEqual({ options, requests: wantsNames ? [RTM.GETLINK] : [] });
      monitor.close();
      expect({ options, left: sorted(kernel.groups) }).toEqual({ options, left: [] });
    }
  });
});

describe('monitor options (fake kernel)', () => {
  it('refuses a buffer on a handle made around a connection, and an aborted signal, before anything is sent', async () => {
    const ns = namespace();
    const rtnl = new Rtnl(ns.connection());
    opened.push(rtnl);
    for (const [options, argument] of [
      [{ receiveBufferSize: 1 << 20 }, 'options.receiveBufferSize'],
      [{ highWaterMark: 64 }, 'options.highWaterMark'],
      [{ receiveBufferSize: 1 << 20, highWaterMark: 64 }, 'options.receiveBufferSize'],
    ] as const) {
      const error = await rtnl.monitor(options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    const controller = new AbortController();
    controller.abort();
    await expect(rtnl.monitor({ signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    // Refused before the start even when the start would ask the kernel nothing (no names, no interface).
    await expect(rtnl.monitor({ kinds: ['rule'], signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect([ns.kernel.requests, sorted(ns.kernel.groups)]).toEqual([[], []]);
  });

  it('an interface is looked up by name, and only its events pass; an unknown one fails the start and leaves the groups', async () => {
    const { monitor, notify, kernel } = await monitoring({ kinds: ['address', 'link'], interface: 'eth1' }, (() => {
      const ns = namespace();
      ns.tables.links.set(3, linkWith(3, 'eth1'));
      return ns;
    })());
    // The lookup (not a dump), then the names.
    expect(kernel.requests.map((r) => [r.type, (r.flags & NLM_F_DUMP) !== 0])).toEqual([
      [RTM.GETLINK, false],
      [RTM.GETLINK, true],
    ]);
    notify(GROUP.IPV4_IFADDR, RTM.NEWADDR, addressPayload(2, [10, 0, 0, 1], 24));
    notify(GROUP.LINK, RTM.NEWLINK, linkWith(2, 'eth0'));
    notify(GROUP.IPV4_IFADDR, RTM.NEWADDR, addressPayload(3, [10, 1, 0, 1], 24));
    notify(GROUP.LINK, RTM.NEWLINK, linkWith(3, 'eth1'));
    const events = await take(monitor, 2);
    expect(events.map((e) => (e.type === 'overrun' ? e.type : `${e.type} ${e.kind} ${'ifindex' in e.object ? e.object.ifindex : (e.object as { index: number }).index}`))).toEqual(['new address 3', 'new link 3']);
    expect(events[0]!.type !== 'overrun' && (events[0]!.object as { dev?: string }).dev).toBe('eth1');
    monitor.close();

    const ns = namespace();
    const rtnl = new Rtnl(ns.connection());
    opened.push(rtnl);
    await expect(rtnl.monitor({ interface: 'eth9' })).rejects.toMatchObject({ code: 'ERR_LINX_NO_SUCH_INTERFACE' });
    expect(sorted(ns.kernel.groups)).toEqual([]);
  });
});

describe('monitor events and consumption (fake kernel)', () => {
  it('names come from the link dump and from link notifications; names: false leaves them out; an overrun is an event', async () => {
    const { monitor, notify, kernel } = await monitoring({ kinds: ['route', 'link'] });
    expect([...monitor.interfaceNames!]).toEqual([
      [1, 'lo'],
      [2, 'eth0'],
    ]);
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 9, 0, 0], 16, { oif: 2 }));
    notify(GROUP.LINK, RTM.NEWLINK, linkWith(5, 'eth5'));
    notify(GROUP.IPV4_ROUTE, RTM.DELROUTE, routePayload([10, 8, 0, 0], 16, { oif: 5 }));
    const [route, link, deleted] = await take(monitor, 3);
    expect(route).toMatchObject({ type: 'new', kind: 'route', object: { dst: '10.9.0.0', dev: 'eth0' } });
    expect(link).toMatchObject({ type: 'new', kind: 'link', object: { index: 5, ifname: 'eth5' } });
    expect(deleted).toMatchObject({ type: 'del', kind: 'route', object: { dst: '10.8.0.0', dev: 'eth5' } });
    kernel.overrun();
    expect(await take(monitor, 1)).toEqual([{ type: 'overrun' }]);
    monitor.close();

    const bare = await monitoring({ kinds: ['route'], names: false });
    expect(bare.monitor.interfaceNames).toBeUndefined();
    bare.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 9, 0, 0], 16, { oif: 2 }));
    const [unnamed] = await take(bare.monitor, 1);
    expect(unnamed).toMatchObject({ kind: 'route', object: { oif: 2 } });
    expect((unnamed as { object: { dev?: string } }).object.dev).toBeUndefined();
  });

  it("is iterated or listened to, not both; listeners get events, and 'close' once", async () => {
    const iterated = await monitoring({ kinds: ['route'], names: false });
    iterated.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 9, 0, 0], 16));
    await take(iterated.monitor, 1);
    expect(() => iterated.monitor.on('event', () => {})).toThrow(expect.objectContaining({ argument: 'listener', message: "listener: this monitor is being iterated; use either iteration or 'event' listeners" }));
    // Other listeners are fine.
    iterated.monitor.on('close', () => {});

    const listened = await monitoring({ kinds: ['route'], names: false });
    const events: MonitorEvent[] = [];
    let closes = 0;
    listened.monitor.on('close', () => closes++);
    listened.monitor.on('event', (event: MonitorEvent) => events.push(event));
    // A second listener does not start a second reader.
    listened.monitor.on('event', () => {});
    await expect(listened.monitor.next()).rejects.toMatchObject({ argument: 'iteration', message: "iteration: this monitor has 'event' listeners; use either iteration or listeners" });
    listened.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 9, 0, 0], 16));
    listened.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 10, 0, 0], 16));
    // Listeners get them as they are read (the 10 s cap only guards against a hang).
    for (const end = Date.now() + 10_000; events.length < 2 && Date.now() < end; ) await sleep(2);
    expect(events.map((e) => e.type !== 'overrun' && (e.object as { dst: string }).dst)).toEqual(['10.9.0.0', '10.10.0.0']);
    listened.monitor.close();
    listened.monitor.close();
    expect([listened.monitor.closed, closes]).toEqual([true, 1]);
    expect(sorted(listened.kernel.groups)).toEqual([]);
  });

  it('ends by return() (leaving a loop), by its signal, and by Symbol.dispose; a closed monitor is done', async () => {
    const looped = await monitoring({ kinds: ['route'], names: false });
    looped.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 9, 0, 0], 16));
    for await (const event of looped.monitor) {
      expect(event.type).toBe('new');
      break;
    }
    expect(looped.monitor.closed).toBe(true);
    expect(await looped.monitor.next()).toEqual({ value: undefined, done: true });
    expect(looped.monitor[Symbol.asyncIterator]()).toBe(looped.monitor);

    const controller = new AbortController();
    const signalled = await monitoring({ kinds: ['route'], names: false, signal: controller.signal });
    const pending = signalled.monitor.next();
    controller.abort();
    expect(signalled.monitor.closed).toBe(true);
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(sorted(signalled.kernel.groups)).toEqual([]);

    // return() itself says the iteration is done (for a caller that calls it directly).
    const returned = await monitoring({ kinds: ['route'], names: false });
    expect(await returned.monitor.return()).toEqual({ value: undefined, done: true });
    expect(returned.monitor.closed).toBe(true);

    const disposed = await monitoring({ kinds: ['route'], names: false });
    disposed.monitor[Symbol.dispose]();
    expect(disposed.monitor.closed).toBe(true);
  });

  it('overlapping next() calls get the events in order', async () => {
    const { monitor, notify } = await monitoring({ kinds: ['route'], names: false });
    const first = monitor.next();
    const second = monitor.next();
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 1, 0, 0], 16));
    notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, routePayload([10, 2, 0, 0], 16));
    const dsts = (await Promise.all([first, second])).map((r) => (r.value as { object: { dst: string } }).object.dst);
    expect(dsts).toEqual(['10.1.0.0', '10.2.0.0']);
  });
});
