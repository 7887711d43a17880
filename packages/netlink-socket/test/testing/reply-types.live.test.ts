// The fake kernel's reply-type rules against the kernel's own answers: each rtnetlink GET dumped in a
// namespace of this file's (with one object of each kind in it), and generic netlink's family dump, must
// come back with the type the rule gives for the request, and a fake kernel with that rule must answer
// a dump with the same type. Message numbers from include/uapi/linux/rtnetlink.h and genetlink.h; fixed
// headers by their struct sizes, zeroed (what strict checking accepts for a dump).
import { NETLINK_GENERIC, NETLINK_ROUTE, parseMessages, encodeMessage, type NetlinkMessage } from '@linx/netlink-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { FakeKernel, genlReplyType, rtnetlinkReplyType, type ReplyType } from '../../src/testing/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';

/** [name, GET type, its fixed header] of the rtnetlink dumps asked here. */
const RTNETLINK_GETS: [string, number, Uint8Array][] = [
  ['RTM_GETLINK', 18, new Uint8Array(16)],
  ['RTM_GETADDR', 22, new Uint8Array(8)],
  ['RTM_GETROUTE', 26, new Uint8Array(12)],
  ['RTM_GETNEIGH', 30, new Uint8Array(12)],
  ['RTM_GETRULE', 34, new Uint8Array(12)],
  // netconfmsg: ncm_family AF_INET (2).
  ['RTM_GETNETCONF', 82, Uint8Array.of(2, 0, 0, 0)],
  // if_stats_msg: filter_mask IFLA_STATS_LINK_64 (bit 0).
  ['RTM_GETSTATS', 94, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)],
  ['RTM_GETNEXTHOP', 106, new Uint8Array(8)],
];
const GENL_ID_CTRL = 0x10;
/** genlmsghdr: CTRL_CMD_GETFAMILY (3), version 1. */
const GETFAMILY = Uint8Array.of(3, 1, 0, 0);

/** The request as the fake kernel would record it. */
const asRecorded = (type: number, payload: Uint8Array): NetlinkMessage => parseMessages(encodeMessage({ type, flags: 0x301, seq: 1, payload }))[0]!;
/** The type of the parts a fake kernel with `replyType` answers a dump with. */
const fakePartType = (replyType: ReplyType, request: NetlinkMessage) =>
  new FakeKernel(undefined, { replyType }).multipart(request, [Uint8Array.of(0)])[0]!.messages[0]!.type;

describe.skipIf(kernelSkipReason)(`reply types, from the kernel${kernelSkipReason ? ` (skipped: ${kernelSkipReason})` : ''}`, () => {
  let ns: TestNetns;

  beforeAll(() => {
    ns = createNetns();
    ns.ipBatch([
      'link set lo up',
      'link add v0 type veth peer name v1',
      'link set v0 up',
      'address add 192.0.2.1/24 dev v0',
      'neighbour add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v0 nud permanent',
      'nexthop add id 1 blackhole',
    ]);
  });
  afterAll(() => ns?.remove());

  it.each(RTNETLINK_GETS)('rtnetlinkReplyType: %s (%i) is answered with the type the rule gives, as the fake kernel answers', async (_name, type, header) => {
    const connection = Connection.open({ protocol: NETLINK_ROUTE, netns: ns.name });
    try {
      const parts = await connection.dumpAll({ type, payload: header });
      expect(parts.length).toBeGreaterThan(0);
      const request = asRecorded(type, header);
      expect(new Set(parts.map((m) => m.type))).toEqual(new Set([rtnetlinkReplyType(request)]));
      expect(fakePartType(rtnetlinkReplyType, request)).toBe(parts[0]!.type);
    } finally {
      connection.close();
    }
  });

  it('genlReplyType: the controller\'s family dump comes back with the controller\'s id, as the fake kernel answers', async () => {
    const connection = Connection.open({ protocol: NETLINK_GENERIC, netns: ns.name });
    try {
      const parts = await connection.dumpAll({ type: GENL_ID_CTRL, payload: GETFAMILY });
      expect(parts.length).toBeGreaterThan(0);
      const request = asRecorded(GENL_ID_CTRL, GETFAMILY);
      expect(new Set(parts.map((m) => m.type))).toEqual(new Set([genlReplyType(request)]));
      expect(fakePartType(genlReplyType, request)).toBe(parts[0]!.type);
    } finally {
      connection.close();
    }
  });
});
