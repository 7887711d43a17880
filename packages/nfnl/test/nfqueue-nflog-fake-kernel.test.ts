// nfqueue and nflog above the socket, against the fake kernel (no root): the bytes a bind, a verdict and a
// batch verdict send (checked against linux/netfilter/nfnetlink_queue.h's layouts: big-endian fields,
// nfgenmsg's res_id the queue), queued and logged packets decoded from kernel-shaped bytes, the verdicts
// of one turn sent together behind one NOOP, the kernel's refusal of one verdict failing only that one,
// packets of other queues and groups kept apart, nflog's multipart batches.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { AbortError, InvalidArgumentError, OverrunError } from '@linx/netlink-socket';
import { NLM_F_ACK, NLM_F_MULTI, NLM_F_REQUEST, NLMSG_DONE, NLMSG_NOOP, type NetlinkMessage } from '@linx/netlink-wire';
import { Nfnl, UnknownPacketError, nflog, nfqueue, type LoggedPacket, type QueuedPacket } from '../src/index.js';

const ENOENT = 2;
const queuePacket = compileMessage(nfqueue.nfqueuePacketMessage);
const logPacket = compileMessage(nflog.nflogPacketMessage);
const QUEUE_CONFIG = 0x302;
const QUEUE_VERDICT = 0x301;
const QUEUE_VERDICT_BATCH = 0x303;

/** A fake kernel that ACKs configuration and answers a verdict for `refuse` with ENOENT. */
function kernel(refuse?: number) {
  return new FakeKernel((request, k) => {
    if (request.type === QUEUE_VERDICT && refuse !== undefined) {
      const { attrs } = queuePacket.decode(request.payload);
      if (attrs.verdictHdr?.id === refuse) return k.error(request, ENOENT);
      return;
    }
    if (request.flags & NLM_F_ACK) return k.ack(request);
  });
}

