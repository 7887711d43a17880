// Bridge FDB entries the running kernel rarely shows (a stale entry: expired, not yet collected; states
// other than the four bridge names; source VNI, nexthop id, protocol, a VLAN; NDA_CACHEINFO times that are
// not whole seconds), laid out byte by byte from linux/neighbour.h (checked with gcc): ndmsg (12 bytes:
// family, 3 pad, ifindex, state u16, flags u8, type u8); NDA_DST 1, NDA_LLADDR 2, NDA_CACHEINFO 3
// (confirmed, used, updated, refcnt: u32 each, in USER_HZ ticks), NDA_VLAN 5, NDA_MASTER 9, NDA_SRC_VNI 11,
// NDA_PROTOCOL 12, NDA_NH_ID 13; NUD_* and NTF_* from the same header. Read by bridge-fdb-tool.live.test.ts
// (`bridge -j -s fdb show` of these very messages, the oracle) and bridge-fdb-states.test.ts (no root).
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { AttributeEncoder } from '@linx/netlink-wire';
import { Rtnl, type FdbEntry } from '../../src/index.js';
import type { Json } from './bridge-json.js';
import { linkPayload } from './link-payload.js';

const AF_BRIDGE = 7;
/** RTM_GETNEIGH (linux/rtnetlink.h). */
const RTM_GETNEIGH = 30;
export const NUD = { INCOMPLETE: 0x01, REACHABLE: 0x02, STALE: 0x04, DELAY: 0x08, NOARP: 0x40, PERMANENT: 0x80 } as const;
export const NTF = { SELF: 0x02, EXT_LEARNED: 0x10, OFFLOADED: 0x20, STICKY: 0x40 } as const;

/** The links of the namespace the entries are on: lo, a bridge port p0, its bridge br0, and vx0. */
export const FDB_LINKS = [linkPayload(1, 'lo'), linkPayload(2, 'p0'), linkPayload(3, 'br0'), linkPayload(4, 'vx0')];

function entry(ifindex: number, state: number, flags: number, attrs: (a: AttributeEncoder) => void): Uint8Array {
  const a = new AttributeEncoder();
  attrs(a);
  const body = a.finish();
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  out[0] = AF_BRIDGE;
  view.setInt32(4, ifindex, true);
  view.setUint16(8, state, true);
  out[10] = flags;
  out.set(body, 12);
  return out;
}

const mac = (last: number) => Uint8Array.of(2, 0, 0, 0, 0, last);
/** NDA_CACHEINFO with `used` and `updated` ticks. */
const cacheinfo = (used: number, updated: number) => {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setUint32(4, used, true);
  view.setUint32(8, updated, true);
  return out;
};

/** The entries, in dump order. */
export const FDB_STATES = [
  // Learned and expired, not yet collected (the kernel's fdb_to_nud gives NUD_STALE), in VLAN 10; 2.5 s and 3.99 s.
  entry(2, NUD.STALE, 0, (a) => a.bytes(2, mac(0xa1)).u32(9, 3).u16(5, 10).bytes(3, cacheinfo(250, 399))),
  // Dynamic (NUD_REACHABLE), added by a controller (extern_learn), offloaded, protocol 4 (static).
  entry(2, NUD.REACHABLE, NTF.EXT_LEARNED | NTF.OFFLOADED, (a) => a.bytes(2, mac(0xa2)).u32(9, 3).u8(12, 4).bytes(3, cacheinfo(100, 101))),
  // Two state bits at once (NUD_STALE | NUD_REACHABLE): stale wins, as bridge reads them.
  entry(2, NUD.STALE | NUD.REACHABLE, 0, (a) => a.bytes(2, mac(0xa7))),
  // States the bridge never reports, to see how each side names them: NUD_INCOMPLETE, NUD_DELAY.
  entry(2, NUD.INCOMPLETE, NTF.SELF, (a) => a.bytes(2, mac(0xa3))),
  entry(2, NUD.DELAY, NTF.SELF | NTF.STICKY, (a) => a.bytes(2, mac(0xa4))),
  // A VXLAN default entry to a remote with a source VNI, and one through a nexthop group.
  entry(4, NUD.PERMANENT, NTF.SELF, (a) => a.bytes(2, Uint8Array.of(0, 0, 0, 0, 0, 0)).bytes(1, Uint8Array.of(10, 0, 0, 9)).u32(11, 300)),
  entry(4, NUD.NOARP, NTF.SELF, (a) => a.bytes(2, mac(0xa6)).u32(13, 5)),
];

