// nfqueue on the live kernel: queues bound through nfnl in a namespace of our own (joined by a veth pair
// to a second one), fed by iptables' NFQUEUE target (this kernel has no nft `queue` expression) with UDP
// traffic between the two. What the verdicts did is read from nft counters placed after the queue (a
// packet accepted reaches them, with its mark and bytes), and the queues' state from
// /proc/net/netfilter/nfnetlink_queue (the kernel's own view). iptables runs only inside the test
// namespace. Needs root, ip, nft and iptables; skipped otherwise.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, OverrunError } from '@linx/netlink-socket';
import { NetlinkError } from '@linx/netlink-wire';
import { kernelSkipReason } from '@linx/test-kit';
import { UnknownPacketError, open, nfqueue, type Nfnl, type NfQueue, type QueuedPacket } from './helpers/imports.js';
import { openIn } from './helpers/netns-guard.js';
import { B_ADDR, createVethPair, type VethPair } from './helpers/veth-traffic.js';

const skip = kernelSkipReason(['ip', 'nft', 'iptables']);
const config = (() => {
  try {
    return gunzipSync(readFileSync('/proc/config.gz')).toString();
  } catch {
    return undefined;
  }
})();
const glueCt = config === undefined ? undefined : /^CONFIG_NETFILTER_NETLINK_GLUE_CT=y/m.test(config);

