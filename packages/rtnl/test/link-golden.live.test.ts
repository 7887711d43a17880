// iproute2's link requests kept as fixtures (helpers/link-golden.ts; link-golden.test.ts compares linx's
// requests with them) against the `ip` of this machine: with root and strace, each command is traced in
// a namespace of this file's, and must send the fixture's bytes, as linx does for the same call there
// (the kernel may refuse the command: the request is sent all the same, which is how the kinds this
// kernel lacks, dummy, vlan, bond, ipvlan and bridge VLAN filtering, are compared).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPROUTE2, changeRequest, hex, linxRequest, traceIpRequests, withoutSeqPid, type Fixture } from './helpers/link-golden.js';
import { bridgeVlanFilteringAvailable, linkKindAvailable } from './helpers/link-compare.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { spawnSync } from 'node:child_process';

const strace = spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
const canTrace = kernelSkipReason === undefined && strace;

/** The fixtures this kernel may refuse: what it must lack for that, probed when the file loads, and its words. */
const NEEDS: Partial<Record<Fixture, { has: boolean; refusal: RegExp }>> = canTrace
  ? (() => {
      const kind = (name: string) => ({ has: linkKindAvailable(name), refusal: /Unknown device type/ });
      const [dummy, vlan, bond, ipvlan] = [kind('dummy'), kind('vlan'), kind('bond'), kind('ipvlan')];
      const bridgeVlanFiltering = { has: bridgeVlanFilteringAvailable(), refusal: /Operation not supported/ };
      return { dummy, dummyWithSettings: dummy, vlan, bond, ipvlan, ipvlanPrivate: ipvlan, ipvlanL2: ipvlan, ipvlanNoMode: ipvlan, bridgeVlanFiltering };
    })()
  : {};

describe.skipIf(!canTrace)('the fixtures are what this machine’s ip sends', () => {
  let ns: TestNetns;
  beforeAll(() => {
    ns = createNetns('link-golden');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  });
  afterAll(() => ns?.remove());

  it('a 7-byte address: ip refuses before sending a change, and so does linx; the link keeps its address', async () => {
    const before = ns.ipJson<{ address: string }[]>('link', 'show', 'v0')[0]!.address;
    const traced = traceIpRequests(ns.name, ['link', 'set', 'v0', 'address', '02:00:00:00:00:00:01']);
    expect(traced.status).not.toBe(0);
    expect(traced.stderr).toMatch(/Invalid address length 7 - must be 6 bytes/);
    // ip looked the link up (RTM_GETLINK) and sent no RTM_NEWLINK with a body.
    expect(traced.messages.filter((m) => m.type === 16 && m.payload.length > 16)).toEqual([]);
    const rtnl = await ns.rtnl();
    await expect(rtnl.links.set('v0', { address: '02:00:00:00:00:00:01' })).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'address' });
    expect(ns.ipJson<{ address: string }[]>('link', 'show', 'v0')[0]!.address).toBe(before);
    // The right length is taken, as ip takes it.
    await rtnl.links.set('v0', { address: '02:00:00:00:00:07' });
    expect(ns.ipJson<{ address: string }[]>('link', 'show', 'v0')[0]!.address).toBe('02:00:00:00:00:07');
    ns.ip('link', 'set', 'v0', 'address', before);
  });

  for (const name of Object.keys(IPROUTE2) as Fixture[]) {
    it(`ip ${IPROUTE2[name].args.join(' ')}`, async () => {
      const indexes = Object.fromEntries(ns.ipJson<{ ifname: string; ifindex: number }[]>('link', 'show').map((l) => [l.ifname, l.ifindex]));
      expect(indexes).toMatchObject({ v1: 2, v0: 3 });
      const traced = traceIpRequests(ns.name, [...IPROUTE2[name].args]);
      const request = changeRequest(traced.messages);
      expect(hex(withoutSeqPid(request))).toBe(IPROUTE2[name].bytes);
      // And linx (resolving names in this namespace) sends the same.
      const ours = await linxRequest(name, indexes);
      expect(hex(withoutSeqPid(ours))).toBe(hex(withoutSeqPid(request)));
      // The request is sent either way; the kernel accepts it, or refuses, in its words, a kind it lacks.
      const needs = NEEDS[name];
      if (needs !== undefined && !needs.has) {
        expect(traced.status).not.toBe(0);
        expect(traced.stderr).toMatch(needs.refusal);
      } else {
        expect({ status: traced.status, stderr: traced.stderr }).toEqual({ status: 0, stderr: '' });
        // Undo it, so every command starts from the same namespace.
        const args = IPROUTE2[name].args;
        if (args[1] === 'add') ns.ip('link', 'del', args[2]!);
        if (args[1] === 'del') ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
        if (args[1] === 'set') ns.ip('link', 'set', 'v0', 'mtu', '1500', 'alias', '');
      }
    });
  }
});
