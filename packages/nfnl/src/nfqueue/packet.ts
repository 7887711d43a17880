import { compileMessage } from '@linx/netlink-codec';
import { onFirstUse } from '@linx/netlink-codec/runtime';
import type { NetlinkMessage } from '@linx/netlink-wire';
import type { Family } from '../nfgenmsg.js';
import type { HookName } from '../nftables/names.js';
import { packetHookName, setSharedFields, type SharedPacketFields } from '../packet-fields.js';
import { nfqueuePacketMessage } from './messages.js';

/** NFQA_SKB_* names: 'csumNotReady', 'gso', 'csumNotVerified'. */
export type SkbInfo = 'csumNotReady' | 'gso' | 'csumNotVerified';

/** A packet waiting in a queue for its verdict. */
export interface QueuedPacket extends SharedPacketFields {
  /** The queue number. */
  queue: number;
  /** The id to give its verdict (`NfQueue.verdict` takes the packet itself too). */
  id: number;
  /** The family of the hook that queued it: 'ip', 'ip6', 'bridge', … */
  family: Family | number;
  /** The netfilter hook, by name in the family ('prerouting', 'input', 'forward', 'output', 'postrouting'). */
  hook: HookName | number;
  /** The link-layer protocol (skb->protocol, an EtherType: 0x0800 IPv4, 0x86dd IPv6). */
  hwProtocol: number;
  /** The packet's mark (0 when the kernel sends none). */
  mark: number;
  /** The bytes copied (the network header on: for 'ip' and 'ip6' the IP packet); empty with copy mode 'meta'. */
  payload: Uint8Array;
  /** The packet's whole length: more than `payload.length` when the copy range cut it. */
  length: number;
  /** NFQA_SKB_INFO: 'gso' (a GSO packet, with the `gso` flag), 'csumNotReady', 'csumNotVerified'. */
  skbInfo: (SkbInfo | number)[];
  /** skb->priority, when the kernel sends it (NFQA_PRIORITY). */
  priority?: number;
  /** The packet's SELinux/LSM security context, with the `secctx` flag. */
  secctx?: string;
}

const codec = onFirstUse(() => compileMessage(nfqueuePacketMessage));

/** A queued packet from its NFQNL_MSG_PACKET; undefined for a message that is not one. */
export function queuedPacketFrom(message: NetlinkMessage): QueuedPacket | undefined {
  if (message.type !== nfqueuePacketMessage.types.packet) return undefined;
  const { header, attrs: a } = codec().decode(message.payload);
  const hdr = a.packetHdr;
  if (hdr === undefined) return undefined;
  const payload = a.payload ?? new Uint8Array(0);
  const packet: QueuedPacket = {
    queue: header.resId,
    id: hdr.packetId,
    family: header.family,
    hook: packetHookName(header.family, hdr.hook),
    hwProtocol: hdr.hwProtocol,
    mark: a.mark ?? 0,
    payload,
    length: a.capLen ?? payload.length,
    skbInfo: a.skbInfo ?? [],
  };
  setSharedFields(packet, a);
  if (a.priority !== undefined) packet.priority = a.priority;
  if (a.secctx !== undefined) packet.secctx = a.secctx;
  return packet;
}

