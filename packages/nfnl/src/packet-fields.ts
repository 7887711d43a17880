// What nfqueue's and nflog's packet messages share: the link-layer address, the timestamp and the VLAN
// tag come in the same structs and nests in both (nfqnl_msg_packet_hw / nfulnl_msg_packet_hw, …).

import type { NetlinkMessage } from '@linx/netlink-wire';
import type { Family } from './nfgenmsg.js';
import { hookName, type HookName } from './nftables/names.js';

/** nfgenmsg's res_id (big-endian, the payload's bytes 2–3): the queue number of an nfqueue message, the group of an nflog one. */
export function resIdOf(message: NetlinkMessage): number {
  const p = message.payload;
  return p.length >= 4 ? (p[2]! << 8) | p[3]! : -1;
}

/** struct nf{qnl,ulnl}_msg_packet_hw as decoded. */
export interface PacketHw {
  hwAddrlen: number;
  hwAddr: Uint8Array;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** The link-layer source address as colon-separated hex (`hwAddrlen` of its 8 bytes). Once per packet: a table, no arrays. */
export function hwAddressText(hw: PacketHw): string {
  const bytes = hw.hwAddr;
  const length = Math.min(hw.hwAddrlen, bytes.length);
  let text = length > 0 ? HEX[bytes[0]!]! : '';
  for (let i = 1; i < length; i++) text += `:${HEX[bytes[i]!]!}`;
  return text;
}

const hooks = new Map<string, HookName | number>();

/** `hookName` (nftables' names of hook numbers per family), remembered: it is asked once per packet. */
export function packetHookName(family: Family | number, hook: number): HookName | number {
  const key = `${family}/${hook}`;
  let name = hooks.get(key);
  // Stryker disable next-line ConditionalExpression: a cache; the name worked out again is the same name
  if (name === undefined) {
    name = hookName(family, hook);
    hooks.set(key, name);
  }
  return name;
}

/** When the packet was received: seconds and microseconds since the epoch, as the kernel sends them. */
export interface PacketTimestamp {
  sec: number;
  usec: number;
}

/** struct nf{qnl,ulnl}_msg_packet_timestamp (64-bit fields) as numbers. */
export function timestampOf(ts: { sec: bigint; usec: bigint }): PacketTimestamp {
  return { sec: Number(ts.sec), usec: Number(ts.usec) };
}

/** The packet's VLAN tag (NFQA_VLAN / NFULA_VLAN): the TPID and the TCI, as on the wire. */
export interface PacketVlan {
  proto?: number;
  tci?: number;
}

/** The attributes nfqueue's and nflog's packet messages share (NFQA_* and NFULA_* of the same names). */
interface SharedAttrs {
  ifindexIndev?: number;
  ifindexOutdev?: number;
  ifindexPhysindev?: number;
  ifindexPhysoutdev?: number;
  hwaddr?: PacketHw;
  timestamp?: { sec: bigint; usec: bigint };
  uid?: number;
  gid?: number;
  vlan?: PacketVlan;
}

/** What of the shared attributes a packet message has, as a queued or logged packet shows them. */
export interface SharedPacketFields {
  /** Interface indexes (input, output; with bridges the physical ports). Names come from rtnl (`(await rtnl.links.get(index)).ifname`, in the same namespace). */
  indev?: number;
  outdev?: number;
  physindev?: number;
  physoutdev?: number;
  /** The link-layer source address, for packets that came in on an interface that has one. */
  hwaddr?: string;
  timestamp?: PacketTimestamp;
  /** The socket's owner, for packets of local sockets (nfqueue: with the `uidGid` flag). */
  uid?: number;
  gid?: number;
  vlan?: PacketVlan;
}

/** Sets on `packet` the shared fields the message has (and no property for those it lacks). */
export function setSharedFields(packet: SharedPacketFields, a: SharedAttrs): void {
  if (a.ifindexIndev !== undefined) packet.indev = a.ifindexIndev;
  if (a.ifindexOutdev !== undefined) packet.outdev = a.ifindexOutdev;
  if (a.ifindexPhysindev !== undefined) packet.physindev = a.ifindexPhysindev;
  if (a.ifindexPhysoutdev !== undefined) packet.physoutdev = a.ifindexPhysoutdev;
  if (a.hwaddr !== undefined) packet.hwaddr = hwAddressText(a.hwaddr);
  if (a.timestamp !== undefined) packet.timestamp = timestampOf(a.timestamp);
  if (a.uid !== undefined) packet.uid = a.uid;
  if (a.gid !== undefined) packet.gid = a.gid;
  if (a.vlan !== undefined) packet.vlan = { ...a.vlan };
}
