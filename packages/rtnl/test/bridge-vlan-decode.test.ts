// rtnl.bridge.vlans.list() reading AF_BRIDGE link messages encoded by pyroute2 (Debian's python3-pyroute2,
// its ifinfmsg with the AF_BRIDGE af_spec) and by iproute2's bridge (its requests, which have the same
// layout: tunnel mappings, which pyroute2 lacks), as the kernel sends them for `bridge vlan show`: the kernel
// here lacks VLAN filtering, so this is where the decoding of IFLA_BRIDGE_VLAN_INFO lists (single VLANs,
// RANGE_BEGIN/RANGE_END pairs, flags) is checked. No kernel: a fake one answers the dump. The payloads
// (after nlmsghdr) were made with:
//
//     m = ifinfmsg(); m['family'] = AF_BRIDGE; m['index'] = INDEX
//     m['attrs'] = [('IFLA_IFNAME', NAME), ('IFLA_MASTER', 4),
//                   ('IFLA_AF_SPEC', {'attrs': [('IFLA_BRIDGE_VLAN_INFO', {'flags': F, 'vid': V}), …]})]
//     m['header']['type'] = 16; m.encode(); m.data[16:].hex()
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { fakeRtnl, unhex } from './helpers/link-golden.js';
import { bridgeFixtureRequest } from './helpers/bridge-requests.js';

const PYROUTE2 = {
  // v0 (3), port of br0 (4): 1 PVID untagged (flags 6), 20-30 as RANGE_BEGIN (8) + RANGE_END (16), 40 untagged (4).
  v0: '07000000030000000000000000000000070003007630000008000a000400000024001a00080002000600010008000200080014000800020010001e000800020004002800',
  // w0 (5): 7, 8 (PVID, flags 2), 9, one entry each.
  w0: '07000000050000000000000000000000070003007730000008000a00040000001c001a00080002000000070008000200020008000800020000000900',
  // u0 (6): a port without VLANs (no IFLA_AF_SPEC).
  u0: '07000000060000000000000000000000070003007530000008000a0004000000',
  // br0 (4) itself, no master: 1 with PVID, UNTAGGED and BRENTRY (0x26).
  br0: '0700000004000000000000000000000008000300627230000c001a000800020026000100',
};

function rtnlAnswering() {
  return fakeRtnl({ v1: 2, v0: 3, br0: 4, w0: 5, u0: 6 }, (request, k) =>
    request.type === 18 && (request.flags & NLM_F_DUMP) !== 0 && request.payload[0] === 7 ? k.multipart(request, Object.values(PYROUTE2).map(unhex)) : undefined,
  );
}

describe.runIf(endianness() === 'LE')('bridge VLAN dumps as pyroute2 encodes them', () => {
  it('reads ports with their VLANs, ranges as vid..vidEnd, flags as pvid/untagged, and leaves out ports without VLANs', async () => {
    const { rtnl } = rtnlAnswering();
    const ports = await rtnl.bridge.vlans.list();
    expect(ports.map((p) => p.dev)).toEqual(['v0', 'w0', 'br0']);
    expect(ports[0]).toEqual({
      ifindex: 3,
      dev: 'v0',
      master: 4,
      vlans: [
        { vid: 1, pvid: true, untagged: true },
        { vid: 20, vidEnd: 30, pvid: false, untagged: false },
        { vid: 40, pvid: false, untagged: true },
      ],
    });
    expect(ports[1]!.vlans).toEqual([
      { vid: 7, pvid: false, untagged: false },
      { vid: 8, pvid: true, untagged: false },
      { vid: 9, pvid: false, untagged: false },
    ]);
    // The bridge's own entry has no master.
    expect(ports[2]).toEqual({ ifindex: 4, dev: 'br0', vlans: [{ vid: 1, pvid: true, untagged: true }] });
  });

  it('filters by port here (bridge vlan show dev DEV), and asks for ranges with RTEXT_FILTER_BRVLAN_COMPRESSED', async () => {
    const { rtnl, kernel } = rtnlAnswering();
    const w0 = await rtnl.bridge.vlans.list({ dev: 'w0' });
    expect(w0.map((p) => p.ifindex)).toEqual([5]);
    await rtnl.bridge.vlans.list({ ranges: true });
    const dumps = kernel.requests.filter((m) => m.type === 18 && (m.flags & NLM_F_DUMP) !== 0);
    // IFLA_EXT_MASK (29): RTEXT_FILTER_BRVLAN (2), then RTEXT_FILTER_BRVLAN_COMPRESSED (4).
    expect(dumps.map((m) => Buffer.from(m.payload.subarray(16)).toString('hex'))).toEqual(['08001d0002000000', '08001d0004000000']);
  });

  it('reads the VLAN formats bridge writes (its request payloads have the dump’s layout): a tunnel mapping, a range', async () => {
    // `bridge vlan add dev v0 vid 7 tunnel_info id 1007` and `… vid 20-30`, as bridge-requests fixtures.
    const payloads = [bridgeFixtureRequest('vlanTunnel').payload, bridgeFixtureRequest('vlanAddRange').payload];
    const { rtnl } = fakeRtnl({ v0: 3 }, (request, k) =>
      request.type === 18 && (request.flags & NLM_F_DUMP) !== 0 && request.payload[0] === 7 ? k.multipart(request, payloads) : undefined,
    );
    const ports = await rtnl.bridge.vlans.list();
    expect(ports).toEqual([
      { ifindex: 3, vlans: [], tunnels: [{ vid: 7, tunnelId: 1007 }] },
      { ifindex: 3, vlans: [{ vid: 20, vidEnd: 30, pvid: false, untagged: false }] },
    ]);
  });
});
