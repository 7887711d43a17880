import { compileMessage } from '@linx/netlink-codec';
import { onFirstUse } from '@linx/netlink-codec/runtime';
import type { NetlinkMessage } from '@linx/netlink-wire';
import type { Family } from '../nfgenmsg.js';
import type { HookName } from '../nftables/names.js';
import { packetHookName, setSharedFields, type SharedPacketFields } from '../packet-fields.js';
import { nflogPacketMessage } from './messages.js';

/** A packet a `log group N` rule (nft), `-j NFLOG --nflog-group N` (iptables) or the like logged. */
export interface LoggedPacket extends SharedPacketFields {
  /** The group number. */
  group: number;
  /** The family of the hook that logged it: 'ip', 'ip6', 'bridge', 'netdev', … */
  family: Family | number;
  /** The netfilter hook, by name in the family ('prerouting', 'input', 'forward', 'output', 'postrouting', 'ingress'). */
  hook: HookName | number;
  /** The link-layer protocol (skb->protocol, an EtherType: 0x0800 IPv4, 0x86dd IPv6). */
  hwProtocol: number;
  /** The rule's prefix ('' without one). */
  prefix: string;
  /** The packet's mark (0 when the kernel sends none). */
  mark: number;
  /** The input interface's ARPHRD_* type (1 for Ethernet), its header length, and the link-layer header itself. */
  hwtype?: number;
  hwlen?: number;
  hwheader?: Uint8Array;
  /** With the `seq` flag, this group's sequence number; with `seqGlobal`, the namespace's. */
  seq?: number;
  seqGlobal?: number;
  /** The bytes copied (the network header on: for 'ip' and 'ip6' the IP packet); empty with copy mode 'meta'. */
  payload: Uint8Array;
}

const codec = onFirstUse(() => compileMessage(nflogPacketMessage));

/** A logged packet from its NFULNL_MSG_PACKET; undefined for a message that is not one. */
export function loggedPacketFrom(message: NetlinkMessage): LoggedPacket | undefined {
  if (message.type !== nflogPacketMessage.types.packet) return undefined;
  const { header, attrs: a } = codec().decode(message.payload);
  const hdr = a.packetHdr;
  if (hdr === undefined) return undefined;
  const packet: LoggedPacket = {
    group: header.resId,
    family: header.family,
    hook: packetHookName(header.family, hdr.hook),
    hwProtocol: hdr.hwProtocol,
    prefix: a.prefix ?? '',
    mark: a.mark ?? 0,
    payload: a.payload ?? new Uint8Array(0),
  };
  setSharedFields(packet, a);
  if (a.hwtype !== undefined) packet.hwtype = a.hwtype;
  if (a.hwlen !== undefined) packet.hwlen = a.hwlen;
  if (a.hwheader !== undefined) packet.hwheader = a.hwheader;
  if (a.seq !== undefined) packet.seq = a.seq;
  if (a.seqGlobal !== undefined) packet.seqGlobal = a.seqGlobal;
  return packet;
}
