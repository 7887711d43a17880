// A monitor whose consumer does not keep up holds the kernel back instead of queueing without bound
// (fake kernel, no root): past the connection's highWaterMark, reading pauses and the rest waits in the
// "kernel"; once consumed, every event comes, in order. An overrun the kernel reports is an event, and
// the monitor goes on.
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { AttributeEncoder, ByteWriter, NLM_F_DUMP, type NetlinkMessage } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Rtnl, type MonitorEvent, type Route } from '../src/index.js';
import { rtRoute } from '../src/protocol.js';

const ROUTE_GROUP = rtRoute.mcastGroups.rtnlgrpIpv4Route;

function route(n: number): Uint8Array {
  const w = new ByteWriter(64);
  const at = w.reserve(12);
  w.bytes.set([2, 32, 0, 0, 254, 4, 0, 1], at);
  new AttributeEncoder(w).u32(15, 254).bytes(1, Uint8Array.of(10, 0, n >> 8, n & 255));
  return w.finish();
}

describe('monitor backpressure (fake kernel)', () => {
  it('pauses reading past highWaterMark, then delivers everything in order, overruns included', async () => {
    const kernel = new FakeKernel((request: NetlinkMessage, k) => ((request.flags & NLM_F_DUMP) !== 0 ? k.multipart(request, []) : [k.ack(request)]), { replyType: rtnetlinkReplyType });
    const rtnl = new Rtnl(new Connection(kernel, { highWaterMark: 16 }));
    const monitor = await rtnl.monitor({ kinds: ['route'], names: false });
    for (let i = 0; i < 200; i++) kernel.notify(ROUTE_GROUP, { type: rtRoute.routeMessage.types.newroute, payload: route(i) });
    for (let i = 0; i < 20; i++) await sleep(1);
    // Nobody consumed: reading stopped with most notifications still in the kernel.
    expect(kernel.paused).toBe(true);
    expect(kernel.backlog).toBeGreaterThan(100);
    kernel.overrun();
    const events: MonitorEvent[] = [];
    for await (const event of monitor) {
      events.push(event);
      if (events.length === 201) break;
    }
    const routes = events.filter((e) => e.type !== 'overrun').map((e) => (e as { object: Route }).object.dst);
    expect(routes).toEqual(Array.from({ length: 200 }, (_, i) => `10.0.${i >> 8}.${i & 255}`));
    expect(events.filter((e) => e.type === 'overrun')).toEqual([{ type: 'overrun' }]);
    expect(monitor.closed).toBe(true); // leaving the loop closed it
    rtnl.close();
  });
});