/** The next `count` packets of a queue (an overrun fails the test), within 5 s. */
async function take(queue: NfQueue, count: number): Promise<QueuedPacket[]> {
  const packets: QueuedPacket[] = [];
  const iterator = queue[Symbol.asyncIterator]();
  while (packets.length < count) {
    const result = await Promise.race([iterator.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${packets.length} of ${count} packets came`)), 5000))]);
    if (result.done) throw new Error('the queue ended');
    if (result.value.kind === 'overrun') throw result.value.error;
    packets.push(result.value.packet);
  }
  return packets;
}

/** Nothing more arrives within `ms`. */
async function quiet(queue: NfQueue, ms = 300): Promise<boolean> {
  const iterator = queue[Symbol.asyncIterator]();
  const result = await Promise.race([iterator.next().then(() => 'event'), new Promise((r) => setTimeout(() => r('quiet'), ms))]);
  return result === 'quiet';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== undefined)(`nfqueue on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let pair: VethPair;
  let nfnl: Nfnl;
  const iptables = (...args: string[]) => pair.a.exec(['iptables', ...args]);
  /** The nft counters after the queue: packets that were accepted, per port, and those marked or rewritten. */
  const counters = (): Record<string, number> => {
    const listed = JSON.parse(pair.a.exec(['nft', '-j', 'list', 'counters', 'table', 'inet', 'seen'])) as { nftables: { counter?: { name: string; packets: number } }[] };
    return Object.fromEntries(listed.nftables.filter((o) => o.counter).map((o) => [o.counter!.name, o.counter!.packets]));
  };
  /** /proc/net/netfilter/nfnetlink_queue: queue → [portid, waiting, copy mode, copy range, dropped (full), dropped (socket), last id]. */
  const procQueues = (): Map<number, number[]> => {
    const text = pair.a.exec(['cat', '/proc/net/netfilter/nfnetlink_queue']);
    return new Map(text.trim().split('\n').filter(Boolean).map((line) => {
      const [queue, ...rest] = line.trim().split(/\s+/).map(Number);
      return [queue!, rest];
    }));
  };
  /** Waits until a counter reaches `value` (the kernel handles verdicts after they are sent). */
  const counterReaches = async (name: string, value: number) => {
    // Up to 10 s: on a loaded machine the packets' senders (a process each) take a while.
    for (let i = 0; i < 500 && counters()[name]! < value; i++) await sleep(20);
    return counters()[name];
  };

  beforeAll(async () => {
    pair = createVethPair('queue');
    nfnl = await openIn({ name: pair.a.name, nft: (ruleset) => void pair.a.exec(['nft', '-f', '-'], ruleset) });
    // Counters at input priority 10, after iptables' filter table (priority 0) where the queues are.
    pair.a.exec(['nft', '-f', '-'], `
      table inet seen {
        counter p9100 {}
        counter p9101 {}
        counter p9102 {}
        counter p9103 {}
        counter p9104 {}
        counter marked {}
        counter rewritten {}
        chain in {
          type filter hook input priority 10;
          udp dport 9100 counter name p9100
          udp dport 9101 counter name p9101
          udp dport 9102 counter name p9102
          udp dport 9103 counter name p9103
          udp dport 9104 counter name p9104
          meta mark 0x2a counter name marked
          @th,64,8 0x5a counter name rewritten
        }
      }
`);
    iptables('-A', 'INPUT', '-p', 'udp', '--dport', '9100', '-m', 'mark', '!', '--mark', '0x1/0x1', '-j', 'NFQUEUE', '--queue-num', '3');
    iptables('-A', 'INPUT', '-p', 'udp', '--dport', '9101', '-j', 'NFQUEUE', '--queue-num', '7');
    iptables('-A', 'INPUT', '-p', 'udp', '--dport', '9102', '-j', 'NFQUEUE', '--queue-num', '8', '--queue-bypass');
    iptables('-A', 'INPUT', '-p', 'udp', '--dport', '9103', '-j', 'NFQUEUE', '--queue-balance', '10:11');
    iptables('-A', 'INPUT', '-p', 'udp', '--dport', '9104', '-j', 'NFQUEUE', '--queue-num', '12');
    iptables('-A', 'OUTPUT', '-p', 'udp', '--dport', '9105', '-j', 'NFQUEUE', '--queue-num', '13');
    iptables('-A', 'OUTPUT', '-p', 'tcp', '--dport', '9106', '-j', 'NFQUEUE', '--queue-num', '14');
  });
  afterAll(() => {
    nfnl?.close();
    pair?.remove();
  });

  it('queued packets as typed objects; accept, drop, a new mark and new bytes, as the counters after the queue see them', async () => {
    const queue = await nfnl.nfqueue.bind(3);
    try {
      // (The kernel caps the range at 65531, what fits an attribute.)
      expect(procQueues().get(3)!.slice(0, 4)).toEqual([nfnl.connection.portId, 0, 2, 65531]);
      pair.send('b', 9100, 4, 'abcd');
      const packets = await take(queue, 4);
      expect(queue.waiting).toBe(4);
      expect(procQueues().get(3)![1]).toBe(4);
      for (const p of packets) {
        expect(p).toMatchObject({ queue: 3, family: 'ip', hook: 'input', hwProtocol: 0x0800, mark: 0, indev: pair.aIndex, hwaddr: pair.bMac, length: 32 });
        expect(p.payload.length).toBe(32);
        expect(Buffer.from(p.payload.subarray(28)).toString()).toBe('abcd');
      }
      expect(packets.map((p) => p.id - packets[0]!.id)).toEqual([0, 1, 2, 3]);
      const before = counters();
      // The first accepted as it is, the second dropped, the third marked, the fourth rewritten: its first
      // byte of UDP data becomes 'Z' (the UDP checksum set to 0, "none", as IPv4 allows).
      const rewritten = Uint8Array.from(packets[3]!.payload);
      rewritten[28] = 0x5a;
      rewritten[26] = 0;
      rewritten[27] = 0;
      await Promise.all([
        queue.verdict(packets[0]!, 'accept'),
        queue.verdict(packets[1]!, 'drop'),
        queue.verdict(packets[2]!.id, 'accept', { mark: 0x2a }),
        queue.verdict(packets[3]!, 'accept', { payload: rewritten }),
      ]);
      expect(queue.waiting).toBe(0);
      expect(await counterReaches('p9100', before.p9100! + 3)).toBe(before.p9100! + 3);
      expect(counters().marked).toBe(before.marked! + 1);
      expect(counters().rewritten).toBe(before.rewritten! + 1);
      expect(procQueues().get(3)![1]).toBe(0);
    } finally {
      await queue.close();
    }
    expect(procQueues().has(3)).toBe(false);
  });

  it("repeat: the hook runs again (the rule skips packets marked 1, so the mark given with 'repeat' lets it through)", async () => {
    const queue = await nfnl.nfqueue.bind(3);
    try {
      const before = counters().p9100!;
      pair.send('b', 9100, 1, 'again');
      const [packet] = await take(queue, 1);
      await queue.verdict(packet!, 'repeat', { mark: 1 });
      expect(await counterReaches('p9100', before + 1)).toBe(before + 1);
      // Not queued a second time.
      expect(await quiet(queue)).toBe(true);
    } finally {
      await queue.close();
    }
  });

  it('a batch verdict covers every packet waiting up to an id, in one message', async () => {
    const queue = await nfnl.nfqueue.bind(3);
    try {
      const before = counters();
      pair.send('b', 9100, 5, 'batch');
      const packets = await take(queue, 5);
      await queue.verdictBatch(packets[2]!, 'accept', { mark: 0x2a });
      expect(queue.waiting).toBe(2);
      await queue.verdictBatch(packets[4]!.id, 'drop');
      expect(queue.waiting).toBe(0);
      expect(await counterReaches('p9100', before.p9100! + 3)).toBe(before.p9100! + 3);
      expect(counters().marked).toBe(before.marked! + 3);
      expect(procQueues().get(3)![1]).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('a copy range keeps only the headers; copy meta sends none of the packet; length tells the whole size', async () => {
    const queue = await nfnl.nfqueue.bind(3, { range: 28 });
    try {
      expect(procQueues().get(3)!.slice(2, 4)).toEqual([2, 28]);
      pair.send('b', 9100, 1, 'a longer datagram than the range');
      const [cut] = await take(queue, 1);
      expect(cut!.payload.length).toBe(28);
      expect(cut!.length).toBe(28 + 'a longer datagram than the range'.length);
      expect((cut!.payload[22]! << 8) | cut!.payload[23]!).toBe(9100);
      await queue.verdict(cut!, 'accept');
      await queue.configure({ copy: 'meta' });
      expect(procQueues().get(3)!.slice(2, 4)).toEqual([1, 0]);
      pair.send('b', 9100, 1, 'meta only');
      const [meta] = await take(queue, 1);
      expect(meta!.payload.length).toBe(0);
      await queue.verdict(meta!, 'accept');
    } finally {
      await queue.close();
    }
  });

  it('verdicts for unknown packet ids: refused before sending when linx knows, else the kernel says ENOENT; both UnknownPacketError', async () => {
    const queue = await nfnl.nfqueue.bind(3);
    try {
      const never = await queue.verdict(123456, 'accept').catch((e: unknown) => e);
      expect(never).toBeInstanceOf(UnknownPacketError);
      expect(never).toMatchObject({ code: 'ERR_LINX_NFQUEUE_UNKNOWN_PACKET', queue: 3, packetId: 123456, cause: undefined });
      pair.send('b', 9100, 1, 'once');
      const [packet] = await take(queue, 1);
      // A verdict sent behind linx's back (straight on the connection): the kernel has released the packet.
      const raw = nfqueue.nfqueuePacketMessage;
      const { compileMessage } = await import('@linx/netlink-codec');
      await nfnl.connection.request({ type: raw.types.verdict, payload: compileMessage(raw).encode({ header: { family: 'unspec', resId: 3 }, attrs: { verdictHdr: { verdict: 1, id: packet!.id } } }) });
      const kernel = await queue.verdict(packet!, 'accept').catch((e: unknown) => e);
      expect(kernel).toBeInstanceOf(UnknownPacketError);
      expect((kernel as UnknownPacketError).cause).toBeInstanceOf(NetlinkError);
      expect((kernel as UnknownPacketError).cause!.errnoName).toBe('ENOENT');
      // Already given: known to linx now.
      await expect(queue.verdict(packet!, 'accept')).rejects.toMatchObject({ cause: undefined });
      await expect(queue.verdictBatch(packet!.id, 'accept')).rejects.toBeInstanceOf(UnknownPacketError);
    } finally {
      await queue.close();
    }
  });

  it('a queue no one is bound to drops its packets, unless the rule says --queue-bypass', async () => {
    const before = counters();
    pair.send('b', 9101, 3, 'to nobody');
    pair.send('b', 9102, 3, 'to nobody, bypassing');
    await counterReaches('p9102', before.p9102! + 3);
    expect(counters().p9101).toBe(before.p9101);
    expect(counters().p9102).toBe(before.p9102! + 3);
  });

  it('--queue-balance spreads flows over several queues, each bound and verdicted on its own', async () => {
    const [q10, q11] = [await nfnl.nfqueue.bind(10), await nfnl.nfqueue.bind(11)];
    try {
      const before = counters().p9103!;
      const seen = { 10: 0, 11: 0 };
      const serve = (queue: NfQueue) =>
        (async () => {
          for await (const event of queue) {
            if (event.kind !== 'packet') continue;
            seen[queue.number as 10 | 11]++;
            await queue.verdict(event.packet, 'accept');
          }
        })();
      const serving = [serve(q10), serve(q11)];
      // The kernel spreads by addresses (and protocol), not ports: 16 source addresses, so the chance that
      // all hash to one queue is 2 in 65536.
      pair.b.batch(Array.from({ length: 16 }, (_, i) => `addr add 10.231.0.${100 + i}/24 dev vb`));
      for (let i = 0; i < 16; i++) pair.send('b', 9103, 1, `flow ${i}`, { source: `10.231.0.${100 + i}` });
      expect(await counterReaches('p9103', before + 16)).toBe(before + 16);
      expect(seen[10] + seen[11]).toBe(16);
      expect(seen[10]).toBeGreaterThan(0);
      expect(seen[11]).toBeGreaterThan(0);
      await Promise.all([q10.close(), q11.close()]);
      await Promise.all(serving);
    } finally {
      await Promise.all([q10.close(), q11.close()]);
    }
    // 16 senders, a process each: it passed the 5 s default alone, and failed it in the whole suite's run.
  }, 60_000);

  it('fail-open: packets a full queue has no room for are accepted instead of dropped (the kernel counts the drops otherwise)', async () => {
    const queue = await nfnl.nfqueue.bind(12, { maxLength: 1 });
    try {
      let before = counters().p9104!;
      pair.send('b', 9104, 5, 'full');
      const [first] = await take(queue, 1);
      // Without fail-open: one waits, four dropped and counted as such.
      expect(procQueues().get(12)![4]).toBe(4);
      await queue.verdict(first!, 'accept');
      expect(await counterReaches('p9104', before + 1)).toBe(before + 1);
      await sleep(100);
      expect(counters().p9104).toBe(before + 1);

      await queue.configure({ flags: { failOpen: true } });
      before = counters().p9104!;
      pair.send('b', 9104, 5, 'full, fail-open');
      const [waiting] = await take(queue, 1);
      // The four the queue had no room for went on at once; the fifth waits for its verdict.
      expect(await counterReaches('p9104', before + 4)).toBe(before + 4);
      expect(procQueues().get(12)![4]).toBe(4);
      await queue.verdict(waiting!, 'accept');
      expect(await counterReaches('p9104', before + 5)).toBe(before + 5);
    } finally {
      await queue.close();
    }
  });

  it('a consumer slower than the traffic sees a typed overrun and goes on (fail-open: the packets it never saw were accepted)', async () => {
    const small = open({ netns: pair.a.name, receiveBufferSize: 4096 });
    try {
      const queue = await small.nfqueue.bind(12, { maxLength: 10000, flags: { failOpen: true } });
      const before = counters().p9104!;
      // Sent while nothing reads: the receive buffer overflows.
      pair.send('b', 9104, 300, 'y'.repeat(200));
      const iterator = queue[Symbol.asyncIterator]();
      let overrun: OverrunError | undefined;
      let received = 0;
      for (;;) {
        const result = await Promise.race([iterator.next(), sleep(300).then(() => 'idle' as const)]);
        if (result === 'idle') break;
        if (result.done) throw new Error('the queue ended');
        if (result.value.kind === 'overrun') overrun = result.value.error;
        else {
          received++;
          void queue.verdict(result.value.packet, 'accept');
        }
      }
      expect(overrun).toBeInstanceOf(OverrunError);
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThan(300);
      // Every packet got through: those seen by their verdict, the others by fail-open.
      expect(await counterReaches('p9104', before + 300)).toBe(before + 300);
      pair.send('b', 9104, 2, 'after');
      const after = await take(queue, 2);
      await Promise.all(after.map((p) => queue.verdict(p, 'accept')));
      expect(await counterReaches('p9104', before + 302)).toBe(before + 302);
      await queue.close();
    } finally {
      small.close();
    }
  });

  it("with uidGid, packets of local sockets tell their owner's uid and gid (and without, they do not)", async () => {
    const queue = await nfnl.nfqueue.bind(13, { flags: { uidGid: true } });
    try {
      pair.send('a', 9105, 1, 'mine', { uid: 1234, gid: 4321 });
      const [owned] = await take(queue, 1);
      expect(owned).toMatchObject({ hook: 'output', outdev: pair.aIndex, uid: 1234, gid: 4321, family: 'ip', hwProtocol: 0x0800 });
      await queue.verdict(owned!, 'accept');
      await queue.configure({ flags: { uidGid: false } });
      pair.send('a', 9105, 1, 'mine', { uid: 1234, gid: 4321 });
      const [anonymous] = await take(queue, 1);
      expect([anonymous!.uid, anonymous!.gid]).toEqual([undefined, undefined]);
      await queue.verdict(anonymous!, 'accept');
    } finally {
      await queue.close();
    }
  });

  it('gso: a GSO packet is queued whole (larger than the MTU, marked gso); without the flag the kernel segments it first', async () => {
    // A TCP stream from a to b, queued at a's OUTPUT hook where TCP hands the veth packets of up to 64 KiB.
    const stream = async (gso: boolean) => {
      const queue = await nfnl.nfqueue.bind(14, { flags: { gso } });
      const lengths: number[] = [];
      let marked = 0;
      const serving = (async () => {
        for await (const event of queue) {
          if (event.kind !== 'packet') continue;
          lengths.push(event.packet.length);
          if (event.packet.skbInfo.includes('gso')) marked++;
          void queue.verdict(event.packet, 'accept').catch(() => undefined);
        }
      })();
      const server = spawn('ip', ['netns', 'exec', pair.b.name, process.execPath, '-e', `
        let total = 0;
        const server = require('node:net').createServer((s) => s.on('data', (d) => { total += d.length; if (total >= 1 << 20) { console.log(total); process.exit(0); } }));
        server.listen(9106, () => console.log('listening'));`]);
      await new Promise<void>((resolve) => server.stdout.once('data', () => resolve()));
      const done = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      const client = spawn('ip', ['netns', 'exec', pair.a.name, process.execPath, '-e', `
        const s = require('node:net').connect(9106, '${B_ADDR}', () => s.end(Buffer.alloc(1 << 20, 0x61)));
        s.on('error', () => {});`]);
      await Promise.race([done, sleep(10000).then(() => Promise.reject(new Error('the stream did not finish')))]);
      client.kill();
      await queue.close();
      await serving;
      return { largest: Math.max(...lengths), marked };
    };
    const whole = await stream(true);
    expect(whole.largest).toBeGreaterThan(1500);
    expect(whole.marked).toBeGreaterThan(0);
    const segmented = await stream(false);
    expect(segmented.largest).toBeLessThanOrEqual(1500);
    expect(segmented.marked).toBe(0);
  });

  it('bad input is refused before anything is sent; what the kernel refuses comes back as its error', async () => {
    await expect(nfnl.nfqueue.bind(70000)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(nfnl.nfqueue.bind(4, { copy: 'all' as never })).rejects.toThrow(/copy: all is not a copy mode/);
    await expect(nfnl.nfqueue.bind(4, { maxLength: 0 })).rejects.toThrow(/maxLength: 0 is not an integer from 1/);
    await expect(nfnl.nfqueue.bind(4, { flags: { failopen: true } as never })).rejects.toThrow(/flags.failopen: is not a queue flag/);
    expect(procQueues().has(4)).toBe(false);
    const queue = await nfnl.nfqueue.bind(4);
    try {
      await expect(queue.verdict(1, 'steal' as never)).rejects.toThrow(/verdict: steal is not a verdict/);
      await expect(queue.verdict(1, 'accept', { mark: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(nfnl.nfqueue.bind(4)).rejects.toMatchObject({ errnoName: 'EBUSY' });
      const other = open({ netns: pair.a.name });
      try {
        await expect(other.nfqueue.bind(4)).rejects.toMatchObject({ errnoName: 'EPERM' });
      } finally {
        other.close();
      }
      // GSO and uid/gid are there on every kernel of these years; conntrack needs CONFIG_NETFILTER_NETLINK_GLUE_CT.
      await queue.configure({ flags: { gso: true, uidGid: true } });
      if (glueCt === false) await expect(queue.configure({ flags: { conntrack: true } })).rejects.toMatchObject({ errnoName: 'EOPNOTSUPP' });
      else if (glueCt === true) await queue.configure({ flags: { conntrack: true } });
    } finally {
      await queue.close();
    }
    expect(procQueues().has(4)).toBe(false);
  });
});
