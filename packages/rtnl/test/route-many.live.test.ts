// routes.addMany: many routes pipelined on one socket, each answer in its place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, type Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

describe.skipIf(kernelSkipReason)(`routes.addMany${kernelSkipReason ? ` (skipped: ${kernelSkipReason})` : ''}`, () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  beforeAll(async () => {
    ns = createNetns('many');
    ns.batch(['link add m0 type veth peer name m1', 'link set m0 up', 'link set m1 up', 'addr add 172.30.0.1/16 dev m0']);
    rtnl = await ns.rtnl();
  });
  afterAll(() => ns?.remove());

  it('adds 2,000 routes, reports the one that already exists, and ip sees exactly them', async () => {
    ns.ip('route', 'add', '10.9.0.7/32', 'via', '172.30.0.2');
    const specs = Array.from({ length: 2000 }, (_, i) => ({ dst: `10.9.${i >> 8}.${i & 255}/32`, gateway: '172.30.0.2' }));
    const results = await rtnl.routes.addMany(specs);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(results[7]).toMatchObject({ errnoName: 'EEXIST' });
    const shown = ns.ipJson<{ dst: string; gateway: string }[]>('route', 'show', 'table', 'main').filter((r) => r.dst.startsWith('10.9.'));
    expect(shown).toHaveLength(2000);
    expect(new Set(shown.map((r) => `${r.dst}/32`))).toEqual(new Set(specs.map((s) => s.dst)));
  });

  it('mixes routes written directly with ones the codec encodes (metrics), and places the kernel\'s refusal with its ext-ack text', async () => {
    const results = await rtnl.routes.addMany([
      { dst: '10.7.0.0/24', gateway: '172.30.0.2' },
      { dst: '10.7.1.0/24', gateway: '172.30.0.2', metrics: { mtu: 1300 } },
      { dst: '10.7.2.0/24', gateway: '10.250.0.1' }, // no interface reaches this gateway
      { dst: '10.7.3.0/24', dev: 'm0', priority: 50 },
    ]);
    expect(results[0]).toBeUndefined();
    expect(results[1]).toBeUndefined();
    expect(results[2]).toMatchObject({ errnoName: 'ENETUNREACH', extAckMessage: expect.stringMatching(/gateway/i) });
    expect(results[3]).toBeUndefined();
    const shown = ns.ipJson<{ dst: string; gateway?: string; dev: string; metric?: number; metrics?: { mtu: number }[] }[]>('route', 'show', 'table', 'main').filter((r) => r.dst.startsWith('10.7.'));
    expect(shown.map((r) => r.dst).sort()).toEqual(['10.7.0.0/24', '10.7.1.0/24', '10.7.3.0/24']);
    expect(shown.find((r) => r.dst === '10.7.1.0/24')?.metrics).toEqual([{ mtu: 1300 }]);
    expect(shown.find((r) => r.dst === '10.7.3.0/24')).toMatchObject({ dev: 'm0', metric: 50 });
  });

  it('a bad spec throws, naming its index, before anything is sent', async () => {
    const before = ns.ipJson<unknown[]>('route', 'show', 'table', 'main').length;
    await expect(rtnl.routes.addMany([{ dst: '10.8.0.1/32', gateway: '172.30.0.2' }, { dst: '10.8.0.300/32' }])).rejects.toThrow(InvalidArgumentError);
    await expect(rtnl.routes.addMany([{ dst: '10.8.0.1/32', gateway: '172.30.0.2' }, { dst: '10.8.0.300/32' }])).rejects.toThrow(/routes\[1\]/);
    expect(ns.ipJson<unknown[]>('route', 'show', 'table', 'main').length).toBe(before);
  });
});
