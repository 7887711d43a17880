// rtnl.bridge.vlans.entries() and globalOptions() reading RTM_NEWVLAN messages (the RTM_GETVLAN dump's
// replies) laid out by hand from include/uapi/linux/if_bridge.h, as net/bridge/br_vlan.c writes them
// (br_vlan_fill_vids: a BRIDGE_VLANDB_ENTRY nest per VLAN or range with ENTRY_INFO, a struct
// bridge_vlan_info, ENTRY_RANGE u16 when the range is longer than one, ENTRY_STATE u8, a TUNNEL_INFO nest
// with TINFO_ID u32, a STATS nest of u64s with their STATS_PAD, ENTRY_MCAST_ROUTER u8;
// br_vlan_global_opts_fill: a BRIDGE_VLANDB_GLOBAL_OPTIONS nest with GOPTS_ID and GOPTS_RANGE u16,
// GOPTS_MCAST_SNOOPING u8, …), after struct br_vlan_msg { family, reserved1, reserved2, ifindex }.
// This kernel lacks CONFIG_BRIDGE_VLAN_FILTERING and refuses the dump, so no kernel wrote these bytes:
// a fake kernel answers with them.
import { describe, expect, it } from 'vitest';
import { AttributeEncoder, NLM_F_DUMP, NLM_F_REQUEST, encodeMessage, parseMessages } from '@linx/netlink-wire';
import { NotificationDecoder } from '../src/monitor/decode.js';
import { groupsFor } from '../src/monitor/groups.js';
import { checkMonitorOptions, eventFilter } from '../src/monitor/options.js';
import { compileMessage } from '@linx/netlink-codec';
import { rtLink, rtVlan } from '../src/protocol.js';
import { fakeRtnl } from './helpers/link-golden.js';

const AF_BRIDGE = 7;
const { getvlan: RTM_GETVLAN } = rtVlan.vlandbDumpMessage.types;
const { newvlan: RTM_NEWVLAN } = rtVlan.vlandbMessage.types;

/** struct br_vlan_msg: __u8 family, __u8 reserved1, __u16 reserved2, __u32 ifindex (host order). */
function brVlanMsg(ifindex: number): Uint8Array {
  const b = new Uint8Array(8);
  b[0] = AF_BRIDGE;
  new DataView(b.buffer).setUint32(4, ifindex, true);
  return b;
}

/** struct bridge_vlan_info: __u16 flags, __u16 vid. */
const vlanInfo = (flags: number, vid: number) => Uint8Array.of(flags & 0xff, flags >> 8, vid & 0xff, vid >> 8);
const u64 = (n: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
};
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

// BRIDGE_VLANDB_ENTRY = 1, GLOBAL_OPTIONS = 2; ENTRY_INFO 1, RANGE 2, STATE 3, TUNNEL_INFO 4, STATS 5,
// MCAST_ROUTER 6; TINFO_ID 1; STATS_RX_BYTES 1 … TX_PACKETS 4, PAD 5; GOPTS_ID 1, RANGE 2, MCAST_SNOOPING 3,
// MCAST_IGMP_VERSION 4, MCAST_QUERY_INTVL 12, MSTI 18. BRIDGE_VLAN_INFO_PVID 2, UNTAGGED 4, BRENTRY 0x20.
/** v0 (3): VLAN 10 PVID untagged forwarding, tunnel 1010, with counters; VLANs 20-30 blocking, a router port. */
const PORT = concat(
  brVlanMsg(3),
  new AttributeEncoder()
    .nested(1, (e) =>
      e
        .bytes(1, vlanInfo(0x2 | 0x4, 10))
        .u8(3, 3)
        .nested(4, (t) => t.u32(1, 1010))
        .nested(5, (s) => s.bytes(1, u64(1500n)).bytes(2, u64(3n)).bytes(3, u64(600n)).bytes(4, u64(2n))),
    )
    .nested(1, (e) => e.bytes(1, vlanInfo(0, 20)).u16(2, 30).u8(3, 4).u8(6, 2))
    .finish(),
);
/** br0 (4) itself: VLAN 1, PVID untagged BRENTRY. */
const BRIDGE = concat(brVlanMsg(4), new AttributeEncoder().nested(1, (e) => e.bytes(1, vlanInfo(0x26, 1))).finish());
/** br0's global options: VLANs 1-5 with snooping on, IGMPv3, a 125 s query interval (12500 ticks), MST instance 0. */
const GLOBAL = concat(
  brVlanMsg(4),
  new AttributeEncoder()
    .nested(2, (g) => g.u16(1, 1).u16(2, 5).u8(3, 1).u8(4, 3).bytes(12, u64(12500n)).u16(18, 0))
    .finish(),
);

const INDEXES = { v1: 2, v0: 3, br0: 4 };
const link = compileMessage(rtLink.linkMessage);
const LINKS = Object.entries(INDEXES).map(([ifname, ifiIndex]) => link.encode({ header: { ifiIndex }, attrs: { ifname } }));

