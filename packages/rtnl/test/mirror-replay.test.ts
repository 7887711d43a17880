// The mirror's list-then-follow against a fake kernel (no root): notifications that arrive while the
// listing runs are replayed over it in order (what the listing already shows changes nothing, a deletion
// after the listing passed an object removes it), nothing is emitted for the first listing, and after an
// overrun the mirror lists again and emits exactly the differences.
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeDatagram } from '@linx/netlink-socket/testing';
import { AttributeEncoder, ByteWriter, NLM_F_DUMP, type NetlinkMessage } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Rtnl, type ObjectEvent } from '../src/index.js';
import { rtLink, rtRoute } from '../src/protocol.js';

const { getlink: RTM_GETLINK, newlink: RTM_NEWLINK, dellink: RTM_DELLINK } = rtLink.linkMessage.types;
const { getroute: RTM_GETROUTE, newroute: RTM_NEWROUTE, delroute: RTM_DELROUTE } = rtRoute.routeMessage.types;
const ROUTE_GROUP = rtRoute.mcastGroups.rtnlgrpIpv4Route;
const LINK_GROUP = rtLink.mcastGroups.rtnlgrpLink;

/** An IPv4 route 10.0.N.0/24 out of eth0 (index 2), table main. */
function route(n: number): Uint8Array {
  const w = new ByteWriter(64);
  const at = w.reserve(12);
  w.bytes.set([2, 24, 0, 0, 254, 4, 253, 1], at); // AF_INET, /24, main, static, link scope, unicast
  new AttributeEncoder(w).u32(15, 254).bytes(1, Uint8Array.of(10, 0, n, 0)).u32(4, 2);
  return w.finish();
}

function link(index: number, name: string): Uint8Array {
  const w = new ByteWriter(64);
  const at = w.reserve(16);
  w.view.setInt32(at + 4, index, true);
  new AttributeEncoder(w).string(3, name);
  return w.finish();
}

/** A kernel with links lo and eth0 and the routes in `routes`; `duringRouteDump` is sent in the middle of the next route dump. */
function fakeKernel(routes: Set<number>) {
  const state = { duringRouteDump: [] as FakeDatagram[] };
  const kernel = new FakeKernel(
    (request: NetlinkMessage, k): FakeDatagram[] | undefined => {
      if ((request.flags & NLM_F_DUMP) === 0) return [k.ack(request)];
      if (request.type === RTM_GETLINK) return k.multipart(request, [link(1, 'lo'), link(2, 'eth0')]);
      if (request.type === RTM_GETROUTE) {
        const parts = k.multipart(request, [...routes].map(route), { perDatagram: 1 });
        // The notifications go after the first two routes and before the rest (and before NLMSG_DONE).
        parts.splice(2, 0, ...state.duringRouteDump);
        state.duringRouteDump = [];
        return parts;
      }
      return k.multipart(request, []);
    },
    { replyType: rtnetlinkReplyType },
  );
  return { kernel, state };
}

const dsts = (rtnl: { routes: { list(): { dst?: string }[] } }) => rtnl.routes.list().map((r) => r.dst).sort();

