// nflog on the live kernel: groups bound through nfnl in a namespace of our own (joined by a veth pair to
// a second one), packets logged by nft `log group N` rules from UDP traffic between the two, compared
// with what was sent and with /proc/net/netfilter/nfnetlink_log (the kernel's own view of the groups).
// Needs root, ip and nft; skipped otherwise.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, AbortError, OverrunError } from '@linx/netlink-socket';
import { NetlinkError } from '@linx/netlink-wire';
import { kernelSkipReason } from '@linx/test-kit';
import { open, type LoggedPacket, type Nfnl, type NflogGroup, type PacketEvent } from './helpers/imports.js';
import { openIn } from './helpers/netns-guard.js';
import { A_ADDR, B_ADDR, createVethPair, type VethPair } from './helpers/veth-traffic.js';

const skip = kernelSkipReason(['ip', 'nft']);
/** Whether the kernel can attach conntrack entries to logged packets (CONFIG_NETFILTER_NETLINK_GLUE_CT). */
const glueCt = (() => {
  try {
    return /^CONFIG_NETFILTER_NETLINK_GLUE_CT=y/m.test(gunzipSync(readFileSync('/proc/config.gz')).toString());
  } catch {
    return undefined;
  }
})();

/** The next `count` packets of a group (overruns fail the test), within 5 s. */
async function take(group: NflogGroup, count: number): Promise<LoggedPacket[]> {
  const packets: LoggedPacket[] = [];
  const iterator = group[Symbol.asyncIterator]();
  while (packets.length < count) {
    const result = await Promise.race([iterator.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${packets.length} of ${count} packets came`)), 5000))]);
    if (result.done) throw new Error('the group ended');
    const event: PacketEvent<LoggedPacket> = result.value;
    if (event.kind === 'overrun') throw event.error;
    packets.push(event.packet);
  }
  return packets;
}

/** /proc/net/netfilter/nfnetlink_log in the namespace: group → [portid, qlen, copy mode, copy range, flush timeout]. */
function procGroups(pair: VethPair): Map<number, number[]> {
  const text = pair.a.exec(['cat', '/proc/net/netfilter/nfnetlink_log']);
  return new Map(text.trim().split('\n').filter(Boolean).map((line) => {
    const [group, ...rest] = line.trim().split(/\s+/).map(Number);
    return [group!, rest];
  }));
}

const IPPROTO_UDP = 17;
const ipv4 = (text: string) => Uint8Array.from(text.split('.').map(Number));

describe.skipIf(skip !== undefined)(`nflog on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let pair: VethPair;
  let nfnl: Nfnl;

  beforeAll(async () => {
    pair = createVethPair('log');
    nfnl = await openIn({ name: pair.a.name, nft: (ruleset) => void pair.a.exec(['nft', '-f', '-'], ruleset) });
    pair.a.exec(['nft', '-f', '-'], `
      table inet logs {
        chain in {
          type filter hook input priority 0;
          udp dport 9001 meta mark set 0x2a log prefix "linx-in " group 5
          udp dport 9002 log group 6
          udp dport 9003 log group 7
        }
        chain out {
          type filter hook output priority 0;
          udp dport 9004 log prefix "linx-out " group 8
        }
      }`);
  });
  afterAll(() => {
    nfnl?.close();
    pair?.remove();
  });

  it('a bound group receives what `log group N` logs: prefix, hook, family, interface, mark, link-layer source, the packet itself', async () => {
    const group = await nfnl.nflog.bind(5);
    try {
      expect(procGroups(pair).get(5)?.[0]).toBe(nfnl.connection.portId);
      pair.send('b', 9001, 3, 'hello nflog');
      const packets = await take(group, 3);
      for (const p of packets) {
        expect(p).toMatchObject({ group: 5, family: 'ip', hook: 'input', hwProtocol: 0x0800, prefix: 'linx-in ', mark: 0x2a, indev: pair.aIndex, hwaddr: pair.bMac });
        expect(p.outdev).toBeUndefined();
        // The IPv4 packet: protocol UDP, from b to a, port 9001, ending with the text sent.
        expect(p.payload[9]).toBe(IPPROTO_UDP);
        expect(p.payload.subarray(12, 16)).toEqual(ipv4(B_ADDR));
        expect(p.payload.subarray(16, 20)).toEqual(ipv4(A_ADDR));
        expect((p.payload[22]! << 8) | p.payload[23]!).toBe(9001);
        expect(Buffer.from(p.payload.subarray(28)).toString()).toBe('hello nflog');
        expect(p.payload.length).toBe(28 + 'hello nflog'.length);
        // The link-layer header: destination a's MAC, source b's, EtherType IPv4.
        expect(p.hwtype).toBe(1);
        expect(p.hwlen).toBe(14);
        expect(Array.from(p.hwheader!.subarray(6, 12), (b) => b.toString(16).padStart(2, '0')).join(':')).toBe(pair.bMac);
      }
    } finally {
      await group.close();
    }
    expect(procGroups(pair).has(5)).toBe(false);
  });

  it('copy modes and ranges, as the kernel reports them and as the packets show; sequence numbers with the seq flag', async () => {
    const group = await nfnl.nflog.bind(6, { copy: 'packet', range: 20, flags: { seq: true } });
    try {
      const [portid, , mode, range] = procGroups(pair).get(6)!;
      expect([portid, mode, range]).toEqual([nfnl.connection.portId, 2, 20]);
      pair.send('b', 9002, 3, 'cut short by the range');
      const cut = await take(group, 3);
      expect(cut.map((p) => p.payload.length)).toEqual([20, 20, 20]);
      expect(cut.map((p) => p.payload.subarray(16, 20))).toEqual([ipv4(A_ADDR), ipv4(A_ADDR), ipv4(A_ADDR)]);
      expect(cut.map((p) => p.seq! - cut[0]!.seq!)).toEqual([0, 1, 2]);
      await group.configure({ copy: 'meta', flags: {}, flushTimeout: 250 });
      // copy mode META, range 0, flush timeout in hundredths of a second.
      expect(procGroups(pair).get(6)!.slice(2, 5)).toEqual([1, 0, 25]);
      pair.send('b', 9002, 2, 'no payload now');
      const meta = await take(group, 2);
      expect(meta.map((p) => [p.payload.length, p.seq, p.indev])).toEqual([[0, undefined, pair.aIndex], [0, undefined, pair.aIndex]]);
    } finally {
      await group.close();
    }
  });

  it("packets of local sockets carry their owner's uid and gid, and the output interface", async () => {
    const group = await nfnl.nflog.bind(8);
    try {
      pair.send('a', 9004, 2, 'from a user', { uid: 1234, gid: 4321 });
      const packets = await take(group, 2);
      for (const p of packets) expect(p).toMatchObject({ hook: 'output', prefix: 'linx-out ', outdev: pair.aIndex, uid: 1234, gid: 4321, family: 'ip' });
      expect(packets[0]!.indev).toBeUndefined();
    } finally {
      await group.close();
    }
  });

  it('bad input is refused before anything is sent; what the kernel refuses comes back as its error', async () => {
    await expect(nfnl.nflog.bind(70000)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(nfnl.nflog.bind(9, { copy: 'all' as never })).rejects.toThrow(/copy: all is not a copy mode/);
    await expect(nfnl.nflog.bind(9, { copy: 'meta', range: 100 })).rejects.toThrow(/a copy range needs copy 'packet'/);
    await expect(nfnl.nflog.bind(9, { flags: { seqence: true } as never })).rejects.toThrow(/flags.seqence: is not a log group flag/);
    expect(procGroups(pair).has(9)).toBe(false);

    const group = await nfnl.nflog.bind(9);
    try {
      // Bound already by this socket: EBUSY; by another one: EPERM.
      await expect(nfnl.nflog.bind(9)).rejects.toMatchObject({ errnoName: 'EBUSY' });
      const other = open({ netns: pair.a.name });
      try {
        const error = await other.nflog.bind(9).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NetlinkError);
        expect((error as NetlinkError).errnoName).toBe('EPERM');
      } finally {
        other.close();
      }
      // Conntrack entries need CONFIG_NETFILTER_NETLINK_GLUE_CT; this kernel's config says whether it has it.
      if (glueCt === false) await expect(group.configure({ flags: { conntrack: true } })).rejects.toMatchObject({ errnoName: 'EOPNOTSUPP' });
      else if (glueCt === true) await group.configure({ flags: { conntrack: true } });
    } finally {
      await group.close();
    }
    // The group was bound by the first socket all along and is gone now.
    expect(procGroups(pair).has(9)).toBe(false);
  });

  it('a consumer slower than the traffic sees a typed overrun, and the group goes on', async () => {
    // A receive buffer of a few KiB on a handle of its own; the traffic is sent while nothing reads (the
    // sender runs synchronously), so the kernel overflows it.
    const small = open({ netns: pair.a.name, receiveBufferSize: 4096 });
    try {
      const group = await small.nflog.bind(7);
      pair.send('b', 9003, 300, 'x'.repeat(200));
      const events: PacketEvent<LoggedPacket>[] = [];
      const iterator = group[Symbol.asyncIterator]();
      let overrun: OverrunError | undefined;
      // Read what came until the overrun shows and the backlog is drained.
      for (;;) {
        const result = await Promise.race([iterator.next(), new Promise<'idle'>((r) => setTimeout(() => r('idle'), 300))]);
        if (result === 'idle') break;
        if (result.done) throw new Error('the group ended');
        events.push(result.value);
        if (result.value.kind === 'overrun') overrun = result.value.error;
      }
      expect(overrun).toBeInstanceOf(OverrunError);
      const received = events.filter((e) => e.kind === 'packet').length;
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThan(300);
      // Still running: new traffic is logged and received (after what the kernel still held back: a batch
      // it sends when its flush timer fires).
      pair.send('b', 9003, 2, 'after the overrun');
      const texts: string[] = [];
      while (texts.filter((t) => t === 'after the overrun').length < 2) {
        const [packet] = await take(group, 1);
        texts.push(Buffer.from(packet!.payload.subarray(28)).toString());
        expect(texts.length).toBeLessThanOrEqual(300);
      }
      expect(texts.slice(-2)).toEqual(['after the overrun', 'after the overrun']);
      await group.close();
    } finally {
      small.close();
    }
  });

  it('the bind signal stops the iteration with AbortError and unbinds the group', async () => {
    const controller = new AbortController();
    const group = await nfnl.nflog.bind(10, { signal: controller.signal });
    expect(procGroups(pair).has(10)).toBe(true);
    const reading = (async () => {
      for await (const event of group) void event;
    })();
    setTimeout(() => controller.abort(), 50);
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    await group.close();
    expect(procGroups(pair).has(10)).toBe(false);
  });
});
