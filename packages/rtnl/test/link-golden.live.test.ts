// linx's link requests against iproute2's bytes. For every command in IPROUTE2 (iproute2 6.1's requests,
// kept as fixtures) linx makes the same call on a fake kernel, and its request must be the same message,
// byte for byte, once two things that legitimately differ are set aside:
//   - the sequence number and port id (zeroed on both sides);
//   - the NUL after IFLA_INFO_KIND, which iproute2 leaves out and linx writes (withKindNul adds it to
//     iproute2's message, fixing the enclosing lengths).
// Then the fixture decodes with linx's declarations to the values asked for, and re-encodes to the
// very same bytes. With root and strace, the fixtures are checked against the `ip` of this machine too
// (the kernel may refuse the command: the request is sent all the same, which is how the kinds this
// kernel lacks, dummy, vlan, bond, ipvlan and bridge VLAN filtering, are compared).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage, UNKNOWN, type MessageDecl } from '@linx/netlink-codec';
import { parseMessages } from '@linx/netlink-wire';
import { linkMessage, linkRequestMessage, type Rtnl } from '../src/index.js';
import { IPROUTE2, changeRequest, fakeRtnl, hex, traceIpRequests, unhex, withKindNul, withoutSeqPid } from './helpers/link-golden.js';
import { bridgeVlanFilteringAvailable, linkKindAvailable } from './helpers/link-compare.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { spawnSync } from 'node:child_process';

type Fixture = keyof typeof IPROUTE2;

/** What linx calls for each fixture (v0 is index 3, as in the namespace the fixtures come from). */
const LINX: Record<Fixture, (rtnl: Rtnl) => Promise<unknown>> = {
  dummy: (r) => r.links.create({ name: 'd0', kind: 'dummy' }),
  dummyWithSettings: (r) => r.links.create({ name: 'd0', kind: 'dummy', mtu: 1400, address: '02:00:00:00:00:01', txqlen: 10, alias: 'hi', up: true }),
  vlan: (r) => r.links.create({ name: 'vl0', kind: 'vlan', link: 'v0', id: 5, protocol: '802.1ad' }),
  bond: (r) => r.links.create({ name: 'b0', kind: 'bond', mode: 'active-backup', miimon: 100 }),
  ipvlan: (r) => r.links.create({ name: 'iv0', kind: 'ipvlan', link: 'v0', mode: 'l3', isolation: 'bridge' }),
  ipvlanPrivate: (r) => r.links.create({ name: 'iv0', kind: 'ipvlan', link: 'v0', mode: 'l3s', isolation: 'private' }),
  bridgeVlanFiltering: (r) => r.links.create({ name: 'br9', kind: 'bridge', vlanFiltering: true }),
  veth: (r) => r.links.create({ name: 'v2', kind: 'veth', peer: { name: 'v3' } }),
  macvlan: (r) => r.links.create({ name: 'mv0', kind: 'macvlan', link: 'v0', mode: 'bridge' }),
  set: (r) => r.links.set('v0', { mtu: 1400, address: '02:00:00:00:00:09', txqlen: 10, alias: 'hello' }),
  setDownClearAlias: (r) => r.links.set('v0', { up: false, alias: null }),
  del: (r) => r.links.delete(3),
};

/** The values each fixture decodes to (a subset: what the command asked for). */
const DECODED: Partial<Record<Fixture, object>> = {
  dummy: { header: { ifiIndex: 0 }, attrs: { ifname: 'd0', linkinfo: { kind: 'dummy' } } },
  dummyWithSettings: { header: { ifiFlags: ['up'], ifiChange: 1 }, attrs: { ifname: 'd0', mtu: 1400, address: '02:00:00:00:00:01', txqlen: 10, ifalias: 'hi', linkinfo: { kind: 'dummy' } } },
  vlan: { attrs: { ifname: 'vl0', link: 3, linkinfo: { kind: 'vlan', data: { id: 5, protocol: '8021ad' } } } },
  bond: { attrs: { ifname: 'b0', linkinfo: { kind: 'bond', data: { mode: 'active-backup', miimon: 100 } } } },
  ipvlan: { attrs: { ifname: 'iv0', link: 3, linkinfo: { kind: 'ipvlan', data: { mode: 'l3', flags: [] } } } },
  ipvlanPrivate: { attrs: { ifname: 'iv0', link: 3, linkinfo: { kind: 'ipvlan', data: { mode: 'l3s', flags: ['private'] } } } },
  bridgeVlanFiltering: { attrs: { ifname: 'br9', linkinfo: { kind: 'bridge', data: { vlanFiltering: 1 } } } },
  veth: { attrs: { ifname: 'v2', linkinfo: { kind: 'veth', data: { peer: { header: { ifiIndex: 0 }, ifname: 'v3' } } } } },
  macvlan: { attrs: { ifname: 'mv0', link: 3, linkinfo: { kind: 'macvlan', data: { mode: 'bridge' } } } },
  set: { header: { ifiIndex: 3 }, attrs: { mtu: 1400, address: '02:00:00:00:00:09', txqlen: 10 } },
  setDownClearAlias: { header: { ifiIndex: 3, ifiFlags: [], ifiChange: 1 } },
  del: { header: { ifiIndex: 3 } },
};