describe('mirror list-then-follow (fake kernel)', () => {
  it('replays what arrived during the listing: a route already listed stays once, one deleted after it was listed goes', async () => {
    const routes = new Set([1, 2, 3]);
    const { kernel, state } = fakeKernel(routes);
    // Route 1 was added just before the listing (its notification arrives after the listing showed it),
    // route 2 is deleted once the listing has shown it, route 4 is added at a place the listing had passed
    // (the kernel's order is not the addresses'), so the listing never shows it.
    state.duringRouteDump = [
      { group: ROUTE_GROUP, messages: [{ type: RTM_NEWROUTE, payload: route(1) }] },
      { group: ROUTE_GROUP, messages: [{ type: RTM_DELROUTE, payload: route(2) }] },
      { group: ROUTE_GROUP, messages: [{ type: RTM_NEWROUTE, payload: route(4) }] },
    ];
    const rtnl = new Rtnl(new Connection(kernel));
    const mirror = await rtnl.mirror({ kinds: ['route'] });
    const changes: ObjectEvent[] = [];
    mirror.on('change', (event: ObjectEvent) => changes.push(event));
    expect(dsts(mirror)).toEqual(['10.0.1.0', '10.0.3.0', '10.0.4.0']);
    expect(mirror.routes.get('10.0.1.0/24')).toHaveLength(1);
    expect(mirror.routes.get('10.0.4.0/24')[0]!.dev).toBe('eth0');
    expect(changes).toEqual([]);
    mirror.close();
    rtnl.close();
  });

  it('follows notifications once current, and after an overrun lists again and emits the differences', async () => {
    const routes = new Set([1, 2]);
    const { kernel } = fakeKernel(routes);
    const rtnl = new Rtnl(new Connection(kernel));
    const mirror = await rtnl.mirror({ kinds: ['route'] });
    const changes: string[] = [];
    const resyncs: unknown[] = [];
    mirror.on('change', (event: ObjectEvent) => changes.push(`${event.type} ${event.kind} ${(event.object as { dst?: string }).dst}`));
    mirror.on('resync', (event: unknown) => resyncs.push(event));

    routes.add(5);
    kernel.notify(ROUTE_GROUP, { type: RTM_NEWROUTE, payload: route(5) });
    await mirror.until((m) => m.routes.size === 3, { timeout: 1000 });
    expect(changes).toEqual(['new route 10.0.5.0']);

    // Lost: route 1 deleted, route 6 added, without notifications reaching the mirror.
    routes.delete(1);
    routes.add(6);
    kernel.overrun();
    await mirror.until((m) => m.routes.get('10.0.6.0/24').length === 1, { timeout: 1000 });
    expect(dsts(mirror)).toEqual(['10.0.2.0', '10.0.5.0', '10.0.6.0']);
    expect(changes.slice(1).sort()).toEqual(['del route 10.0.1.0', 'new route 10.0.6.0']);
    expect(resyncs).toEqual([{ reason: 'overrun', kinds: expect.arrayContaining(['link', 'route']) }]);
    expect([mirror.overruns, mirror.resyncs]).toEqual([1, 1]);
    mirror.close();
    rtnl.close();
  });

  it('after an overrun, a notification read while the socket may still be congested is not replayed over the new listing (it may precede a silent drop)', async () => {
    // The kernel reports ENOBUFS once per congestion and then drops silently until the socket is read
    // empty. Here link m3 was taken down (its RTM_NEWLINK still queued) and deleted (its RTM_DELLINK
    // dropped, silently); the queued RTM_NEWLINK is read after the overrun, before anything answers the
    // mirror's next request. Replayed over the new listing, it would bring m3 back for good.
    const links = new Map([
      [1, 'lo'],
      [2, 'eth0'],
      [3, 'm3'],
    ]);
    const state = { queued: [] as FakeDatagram[] };
    const kernel = new FakeKernel(
      (request: NetlinkMessage, k): FakeDatagram[] => {
        const queued = state.queued;
        state.queued = [];
        if ((request.flags & NLM_F_DUMP) === 0) return [...queued, k.ack(request)];
        if (request.type === RTM_GETLINK) return [...queued, ...k.multipart(request, [...links].map(([index, name]) => link(index, name)))];
        return [...queued, ...k.multipart(request, [])];
      },
      { replyType: rtnetlinkReplyType },
    );
    const rtnl = new Rtnl(new Connection(kernel));
    const mirror = await rtnl.mirror({ kinds: ['route'] });
    expect(mirror.links.list().map((l) => l.ifname)).toEqual(['lo', 'eth0', 'm3']);
    const resyncs: unknown[] = [];
    mirror.on('resync', (event: unknown) => resyncs.push(event));

    links.delete(3);
    state.queued = [{ group: LINK_GROUP, messages: [{ type: RTM_NEWLINK, payload: link(3, 'm3') }] }];
    kernel.overrun();
    await mirror.until((m) => m.resyncs === 1 && state.queued.length === 0, { timeout: 2000 });
    // Let the resync finish (and any further one it would ask for).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mirror.links.list().map((l) => l.ifname)).toEqual(['lo', 'eth0']);
    expect(resyncs).toEqual([{ reason: 'overrun', kinds: expect.arrayContaining(['link', 'route']) }]);
    mirror.close();
    rtnl.close();
  });

  it('a listing retried for churn (EBUSY) keeps what arrived meanwhile for the kinds it does not list: a link deleted then is gone', async () => {
    const links = new Map([
      [1, link(1, 'lo')],
      [2, link(2, 'eth0')],
      [3, link(3, 'm3')],
    ]);
    const state = { busyOnce: false };
    const kernel = new FakeKernel(
      (request: NetlinkMessage, k): FakeDatagram[] => {
        if ((request.flags & NLM_F_DUMP) === 0) return [k.ack(request)];
        if (request.type === RTM_GETLINK) return k.multipart(request, [...links.values()]);
        if (request.type === RTM_GETROUTE && state.busyOnce) {
          // m3 is deleted while the route listing runs, and that listing is refused (EBUSY: a dump
          // the kernel still runs); the mirror lists routes again.
          state.busyOnce = false;
          links.delete(3);
          return [{ group: LINK_GROUP, messages: [{ type: RTM_DELLINK, payload: link(3, 'm3') }] }, k.error(request, 16)];
        }
        return k.multipart(request, []);
      },
      { replyType: rtnetlinkReplyType },
    );
    const rtnl = new Rtnl(new Connection(kernel));
    const mirror = await rtnl.mirror({ kinds: ['route'] });
    const resyncs: unknown[] = [];
    const errors: unknown[] = [];
    mirror.on('resync', (event: unknown) => resyncs.push(event));
    mirror.on('error', (error: unknown) => errors.push(error));
    const before = kernel.requests.length;
    // eth0 comes up: the kernel changes its routes without telling, so the mirror lists routes (only).
    state.busyOnce = true;
    const up = link(2, 'eth0');
    new DataView(up.buffer, up.byteOffset).setUint32(8, 0x1 | 0x40 | 0x10000, true); // IFF_UP | IFF_RUNNING | IFF_LOWER_UP
    links.set(2, up);
    kernel.notify(LINK_GROUP, { type: RTM_NEWLINK, payload: up });
    await mirror.until((m) => m.resyncs >= 1 && !state.busyOnce, { timeout: 2000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // (The deletion, once applied, asks for routes to be listed again too.)
    expect(resyncs[0]).toEqual({ reason: 'link', kinds: ['route'] });
    expect(mirror.links.list().map((l) => l.ifname)).toEqual(['lo', 'eth0']);
    // EBUSY is churn: no error, no overrun, and the routes alone are listed again.
    // (Each route listing dumps the links first, for the routes' names; the third listing is the deletion's.)
    expect(kernel.requests.slice(before).map((r) => r.type)).toEqual([RTM_GETLINK, RTM_GETROUTE, RTM_GETLINK, RTM_GETROUTE, RTM_GETLINK, RTM_GETROUTE]);
    expect([errors, mirror.overruns]).toEqual([[], 0]);
    mirror.close();
    rtnl.close();
  });
});