function rtnlAnswering(replies: Uint8Array[]) {
  return fakeRtnl(INDEXES, (request, k) => {
    if (request.type === RTM_GETVLAN) return k.multipart(request, replies, { type: RTM_NEWVLAN });
    // The link dump that names the devices.
    if (request.type === rtLink.linkMessage.types.getlink && (request.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(request, LINKS);
    return undefined;
  });
}

describe('the bridge VLAN database (RTM_GETVLAN)', () => {
  it('entries: per port, ranges as vid..vidEnd, STP state, tunnel id, counters and router role by name', async () => {
    const { rtnl, kernel } = rtnlAnswering([PORT, BRIDGE]);
    const entries = await rtnl.bridge.vlans.entries();
    expect(entries).toEqual([
      {
        ifindex: 3, dev: 'v0', vid: 10, pvid: true, untagged: true, state: 'forwarding', tunnelId: 1010,
        stats: { rxBytes: 1500n, rxPackets: 3n, txBytes: 600n, txPackets: 2n },
      },
      { ifindex: 3, dev: 'v0', vid: 20, vidEnd: 30, pvid: false, untagged: false, state: 'blocking', mcastRouter: 'perm' },
      { ifindex: 4, dev: 'br0', vid: 1, pvid: true, untagged: true },
    ]);
    const request = kernel.requests.find((m) => m.type === RTM_GETVLAN)!;
    expect(request.flags).toBe(NLM_F_REQUEST | NLM_F_DUMP);
  });

  it('entries({ dev }) keeps one device (filtered here: the request asks for all, as bridge does); names: false leaves dev out', async () => {
    const { rtnl } = rtnlAnswering([PORT, BRIDGE]);
    expect((await rtnl.bridge.vlans.entries({ dev: 'br0' })).map((e) => e.vid)).toEqual([1]);
    expect(await rtnl.bridge.vlans.entries({ dev: 4, names: false })).toEqual([{ ifindex: 4, vid: 1, pvid: true, untagged: true }]);
  });

  it('globalOptions: per bridge and VLAN range, the generated names, intervals as the kernel gives them', async () => {
    const { rtnl } = rtnlAnswering([GLOBAL]);
    expect(await rtnl.bridge.vlans.globalOptions()).toEqual([
      { ifindex: 4, dev: 'br0', vid: 1, vidEnd: 5, mcastSnooping: 1, mcastIgmpVersion: 3, mcastQueryIntvl: 12500n, msti: 0 },
    ]);
  });

  it('refuses bad filters before anything is sent', async () => {
    const { rtnl, kernel } = rtnlAnswering([]);
    await expect(rtnl.bridge.vlans.entries({ stats: 'yes' as never })).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'filter.stats' });
    await expect(rtnl.bridge.vlans.globalOptions({ stats: true } as never)).rejects.toMatchObject({ argument: 'filter.stats' });
    await expect(rtnl.bridge.vlans.entries({ vid: 1 } as never)).rejects.toMatchObject({ argument: 'filter.vid' });
    expect(kernel.requests.filter((m) => m.type === RTM_GETVLAN)).toEqual([]);
  });
});

describe("the monitor's 'vlan' kind (RTNLGRP_BRVLAN)", () => {
  const { delvlanNtf: RTM_DELVLAN } = rtVlan.vlandbMessage.types;
  const message = (type: number, payload: Uint8Array) => parseMessages(encodeMessage({ type, payload }))[0]!;
  /** br_vlan_notify: one port, one VLAN or range. */
  const NOTIFICATION = concat(brVlanMsg(3), new AttributeEncoder().nested(1, (e) => e.bytes(1, vlanInfo(0x2, 7)).u8(3, 3)).finish());

  it('joins group 33 (RTNLGRP_BRVLAN, linux/rtnetlink.h) only when named', () => {
    expect(rtVlan.mcastGroups.rtnlgrpBrvlan).toBe(33);
    expect(groupsFor(['vlan'], undefined)).toEqual([33]);
    expect(checkMonitorOptions({}).kinds.has('vlan' as never)).toBe(false);
    expect(checkMonitorOptions({ kinds: ['vlan'] }).kinds).toEqual(new Set(['vlan']));
  });

  it('decodes RTM_NEWVLAN/DELVLAN as entries() decodes the dump, dev from the names it knows', () => {
    const decoder = new NotificationDecoder(new Map([[3, 'v0']]));
    const entry = { ifindex: 3, dev: 'v0', vid: 7, pvid: true, untagged: false, state: 'forwarding' };
    expect(decoder.decode(message(RTM_NEWVLAN, NOTIFICATION))).toEqual({ type: 'new', kind: 'vlan', object: entry });
    expect(decoder.decode(message(RTM_DELVLAN, NOTIFICATION))).toEqual({ type: 'del', kind: 'vlan', object: entry });
    // A bridge's global options notification has no entry: no event.
    expect(decoder.decode(message(RTM_NEWVLAN, GLOBAL))).toBeUndefined();
  });

  it('an interface filter keeps the port\'s events', () => {
    const keep = eventFilter(checkMonitorOptions({ kinds: ['vlan'] }), 3, 'v0');
    const event = new NotificationDecoder(undefined).decode(message(RTM_NEWVLAN, NOTIFICATION))!;
    expect(keep(event)).toBe(true);
    expect(eventFilter(checkMonitorOptions({ kinds: ['vlan'] }), 4, 'br0')(event)).toBe(false);
  });
});
