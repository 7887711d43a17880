// Multicast notifications: what arrives, and with which group, for groups below, at and above 32, with
// and without NETLINK_PKTINFO; and notifications from another namespace with NETLINK_LISTEN_ALL_NSID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETLINK_ROUTE } from '@linx/netlink-wire';
import { NativeError } from '../../src/index.js';
import { RawNetlinkSocket } from '../../src/native/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { RTM_NEWLINK, RTM_NEWMULTICAST, RTM_NEWNEXTHOP, RTNLGRP_IPV4_MCADDR, RTNLGRP_LINK, RTNLGRP_NEXTHOP, collect, parseLink, type Received } from '../helpers/rtnl.js';

/**
 * Whether this kernel has RTNLGRP_IPV4_MCADDR: joining a group rtnetlink does not have fails with EINVAL
 * (any other failure throws). Asked on a socket that only listens, when the file loads.
 */
const hasIpv4Mcaddr =
  kernelSkipReason === undefined &&
  (() => {
    const probe = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE });
    try {
      probe.addMembership(RTNLGRP_IPV4_MCADDR);
      return true;
    } catch (error) {
      if (error instanceof NativeError && error.errnoName === 'EINVAL') return false;
      throw error;
    } finally {
      probe.close();
    }
  })();

describe.skipIf(kernelSkipReason !== undefined)('multicast', () => {
  let ns: TestNetns;
  const sockets: RawNetlinkSocket[] = [];
  let counter = 0;

  beforeAll(() => {
    ns = createNetns();
    ns.ip('link', 'set', 'lo', 'up');
  });

  afterAll(() => {
    for (const socket of sockets) socket.close();
    ns?.remove();
  });

  function open(packetInfo: boolean, ...groups: number[]): RawNetlinkSocket {
    const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: ns.name });
    sockets.push(socket);
    socket.setPacketInfo(packetInfo);
    for (const group of groups) socket.addMembership(group);
    return socket;
  }

  const newLinkNamed = (name: string) => (all: Received[]) =>
    all.some((d) => d.messages.some((m) => m.type === RTM_NEWLINK && parseLink(m.payload).name === name));

  it.each([false, true])('RTNLGRP_LINK (1): RTM_NEWLINK from the kernel, group 1 (pktinfo %s)', async (packetInfo) => {
    const socket = open(packetInfo, RTNLGRP_LINK);
    const name = `lx-mc-${counter++}`;
    const arrived = collect(socket, newLinkNamed(name));
    ns.ip('link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}p`);
    const received = await arrived;
    const datagram = received.find((d) => newLinkNamed(name)([d]))!;
    expect(datagram.portId).toBe(0);
    expect(datagram.group).toBe(RTNLGRP_LINK);
    expect(datagram.nsid).toBeUndefined();
    expect(received.every((d) => d.group === RTNLGRP_LINK)).toBe(true);
  });

  it.each([false, true])('RTNLGRP_NEXTHOP (32, the last bit of nl_groups): group 32 (pktinfo %s)', async (packetInfo) => {
    const socket = open(packetInfo, RTNLGRP_NEXTHOP);
    const arrived = collect(socket, (all) => all.some((d) => d.messages.some((m) => m.type === RTM_NEWNEXTHOP)));
    ns.ip('nexthop', 'add', 'id', String(100 + counter++), 'blackhole');
    const datagram = (await arrived).find((d) => d.messages.some((m) => m.type === RTM_NEWNEXTHOP))!;
    expect(datagram.group).toBe(RTNLGRP_NEXTHOP);
  });

  it.skipIf(!hasIpv4Mcaddr)(`a group above 32 (RTNLGRP_IPV4_MCADDR, 37): its number with pktinfo, 0 without${hasIpv4Mcaddr ? '' : ' (skipped: this kernel has no RTNLGRP_IPV4_MCADDR, added in 6.13)'}`, async () => {
    const withInfo = open(true, RTNLGRP_IPV4_MCADDR);
    const without = open(false, RTNLGRP_IPV4_MCADDR);
    const isMcast = (all: Received[]) => all.some((d) => d.messages.some((m) => m.type === RTM_NEWMULTICAST));
    const a = collect(withInfo, isMcast);
    const b = collect(without, isMcast);
    const name = `lx-mc-${counter++}`;
    ns.ip('link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}p`);
    ns.ip('link', 'set', name, 'up');
    expect((await a).find((d) => isMcast([d]))!.group).toBe(RTNLGRP_IPV4_MCADDR);
    expect((await b).find((d) => isMcast([d]))!.group).toBe(0);
  });

  it('NETLINK_LISTEN_ALL_NSID: notifications of a peer namespace carry its nsid', async () => {
    const peer = createNetns();
    try {
      ns.ip('netns', 'set', peer.name, '7');
      const socket = open(true, RTNLGRP_LINK);
      socket.setListenAllNsid(true);
      const name = `lx-peer-${counter++}`;
      const arrived = collect(socket, newLinkNamed(name));
      peer.ip('link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}p`);
      const datagram = (await arrived).find((d) => newLinkNamed(name)([d]))!;
      expect(datagram.nsid).toBe(7);
      expect(datagram.group).toBe(RTNLGRP_LINK);
    } finally {
      peer.remove();
    }
  });

  it('after dropMembership nothing more arrives', async () => {
    const socket = open(true, RTNLGRP_LINK);
    socket.dropMembership(RTNLGRP_LINK);
    const got: number[] = [];
    socket.start({ onBatch: (_d, meta) => got.push(meta.length), onOverrun() {}, onError() {} });
    ns.ip('link', 'add', `lx-mc-${counter++}`, 'type', 'veth', 'peer', 'name', `lx-mc-${counter++}p`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(got).toEqual([]);
  });
});
