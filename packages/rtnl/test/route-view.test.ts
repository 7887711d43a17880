// RouteView (routes.list(…, { compact: true })) over route messages laid out as a receive batch: every
// field reads what decodeRoute + addRouteNames give for the same bytes, JSON and toRoute() are the plain
// route, the views have no own fields and cannot be written to, and each reads its own batch. Then
// routes.list(…, { compact: true }) on a fake kernel that does not filter (so the client-side filters run
// on views): the same routes as the plain list, and a non-boolean `compact` refused before sending.
import { inspect } from 'node:util';
import { UNKNOWN } from '@linx/netlink-codec';
import { AttributeEncoder, ByteWriter, NLM_F_DUMP, NLMSG_HDRLEN, encodeMessages } from '@linx/netlink-wire';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { describe, expect, it } from 'vitest';
import { routeAttrs } from '../src/generated/rt-route.js';
import { addRouteNames, decodeRoute, type Route } from '../src/route/shape.js';
import { RouteView, routeViewReader } from '../src/route/view.js';
import { InvalidArgumentError, Rtnl, RouteView as ExportedRouteView } from '../src/index.js';
import { linkPayload } from './helpers/link-payload.js';

const RTM_NEWROUTE = 24;

/** An rtmsg (family, dst_len, src_len, tos, table, protocol, scope, type, flags) and its attributes. */
function routePayload(header: number[], flags: number, attrs: (enc: AttributeEncoder) => void): Uint8Array {
  const w = new ByteWriter(256);
  const at = w.reserve(12);
  w.bytes.set(header, at);
  w.view.setUint32(at + 8, flags, true);
  attrs(new AttributeEncoder(w));
  return w.finish();
}

/** Three routes as the kernel lays them out in one dump batch: IPv4 with a gateway, IPv6 multipath with metrics, a local route in table 1000 with an attribute the declaration lacks. */
const PAYLOADS = [
  routePayload([2, 24, 0, 0, 254, 3, 0, 1], 0, (a) => a.u32(15, 254).ip(1, '10.1.2.0').ip(5, '192.0.2.1').u32(4, 7)),
  routePayload([10, 64, 0, 0, 254, 4, 0, 1], 0x4, (a) =>
    a
      .u32(15, 254)
      .ip(1, '2001:db8:1::')
      .u32(6, 1024)
      .nested(8, (m) => m.u32(2, 1400).u32(1, 1 << 2))
      .bytes(9, multipath())
      .u8(20, 0)),
  routePayload([2, 32, 0, 0, 252, 2, 254, 2], 0, (a) => a.u32(15, 1000).ip(1, '10.9.9.9').u32(4, 8).ip(7, '10.9.9.9').bytes(60, Uint8Array.of(1, 2, 3, 4))),
];

/** RTA_MULTIPATH: two rtnexthops (len, flags, hops = weight - 1, ifindex) with RTA_GATEWAY each. */
function multipath(): Uint8Array {
  const w = new ByteWriter(64);
  for (const [hops, ifindex, gateway] of [[1, 7, '2001:db8::1'], [0, 8, '2001:db8::2']] as const) {
    const at = w.reserve(8);
    w.view.setUint8(at + 3, hops);
    w.view.setInt32(at + 4, ifindex, true);
    new AttributeEncoder(w).ip(5, gateway);
    w.view.setUint16(at, w.length - at, true);
  }
  return w.finish();
}

const NAMES = new Map([
  [7, 'v0'],
  [8, 'v1'],
]);

/** The batch (a datagram of the three messages, after a 4-byte gap as a batch has between datagrams) and the payload offsets. */
function batch(): { bytes: Uint8Array; view: DataView; starts: number[] } {
  const messages = encodeMessages(PAYLOADS.map((payload, i) => ({ type: RTM_NEWROUTE, flags: 2, seq: 1, pid: i, payload })));
  const bytes = new Uint8Array(4 + messages.length);
  bytes.set(messages, 4);
  const view = new DataView(bytes.buffer);
  const starts: number[] = [];
  for (let at = 4; at < bytes.length; at += (view.getUint32(at, true) + 3) & ~3) starts.push(at + NLMSG_HDRLEN);
  return { bytes, view, starts };
}

function plain(payload: Uint8Array, names?: ReadonlyMap<number, string>): Route {
  const route = decodeRoute(payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);
  if (names) addRouteNames(route, names);
  return route;
}

function views(names?: ReadonlyMap<number, string>): RouteView[] {
  const { bytes, view, starts } = batch();
  const read = routeViewReader(names);
  return starts.map((start, i) => read(bytes, view, start, start + PAYLOADS[i]!.length));
}

