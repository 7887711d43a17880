// MPLS routes and MPLS encapsulation: ip's own request bytes (helpers/iproute2-requests.ts, captured from
// iproute2 6.1 with strace; this kernel refuses them, lacking MPLS_ROUTING and MPLS_IPTUNNEL) decoded back
// by the route decoder to what they mean, that meaning given back to linx's verbs making the same bytes
// (attribute order aside), and bad input refused before anything is sent.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-wire';
import { canonical, fixtureRequest, FIXTURES, INDEXES, type FixtureName } from './helpers/iproute2-requests.js';
import { fakeRtnl } from './helpers/link-golden.js';
import { decodeRoute, type Route } from '../src/route/shape.js';
import { decodeLabels, encodeLabels } from '../src/route/mpls.js';
import type { RouteSpec } from '../src/index.js';

/** ip's request of a fixture, decoded by the route decoder. */
function ipsRoute(name: FixtureName): Route {
  const { payload } = fixtureRequest(name);
  return decodeRoute(payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);
}

/** The request linx sends for `spec` (the last of `type`). */
async function linxSends(type: number, call: (rtnl: ReturnType<typeof fakeRtnl>['rtnl']) => Promise<unknown>) {
  const { rtnl, kernel } = fakeRtnl({ ...INDEXES });
  await call(rtnl).catch(() => undefined);
  return kernel.requests.filter((m) => m.type === type).at(-1)!;
}

describe('MPLS label stacks (linux/mpls.h: label << 12, bottom of stack 0x100, big-endian)', () => {
  it('encode with the bottom-of-stack bit on the last label only, and decode back', () => {
    expect([...encodeLabels([100])]).toEqual([0x00, 0x06, 0x41, 0x00]);
    expect([...encodeLabels([300, 400])]).toEqual([0x00, 0x12, 0xc0, 0x00, 0x00, 0x19, 0x01, 0x00]);
    expect(decodeLabels(encodeLabels([0, 16, 0xfffff]))).toEqual([0, 16, 0xfffff]);
  });
});

describe.runIf(endianness() === 'LE')("ip's MPLS requests, decoded and made again", () => {
  it('an AF_MPLS route: the incoming label, the labels swapped in, the next hop of another family, the interface', () => {
    expect(ipsRoute('mplsRouteSwap')).toMatchObject({ family: 'mpls', dstLen: 20, dst: '100', newdst: '200', via: { family: 'inet', address: '10.0.0.2' }, oif: 3, table: 254, protocol: 'boot', type: 'unicast' });
    expect(ipsRoute('mplsRouteStack')).toMatchObject({ dst: '102', newdst: '300/400' });
    expect(ipsRoute('mplsRouteVia6')).toMatchObject({ dst: '101', via: { family: 'inet6', address: '2001:db8::2' } });
    expect(ipsRoute('mplsRouteViaLink').via).toEqual({ family: 'packet', address: '02:00:00:00:00:01' });
    expect(ipsRoute('mplsRouteViaLink').newdst).toBeUndefined();
  });

  it('an IPv4/IPv6 route with encap mpls: the pushed labels and their TTL, RTA_ENCAP_TYPE mpls (1)', () => {
    expect(ipsRoute('routeEncapMpls')).toMatchObject({ dst: '10.1.0.0', gateway: '10.0.0.2', encapType: 1, encap: { type: 'mpls', labels: [100, 200] } });
    expect(ipsRoute('routeEncapMplsTtl').encap).toEqual({ type: 'mpls', labels: [100], ttl: 10 });
    expect(ipsRoute('routeEncapMpls6')).toMatchObject({ family: 'inet6', encap: { type: 'mpls', labels: [300] } });
  });

  for (const name of ['mplsRouteSwap', 'mplsRouteStack', 'mplsRouteVia6', 'mplsRouteViaLink', 'routeEncapMpls', 'routeEncapMplsTtl', 'routeEncapMpls6'] as const) {
    it(`${FIXTURES[name].command.join(' ')}: the decoded route given to routes.add sends ip's request again`, async () => {
      const route = ipsRoute(name);
      const spec = { ...route, dev: 'v0' } as unknown as RouteSpec;
      const sent = await linxSends(FIXTURES[name].type, (rtnl) => rtnl.routes.add(spec));
      expect(canonical(sent)).toEqual(canonical(fixtureRequest(name)));
    });
  }
});

describe('bad MPLS input is refused before anything is sent', () => {
  const refused = async (spec: unknown): Promise<InvalidArgumentError> => {
    const { rtnl, kernel } = fakeRtnl({ ...INDEXES });
    const error = await rtnl.routes.add(spec as RouteSpec).catch((e: unknown) => e);
    expect(kernel.requests.filter((m) => m.type === 24)).toEqual([]);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  };

  it('labels out of range, several incoming labels, no next hop, unknown families and encapsulations', async () => {
    expect((await refused({ family: 'mpls', dst: '1048576', dev: 'v0' })).argument).toBe('dst');
    expect((await refused({ family: 'mpls', dst: '100/200', dev: 'v0' })).argument).toBe('dst');
    expect((await refused({ family: 'mpls', dst: '100', newdst: 'x/2', dev: 'v0' })).argument).toBe('newdst');
    expect((await refused({ family: 'mpls', dst: '100' })).argument).toBe('via');
    expect((await refused({ family: 'mpls', dst: '100', via: { family: 'ipx', address: '1' } })).argument).toBe('via.family');
    expect((await refused({ family: 'mpls', dst: '100', via: { family: 'inet', address: '2001:db8::1' } })).argument).toBe('via.address');
    expect((await refused({ dst: '10.0.0.0/8', dev: 'v0', encap: { type: 'seg6', labels: [1] } })).argument).toBe('encap.type');
    expect((await refused({ dst: '10.0.0.0/8', dev: 'v0', encap: { type: 'mpls', labels: [] } })).argument).toBe('encap.labels');
    expect((await refused({ dst: '10.0.0.0/8', dev: 'v0', encap: { type: 'mpls', labels: [1], ttl: 0 } })).argument).toBe('encap.ttl');
  });
});
