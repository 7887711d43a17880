import { attr, attrset, be16, be32, be64, binary, enumOf, flagsOf, message, nest, pad, string, struct, structType, u8 } from '@linx/netlink-codec';
import { nfgenmsg } from '../nfgenmsg.js';
import { messageType, subsystemValues } from '../subsystem.js';

// nfnetlink_log's messages (NFNL_SUBSYS_ULOG), declared from linux/netfilter/nfnetlink_log.h: there is
// no YNL spec for it. Every integer is in network byte order, as the kernel reads and writes them.
// test/nfqueue-nflog-headers.test.ts checks the ids and the struct layouts against the header, by gcc.

/** enum nfulnl_msg_types: the low byte of nlmsg_type. */
export const nfulnlMsgValues = { packet: 0, config: 1 } as const;

/** enum nfulnl_msg_config_cmds. PF_BIND makes nflog the family's logger for log calls without a group. */
export const nfulnlCfgCmdValues = { none: 0, bind: 1, unbind: 2, pfBind: 3, pfUnbind: 4 } as const;

/** NFULNL_COPY_*: what of a packet is copied to user space. */
export const nfulnlCopyModeValues = { none: 0, meta: 1, packet: 2 } as const;
export type NflogCopyMode = keyof typeof nfulnlCopyModeValues;

/** NFULNL_CFG_F_*: a group's flags. */
export const nfulnlCfgFlagValues = { seq: 1, seqGlobal: 2, conntrack: 4 } as const;
export type NflogFlag = keyof typeof nfulnlCfgFlagValues;

/** struct nfulnl_msg_packet_hdr. */
export const nfulnlPacketHdr = struct('nfulnl_msg_packet_hdr', { hwProtocol: be16(), hook: u8(), pad: pad(1) });

/** struct nfulnl_msg_packet_hw: the link-layer source address, in 8 bytes of which `hwAddrlen` count. */
export const nfulnlPacketHw = struct('nfulnl_msg_packet_hw', { hwAddrlen: be16(), pad: pad(2), hwAddr: binary({ length: 8 }) });

/** struct nfulnl_msg_packet_timestamp. */
export const nfulnlPacketTimestamp = struct('nfulnl_msg_packet_timestamp', { sec: be64(), usec: be64() });

/** struct nfulnl_msg_config_cmd (packed, 1 byte). */
export const nfulnlConfigCmd = struct('nfulnl_msg_config_cmd', { command: enumOf(u8(), nfulnlCfgCmdValues, 'nfulnl-cfg-cmd') });

/** struct nfulnl_msg_config_mode (packed, 6 bytes). */
export const nfulnlConfigMode = struct('nfulnl_msg_config_mode', { copyRange: be32(), copyMode: enumOf(u8(), nfulnlCopyModeValues, 'nfulnl-copy-mode'), pad: pad(1) });

/** enum nfulnl_vlan_attr. */
export const nfulaVlanAttrs = attrset('nfula-vlan-attrs', { proto: attr(1, be16()), tci: attr(2, be16()) });

/** enum nfulnl_attr_type: a logged packet. */
export const nfulaAttrs = attrset('nfula-attrs', {
  packetHdr: attr(1, structType(nfulnlPacketHdr)),
  mark: attr(2, be32()),
  timestamp: attr(3, structType(nfulnlPacketTimestamp)),
  ifindexIndev: attr(4, be32()),
  ifindexOutdev: attr(5, be32()),
  ifindexPhysindev: attr(6, be32()),
  ifindexPhysoutdev: attr(7, be32()),
  hwaddr: attr(8, structType(nfulnlPacketHw)),
  payload: attr(9, binary()),
  prefix: attr(10, string()),
  uid: attr(11, be32()),
  seq: attr(12, be32()),
  seqGlobal: attr(13, be32()),
  gid: attr(14, be32()),
  hwtype: attr(15, be16()),
  hwheader: attr(16, binary()),
  hwlen: attr(17, be16()),
  /** The packet's conntrack entry (ctnetlink attributes), with NFULNL_CFG_F_CONNTRACK. */
  ct: attr(18, binary()),
  ctInfo: attr(19, be32()),
  vlan: attr(20, nest(nfulaVlanAttrs)),
  l2hdr: attr(21, binary()),
});

/** enum nfulnl_attr_config. */
export const nfulaCfgAttrs = attrset('nfula-cfg-attrs', {
  cmd: attr(1, structType(nfulnlConfigCmd)),
  mode: attr(2, structType(nfulnlConfigMode)),
  nlbufsiz: attr(3, be32()),
  /** In hundredths of a second. */
  timeout: attr(4, be32()),
  qthresh: attr(5, be32()),
  flags: attr(6, flagsOf(be16(), nfulnlCfgFlagValues, 'nfulnl-cfg-flags')),
});

const type = (msg: keyof typeof nfulnlMsgValues) => messageType(subsystemValues.ulog, nfulnlMsgValues[msg]);

/** A logged packet (kernel to user). nfgenmsg's res_id is the group number. */
export const nflogPacketMessage = message('nflog-packet', { header: nfgenmsg, attrs: nfulaAttrs, types: { packet: type('packet') } });

/** NFULNL_MSG_CONFIG: binds, unbinds and configures a group. */
export const nflogConfigMessage = message('nflog-config', { header: nfgenmsg, attrs: nfulaCfgAttrs, types: { config: type('config') } });
