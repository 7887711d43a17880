// The monitor's decoding without a kernel: notifications become events whose objects are what the list
// decoders make of the same bytes, interface names come from link notifications (AF_UNSPEC ones only),
// and options are checked before anything is opened.
import { AttributeEncoder, ByteWriter, encodeMessage, parseMessages } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { decodeRoute } from '../src/route/shape.js';
import { NotificationDecoder } from '../src/monitor/decode.js';
import { checkMonitorOptions, eventFilter } from '../src/monitor/options.js';
import { rtLink, rtRoute } from '../src/protocol.js';

/** An IPv4 route 10.1.2.0/24 via 192.0.2.1 out of interface `oif`, table 254. */
function routePayload(oif: number): Uint8Array {
  const w = new ByteWriter(64);
  const at = w.reserve(12);
  w.bytes.set([2, 24, 0, 0, 254, 3, 0, 1], at);
  new AttributeEncoder(w).u32(15, 254).bytes(1, Uint8Array.of(10, 1, 2, 0)).bytes(5, Uint8Array.of(192, 0, 2, 1)).u32(4, oif);
  return w.finish();
}

/** An ifinfomsg of `family` for interface `index` named `name`. */
function linkPayload(family: number, index: number, name: string): Uint8Array {
  const w = new ByteWriter(64);
  const at = w.reserve(16);
  w.bytes[at] = family;
  w.view.setInt32(at + 4, index, true);
  new AttributeEncoder(w).string(3, name);
  return w.finish();
}

const message = (type: number, payload: Uint8Array) => parseMessages(encodeMessage({ type, payload }))[0]!;

describe('NotificationDecoder', () => {
  it('decodes a route notification with the route decoder, dev from the names link notifications taught it', () => {
    const decoder = new NotificationDecoder(new Map());
    const route = routePayload(7);
    const before = decoder.decode(message(rtRoute.routeMessage.types.newroute, route));
    expect(before).toEqual({ type: 'new', kind: 'route', object: decodeRoute(route, new DataView(route.buffer, route.byteOffset, route.byteLength), 0, route.length) });
    expect(before?.kind === 'route' && before.object.dev).toBeUndefined();

    const link = decoder.decode(message(rtLink.linkMessage.types.newlink, linkPayload(0, 7, 'eth7')));
    expect(link).toMatchObject({ type: 'new', kind: 'link', object: { index: 7, ifname: 'eth7', family: 'unspec' } });
    const after = decoder.decode(message(rtRoute.routeMessage.types.delroute, route));
    expect(after).toMatchObject({ type: 'del', kind: 'route', object: { oif: 7, dev: 'eth7', gateway: '192.0.2.1' } });
    expect(decoder.names).toEqual(new Map([[7, 'eth7']]));
  });

  it('learns no name from a bridge port message (AF_BRIDGE), and keeps a deleted link\'s name', () => {
    const decoder = new NotificationDecoder(new Map([[7, 'eth7']]));
    decoder.decode(message(rtLink.linkMessage.types.newlink, linkPayload(7, 7, 'other')));
    decoder.decode(message(rtLink.linkMessage.types.dellink, linkPayload(0, 7, 'eth7')));
    expect(decoder.names).toEqual(new Map([[7, 'eth7']]));
  });

  it('has no event for messages of other types, and no names when told so', () => {
    expect(new NotificationDecoder(new Map()).decode(message(rtLink.linkMessage.types.getlink, linkPayload(0, 1, 'lo')))).toBeUndefined();
    const event = new NotificationDecoder(undefined).decode(message(rtRoute.routeMessage.types.newroute, routePayload(7)));
    expect(event?.kind === 'route' && event.object.dev).toBeUndefined();
  });
});

describe('monitor options', () => {
  it('are checked, naming the bad one', () => {
    expect(() => checkMonitorOptions({ kinds: [] })).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'options.kinds' }));
    expect(() => checkMonitorOptions({ kinds: ['link', 'mroute' as 'link'] })).toThrow(/unknown kind "mroute"/);
    expect(() => checkMonitorOptions({ family: 'bridge' as 'inet' })).toThrow(expect.objectContaining({ argument: 'options.family' }));
    expect(() => checkMonitorOptions({ interface: 'a/b' })).toThrow(expect.objectContaining({ argument: 'options.interface' }));
    expect(() => checkMonitorOptions({ interface: 0 })).toThrow(expect.objectContaining({ argument: 'options.interface' }));
    expect(() => checkMonitorOptions({ receiveBufferSize: 0 })).toThrow(expect.objectContaining({ argument: 'options.receiveBufferSize' }));
    expect(() => checkMonitorOptions({ signal: {} as AbortSignal })).toThrow(expect.objectContaining({ argument: 'options.signal' }));
    expect(() => checkMonitorOptions({ kind: 'link' } as never)).toThrow(expect.objectContaining({ argument: 'options.kind' }));
    expect(checkMonitorOptions({ table: 'main', kinds: ['route'] })).toMatchObject({ table: 254, kinds: new Set(['route']), names: true });
  });

  it('filter by kind, family, table and interface in JS, and leave out bridge port messages', () => {
    const decoder = new NotificationDecoder(undefined);
    const route = decoder.decode(message(rtRoute.routeMessage.types.newroute, routePayload(7)))!;
    const accept = (options: Parameters<typeof checkMonitorOptions>[0], index?: number) => eventFilter(checkMonitorOptions(options), index, undefined)(route);
    expect(accept({})).toBe(true);
    expect(accept({ kinds: ['link'] })).toBe(false);
    expect(accept({ family: 'inet6' })).toBe(false);
    expect(accept({ table: 100 })).toBe(false);
    expect(accept({ table: 'main' })).toBe(true);
    expect(accept({}, 8)).toBe(false);
    expect(accept({}, 7)).toBe(true);
    const port = decoder.decode(message(rtLink.linkMessage.types.newlink, linkPayload(7, 7, 'p0')))!;
    expect(eventFilter(checkMonitorOptions({}), undefined, undefined)(port)).toBe(false);
  });
});
