// The two overrun scenarios of issue #10 on the real kernel, in a namespace of its own. Before the fix,
// a 4 KiB receive buffer and 300 RTM_GETLINK requests left 253 of them unsettled for ever; a burst of
// 50,000 route notifications read by no one (the event loop blocked) left all 300 requests made after it
// unsettled, and every later request waiting for a slot. Now every request settles — answered, or
// OverrunError — nothing stays pending, and later requests are answered; a dump asked for while the
// buffer is full comes out whole, even when the kernel answered its request with ENOBUFS.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { viewOf, writeInt, type NetlinkMessage } from '@linx/netlink-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { OverrunError } from '../../src/engine/errors.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { assertInNamespace } from '../helpers/netns-guard.js';
import { RTM_GETLINK, RTM_GETROUTE, RTM_NEWROUTE, RTNLGRP_IPV4_ROUTE, RTNLGRP_LINK } from '../helpers/rtnl.js';

const AF_INET = 2;
const RT_TABLE_MAIN = 254;
/** struct rtmsg (12 bytes) asking for one family and table. */
const rtmsg = (family: number, table: number) => Uint8Array.of(family, 0, 0, 0, table, 0, 0, 0, 0, 0, 0, 0);

/** ifinfomsg for interface `index`. */
function getLink(index: number): Uint8Array {
  const header = new Uint8Array(16);
  writeInt(viewOf(header), 4, 's32', index);
  return header;
}

/** How `count` RTM_GETLINK requests for lo settled. */
async function requestMany(connection: Connection, count: number) {
  const calls: Promise<NetlinkMessage[]>[] = [];
  for (let i = 0; i < count; i++) calls.push(connection.request({ type: RTM_GETLINK, payload: getLink(1) }, { ack: false }));
  const results = await Promise.all(calls.map((call) => call.then(() => 'answered' as const, (error: unknown) => error)));
  const answered = results.filter((r) => r === 'answered').length;
  const overrun = results.filter((r) => r instanceof OverrunError).length;
  return { answered, overrun, other: results.length - answered - overrun };
}

describe.skipIf(kernelSkipReason)(`overruns on the real kernel${kernelSkipReason ? ` (skipped: ${kernelSkipReason})` : ''}`, () => {
  let ns: TestNetns;
  let dir: string;

  beforeAll(() => {
    ns = createNetns();
    dir = mkdtempSync(join(tmpdir(), 'linx-overrun-'));
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ns.ip('link', 'set', 'v0', 'up');
    ns.ip('addr', 'add', '10.0.0.1/8', 'dev', 'v0');
  });
  afterAll(() => {
    ns?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a 4 KiB receive buffer and 300 requests: every one settles, none stays pending, later requests are answered', async () => {
    const connection = Connection.open({ protocol: 0, receiveBufferSize: 4096, netns: { name: ns.name } });
    try {
      const result = await requestMany(connection, 300);
      expect(result.other).toBe(0);
      expect(result.answered + result.overrun).toBe(300);
      // The buffer holds a few answers: the rest were dropped, and their requests told so.
      expect(result.overrun).toBeGreaterThan(0);
      expect(connection.pending).toBe(0);
      // One at a time, answers fit: the connection serves on.
      for (let i = 0; i < 20; i++) await expect(connection.request({ type: RTM_GETLINK, payload: getLink(1) }, { ack: false })).resolves.toHaveLength(1);
      expect(connection.pending).toBe(0);
    } finally {
      connection.close();
    }
  });

  it('50,000 route changes while the event loop is blocked, then 300 requests: every one settles, and later requests are answered', async () => {
    const connection = Connection.open({ protocol: 0, netns: { name: ns.name } });
    try {
      // (Only `ip -n` changes routes here; the guard is cheap.)
      await assertInNamespace(connection, ns);
      const subscription = connection.subscribe(RTNLGRP_IPV4_ROUTE);
      let overrunEvents = 0;
      subscription.on('overrun', () => overrunEvents++);
      const batch = join(dir, 'routes');
      writeFileSync(batch, Array.from({ length: 50_000 }, (_, i) => `route add 11.${(i >> 8) & 255}.${i & 255}.0/24 dev v0`).join('\n') + '\n');
      // Synchronous: nothing is read while the kernel sends the notifications.
      execFileSync('ip', ['-n', ns.name, '-batch', batch]);
      // A dump asked for now finds the receive buffer full: the kernel runs it once the socket is read,
      // so it comes out whole.
      const dumped = connection.dumpAll({ type: RTM_GETROUTE, payload: rtmsg(AF_INET, RT_TABLE_MAIN) }, { onInterrupt: { action: 'accept' } });
      const result = await requestMany(connection, 300);
      const routes = await dumped;
      expect(routes.filter((m) => m.type === RTM_NEWROUTE).length).toBeGreaterThanOrEqual(50_000);
      expect(result.other).toBe(0);
      expect(result.answered + result.overrun).toBe(300);
      expect(overrunEvents).toBeGreaterThan(0);
      expect(connection.pending).toBe(0);
      const later = await requestMany(connection, 300);
      expect(later).toEqual({ answered: 300, overrun: 0, other: 0 });
      expect(connection.pending).toBe(0);
      subscription.close();
    } finally {
      connection.close();
    }
  }, 60_000); // `ip -batch` of 50,000 routes alone takes 3 s or more on a loaded 2-core machine

  it('a dump whose request the kernel answers with ENOBUFS (its first part does not fit) still comes out whole', async () => {
    // A small buffer with a few notifications queued: the kernel builds a dump's parts as big as the
    // reads are (32 KiB here), and one that does not fit beside what is queued makes it answer the
    // request with ENOBUFS (netlink_dump, net/netlink/af_netlink.c), though the dump goes on.
    const connection = Connection.open({ protocol: 0, receiveBufferSize: 16 * 1024, netns: { name: ns.name } });
    try {
      await assertInNamespace(connection, ns);
      // Reads are big from the start: the first read sizes the kernel's dump parts.
      await connection.dumpAll({ type: RTM_GETLINK, payload: getLink(0) });
      const subscription = connection.subscribe(RTNLGRP_LINK);
      // Synchronous: the notifications stay queued.
      execFileSync('ip', ['-n', ns.name, 'link', 'set', 'v1', 'mtu', '1400']);
      execFileSync('ip', ['-n', ns.name, 'link', 'set', 'v1', 'mtu', '1500']);
      const links = await connection.dumpAll({ type: RTM_GETLINK, payload: getLink(0) });
      expect(links.length).toBe(ns.ip('-o', 'link', 'show').trim().split('\n').length);
      expect(connection.pending).toBe(0);
      subscription.close();
    } finally {
      connection.close();
    }
  });
});
