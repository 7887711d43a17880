// Decoded routes are plain objects (the decoder builds them with `new` for speed): Object.prototype,
// JSON, spread and structuredClone see exactly the fields, and the shared empty flags list cannot be
// changed by one route for all the others.
import { AttributeEncoder, ByteWriter } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { decodeRoute } from '../src/route/shape.js';

/** rtmsg (AF_INET, /24, main, boot, universe, unicast, `flags`), then table, dst, gateway, oif. */
function routeBytes(flags = 0): Uint8Array {
  const w = new ByteWriter(64);
  const at = w.reserve(12);
  w.bytes.set([2, 24, 0, 0, 254, 3, 0, 1], at);
  w.view.setUint32(at + 8, flags, true);
  new AttributeEncoder(w).u32(15, 254).bytes(1, Uint8Array.of(10, 1, 2, 0)).bytes(5, Uint8Array.of(192, 0, 2, 1)).u32(4, 7);
  return w.finish();
}

const decode = (bytes: Uint8Array) => decodeRoute(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length);

describe('decoded routes', () => {
  it('are plain objects with the fields the kernel sent', () => {
    const route = decode(routeBytes());
    expect(Object.getPrototypeOf(route)).toBe(Object.prototype);
    expect(route.constructor).toBe(Object);
    const expected = { family: 'inet', type: 'unicast', table: 254, tableName: 'main', dst: '10.1.2.0', dstLen: 24, dstPrefix: '10.1.2.0/24', srcLen: 0, tos: 0, protocol: 'boot', scope: 'universe', flags: [], gateway: '192.0.2.1', oif: 7 };
    expect(route).toEqual(expected);
    expect(JSON.parse(JSON.stringify(route))).toStrictEqual(expected);
    expect({ ...route }).toEqual(expected);
    expect(structuredClone(route)).toEqual(expected);
    expect(Object.keys(route)).toEqual(['family', 'type', 'table', 'tableName', 'dst', 'dstLen', 'dstPrefix', 'srcLen', 'tos', 'protocol', 'scope', 'flags', 'priority', 'gateway', 'oif', 'dev']);
    expect(route.priority).toBeUndefined();
    expect(route.dev).toBeUndefined();
  });

  it('name their flags; routes without flags share a frozen empty list', () => {
    expect(decode(routeBytes(0x4 | 0x10)).flags).toEqual(['onlink', 'linkdown']);
    const [a, b] = [decode(routeBytes()), decode(routeBytes())];
    expect(a.flags).toBe(b.flags);
    expect(() => a.flags.push('onlink')).toThrow(TypeError);
    expect(b.flags).toEqual([]);
  });
});
