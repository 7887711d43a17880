// Receiving: batches and their limits, pause/resume, overruns (ENOBUFS) that the socket survives,
// callback scopes (microtasks, AsyncLocalStorage), and the size of dump datagrams.
import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawNetlinkSocket, datagramCount, datagrams } from '../../src/native/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { RTM_NEWLINK, RTNLGRP_LINK, collect, getLinkDump, parseLink, sleep } from '../helpers/rtnl.js';
import { NETLINK_ROUTE, NLMSG_DONE, iterateMessages } from '@linx/netlink-wire';
import { runOrThrow } from '@linx/test-kit';

describe.skipIf(kernelSkipReason !== undefined)('receive', () => {
  let ns: TestNetns;
  const sockets: RawNetlinkSocket[] = [];
  let counter = 0;

  beforeAll(() => {
    ns = createNetns();
  });

  afterAll(() => {
    for (const socket of sockets) socket.close();
    ns?.remove();
  });

  function monitor(): RawNetlinkSocket {
    const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: ns.name });
    sockets.push(socket);
    socket.addMembership(RTNLGRP_LINK);
    return socket;
  }

  function addVeth(): string {
    const name = `lx-rx-${counter++}`;
    ns.ip('link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}p`);
    return name;
  }

  it('pause: nothing is delivered while paused; resume delivers what the kernel queued', async () => {
    const socket = monitor();
    const batches: number[] = [];
    socket.start({ onBatch: (_data, meta) => batches.push(datagramCount(meta)), onOverrun() {}, onError() {} });
    socket.pause();
    addVeth();
    await sleep(150);
    expect(batches).toEqual([]);
    socket.resume();
    await waitUntil(() => batches.length > 0);
    expect(batches.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2); // both ends of the veth
  });

  it('pause before start: start does not read until resume', async () => {
    const socket = monitor();
    socket.pause();
    const batches: number[] = [];
    socket.start({ onBatch: (_data, meta) => batches.push(datagramCount(meta)), onOverrun() {}, onError() {} });
    addVeth();
    await sleep(100);
    expect(batches).toEqual([]);
    socket.resume();
    await waitUntil(() => batches.length > 0);
  });

  it('one wake-up drains many datagrams into one batch; maxDatagrams and maxBytes bound it', async () => {
    const queued = async (limits: { maxDatagrams?: number; maxBytes?: number }) => {
      const socket = monitor();
      socket.pause();
      const sizes: number[] = [];
      socket.start({ onBatch: (_data, meta) => sizes.push(datagramCount(meta)), onOverrun() {}, onError() {}, ...limits });
      for (let i = 0; i < 3; i++) addVeth(); // 6 RTM_NEWLINK (and a few more) queued
      socket.resume();
      await waitUntil(() => sizes.reduce((a, b) => a + b, 0) >= 6);
      return sizes;
    };
    const unbounded = await queued({});
    expect(unbounded[0]).toBeGreaterThanOrEqual(6);
    const one = await queued({ maxDatagrams: 1 });
    expect(one.every((n) => n === 1)).toBe(true);
    const bytes = await queued({ maxBytes: 1 });
    expect(bytes.every((n) => n === 1)).toBe(true);
    const two = await queued({ maxDatagrams: 2 });
    expect(Math.max(...two)).toBe(2);
  });

  it('each batch is a fresh buffer holding the datagrams in place, 8-byte aligned, with its metadata beside it', async () => {
    const socket = monitor();
    const seen: { data: Uint8Array; meta: Uint32Array }[] = [];
    socket.start({ onBatch: (data, meta) => seen.push({ data, meta }), onOverrun() {}, onError() {} });
    addVeth();
    addVeth();
    await waitUntil(() => seen.length >= 2 || (seen[0] !== undefined && datagramCount(seen[0].meta) >= 4));
    const [first] = seen;
    expect(first!.data.byteOffset).toBe(0);
    expect(first!.meta.length % 5).toBe(0);
    for (const d of datagrams(first!.data, first!.meta)) {
      expect(d.bytes.byteOffset % 8).toBe(0);
      expect([...iterateMessages(d.bytes)].length).toBeGreaterThan(0);
    }
    if (seen.length > 1) expect(seen[1]!.data.buffer).not.toBe(first!.data.buffer);
  });

  it('callbacks run in a proper callback scope: microtasks after each batch, AsyncLocalStorage kept', async () => {
    const socket = monitor();
    const storage = new AsyncLocalStorage<string>();
    const log: string[] = [];
    const stores: (string | undefined)[] = [];
    const asyncIds: number[] = [];
    socket.pause();
    storage.run('started-here', () =>
      socket.start({
        onBatch() {
          const n = log.filter((e) => e.startsWith('batch')).length;
          log.push(`batch${n}`);
          stores.push(storage.getStore());
          asyncIds.push(executionAsyncId());
          void Promise.resolve().then(() => log.push(`micro${n}`));
          process.nextTick(() => log.push(`tick${n}`));
        },
        onOverrun() {},
        onError() {},
        maxDatagrams: 1,
      }),
    );
    addVeth();
    socket.resume();
    await waitUntil(() => log.filter((e) => e.startsWith('batch')).length >= 2);
    await sleep(10);
    expect(log.slice(0, 6)).toEqual(['batch0', 'tick0', 'micro0', 'batch1', 'tick1', 'micro1']);
    expect(stores.every((s) => s === 'started-here')).toBe(true);
    expect(asyncIds.every((id) => id > 1)).toBe(true);
  });

  /**
   * This socket as the kernel sees it, from /proc/net/netlink in the namespace (found by its port id):
   * the bytes queued for it and the messages the kernel dropped for want of room.
   */
  function kernelView(socket: RawNetlinkSocket): { queued: number; drops: number } {
    // Columns: sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode (Eth 0 is NETLINK_ROUTE).
    for (const line of runOrThrow(['ip', 'netns', 'exec', ns.name, 'cat', '/proc/net/netlink']).split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1] === '0' && Number(f[2]) === socket.portId) return { queued: Number(f[4]), drops: Number(f[8]) };
    }
    throw new Error(`port ${socket.portId} is not in the namespace's /proc/net/netlink`);
  }

  /**
   * A paused monitor with the smallest receive buffer, overrun for certain: while nothing reads, the
   * first notification fills the buffer and the kernel drops the rest of a burst of 10 veth pairs (20
   * RTM_NEWLINK at least). Checked in the kernel's own counters before anything is read.
   */
  function overrunMonitor(noEnobufs: boolean) {
    const socket = monitor();
    socket.setReceiveBufferSize(1); // the kernel's minimum, a few KiB
    socket.setNoEnobufs(noEnobufs);
    socket.pause();
    const log = eventLog();
    const names: string[] = [];
    socket.start({
      onBatch(data, meta) {
        for (const d of datagrams(data, meta)) {
          for (const m of iterateMessages(d.bytes)) if (m.type === RTM_NEWLINK) names.push(parseLink(m.payload).name ?? '');
        }
        log.push('batch');
      },
      onOverrun: () => log.push('overrun'),
      onError: (error) => log.push(`error ${String(error)}`),
    });
    const base = counter;
    counter += 10;
    ns.ipBatch(Array.from({ length: 10 }, (_, i) => `link add lx-burst-${base + i} type veth peer name lx-burst-${base + i}p`));
    const seen = kernelView(socket);
    expect(seen.queued).toBeGreaterThan(0);
    expect(seen.drops).toBeGreaterThan(0);
    const cleanUp = () => ns.ipBatch(Array.from({ length: 10 }, (_, i) => `link del lx-burst-${base + i}`));
    return { socket, log, names, cleanUp };
  }

  it('ENOBUFS: notifications a full receive buffer cannot take are dropped and reported as one overrun, before what was queued; the socket reads on', async () => {
    const { socket, log, names, cleanUp } = overrunMonitor(false);
    // Room again before reading (a monitor would resync here): nothing sent from now on is dropped.
    socket.setReceiveBufferSize(1 << 20);
    socket.resume();
    // The kernel reports the drops first (the socket's pending error, ENOBUFS), then what it had queued.
    await log.until(() => log.events.includes('batch'));
    expect(log.events).toEqual(['overrun', 'batch']);
    // That batch read the queue to its end, so the kernel no longer holds the socket congested.
    expect(kernelView(socket).queued).toBe(0);
    const later = addVeth();
    await log.until(() => names.includes(later));
    expect(log.events.filter((e) => e !== 'batch')).toEqual(['overrun']);
    cleanUp();
  });

  it('NETLINK_NO_ENOBUFS: the kernel drops the same way, and no overrun is reported', async () => {
    const { socket, log, cleanUp } = overrunMonitor(true);
    socket.resume();
    // A pending ENOBUFS would be read, and reported, before the queued notifications.
    await log.until(() => log.events.includes('batch'));
    expect(log.events).toEqual(['batch']);
    expect(kernelView(socket).queued).toBe(0);
    cleanUp();
  });

  it('dump datagrams use the kernel maximum (~32 KiB), not one page, thanks to the 64 KiB peek', async () => {
    const base = counter;
    counter += 60;
    ns.ipBatch(Array.from({ length: 60 }, (_, i) => `link add lx-many-${base + i} type veth peer name lx-many-${base + i}p`));
    const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: ns.name });
    sockets.push(socket);
    const replies = collect(socket, (all) => all.some((d) => d.messages.some((m) => m.type === NLMSG_DONE)));
    socket.send(getLinkDump(9));
    const received = await replies;
    ns.ipBatch(Array.from({ length: 60 }, (_, i) => `link del lx-many-${base + i}`));
    expect(received.flatMap((d) => d.messages).filter((m) => m.type === RTM_NEWLINK).length).toBeGreaterThan(120);
    const sizes = received.map((d) => d.bytes.length);
    // A page would be under 4 KiB; the kernel's dump cap is 32 KiB less its skb overhead.
    expect(Math.max(...sizes)).toBeGreaterThan(16 * 1024);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(32 * 1024);
  });
});

/** Events in the order they came, and promises that settle when the events so far satisfy a condition. */
function eventLog() {
  const events: string[] = [];
  let waiting: { ready: () => boolean; resolve: () => void }[] = [];
  return {
    events,
    push(event: string): void {
      events.push(event);
      waiting = waiting.filter((w) => !(w.ready() && (w.resolve(), true)));
    },
    /** Settles once `ready()` holds, checked after every event (the test's timeout bounds the wait). */
    until(ready: () => boolean): Promise<void> {
      return ready() ? Promise.resolve() : new Promise((resolve) => waiting.push({ ready, resolve }));
    },
  };
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
