// The engine against the real kernel, in a namespace of its own.
import { AttributeEncoder, NetlinkError, viewOf, writeInt, type NetlinkMessage } from '@linx/netlink-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { SocketClosedError } from '../../src/native/errors.js';
import { DumpInterruptedError } from '../../src/engine/errors.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { assertInNamespace } from '../helpers/netns-guard.js';
import { IFLA_IFNAME, IFLA_MTU, RTM_GETLINK, RTM_GETROUTE, RTM_NEWLINK, RTNLGRP_LINK, parseLink } from '../helpers/rtnl.js';

const ifinfomsg = (index = 0) => {
  const bytes = new Uint8Array(16);
  writeInt(viewOf(bytes), 4, 's32', index);
  return bytes;
};
const rtmsg = (family = 2, table = 0) => Uint8Array.of(family, 0, 0, 0, table, 0, 0, 0, 0, 0, 0, 0);
const concat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => Array.from(p)));
const ifname = (m: NetlinkMessage) => parseLink(m.payload).name;

describe.skipIf(kernelSkipReason)(`engine on the real kernel${kernelSkipReason ? ` (skipped: ${kernelSkipReason})` : ''}`, () => {
  let ns: TestNetns;
  let connection: Connection;

  beforeAll(async () => {
    ns = createNetns();
    ns.ip('link', 'add', 'e0', 'type', 'veth', 'peer', 'name', 'e1');
    ns.ip('link', 'set', 'e0', 'up');
    connection = Connection.open({ protocol: 0, netns: { name: ns.name } });
    // The tests send RTM_NEWLINK through it.
    await assertInNamespace(connection, ns);
  });
  afterAll(() => {
    connection?.close();
    ns?.remove();
  });

  it('a bad request is answered with the kernel ext-ack message, mapped to the attribute', async () => {
    const index = Number(/^(\d+):/.exec(ns.ip('link', 'show', 'e0'))![1]);
    const payload = concat(ifinfomsg(index), new AttributeEncoder().u32(IFLA_MTU, 70000).finish());
    const error = await connection.request({ type: RTM_NEWLINK, payload }, { headerLength: 16 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).errnoName).toBe('EINVAL');
    expect((error as NetlinkError).extAckMessage).toMatch(/mtu/i);
  });

  it('a policy violation names the offending attribute through the ext-ack offset', async () => {
    // IFLA_MTU with a 2-byte payload breaks the attribute policy (NLA_U32).
    const bad = concat(ifinfomsg(1), Uint8Array.of(6, 0, IFLA_MTU, 0, 0xdc, 0x05, 0, 0));
    const error = (await connection.request({ type: RTM_NEWLINK, payload: bad }, { headerLength: 16 }).catch((e: unknown) => e)) as NetlinkError;
    expect(error).toBeInstanceOf(NetlinkError);
    expect(error.offset).toBe(32);
    expect(error.attribute).toEqual({ path: [IFLA_MTU], attributeOffset: 32, exact: true });
  });

  it('creating a link that exists fails with EEXIST', async () => {
    const kind = new AttributeEncoder().string(IFLA_IFNAME, 'e0').nested(18, (li) => li.string(1, 'veth')).finish();
    await expect(connection.request({ type: RTM_NEWLINK, flags: 0x600, payload: concat(ifinfomsg(), kind) })).rejects.toMatchObject({ errnoName: 'EEXIST' });
  });

  it('200 concurrent requests and two dumps at once on one socket, every reply to the right caller', async () => {
    const names = ['lo', 'e0', 'e1'];
    const gets = names.flatMap((name) =>
      Array.from({ length: 67 }, () => connection.request({ type: RTM_GETLINK, payload: concat(ifinfomsg(), new AttributeEncoder().string(IFLA_IFNAME, name).finish()) }, { ack: false }).then((r) => [name, ifname(r[0]!)])),
    );
    const [results, dumpA, dumpB] = await Promise.all([Promise.all(gets), connection.dumpAll({ type: RTM_GETLINK, payload: ifinfomsg() }), connection.dumpAll({ type: RTM_GETLINK, payload: ifinfomsg() })]);
    expect(results).toHaveLength(201);
    for (const [asked, got] of results) expect(got).toBe(asked);
    expect(dumpA.map(ifname).sort()).toEqual(['e0', 'e1', 'lo']);
    expect(dumpB.map(ifname).sort()).toEqual(['e0', 'e1', 'lo']);
  });

  it('close with 1,000 requests in flight rejects them all with SocketClosedError', async () => {
    const other = Connection.open({ protocol: 0, netns: { name: ns.name } });
    const inFlight = Array.from({ length: 1000 }, () => other.request({ type: RTM_GETLINK, payload: ifinfomsg(1) }, { ack: false }));
    // The first 256 (the default window) went out in one datagram when the microtask queue ran, and the
    // kernel handled them inside that sendmsg; the other 744 wait for a slot. Replies are delivered only
    // by a later turn of the event loop, so none can settle a request before close() below.
    await Promise.resolve();
    expect(other.pending).toBe(256);
    other.close();
    const outcomes = (await Promise.allSettled(inFlight)).map((r) => (r.status === 'fulfilled' ? 'answered' : r.reason instanceof SocketClosedError ? 'SocketClosedError' : String(r.reason)));
    expect(outcomes).toEqual(Array(1000).fill('SocketClosedError'));
    expect(other.pending).toBe(0);
  });

  it('NLM_F_DUMP_INTR provoked by changing links while dumping: detected, and dumpAll retries to a clean dump', async () => {
    ns.ipBatch(Array.from({ length: 300 }, (_, i) => `link add d${i} type veth peer name p${i}`));
    // The dump reads slowly (a small high-water mark pauses the socket); another socket changes links meanwhile.
    const reader = Connection.open({ protocol: 0, netns: { name: ns.name }, highWaterMark: 8 });
    const writer = Connection.open({ protocol: 0, netns: { name: ns.name } });
    await assertInNamespace(writer, ns);
    let interrupted = 0;
    for (let attempt = 0; attempt < 10 && interrupted === 0; attempt++) {
      let stop = false;
      const churn = (async () => {
        for (let i = 0; !stop && i < 200; i++) {
          const name = new AttributeEncoder().string(IFLA_IFNAME, `c${attempt}x${i}`).nested(18, (li) => li.string(1, 'veth')).finish();
          await writer.request({ type: RTM_NEWLINK, payload: concat(ifinfomsg(), name), flags: 0x600 });
        }
      })();
      try {
        for await (const _ of reader.dump({ type: RTM_GETLINK, payload: ifinfomsg() })) await new Promise((r) => setTimeout(r, 0));
      } catch (error) {
        if (error instanceof DumpInterruptedError) interrupted++;
        else throw error;
      } finally {
        stop = true;
        await churn;
      }
    }
    expect(interrupted).toBeGreaterThan(0);
    // Without concurrent changes the retried dump comes out whole.
    const all = await reader.dumpAll({ type: RTM_GETLINK, payload: ifinfomsg() });
    expect(all.length).toBe(ns.ip('-o', 'link', 'show').trim().split('\n').length);
    reader.close();
    writer.close();
  }, 60_000);

  it('a dump of 100,000 routes is iterated with bounded memory', async () => {
    const lines = ['link add r0 type veth peer name r1', 'link set r0 up', 'addr add 10.255.0.1/16 dev r0'];
    for (let i = 0; i < 100_000; i++) lines.push(`route add 10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}/32 via 10.255.0.2 table 100`);
    ns.ipBatch(lines);
    const routes = Connection.open({ protocol: 0, netns: { name: ns.name }, highWaterMark: 2000 });
    let count = 0;
    let maxBuffered = 0;
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let maxHeap = before;
    for await (const _ of routes.dump({ type: RTM_GETROUTE, payload: rtmsg(2, 0) })) {
      count++;
      maxBuffered = Math.max(maxBuffered, routes.buffered);
      if (count % 1000 === 0) {
        await new Promise((r) => setTimeout(r, 0));
        maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
      }
    }
    routes.close();
    expect(count).toBeGreaterThanOrEqual(100_000);
    // Never more than the high-water mark plus one receive batch waits for the consumer.
    expect(maxBuffered).toBeLessThan(2000 + 64 * 300);
    // 100,000 route messages are ≈ 8 MB; bounded reading holds a small fraction of them at once.
    expect(maxHeap - before).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);

  it('ENOBUFS with a tiny receive buffer and a burst of changes: a typed overrun, then the monitor still receives', async () => {
    const monitor = Connection.open({ protocol: 0, netns: { name: ns.name }, receiveBufferSize: 1024 });
    const subscription = monitor.subscribe(RTNLGRP_LINK);
    let overruns = 0;
    let messages = 0;
    subscription.on('overrun', () => overruns++);
    subscription.on('message', () => messages++);
    ns.ipBatch(Array.from({ length: 200 }, (_, i) => `link add b${i} type veth peer name q${i}`));
    await new Promise((r) => setTimeout(r, 200));
    expect(overruns).toBeGreaterThan(0);
    const after = messages;
    ns.ip('link', 'add', 'late0', 'type', 'veth', 'peer', 'name', 'late1');
    await new Promise((r) => setTimeout(r, 200));
    expect(messages).toBeGreaterThan(after);
    monitor.close();
  }, 30_000); // a burst of 200 veth pairs can take seconds on a loaded machine
});