describe('route views', () => {
  it('read every field as the plain route has it, names filled in when looked up', () => {
    for (const names of [NAMES, undefined]) {
      const list = views(names);
      PAYLOADS.forEach((payload, i) => {
        const route = plain(payload, names);
        const view = list[i]!;
        expect(view).toBeInstanceOf(RouteView);
        for (const key of Object.keys(route)) expect((view as unknown as Record<string, unknown>)[key], key).toStrictEqual(route[key as keyof Route]);
        expect(view[UNKNOWN]).toStrictEqual(route[UNKNOWN]);
        expect(view.toRoute()).toStrictEqual(route);
        expect(JSON.stringify(view)).toBe(JSON.stringify(route));
        expect(view.toJSON()).toStrictEqual(route);
      });
    }
    const [a, b, c] = views(NAMES);
    expect([a!.dev, b!.multipath?.map((h) => h.dev), c!.dev, c!.table, c!.type]).toEqual(['v0', ['v0', 'v1'], 'v1', 1000, 'local']);
    expect(c![UNKNOWN]).toEqual([{ type: 60, flags: 0, payload: Uint8Array.of(1, 2, 3, 4) }]);
    expect(b!.metrics).toEqual({ mtu: 1400, lock: ['mtu'] });
  });

  it('have a getter for every field a route can have: the rtmsg, every attribute of the declaration, the names', () => {
    const header = ['family', 'type', 'table', 'tableName', 'dstLen', 'dstPrefix', 'srcLen', 'srcPrefix', 'tos', 'protocol', 'scope', 'flags', 'dev', 'iifName'];
    for (const key of [...header, ...Object.keys(routeAttrs.attributes), UNKNOWN]) {
      expect(typeof Object.getOwnPropertyDescriptor(RouteView.prototype, key)?.get, String(key)).toBe('function');
    }
  });

  it('have no own fields and cannot be written to', () => {
    const [view] = views(NAMES);
    expect(Object.keys(view!)).toEqual([]);
    expect(Reflect.ownKeys(view!)).toEqual([]);
    expect({ ...view }).toEqual({});
    // Test files are modules: strict mode, where assigning to a getter-only property throws.
    expect(() => {
      (view as unknown as { dst: string }).dst = '10.0.0.0';
    }).toThrow(TypeError);
    expect(view!.dst).toBe('10.1.2.0');
  });

  it('decode a view once while its fields are read in a row; toRoute() is a fresh route', () => {
    const [a, b] = views(NAMES);
    const flags = b!.flags;
    expect(b!.flags).toBe(flags);
    expect(b!.metrics).toBe(b!.metrics);
    const own = b!.toRoute();
    expect(own.flags).not.toBe(flags);
    own.flags.push('dead');
    expect(b!.flags).toEqual(['onlink']);
    expect(a!.dst).toBe('10.1.2.0');
    expect(b!.flags).toEqual(['onlink']);
  });

  it('read the bytes of their own batch: changing another batch leaves them as they were', () => {
    const { bytes, view, starts } = batch();
    const read = routeViewReader(undefined);
    const first = starts.map((s) => read(bytes, view, s, 0));
    const other = batch();
    const second = other.starts.map((s) => read(other.bytes, other.view, s, 0));
    other.bytes.fill(0);
    expect(first.map((v) => v.dstPrefix)).toEqual(['10.1.2.0/24', '2001:db8:1::/64', '10.9.9.9']);
    expect(() => second[0]!.dst).toThrow();
  });

  it('show the plain route when inspected, and are exported by the package', () => {
    const [view] = views(NAMES);
    expect(inspect(view)).toBe(inspect(plain(PAYLOADS[0]!, NAMES)));
    expect(ExportedRouteView).toBe(RouteView);
  });
});

/** A kernel that answers link dumps with v0 (7) and v1 (8) and route dumps with the three routes above. */
function fake() {
  const handler: FakeHandler = (req, k) => {
    if ((req.flags & NLM_F_DUMP) !== NLM_F_DUMP) return k.error(req, 95);
    if (req.type === 18) return k.multipart(req, [linkPayload(7, 'v0'), linkPayload(8, 'v1')], { type: 16 });
    if (req.type === 26) return k.multipart(req, PAYLOADS, { type: RTM_NEWROUTE });
    return k.error(req, 95);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

describe('routes.list(…, { compact: true }) on a fake kernel', () => {
  it('gives views of the routes the plain list gives, in its order, filtered alike', async () => {
    const { rtnl } = fake();
    for (const filter of [{}, { family: 'inet6' as const }, { table: 1000 }, { interface: 8 }, { names: false }]) {
      const plainList = await rtnl.routes.list(filter);
      const compact = await rtnl.routes.list(filter, { compact: true });
      expect(plainList.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(compact.every((v) => v instanceof RouteView)).toBe(true);
      expect(compact.map((v) => v.toJSON()), JSON.stringify(filter)).toStrictEqual([...plainList]);
    }
    expect((await rtnl.routes.list({ interface: 8 }, { compact: true })).map((v) => v.dstPrefix)).toEqual(['2001:db8:1::/64', '10.9.9.9']);
    rtnl.close();
  });

  it('refuses a compact option that is not a boolean with InvalidArgumentError, sending nothing', async () => {
    const { kernel, rtnl } = fake();
    for (const compact of ['yes', 1, null]) {
      const error = await rtnl.routes.list({}, { compact } as never).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: 'options.compact' });
    }
    expect(kernel.requests).toEqual([]);
    rtnl.close();
  });
});