/** A queued packet as the kernel sends it (unicast, sequence number 0). */
function queued(queue: number, id: number, extra: Record<string, unknown> = {}) {
  return {
    type: 0x300,
    seq: 0,
    payload: queuePacket.encode({ header: { family: 'ip', resId: queue }, attrs: { packetHdr: { packetId: id, hwProtocol: 0x0800, hook: 1 }, ifindexIndev: 2, payload: Uint8Array.of(0x45, 0, 0, 20), ...extra } }),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('nfqueue against the fake kernel', () => {
  it('bind sends BIND, then the settings, with the queue in res_id and every field big-endian', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(0x0102, { range: 0x28, maxLength: 0x10000, flags: { failOpen: true, gso: false } });
    k.assertRequests(
      // nfgenmsg (AF_UNSPEC, v0, res_id 0x0102), NFQA_CFG_CMD { BIND, pad, pf 0 }
      { type: QUEUE_CONFIG, flags: NLM_F_REQUEST | NLM_F_ACK, payload: Uint8Array.from(Buffer.from('00000102' + '0800' + '0100' + '01000000', 'hex')) },
      {
        type: QUEUE_CONFIG,
        flags: NLM_F_REQUEST | NLM_F_ACK,
        payload: Uint8Array.from(
          Buffer.from(
            '00000102' +
              // NFQA_CFG_PARAMS { copy_range 0x28, copy_mode PACKET } (5 bytes, padded)
              '0900' + '0200' + '00000028' + '02' + '000000' +
              // NFQA_CFG_QUEUE_MAXLEN 0x10000
              '0800' + '0300' + '00010000' +
              // NFQA_CFG_MASK fail-open|gso, NFQA_CFG_FLAGS fail-open
              '0800' + '0400' + '00000005' +
              '0800' + '0500' + '00000001',
            'hex',
          ),
        ),
      },
    );
    await queue.close();
    // UNBIND
    expect(hex(k.requests.at(-1)!.payload)).toBe('00000102' + '0800' + '0100' + '02000000');
    nfnl.close();
  });

  it('decodes queued packets, keeps other queues apart, and sends the verdicts of one turn together behind one NOOP', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(3);
    k.deliver({
      messages: [
        queued(3, 10, { mark: 7, capLen: 1500, hwaddr: { hwAddrlen: 6, hwAddr: Uint8Array.of(2, 0, 0, 0, 0, 1, 0, 0) }, uid: 1000, gid: 100, skbInfo: ['gso'] }),
        queued(4, 11),
        queued(3, 12),
      ],
    });
    const packets: QueuedPacket[] = [];
    for await (const event of queue) {
      if (event.kind === 'packet') packets.push(event.packet);
      if (packets.length === 2) break;
    }
    expect(packets[0]).toEqual({
      queue: 3, id: 10, family: 'ip', hook: 'input', hwProtocol: 0x0800, mark: 7, indev: 2, hwaddr: '02:00:00:00:00:01', uid: 1000, gid: 100,
      payload: Uint8Array.of(0x45, 0, 0, 20), length: 1500, skbInfo: ['gso'],
    });
    expect(packets[1]).toMatchObject({ queue: 3, id: 12, mark: 0, length: 4, skbInfo: [] });
    // (Leaving the loop closed the queue: bind another to give verdicts.)
    const again = await nfnl.nfqueue.bind(5);
    k.deliver({ messages: [queued(5, 1), queued(5, 2), queued(5, 3)] });
    const iterator = again[Symbol.asyncIterator]();
    const got: QueuedPacket[] = [];
    while (got.length < 3) {
      const r = await iterator.next();
      if (!r.done && r.value.kind === 'packet') got.push(r.value.packet);
    }
    const before = k.requests.length;
    const done = Promise.all([again.verdict(got[0]!, 'accept'), again.verdict(got[1]!, 'drop', { mark: 0x2a }), again.verdict(got[2]!, 'repeat', { payload: Uint8Array.of(1, 2, 3) })]);
    await done;
    const verdicts = k.requests.slice(before);
    expect(verdicts.map((m) => [m.type, m.flags])).toEqual([
      [QUEUE_VERDICT, NLM_F_REQUEST],
      [QUEUE_VERDICT, NLM_F_REQUEST],
      [QUEUE_VERDICT, NLM_F_REQUEST],
      [NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK],
    ]);
    // NFQA_VERDICT_HDR { NF_ACCEPT, id 1 }; { NF_DROP, 2 } + NFQA_MARK 0x2a; { NF_REPEAT, 3 } + NFQA_PAYLOAD
    expect(hex(verdicts[0]!.payload)).toBe('00000005' + '0c00' + '0200' + '00000001' + '00000001');
    expect(hex(verdicts[1]!.payload)).toBe('00000005' + '0c00' + '0200' + '00000000' + '00000002' + '0800' + '0300' + '0000002a');
    expect(hex(verdicts[2]!.payload)).toBe('00000005' + '0c00' + '0200' + '00000004' + '00000003' + '0700' + '0a00' + '010203' + '00');
    expect(again.waiting).toBe(0);
    nfnl.close();
  });

  it("the kernel's ENOENT fails only its verdict, as UnknownPacketError; a verdict linx knows is unknown is never sent", async () => {
    const k = kernel(2);
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(1);
    k.deliver({ messages: [queued(1, 1), queued(1, 2), queued(1, 3)] });
    const iterator = queue[Symbol.asyncIterator]();
    for (let n = 0; n < 3; ) if ((await iterator.next()).value?.kind === 'packet') n++;
    const results = await Promise.allSettled([queue.verdict(1, 'accept'), queue.verdict(2, 'accept'), queue.verdict(3, 'accept')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (results[1] as PromiseRejectedResult).reason as UnknownPacketError;
    expect(error).toBeInstanceOf(UnknownPacketError);
    expect(error).toMatchObject({ queue: 1, packetId: 2, code: 'ERR_LINX_NFQUEUE_UNKNOWN_PACKET' });
    expect(error.cause?.errnoName).toBe('ENOENT');
    const count = k.requests.length;
    await expect(queue.verdict(2, 'accept')).rejects.toMatchObject({ packetId: 2, cause: undefined });
    await expect(queue.verdict(1.5, 'accept')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(queue.verdict(4, 'accept', { payload: 'bytes' as never })).rejects.toThrow(/payload: must be a Uint8Array/);
    await tick();
    expect(k.requests.length).toBe(count);
    nfnl.close();
  });

  it('a batch verdict covers the waiting ids up to its id (in 32-bit sequence order) and says so in one message', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(2);
    // Ids wrap around: 0xfffffffe, 0xffffffff, 0, 1 are in that order.
    k.deliver({ messages: [queued(2, 0xfffffffe), queued(2, 0xffffffff), queued(2, 0), queued(2, 1)] });
    const iterator = queue[Symbol.asyncIterator]();
    for (let n = 0; n < 4; ) if ((await iterator.next()).value?.kind === 'packet') n++;
    const before = k.requests.length;
    await queue.verdictBatch(0, 'accept', { mark: 9 });
    expect(queue.waiting).toBe(1);
    const [message] = k.requests.slice(before);
    expect(message!.type).toBe(QUEUE_VERDICT_BATCH);
    expect(hex(message!.payload)).toBe('00000002' + '0c00' + '0200' + '00000001' + '00000000' + '0800' + '0300' + '00000009');
    await expect(queue.verdictBatch(0, 'accept')).rejects.toBeInstanceOf(UnknownPacketError);
    nfnl.close();
  });
});

describe('nfqueue closing', () => {
  it('verdicts given before close() go out before the unbind (which would drop their packets)', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(6);
    k.deliver({ messages: [queued(6, 1)] });
    const iterator = queue[Symbol.asyncIterator]();
    while ((await iterator.next()).value?.kind !== 'packet');
    const before = k.requests.length;
    const verdict = queue.verdict(1, 'accept');
    await queue.close();
    await verdict;
    expect(k.requests.slice(before).map((m) => m.type)).toEqual([QUEUE_VERDICT, NLMSG_NOOP, QUEUE_CONFIG]);
    expect(hex(k.requests.at(-1)!.payload)).toBe('00000006' + '0800' + '0100' + '02000000');
    nfnl.close();
  });
});

describe('nflog against the fake kernel', () => {
  it('bind sends BIND then the settings; packets of a multipart batch are decoded, NLMSG_DONE and other groups skipped', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const group = await nfnl.nflog.bind(5, { copy: 'packet', range: 64, threshold: 10, flushTimeout: 55, bufferSize: 65536, flags: { seq: true } });
    expect(k.requests.map((m) => hex(m.payload))).toEqual([
      // nfgenmsg (res_id 5), NFULA_CFG_CMD { BIND } (1 byte, padded)
      '00000005' + '0500' + '0100' + '01000000',
      '00000005' +
        // NFULA_CFG_MODE { copy_range 64, copy_mode PACKET, pad } (6 bytes, padded)
        '0a00' + '0200' + '00000040' + '0200' + '0000' +
        '0800' + '0300' + '00010000' +
        // NFULA_CFG_TIMEOUT in 1/100 s: 55 ms → 6
        '0800' + '0400' + '00000006' +
        '0800' + '0500' + '0000000a' +
        // NFULA_CFG_FLAGS (u16) seq
        '0600' + '0600' + '0001' + '0000',
    ]);
    const logged = (g: number, seq: number, prefix: string) => ({
      type: 0x400,
      flags: NLM_F_MULTI,
      seq: 0,
      payload: logPacket.encode({ header: { family: 'ip6', resId: g }, attrs: { packetHdr: { hwProtocol: 0x86dd, hook: 3 }, prefix, seq, ifindexOutdev: 4, uid: 0, gid: 0, timestamp: { sec: 1700000000n, usec: 250n } } }),
    });
    k.deliver({ messages: [logged(5, 1, 'a'), logged(6, 1, 'other'), logged(5, 2, 'b'), { type: NLMSG_DONE, flags: NLM_F_MULTI, seq: 0, payload: new Uint8Array(8) }] });
    const packets: LoggedPacket[] = [];
    for await (const event of group) {
      if (event.kind === 'packet') packets.push(event.packet);
      if (packets.length === 2) break;
    }
    expect(packets).toEqual([
      { group: 5, family: 'ip6', hook: 'output', hwProtocol: 0x86dd, prefix: 'a', mark: 0, outdev: 4, uid: 0, gid: 0, seq: 1, timestamp: { sec: 1700000000, usec: 250 }, payload: new Uint8Array(0) },
      { group: 5, family: 'ip6', hook: 'output', hwProtocol: 0x86dd, prefix: 'b', mark: 0, outdev: 4, uid: 0, gid: 0, seq: 2, timestamp: { sec: 1700000000, usec: 250 }, payload: new Uint8Array(0) },
    ]);
    // Leaving the loop unbinds: NFULA_CFG_CMD { UNBIND }.
    await new Promise((r) => setTimeout(r, 5));
    expect(hex(k.requests.at(-1)!.payload)).toBe('00000005' + '0500' + '0100' + '02000000');
    nfnl.close();
  });

  it('bad settings are refused before anything is sent', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    await expect(nfnl.nflog.bind(-1)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(nfnl.nflog.bind(1, { range: 0 })).rejects.toThrow(/range: 0 is not an integer from 1 to 65535/);
    await expect(nfnl.nflog.bind(1, { threshold: 1.5 })).rejects.toThrow(/threshold/);
    await expect(nfnl.nflog.bind(1, { flags: { seq: 'yes' } as never })).rejects.toThrow(/flags.seq: yes is not true or false/);
    expect(k.requests).toEqual([] as NetlinkMessage[]);
    nfnl.close();
  });

  it('an overrun is an event and the group goes on; the signal ends the iteration with AbortError and unbinds', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const controller = new AbortController();
    const group = await nfnl.nflog.bind(3, { signal: controller.signal });
    const packet = (prefix: string) => ({ type: 0x400, seq: 0, payload: logPacket.encode({ header: { family: 'ip', resId: 3 }, attrs: { packetHdr: { hwProtocol: 0x0800, hook: 1 }, prefix } }) });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of group) {
        seen.push(event.kind === 'overrun' ? `overrun ${event.error instanceof OverrunError}` : event.packet.prefix);
        if (seen.length === 3) controller.abort();
      }
    })();
    k.deliver({ messages: [packet('before')] });
    await tick();
    k.overrun();
    await tick();
    k.deliver({ messages: [packet('after')] });
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual(['before', 'overrun true', 'after']);
    await tick();
    // NFULA_CFG_CMD { UNBIND } went out.
    expect(hex(k.requests.at(-1)!.payload)).toBe('00000003' + '0500' + '0100' + '02000000');
    nfnl.close();
  });
});
