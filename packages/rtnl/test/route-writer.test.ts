// The route writer used by addMany writes exactly the codec's bytes for every plan it accepts, and
// leaves to the codec every plan it cannot write.
import { compileMessage } from '@linx/netlink-codec';
import { ByteWriter } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { routeRequestMessage } from '../src/route/request-layout.js';
import { materialize, planRoute, type RouteSpec } from '../src/route/request.js';
import { RoutePayloads } from '../src/route/payloads.js';
import { writePlainRoute, writesPlainly } from '../src/route/writer.js';

const index = (ref: string | number) => (typeof ref === 'number' ? ref : ref.length + 40);

const plain: RouteSpec[] = [
  { dst: '10.0.0.0/8', gateway: '192.0.2.1' },
  { dst: '10.1.2.3', dev: 'eth0' },
  { dst: 'default', gateway: '192.0.2.254', priority: 100 },
  { dst: '198.51.100.0/24', dev: 7, prefsrc: '192.0.2.9', table: 1000, protocol: 'static', scope: 'link', tos: 16 },
  { dst: '2001:db8::/64', gateway: 'fe80::1', dev: 'veth0', priority: 1024 },
  { dst: '2001:db8:1::/48', src: '2001:db8:2::/48', dev: 3 },
  { dst: '203.0.113.0/24', type: 'blackhole' },
  { dst: '203.0.113.7', type: 'local', dev: 'lo', table: 'local' },
  { dst: '10.9.0.0/16', nhId: 12 },
  { dst: '10.8.0.0/16', gateway: '192.0.2.1', flags: ['onlink'], dev: 2 },
];
const other: RouteSpec[] = [
  { dst: '10.0.0.0/8', gateway: '192.0.2.1', metrics: { mtu: 1400 } },
  { dst: '10.0.0.0/8', multipath: [{ gateway: '192.0.2.1', dev: 2 }, { gateway: '192.0.2.2', dev: 3, weight: 2 }] },
  { dst: '2001:db8::/64', dev: 2, pref: 'high' },
];

describe('writePlainRoute', () => {
  it('writes the same bytes as the codec for every plain route', () => {
    const codec = compileMessage(routeRequestMessage);
    for (const spec of plain) {
      const plan = planRoute(spec, 'add');
      expect(writesPlainly(plan)).toBe(true);
      const w = new ByteWriter(64);
      writePlainRoute(w, plan, plan.oif === undefined ? 0 : index(plan.oif));
      expect([...w.finish()], JSON.stringify(spec)).toEqual([...codec.encode(materialize(plan, index))]);
    }
  });

  it('does not take routes with metrics, next hops or a preference', () => {
    for (const spec of other) expect(writesPlainly(planRoute(spec, 'add'))).toBe(false);
  });
});

describe('RoutePayloads', () => {
  it('holds every route as the codec encodes it, interface names patched in once resolved, uncommon routes in their place', () => {
    const codec = compileMessage(routeRequestMessage);
    const specs = [...plain, ...other, ...plain.slice(0, 3), { dst: '10.5.0.0/16', dev: 'lo', metrics: { mtu: 1200 } }];
    const payloads = new RoutePayloads(24, 0x600, specs.length);
    const plans = specs.map((spec) => planRoute(spec, 'add'));
    for (const plan of plans) payloads.add(plan);
    expect(payloads.count).toBe(specs.length);
    expect([...payloads.names].sort()).toEqual(['eth0', 'lo', 'veth0']);
    payloads.resolve(index);
    plans.forEach((plan, i) => {
      const w = new ByteWriter(16);
      payloads.write(i, w);
      expect([...w.finish()], JSON.stringify(specs[i])).toEqual([...codec.encode(materialize(plan, index))]);
    });
  });
});
