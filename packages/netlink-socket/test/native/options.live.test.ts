// Binding, socket options (read back through getsockopt where the kernel allows), buffer sizes and
// multicast memberships, on sockets in a namespace of this file's own.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETLINK_ROUTE } from '@linx/netlink-wire';
import { NativeError, SocketClosedError } from '../../src/index.js';
import { RawNetlinkSocket } from '../../src/native/index.js';
import * as o from '../../src/native/socket-options.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { RTNLGRP_BRVLAN, RTNLGRP_IPV6_ROUTE, RTNLGRP_LINK, RTNLGRP_NEXTHOP } from '../helpers/rtnl.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(kernelSkipReason !== undefined)('socket options', () => {
  let ns: TestNetns;
  let socket: RawNetlinkSocket;

  beforeAll(() => {
    ns = createNetns();
    socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: ns.name });
  });

  afterAll(() => {
    socket?.close();
    ns?.remove();
  });

  it('binds to a nonzero kernel-assigned port id, distinct per socket', () => {
    const other = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: ns.name });
    try {
      expect(socket.portId).toBeGreaterThan(0);
      expect(other.portId).toBeGreaterThan(0);
      expect(other.portId).not.toBe(socket.portId);
    } finally {
      other.close();
    }
  });

  it.each([
    ['setExtendedAck', o.NETLINK_EXT_ACK],
    ['setStrictCheck', o.NETLINK_GET_STRICT_CHK],
    ['setCapAck', o.NETLINK_CAP_ACK],
    ['setNoEnobufs', o.NETLINK_NO_ENOBUFS],
    ['setListenAllNsid', o.NETLINK_LISTEN_ALL_NSID],
    ['setBroadcastError', o.NETLINK_BROADCAST_ERROR],
    ['setPacketInfo', o.NETLINK_PKTINFO],
  ] as const)('%s round-trips through getsockopt', (method, option) => {
    expect(socket.getOption(o.SOL_NETLINK, option)).toBe(0);
    socket[method](true);
    expect(socket.getOption(o.SOL_NETLINK, option)).toBe(1);
    socket[method](false);
    expect(socket.getOption(o.SOL_NETLINK, option)).toBe(0);
    socket[method]();
    expect(socket.getOption(o.SOL_NETLINK, option)).toBe(1);
    socket.setOption(o.SOL_NETLINK, option, 0);
    expect(socket.getOption(o.SOL_NETLINK, option)).toBe(0);
  });

  it('buffer sizes: the kernel doubles them, caps them without force, and FORCE passes the cap as root', () => {
    socket.setReceiveBufferSize(100_000);
    expect(socket.getReceiveBufferSize()).toBe(200_000);
    socket.setSendBufferSize(50_000);
    expect(socket.getSendBufferSize()).toBe(100_000);
    // 64 MiB is far beyond net.core.rmem_max: capped without force, honoured with it.
    socket.setReceiveBufferSize(64 << 20);
    expect(socket.getReceiveBufferSize()).toBeLessThan(128 << 20);
    socket.setReceiveBufferSize(64 << 20, { force: true });
    expect(socket.getReceiveBufferSize()).toBe(128 << 20);
    socket.setSendBufferSize(8 << 20, { force: true });
    expect(socket.getSendBufferSize()).toBe(16 << 20);
  });

  it('open() applies the buffer sizes asked for', () => {
    const sized = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: ns.name, receiveBufferSize: 1 << 20, sendBufferSize: 1 << 19 });
    try {
      expect(sized.getReceiveBufferSize()).toBe(2 << 20);
      expect(sized.getSendBufferSize()).toBe(1 << 20);
    } finally {
      sized.close();
    }
  });

  it('memberships: join and leave groups below and above 32', () => {
    const groups = [RTNLGRP_LINK, RTNLGRP_IPV6_ROUTE, RTNLGRP_NEXTHOP, RTNLGRP_BRVLAN];
    for (const group of groups) socket.addMembership(group);
    expect(socket.memberships()).toEqual(groups);
    socket.dropMembership(RTNLGRP_IPV6_ROUTE);
    socket.dropMembership(RTNLGRP_BRVLAN);
    expect(socket.memberships()).toEqual([RTNLGRP_LINK, RTNLGRP_NEXTHOP]);
    socket.dropMembership(RTNLGRP_LINK);
    socket.dropMembership(RTNLGRP_NEXTHOP);
    expect(socket.memberships()).toEqual([]);
  });

  it('a group the protocol does not have fails at setsockopt with EINVAL; group 0 is rejected early', () => {
    expect(() => socket.addMembership(100_000)).toThrow(expect.objectContaining({ stage: 'setsockopt', errnoName: 'EINVAL' }));
    expect(() => socket.addMembership(0)).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT' }));
  });

  it('an option the kernel does not know fails as a NativeError', () => {
    const error = (() => {
      try {
        socket.getOption(o.SOL_NETLINK, 99);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NativeError);
    expect(error).toMatchObject({ stage: 'getsockopt', errnoName: 'ENOPROTOOPT' });
  });

  it('without privileges: setns is EPERM, SO_RCVBUFFORCE is EPERM, plain SO_RCVBUF is capped', () => {
    // A child process that loads the addon as root, then drops to nobody (losing every capability).
    const script = `
      const load = require('node-gyp-build');
      const { NetlinkSocket } = load(${JSON.stringify(`${packageRoot}/native`)});
      process.setgid(65534); process.setuid(65534);
      const out = {};
      try { new NetlinkSocket(0, ${JSON.stringify(ns.path)}); } catch (e) { out.setns = [e.stage, e.errnoName]; }
      const s = new NetlinkSocket(0); s.bind();
      try { s.setOption(1, 33, 1 << 26); } catch (e) { out.force = [e.stage, e.errnoName]; }
      s.setOption(1, 8, 1 << 26);
      out.capped = s.getOption(1, 8);
      s.close();
      console.log(JSON.stringify(out));
    `;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: packageRoot, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as { setns: string[]; force: string[]; capped: number };
    expect(out.setns).toEqual(['setns', 'EPERM']);
    expect(out.force).toEqual(['setsockopt', 'EPERM']);
    expect(out.capped).toBe(2 * Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8')));
  });

  it('fd is readable while open; every method throws SocketClosedError after close', () => {
    const other = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: ns.name });
    expect(other.fd).toBeGreaterThan(2);
    other.close();
    expect(() => other.fd).toThrow(SocketClosedError);
    expect(() => other.setExtendedAck()).toThrow(SocketClosedError);
    expect(() => other.memberships()).toThrow(SocketClosedError);
  });
});
