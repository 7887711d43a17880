import {
  attr, attrset, enumOf, headedNest, flag, flagsOf, mac, message, nest, s32, string, struct, structType, subMessage, u16, u32, u64, u8, pad,
  type AttrSetDecl,
} from '../src/index.js';

// A hand-written subset of rtnetlink's link messages (facts from linux/if_link.h, linux/rtnetlink.h and
// linux/veth.h), enough to test the codec against real bytes. The complete declarations are generated
// from the kernel's YNL specs in @linx/rtnl.

export const ifinfomsg = struct('ifinfomsg', {
  family: u8(),
  pad: pad(1),
  type: u16(),
  index: s32(),
  flags: flagsOf(u32(), { up: 1, broadcast: 2, debug: 4, loopback: 8, pointopoint: 16, running: 64, noarp: 128, promisc: 256, multicast: 4096, lowerUp: 65536 }),
  change: u32(),
});

export const linkStats64 = struct('rtnl_link_stats64', {
  rxPackets: u64(), txPackets: u64(), rxBytes: u64(), txBytes: u64(),
});

// VETH_INFO_PEER carries a whole ifinfomsg followed by the peer's link attributes.
// The peer refers back to the link attributes: the thunk's return type is annotated to break the
// inference cycle, so the peer's attributes are typed loosely.
export const vethDataAttrs = attrset('veth-data', {
  peer: attr(1, headedNest(ifinfomsg, (): AttrSetDecl => linkAttrs)),
});

export const linkinfoAttrs = attrset('linkinfo-attrs', {
  kind: attr(1, string()),
  data: attr(2, subMessage('kind', {
    veth: { attrs: vethDataAttrs },
  })),
  slaveKind: attr(4, string()),
});

export const linkAttrs = attrset('link-attrs', {
  address: attr(1, mac()),
  ifname: attr(3, string({ maxLength: 15 })),
  mtu: attr(4, u32()),
  link: attr(5, u32()),
  stats64: attr(23, structType(linkStats64)),
  operstate: attr(16, enumOf(u8(), { unknown: 0, notpresent: 1, down: 2, lowerlayerdown: 3, testing: 4, dormant: 5, up: 6 })),
  linkinfo: attr(18, nest(linkinfoAttrs)),
  altnames: attr(53, string(), { multi: true }),
  carrier: attr(33, u8()),
  protoDownFlag: attr(39, flag()),
});

export const linkMessage = message('link', { header: ifinfomsg, attrs: linkAttrs, types: { newlink: 16, dellink: 17, getlink: 18 } });