/** What `bridge -j -s fdb show` (iproute2 6.1) printed for FDB_LINKS and FDB_STATES (bridge-fdb-tool.live.test.ts runs it again). */
export const BRIDGE_SHOWED = [
  { mac: '02:00:00:00:00:a1', ifname: 'p0', vlan: 10, used: 2, updated: 3, flags: [], master: 'br0', state: 'stale' },
  { mac: '02:00:00:00:00:a2', ifname: 'p0', used: 1, updated: 1, flags: ['extern_learn', 'offload'], master: 'br0', state: '' },
  { mac: '02:00:00:00:00:a7', ifname: 'p0', flags: [], state: 'stale' },
  { mac: '02:00:00:00:00:a3', ifname: 'p0', flags: ['self'], state: '0x1' },
  { mac: '02:00:00:00:00:a4', ifname: 'p0', flags: ['self', 'sticky'], state: '0x8' },
  { mac: '00:00:00:00:00:00', ifname: 'vx0', dst: '10.0.0.9', src_vni: 300, flags: ['self'], state: 'permanent' },
  { mac: '02:00:00:00:00:a6', ifname: 'vx0', nhid: 5, flags: ['self'], state: 'static' },
];

/** iproute2's names of the flags rtnl names otherwise (print_fdb in bridge/fdb.c). */
const FLAG_NAMES: Record<string, string> = { 'extern-learn': 'extern_learn', offloaded: 'offload' };

/**
 * An FDB entry as `bridge -j -s fdb show` prints it: with its times, remote, source VNI and nexthop id,
 * and a state bridge has no name for as its NUD_* value in hex (`0x1`).
 */
export function fdbAsBridgeStats(e: FdbEntry): Json {
  const o: Json = { mac: e.mac, ifname: e.dev };
  if (e.vlan !== undefined) o.vlan = e.vlan;
  if (e.dst !== undefined) o.dst = e.dst;
  if (e.srcVni !== undefined) o.src_vni = e.srcVni;
  if (e.nhId !== undefined) o.nhid = e.nhId;
  if (e.used !== undefined) o.used = e.used;
  if (e.updated !== undefined) o.updated = e.updated;
  o.flags = e.flags.map((f) => FLAG_NAMES[f] ?? f);
  if (e.masterDev !== undefined) o.master = e.masterDev;
  const nud = NUD[String(e.state).toUpperCase() as keyof typeof NUD];
  o.state = e.state === 'dynamic' ? '' : ['permanent', 'static', 'stale'].includes(e.state) || nud === undefined ? e.state : `0x${nud.toString(16)}`;
  return o;
}

/** rtnl.bridge.fdb.list() over a fake kernel that answers with FDB_LINKS and FDB_STATES. */
export async function fdbOf(filter: Parameters<Rtnl['bridge']['fdb']['list']>[0] = {}): Promise<FdbEntry[]> {
  const kernel = new FakeKernel((req, k) => k.multipart(req, req.type === RTM_GETNEIGH ? FDB_STATES : FDB_LINKS), { replyType: rtnetlinkReplyType });
  const rtnl = new Rtnl(new Connection(kernel));
  try {
    return await rtnl.bridge.fdb.list(filter);
  } finally {
    rtnl.close();
  }
}
