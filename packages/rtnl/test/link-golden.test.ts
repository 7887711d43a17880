// linx's link requests against iproute2's bytes, without a kernel. For every command in IPROUTE2
// (iproute2 6.1's requests, kept as fixtures) linx makes the same call on a fake kernel, and its request
// must be the same message, byte for byte, once two things that legitimately differ are set aside:
//   - the sequence number and port id (zeroed on both sides);
//   - the NUL after IFLA_INFO_KIND, which iproute2 leaves out and linx writes (withKindNul adds it to
//     iproute2's message, fixing the enclosing lengths).
// Then the fixture decodes with linx's declarations to the values asked for, and re-encodes to the
// very same bytes. link-golden.live.test.ts checks the fixtures against this machine's `ip`.
import { describe, expect, it } from 'vitest';
import { compileMessage, UNKNOWN, type MessageDecl } from '@linx/netlink-codec';
import { linkMessage, linkRequestMessage } from '../src/index.js';
import { IPROUTE2, fixtureMessage, hex, linxRequest, withKindNul, withoutSeqPid, type Fixture } from './helpers/link-golden.js';

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
