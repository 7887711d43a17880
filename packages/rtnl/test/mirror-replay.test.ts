// The mirror's list-then-follow against a fake kernel (no root): notifications that arrive while the
// listing runs are replayed over it in order (what the listing already shows changes nothing, a deletion
// after the listing passed an object removes it), nothing is emitted for the first listing, and after an
// overrun the mirror lists again and emits exactly the differences.
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeDatagram } from '@linx/netlink-socket/testing';
import { AttributeEncoder, ByteWriter, NLM_F_DUMP, type NetlinkMessage } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Rtnl, rtLink, rtRoute, type ObjectEvent } from '../src/index.js';

const { getlink: RTM_GETLINK, newlink: RTM_NEWLINK } = rtLink.linkMessage.types;
const { getroute: RTM_GETROUTE, newroute: RTM_NEWROUTE, delroute: RTM_DELROUTE } = rtRoute.routeMessage.types;
const ROUTE_GROUP = rtRoute.mcastGroups.rtnlgrpIpv4Route;

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
});
