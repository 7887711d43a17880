// MPLS routes and MPLS encapsulation against the running kernel, in a namespace of this file's own.
// Support is detected, not assumed: AF_MPLS routes need CONFIG_MPLS_ROUTING (it makes
// /proc/sys/net/mpls/platform_labels), `encap mpls` needs CONFIG_MPLS_IPTUNNEL (probed with ip itself).
// Where the kernel lacks them (this one has CONFIG_MPLS only), linx's request is refused as ip's is;
// where it has them, what linx adds is what `ip -j -f mpls route show` / `ip -j route show` print.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError } from '@linx/netlink-wire';
import type { Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { run } from './helpers/live.js';

describe.skipIf(kernelSkipReason !== undefined)('MPLS routes in a namespace of their own', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  let mplsRouting = false;
  let mplsEncap = false;

  beforeAll(async () => {
    ns = createNetns('route-mpls');
    rtnl = await ns.rtnl();
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ns.ip('link', 'set', 'v0', 'up');
    ns.ip('addr', 'add', '10.0.0.1/24', 'dev', 'v0');
    mplsRouting = spawnSync('ip', ['netns', 'exec', ns.name, 'test', '-e', '/proc/sys/net/mpls/platform_labels']).status === 0;
    if (mplsRouting) {
      spawnSync('ip', ['netns', 'exec', ns.name, 'sysctl', '-qw', 'net.mpls.platform_labels=1000']);
      spawnSync('ip', ['netns', 'exec', ns.name, 'sysctl', '-qw', 'net.mpls.conf.v0.input=1']);
    }
    // Probe encap mpls with ip, on a route removed at once.
    const probe = run(['ip', '-n', ns.name, 'route', 'add', '10.99.0.0/24', 'encap', 'mpls', '99', 'dev', 'v0']);
    mplsEncap = probe.status === 0;
    if (mplsEncap) ns.ip('route', 'del', '10.99.0.0/24');
  });

  afterAll(() => {
    ns?.remove();
  });

  it('an AF_MPLS route: refused as ip’s is where the kernel has no MPLS routing, else listed as ip lists it', async () => {
    const spec = { family: 'mpls', dst: '100', newdst: '200/300', via: { family: 'inet', address: '10.0.0.2' }, dev: 'v0' } as const;
    if (!mplsRouting) {
      expect(existsSync('/proc/sys/net/mpls/platform_labels')).toBe(false);
      const ip = run(['ip', '-n', ns.name, '-f', 'mpls', 'route', 'add', '100', 'as', '200/300', 'via', 'inet', '10.0.0.2', 'dev', 'v0']);
      expect(ip.status).not.toBe(0);
      expect(ip.stderr).toContain('Operation not supported');
      const error = await rtnl.routes.add(spec).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetlinkError);
      expect((error as NetlinkError).errnoName).toBe('EOPNOTSUPP');
      return;
    }
    await rtnl.routes.add(spec);
    const shown = ns.ipJson<{ dst: string; as?: { to: string }; via?: { family: string; host: string }; dev: string }[]>('-f', 'mpls', 'route', 'show');
    const listed = (await rtnl.routes.list({ family: 'mpls' })).filter((r) => r.dst === '100');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ family: 'mpls', dst: shown[0]!.dst, newdst: shown[0]!.as?.to, via: { family: 'inet', address: shown[0]!.via?.host }, dev: 'v0' });
    await rtnl.routes.delete({ family: 'mpls', dst: '100', dev: 'v0' });
    expect(ns.ipJson<unknown[]>('-f', 'mpls', 'route', 'show')).toEqual([]);
  });

  it('encap mpls on an IPv4 route: refused as ip’s is where the kernel has no MPLS tunnels, else listed back with its labels', async () => {
    const spec = { dst: '10.1.0.0/24', encap: { type: 'mpls', labels: [100, 200], ttl: 10 }, dev: 'v0' } as const;
    if (!mplsEncap) {
      const ip = run(['ip', '-n', ns.name, 'route', 'add', '10.1.0.0/24', 'encap', 'mpls', '100/200', 'ttl', '10', 'dev', 'v0']);
      expect(ip.stderr).toContain('lwt encapsulation type not supported');
      const error = await rtnl.routes.add(spec).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetlinkError);
      expect((error as NetlinkError).errnoName).toBe('EOPNOTSUPP');
      expect((error as NetlinkError).message).toContain('lwt encapsulation type not supported');
      return;
    }
    await rtnl.routes.add(spec);
    const listed = (await rtnl.routes.list({ dst: '10.1.0.0/24' }))[0]!;
    expect(listed.encap).toEqual({ type: 'mpls', labels: [100, 200], ttl: 10 });
    const shown = ns.ipJson<{ dst: string; encap?: string; dst_mpls?: string }[]>('route', 'show', '10.1.0.0/24');
    expect(JSON.stringify(shown)).toContain('100/200');
  });
});
