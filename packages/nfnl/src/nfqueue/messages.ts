import { attr, attrset, be16, be32, be64, binary, enumOf, flagsOf, message, nest, pad, string, struct, structType, u8 } from '@linx/netlink-codec';
import { nfgenmsg } from '../nfgenmsg.js';
import { messageType, subsystemValues } from '../subsystem.js';

// nfnetlink_queue's messages (NFNL_SUBSYS_QUEUE), declared from linux/netfilter/nfnetlink_queue.h: there
// is no YNL spec for it. Every integer is in network byte order, as the kernel reads and writes them
// (ntohl/htonl), whatever the header's types say. test/nfqueue-nflog-headers.test.ts checks the ids and
// the struct layouts against the header, by gcc.

/** enum nfqnl_msg_types: the low byte of nlmsg_type. */
export const nfqnlMsgValues = { packet: 0, verdict: 1, config: 2, verdictBatch: 3 } as const;

/** enum nfqnl_msg_config_cmds. PF_BIND and PF_UNBIND do nothing since Linux 3.8. */
export const nfqnlCfgCmdValues = { none: 0, bind: 1, unbind: 2, pfBind: 3, pfUnbind: 4 } as const;

/** enum nfqnl_config_mode: what of a packet is copied to user space. */
export const nfqnlCopyModeValues = { none: 0, meta: 1, packet: 2 } as const;
export type NfqueueCopyMode = keyof typeof nfqnlCopyModeValues;

/** NFQA_CFG_F_*: a queue's flags (set under NFQA_CFG_MASK). */
export const nfqaCfgFlagValues = { failOpen: 1, conntrack: 2, gso: 4, uidGid: 8, secctx: 16 } as const;
export type NfqueueFlag = keyof typeof nfqaCfgFlagValues;

/** NFQA_SKB_*: what NFQA_SKB_INFO says about a packet. */
export const nfqaSkbInfoValues = { csumNotReady: 1, gso: 2, csumNotVerified: 4 } as const;

/** struct nfqnl_msg_packet_hdr (packed, 7 bytes). */
export const nfqnlPacketHdr = struct('nfqnl_msg_packet_hdr', { packetId: be32(), hwProtocol: be16(), hook: u8() });

/** struct nfqnl_msg_packet_hw: the link-layer source address, in 8 bytes of which `hwAddrlen` count. */
export const nfqnlPacketHw = struct('nfqnl_msg_packet_hw', { hwAddrlen: be16(), pad: pad(2), hwAddr: binary({ length: 8 }) });

/** struct nfqnl_msg_packet_timestamp. */
export const nfqnlPacketTimestamp = struct('nfqnl_msg_packet_timestamp', { sec: be64(), usec: be64() });

/** struct nfqnl_msg_verdict_hdr: NF_DROP, NF_ACCEPT, … (nftables' `verdictCodeValues`) and the packet id. */
export const nfqnlVerdictHdr = struct('nfqnl_msg_verdict_hdr', { verdict: be32(), id: be32() });

/** struct nfqnl_msg_config_cmd. */
export const nfqnlConfigCmd = struct('nfqnl_msg_config_cmd', { command: enumOf(u8(), nfqnlCfgCmdValues, 'nfqnl-cfg-cmd'), pad: pad(1), pf: be16() });

/** struct nfqnl_msg_config_params (packed, 5 bytes). */
export const nfqnlConfigParams = struct('nfqnl_msg_config_params', { copyRange: be32(), copyMode: enumOf(u8(), nfqnlCopyModeValues, 'nfqnl-copy-mode') });

/** enum nfqnl_vlan_attr. */
export const nfqaVlanAttrs = attrset('nfqa-vlan-attrs', { proto: attr(1, be16()), tci: attr(2, be16()) });

/** enum nfqnl_attr_type: a queued packet, and a verdict on one. */
export const nfqaAttrs = attrset('nfqa-attrs', {
  packetHdr: attr(1, structType(nfqnlPacketHdr)),
  verdictHdr: attr(2, structType(nfqnlVerdictHdr)),
  mark: attr(3, be32()),
  timestamp: attr(4, structType(nfqnlPacketTimestamp)),
  ifindexIndev: attr(5, be32()),
  ifindexOutdev: attr(6, be32()),
  ifindexPhysindev: attr(7, be32()),
  ifindexPhysoutdev: attr(8, be32()),
  hwaddr: attr(9, structType(nfqnlPacketHw)),
  payload: attr(10, binary()),
  /** The packet's conntrack entry (ctnetlink attributes), with NFQA_CFG_F_CONNTRACK. */
  ct: attr(11, binary()),
  ctInfo: attr(12, be32()),
  /** The packet's length when the payload was cut to the copy range. */
  capLen: attr(13, be32()),
  skbInfo: attr(14, flagsOf(be32(), nfqaSkbInfoValues, 'nfqa-skb-info')),
  exp: attr(15, binary()),
  uid: attr(16, be32()),
  gid: attr(17, be32()),
  secctx: attr(18, string()),
  vlan: attr(19, nest(nfqaVlanAttrs)),
  l2hdr: attr(20, binary()),
  priority: attr(21, be32()),
});

/** enum nfqnl_attr_config. */
export const nfqaCfgAttrs = attrset('nfqa-cfg-attrs', {
  cmd: attr(1, structType(nfqnlConfigCmd)),
  params: attr(2, structType(nfqnlConfigParams)),
  queueMaxlen: attr(3, be32()),
  mask: attr(4, flagsOf(be32(), nfqaCfgFlagValues, 'nfqa-cfg-flags')),
  flags: attr(5, flagsOf(be32(), nfqaCfgFlagValues, 'nfqa-cfg-flags')),
});

const type = (msg: keyof typeof nfqnlMsgValues) => messageType(subsystemValues.queue, nfqnlMsgValues[msg]);

/** A queued packet (kernel to user), a verdict and a batch verdict (user to kernel). nfgenmsg's res_id is the queue number. */
export const nfqueuePacketMessage = message('nfqueue-packet', {
  header: nfgenmsg,
  attrs: nfqaAttrs,
  types: { packet: type('packet'), verdict: type('verdict'), verdictBatch: type('verdictBatch') },
});

/** NFQNL_MSG_CONFIG: binds, unbinds and configures a queue. */
export const nfqueueConfigMessage = message('nfqueue-config', { header: nfgenmsg, attrs: nfqaCfgAttrs, types: { config: type('config') } });