const fixtureMessage = (name: Fixture) => parseMessages(unhex(IPROUTE2[name].bytes))[0]!;

async function linxRequest(name: Fixture, indexes: Record<string, number> = { v0: 3, v1: 2 }) {
  const { rtnl, changes } = fakeRtnl(indexes);
  await LINX[name](rtnl);
  const sent = changes();
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

describe('link requests are iproute2’s bytes', () => {
  for (const name of Object.keys(IPROUTE2) as Fixture[]) {
    it(`${IPROUTE2[name].args.join(' ')}`, async () => {
      const ours = await linxRequest(name);
      expect(hex(withoutSeqPid(ours))).toBe(hex(withoutSeqPid(withKindNul(fixtureMessage(name)))));
    });
  }

  it('the one normalization: iproute2 omits the NUL after IFLA_INFO_KIND, linx writes it', async () => {
    const ours = await linxRequest('vlan');
    const theirs = fixtureMessage('vlan');
    expect(hex(withoutSeqPid(ours))).not.toBe(hex(withoutSeqPid(theirs)));
    // "vlan" is 4 bytes: with its NUL the attribute needs 4 more bytes, so the message is 4 longer.
    expect(withoutSeqPid(ours).length).toBe(withoutSeqPid(theirs).length + 4);
    // "dummy" without its NUL pads to the same size: only IFLA_INFO_KIND's length differs (9 vs 10).
    const dummy = await linxRequest('dummy');
    expect(withoutSeqPid(dummy).length).toBe(withoutSeqPid(fixtureMessage('dummy')).length);
  });
});

describe('iproute2’s link requests decode with linx’s declarations and re-encode byte for byte', () => {
  for (const [label, decl] of [['linkMessage', linkMessage], ['linkRequestMessage', linkRequestMessage]] as const) {
    const codec = compileMessage(decl as MessageDecl);
    for (const name of Object.keys(IPROUTE2) as Fixture[]) {
      it(`${label}: ${IPROUTE2[name].args.join(' ')}`, () => {
        const message = fixtureMessage(name);
        const value = codec.decode(message.payload);
        expect(value).toMatchObject(DECODED[name]!);
        expect((value.attrs as Record<symbol, unknown>)[UNKNOWN]).toBeUndefined();
        const data = (value.attrs.linkinfo as { data?: Record<symbol, unknown> } | undefined)?.data;
        if (data) expect(data[UNKNOWN]).toBeUndefined();
        expect(hex(codec.encode(value))).toBe(hex(message.payload));
      });
    }
  }

  it('the alias is decoded without a NUL, and an empty one clears it', () => {
    const codec = compileMessage(linkRequestMessage);
    expect(codec.decode(fixtureMessage('set').payload).attrs.ifalias).toBe('hello');
    expect(codec.decode(fixtureMessage('setDownClearAlias').payload).attrs.ifalias).toBe('');
  });
});

const strace = spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
const canTrace = kernelSkipReason === undefined && strace;

/** The fixtures this kernel may refuse: what it must lack for that, probed when the file loads, and its words. */
const NEEDS: Partial<Record<Fixture, { has: boolean; refusal: RegExp }>> = canTrace
  ? (() => {
      const kind = (name: string) => ({ has: linkKindAvailable(name), refusal: /Unknown device type/ });
      const [dummy, vlan, bond, ipvlan] = [kind('dummy'), kind('vlan'), kind('bond'), kind('ipvlan')];
      const bridgeVlanFiltering = { has: bridgeVlanFilteringAvailable(), refusal: /Operation not supported/ };
      return { dummy, dummyWithSettings: dummy, vlan, bond, ipvlan, ipvlanPrivate: ipvlan, bridgeVlanFiltering };
    })()
  : {};

describe.skipIf(!canTrace)('the fixtures are what this machine’s ip sends', () => {
  let ns: TestNetns;
  beforeAll(() => {
    ns = createNetns('link-golden');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  });
  afterAll(() => ns?.remove());

  for (const name of Object.keys(IPROUTE2) as Fixture[]) {
    it(`ip ${IPROUTE2[name].args.join(' ')}`, async () => {
      const indexes = Object.fromEntries(ns.ipJson<{ ifname: string; ifindex: number }[]>('link', 'show').map((l) => [l.ifname, l.ifindex]));
      expect(indexes).toMatchObject({ v1: 2, v0: 3 });
      const traced = traceIpRequests(ns.name, [...IPROUTE2[name].args]);
      const request = changeRequest(traced.messages);
      expect(hex(withoutSeqPid(request))).toBe(IPROUTE2[name].bytes);
      // And linx (resolving names in this namespace) sends the same.
      const ours = await linxRequest(name, indexes);
      expect(hex(withoutSeqPid(ours))).toBe(hex(withoutSeqPid(withKindNul(request))));
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
