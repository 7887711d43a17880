// linx's link requests against iproute2's bytes, without a kernel. For every command in IPROUTE2
// (iproute2 6.1's requests, kept as fixtures) linx makes the same call on a fake kernel, and its request
// must be the same message, byte for byte, once the sequence number and port id are zeroed on both
// sides. IFLA_INFO_KIND included: iproute2 sends it without a NUL, and so does linx.
// Then the fixture decodes with linx's declarations to the values asked for, and re-encodes to the
// very same bytes. link-golden.live.test.ts checks the fixtures against this machine's `ip`.
import { describe, expect, it } from 'vitest';
import { compileMessage, UNKNOWN, type MessageDecl } from '@linx/netlink-codec';
import { linkMessage, linkRequestMessage } from '../src/protocol.js';
import { IPROUTE2, fixtureMessage, hex, linxRequest, withoutSeqPid, type Fixture } from './helpers/link-golden.js';

/** The values each fixture decodes to (a subset: what the command asked for). */
const DECODED: Partial<Record<Fixture, object>> = {
  dummy: { header: { ifiIndex: 0 }, attrs: { ifname: 'd0', linkinfo: { kind: 'dummy' } } },
  dummyWithSettings: { header: { ifiFlags: ['up'], ifiChange: 1 }, attrs: { ifname: 'd0', mtu: 1400, address: '02:00:00:00:00:01', txqlen: 10, ifalias: 'hi', linkinfo: { kind: 'dummy' } } },
  vlan: { attrs: { ifname: 'vl0', link: 3, linkinfo: { kind: 'vlan', data: { id: 5, protocol: '8021ad' } } } },
  bond: { attrs: { ifname: 'b0', linkinfo: { kind: 'bond', data: { mode: 'active-backup', miimon: 100 } } } },
  ipvlan: { attrs: { ifname: 'iv0', link: 3, linkinfo: { kind: 'ipvlan', data: { mode: 'l3', flags: [] } } } },
  ipvlanPrivate: { attrs: { ifname: 'iv0', link: 3, linkinfo: { kind: 'ipvlan', data: { mode: 'l3s', flags: ['private'] } } } },
  ipvlanL2: { attrs: { ifname: 'iv0', link: 3, linkinfo: { kind: 'ipvlan', data: { mode: 'l2', flags: [] } } } },
  ipvlanNoMode: { attrs: { ifname: 'iv0', link: 3, linkinfo: { kind: 'ipvlan' } } },
  vxlan: { attrs: { ifname: 'vx0', linkinfo: { kind: 'vxlan', data: { id: 42, learning: 1, port: 4789 } } } },
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
      expect(hex(withoutSeqPid(ours))).toBe(hex(withoutSeqPid(fixtureMessage(name))));
    });
  }

  it('IFLA_INFO_KIND without its NUL, as iproute2 writes it: "vlan" is 4 bytes, the attribute 8', async () => {
    const ours = await linxRequest('vlan');
    // IFLA_LINKINFO (18) holds IFLA_INFO_KIND (1) first: length 8, type 1, "vlan".
    const at = hex(ours.payload).indexOf('08000100766c616e');
    expect(at).toBeGreaterThan(0);
    expect(hex(ours.payload)).not.toContain('0900010076');
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
