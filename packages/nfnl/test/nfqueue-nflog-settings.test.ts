// nfqueue's and nflog's settings and packets without root, against the fake kernel: each setting's bytes
// and defaults (laid out by hand from linux/netfilter/nfnetlink_queue.h and nfnetlink_log.h: struct
// nfqnl_msg_config_params, nfulnl_msg_config_mode, NFQA_CFG_MASK/FLAGS, NFULA_CFG_*; every integer
// big-endian as the kernel's ntohl/ntohs read them), bad settings refused by name before anything is sent,
// and packets decoded from bytes laid out by hand as nfqnl_build_packet_message / __build_packet_message
// write them (every attribute the decoder knows).
import { describe, expect, it } from 'vitest';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { AbortError, InvalidArgumentError } from '@linx/netlink-socket';
import { NLM_F_ACK, NLMSG_NOOP, type NetlinkMessage } from '@linx/netlink-wire';
import { Nfnl, UnknownPacketError, nflog, nfqueue, type LoggedPacket, type QueuedPacket } from '../src/index.js';
import { hwAddressText, packetHookName, resIdOf } from '../src/packet-fields.js';

const ENOENT = 2;
const EPERM = 1;
const EINVAL = 22;
const QUEUE_CONFIG = 0x302;
const QUEUE_VERDICT = 0x301;
const QUEUE_VERDICT_BATCH = 0x303;
const LOG_CONFIG = 0x401;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const tick = () => new Promise((r) => setTimeout(r, 5));

/** A fake kernel that ACKs every request that asks for one, refusing with `refuse(request)`'s errno when it gives one. */
function kernel(refuse: (request: NetlinkMessage, index: number) => number | undefined = () => undefined) {
  let index = 0;
  return new FakeKernel((request, k) => {
    const errno = refuse(request, index++);
    if (errno !== undefined) return k.error(request, errno);
    if (request.flags & NLM_F_ACK) return k.ack(request);
  });
}

/** The payloads of the configuration messages sent, as hex. */
const configs = (k: FakeKernel, type: number) => k.requests.filter((m) => m.type === type).map((m) => hex(m.payload));

// nfgenmsg (AF_UNSPEC, version 0, res_id) then NFQA_CFG_CMD { BIND or UNBIND, pad, pf 0 }.
const queueCmd = (queue: string, cmd: '01' | '02') => `0000${queue}` + '0800' + '0100' + `${cmd}000000`;

describe('nfqueue settings, in the bytes nfqnl_recv_config reads', () => {
  it('bind copies whole packets by default (NFQNL_COPY_PACKET, range 0xffff); copy meta sends range 0', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    await nfnl.nfqueue.bind(7);
    await nfnl.nfqueue.bind(8, { copy: 'meta' });
    await nfnl.nfqueue.bind(9, { copy: 'none', maxLength: 1 });
    expect(configs(k, QUEUE_CONFIG)).toEqual([
      queueCmd('0007', '01'),
      // NFQA_CFG_PARAMS { copy_range 0xffff, copy_mode NFQNL_COPY_PACKET (2) } (5 bytes, padded)
      '00000007' + '0900' + '0200' + '0000ffff' + '02' + '000000',
      queueCmd('0008', '01'),
      // NFQNL_COPY_META (1): no range
      '00000008' + '0900' + '0200' + '00000000' + '01' + '000000',
      queueCmd('0009', '01'),
      // NFQNL_COPY_NONE (0); NFQA_CFG_QUEUE_MAXLEN 1
      '00000009' + '0900' + '0200' + '00000000' + '00' + '000000' + '0800' + '0300' + '00000001',
    ]);
    nfnl.close();
  });

  it('configure sends only what is given (no copy mode unless asked), a flag set false only in the mask, and nothing for no change', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(0xfffe, { copy: 'packet' });
    const before = k.requests.length;
    await queue.configure({ maxLength: 0xffffffff });
    await queue.configure({ range: 1 });
    await queue.configure({ copy: 'packet', range: 40 });
    await queue.configure({ flags: { gso: false, uidGid: true, secctx: undefined, conntrack: true } });
    await queue.configure({});
    await queue.configure({ flags: {} });
    await queue.configure({ flags: { failOpen: undefined } });
    expect(k.requests.slice(before).map((m) => hex(m.payload))).toEqual([
      '0000fffe' + '0800' + '0300' + 'ffffffff',
      // A range alone means copy 'packet'.
      '0000fffe' + '0900' + '0200' + '00000001' + '02' + '000000',
      '0000fffe' + '0900' + '0200' + '00000028' + '02' + '000000',
      // NFQA_CFG_MASK gso (4) | uid-gid (8) | conntrack (2); NFQA_CFG_FLAGS uid-gid | conntrack
      '0000fffe' + '0800' + '0400' + '0000000e' + '0800' + '0500' + '0000000a',
    ]);
    nfnl.close();
  });

  it('bad settings are refused by name before anything is sent', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const bind = (queue: number, options: unknown) => nfnl.nfqueue.bind(queue, options as never);
    await expect(bind(0x10000, {})).rejects.toThrow(/^queue: 65536 is not an integer from 0 to 65535/);
    await expect(bind(1, null)).rejects.toThrow(/^options: must be an object/);
    await expect(bind(1, { copy: 'all' })).rejects.toThrow(/^copy: all is not a copy mode/);
    await expect(bind(1, { copy: 'toString' })).rejects.toThrow(/^copy: toString is not a copy mode/);
    await expect(bind(1, { copy: 'meta', range: 40 })).rejects.toThrow(/^range: a copy range needs copy 'packet' \(not 'meta'\)/);
    await expect(bind(1, { range: 0x10000 })).rejects.toThrow(/^range: 65536 is not an integer from 1 to 65535/);
    await expect(bind(1, { maxLength: 0 })).rejects.toThrow(/^maxLength: 0 is not an integer from 1 to 4294967295/);
    await expect(bind(1, { flags: null })).rejects.toThrow(/^flags: must be an object of flag names to true or false/);
    await expect(bind(1, { flags: 'gso' })).rejects.toThrow(/^flags: must be an object/);
    await expect(bind(1, { flags: { bogus: true } })).rejects.toThrow(/^flags\.bogus: is not a queue flag \(failOpen, conntrack, gso, uidGid, secctx\)/);
    await expect(bind(1, { flags: { gso: 1 } })).rejects.toThrow(/^flags\.gso: 1 is not true or false/);
    const aborted = AbortSignal.abort();
    await expect(nfnl.nfqueue.bind(1, { signal: aborted })).rejects.toBeInstanceOf(AbortError);
    expect(k.requests).toEqual([]);
    const queue = await nfnl.nfqueue.bind(2);
    const count = k.requests.length;
    await expect(queue.configure({ flags: { failOpen: 'yes' as never } })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(queue.configure(undefined as never)).rejects.toThrow(/^options: must be an object/);
    expect(k.requests.length).toBe(count);
    nfnl.close();
  });

  it('settings the kernel refuses unbind the queue again, then the error is thrown; a refused bind sends nothing more', async () => {
    const k = kernel((request, index) => (index === 1 ? EINVAL : index === 3 ? EPERM : undefined));
    const nfnl = new Nfnl(k);
    await expect(nfnl.nfqueue.bind(3, { maxLength: 5 })).rejects.toMatchObject({ errnoName: 'EINVAL' });
    expect(configs(k, QUEUE_CONFIG)).toEqual([queueCmd('0003', '01'), '00000003' + '0900' + '0200' + '0000ffff' + '02' + '000000' + '0800' + '0300' + '00000005', queueCmd('0003', '02')]);
    await expect(nfnl.nfqueue.bind(4)).rejects.toMatchObject({ errnoName: 'EPERM' });
    await tick();
    expect(configs(k, QUEUE_CONFIG).slice(3)).toEqual([queueCmd('0004', '01')]);
    nfnl.close();
  });

  it('close() unbinds once however often it is called, and not at all on a closed handle', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(0x0a0b);
    const bound = k.requests.length;
    await Promise.all([queue.close(), queue.close()]);
    await tick();
    // Only the UNBIND: no verdicts were given, so nothing (not even a NOOP) goes before it.
    expect(k.requests.slice(bound).map((m) => m.type)).toEqual([QUEUE_CONFIG]);
    await queue.close();
    await queue[Symbol.asyncDispose]();
    expect(configs(k, QUEUE_CONFIG)).toEqual([queueCmd('0a0b', '01'), '00000a0b' + '0900' + '0200' + '0000ffff' + '02' + '000000', queueCmd('0a0b', '02')]);
    expect(await queue[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
    const other = await nfnl.nfqueue.bind(12);
    const count = k.requests.length;
    nfnl.close();
    await other.close();
    expect(k.requests.length).toBe(count);
  });

  it('a handle closed while the unbind is on its way: close() resolves (the kernel unbinds a closed socket itself)', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(1);
    const group = await nfnl.nflog.bind(1);
    const closing = [queue.close(), group.close()];
    nfnl.close();
    await expect(Promise.all(closing)).resolves.toEqual([undefined, undefined]);
  });

  it('a pending read ends when the handle is closed; the iterator is its own, and return() says done', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(1);
    const iterator = queue[Symbol.asyncIterator]() as AsyncIterableIterator<unknown>;
    expect(iterator[Symbol.asyncIterator]()).toBe(iterator);
    const reading = iterator.next();
    await tick();
    nfnl.close();
    expect(await reading).toEqual({ value: undefined, done: true });
    const group = await new Nfnl(kernel()).nflog.bind(2);
    expect(await group[Symbol.asyncIterator]().return!()).toEqual({ value: undefined, done: true });
  });

  it("bind's timeout and signal reach the BIND request", async () => {
    // A kernel that never answers.
    const silent = new FakeKernel(() => undefined);
    const nfnl = new Nfnl(silent);
    await expect(nfnl.nfqueue.bind(1, { timeout: 20 })).rejects.toMatchObject({ code: expect.stringMatching(/TIMEOUT/) });
    await expect(nfnl.nflog.bind(1, { timeout: 20 })).rejects.toMatchObject({ code: expect.stringMatching(/TIMEOUT/) });
    const controller = new AbortController();
    const binding = nfnl.nflog.bind(2, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(binding).rejects.toBeInstanceOf(AbortError);
    nfnl.close();
  });

  it('an unbind the kernel refuses is thrown by close()', async () => {
    const k = kernel((request) => (request.type === QUEUE_CONFIG && request.payload[8] === 2 ? EINVAL : undefined));
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(1);
    await expect(queue.close()).rejects.toMatchObject({ errnoName: 'EINVAL' });
    nfnl.close();
  });
});

/** A queued packet of queue 9 with every attribute nfqnl_build_packet_message writes, laid out by hand. */
const FULL_PACKET =
  // nfgenmsg: AF_INET6, version 0, res_id 9
  '0a000009' +
  // NFQA_PACKET_HDR { packet_id 42, hw_protocol 0x86dd, hook 4 (NF_INET_POST_ROUTING) } (7 bytes, padded)
  '0b00 0100 0000002a 86dd 04 00' +
  // NFQA_MARK 0xdeadbeef
  '0800 0300 deadbeef' +
  // NFQA_TIMESTAMP { sec 2^32 + 2, usec 999999 } (be64 each)
  '1400 0400 0000000100000002 00000000000f423f' +
  // NFQA_IFINDEX_INDEV 2, _OUTDEV 3, _PHYSINDEV 4, _PHYSOUTDEV 5
  '0800 0500 00000002 0800 0600 00000003 0800 0700 00000004 0800 0800 00000005' +
  // NFQA_HWADDR { hw_addrlen 6, pad, hw_addr aa:bb:cc:dd:ee:ff and two bytes past the length }
  '1000 0900 0006 0000 aabbccddeeff 1122' +
  // NFQA_PAYLOAD (3 bytes, padded)
  '0700 0a00 600000 00' +
  // NFQA_CAP_LEN 1400
  '0800 0d00 00000578' +
  // NFQA_SKB_INFO CSUMNOTREADY (1) | CSUM_NOTVERIFIED (4)
  '0800 0e00 00000005' +
  // NFQA_UID 1000, NFQA_GID 100
  '0800 1000 000003e8 0800 1100 00000064' +
  // NFQA_SECCTX "unconfined\0" (11 bytes, padded)
  '0f00 1200 756e636f6e66696e656400 00' +
  // NFQA_VLAN (nested) { NFQA_VLAN_PROTO 0x8100, NFQA_VLAN_TCI 100 }
  '1400 1380 0600 0100 8100 0000 0600 0200 0064 0000' +
  // NFQA_PRIORITY 6
  '0800 1500 00000006';

describe('queued packets, decoded from the bytes nfqnl_build_packet_message writes', () => {
  it('every attribute: interfaces, the address cut to its length, 64-bit timestamp, skb info, owner, security context, VLAN, priority', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(9);
    k.deliver({
      messages: [
        // Not packets of this queue: a verdict-typed message, and a packet message with no NFQA_PACKET_HDR.
        { type: QUEUE_VERDICT, seq: 0, payload: bytes(FULL_PACKET) },
        { type: 0x300, seq: 0, payload: bytes('0a000009' + '0800 0300 00000001') },
        { type: 0x300, seq: 0, payload: bytes(FULL_PACKET) },
      ],
    });
    const iterator = queue[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first).toEqual({
      done: false,
      value: {
        kind: 'packet',
        packet: {
          queue: 9, id: 42, family: 'ip6', hook: 'postrouting', hwProtocol: 0x86dd, mark: 0xdeadbeef,
          timestamp: { sec: 2 ** 32 + 2, usec: 999999 }, indev: 2, outdev: 3, physindev: 4, physoutdev: 5,
          hwaddr: 'aa:bb:cc:dd:ee:ff', payload: Uint8Array.of(0x60, 0, 0), length: 1400, skbInfo: ['csumNotReady', 'csumNotVerified'],
          uid: 1000, gid: 100, secctx: 'unconfined', vlan: { proto: 0x8100, tci: 100 }, priority: 6,
        } satisfies QueuedPacket,
      },
    });
    expect(queue.waiting).toBe(1);
    nfnl.close();
  });

  it('a link-layer address longer than the 8 bytes it has room for is cut to them; an address of length 0 is empty text', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(1);
    const packet = (id: string, hw: string) => bytes('02000001' + `0b00 0100 000000${id} 0800 01 00` + '1000 0900' + hw);
    k.deliver({ messages: [{ type: 0x300, seq: 0, payload: packet('01', '0010 0000 0102030405060708') }, { type: 0x300, seq: 0, payload: packet('02', '0000 0000 0102030405060708') }] });
    const iterator = queue[Symbol.asyncIterator]();
    const a = (await iterator.next()).value as { packet: QueuedPacket };
    const b = (await iterator.next()).value as { packet: QueuedPacket };
    expect([a.packet.hwaddr, b.packet.hwaddr]).toEqual(['01:02:03:04:05:06:07:08', '']);
    expect(a.packet).toMatchObject({ family: 'ip', hook: 'input', hwProtocol: 0x0800, mark: 0, length: 0, skbInfo: [] });
    expect(Object.keys(a.packet).sort()).toEqual(['family', 'hook', 'hwProtocol', 'hwaddr', 'id', 'length', 'mark', 'payload', 'queue', 'skbInfo']);
    nfnl.close();
  });
});

describe('verdicts, in the bytes nfqnl_recv_verdict reads', () => {
  async function withPackets(queueNumber: number, ids: number[], refuse?: (request: NetlinkMessage) => number | undefined) {
    const k = kernel(refuse);
    const nfnl = new Nfnl(k);
    const queue = await nfnl.nfqueue.bind(queueNumber);
    const q = queueNumber.toString(16).padStart(4, '0');
    k.deliver({ messages: ids.map((id) => ({ type: 0x300, seq: 0, payload: bytes(`0200${q}` + '0b00 0100' + id.toString(16).padStart(8, '0') + '0800 01 00') })) });
    const iterator = queue[Symbol.asyncIterator]();
    for (let n = 0; n < ids.length; ) if ((await iterator.next()).value?.kind === 'packet') n++;
    return { k, nfnl, queue, before: k.requests.length };
  }

  it('mark 0 is sent (NFQA_MARK 0), not left out; a payload of 65531 bytes fits an attribute, one more does not', async () => {
    const { k, nfnl, queue, before } = await withPackets(1, [1, 2, 3]);
    await queue.verdict(1, 'accept', { mark: 0 });
    const big = new Uint8Array(0xffff - 4).fill(0xab);
    await queue.verdict(2, 'drop', { payload: big });
    await expect(queue.verdict(3, 'accept', { payload: new Uint8Array(0xffff - 3) })).rejects.toThrow(/^payload: 65532 bytes do not fit an attribute \(65531 at most\)/);
    const sent = k.requests.slice(before).filter((m) => m.type === QUEUE_VERDICT);
    expect(hex(sent[0]!.payload)).toBe('00000001' + '0c00 0200 00000001 00000001'.replace(/ /g, '') + '0800' + '0300' + '00000000');
    // NFQA_VERDICT_HDR { NF_DROP, 2 }, then NFQA_PAYLOAD of length 0xffff (4 + 65531).
    expect(hex(sent[1]!.payload.subarray(0, 20))).toBe('00000001' + '0c00020000000000' + '00000002' + 'ffff0a00');
    expect(sent[1]!.payload.length).toBe(4 + 12 + 0xffff + 1);
    // Packet 3 still waits: its refused verdict was never sent.
    expect(queue.waiting).toBe(1);
    nfnl.close();
  });

  it('bad verdicts and marks are refused by name, and the packet still waits', async () => {
    const { k, nfnl, queue, before } = await withPackets(1, [5]);
    await expect(queue.verdict(5, 'reject' as never)).rejects.toThrow(/^verdict: reject is not a verdict \('accept', 'drop' or 'repeat'\)/);
    await expect(queue.verdict(5, 'toString' as never)).rejects.toThrow(/^verdict: toString is not a verdict/);
    await expect(queue.verdict(5, 'accept', { mark: -1 })).rejects.toThrow(/^mark: -1 is not an integer from 0 to 4294967295/);
    await expect(queue.verdict(5, 'accept', { mark: 2 ** 32 })).rejects.toThrow(/^mark: 4294967296 is not an integer/);
    await expect(queue.verdictBatch(5, 'accept', { mark: 0.5 })).rejects.toThrow(/^mark: 0.5 is not an integer/);
    await expect(queue.verdict(-1, 'accept')).rejects.toThrow(/^packet id: -1 is not an integer from 0 to 4294967295/);
    await expect(queue.verdictBatch(2 ** 32, 'accept')).rejects.toThrow(/^packet id: 4294967296 is not an integer/);
    await expect(queue.verdict(null as never, 'accept')).rejects.toThrow(/^packet id: undefined is not an integer/);
    await expect(queue.verdictBatch(null as never, 'accept')).rejects.toThrow(/^packet id: undefined is not an integer/);
    await tick();
    expect(k.requests.length).toBe(before);
    expect(queue.waiting).toBe(1);
    await queue.verdict({ id: 5 } as QueuedPacket, 'repeat');
    expect(queue.waiting).toBe(0);
    nfnl.close();
  });

  it('a batch verdict covers the waiting ids up to and including its own, not those after; and says so with NF_ACCEPT and no mark', async () => {
    const { k, nfnl, queue, before } = await withPackets(4, [7, 8, 9]);
    await queue.verdictBatch({ id: 8 } as QueuedPacket, 'accept');
    expect(queue.waiting).toBe(1);
    const [message] = k.requests.slice(before);
    expect(message!.type).toBe(QUEUE_VERDICT_BATCH);
    expect(hex(message!.payload)).toBe('00000004' + '0c00' + '0200' + '00000001' + '00000008');
    await expect(queue.verdict(8, 'accept')).rejects.toBeInstanceOf(UnknownPacketError);
    await queue.verdict(9, 'drop');
    nfnl.close();
  });

  it('a verdict and a batch verdict of one turn go out as two runs, each with its NOOP', async () => {
    const { k, nfnl, queue, before } = await withPackets(2, [1, 2, 3]);
    await Promise.all([queue.verdict(3, 'accept'), queue.verdictBatch(2, 'drop'), queue.verdict(3, 'accept').catch(() => undefined)]);
    expect(k.requests.slice(before).map((m) => m.type)).toEqual([QUEUE_VERDICT, NLMSG_NOOP, QUEUE_VERDICT_BATCH, NLMSG_NOOP]);
    nfnl.close();
  });

  it('a refusal other than ENOENT is the kernel error itself, not UnknownPacketError', async () => {
    const { nfnl, queue } = await withPackets(1, [1, 2], (request) => (request.type === QUEUE_VERDICT ? (request.payload.at(-1) === 1 ? EINVAL : ENOENT) : undefined));
    const [one, two] = await Promise.allSettled([queue.verdict(1, 'accept'), queue.verdict(2, 'accept')]);
    expect((one as PromiseRejectedResult).reason).not.toBeInstanceOf(UnknownPacketError);
    expect((one as PromiseRejectedResult).reason).toMatchObject({ errnoName: 'EINVAL' });
    expect((two as PromiseRejectedResult).reason).toBeInstanceOf(UnknownPacketError);
    expect((two as PromiseRejectedResult).reason).toMatchObject({ queue: 1, packetId: 2 });
    nfnl.close();
  });

  it('verdicts whose datagram cannot be sent all fail with the send error', async () => {
    const { nfnl, queue } = await withPackets(1, [1, 2]);
    const pending = [queue.verdict(1, 'accept'), queue.verdict(2, 'accept')];
    nfnl.close();
    const results = await Promise.allSettled(pending);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});

// nfgenmsg (AF_UNSPEC, version 0, res_id) then NFULA_CFG_CMD { BIND or UNBIND } (1 byte, padded).
const logCmd = (group: string, cmd: '01' | '02') => `0000${group}` + '0500' + '0100' + `${cmd}000000`;

describe('nflog settings, in the bytes nfulnl_recv_config reads', () => {
  it('bind without settings sends only BIND; copy none and meta send range 0; a range alone means copy packet', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    await nfnl.nflog.bind(0xffff);
    await nfnl.nflog.bind(1, { copy: 'none' });
    await nfnl.nflog.bind(2, { copy: 'meta' });
    await nfnl.nflog.bind(3, { range: 0xffff });
    await nfnl.nflog.bind(4, { copy: 'packet' });
    expect(configs(k, LOG_CONFIG)).toEqual([
      logCmd('ffff', '01'),
      logCmd('0001', '01'),
      // NFULA_CFG_MODE { copy_range 0, copy_mode NFULNL_COPY_NONE (0), pad } (6 bytes, padded)
      '00000001' + '0a00' + '0200' + '00000000' + '0000' + '0000',
      logCmd('0002', '01'),
      '00000002' + '0a00' + '0200' + '00000000' + '0100' + '0000',
      logCmd('0003', '01'),
      '00000003' + '0a00' + '0200' + '0000ffff' + '0200' + '0000',
      logCmd('0004', '01'),
      '00000004' + '0a00' + '0200' + '0000ffff' + '0200' + '0000',
    ]);
    nfnl.close();
  });

  it('the flush timeout goes in hundredths of a second, rounded up; flags replace the old ones (none on: 0)', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const group = await nfnl.nflog.bind(6);
    const before = k.requests.length;
    await group.configure({ flushTimeout: 0 });
    await group.configure({ flushTimeout: 1 });
    await group.configure({ flushTimeout: 10 });
    await group.configure({ flushTimeout: 11 });
    await group.configure({ flushTimeout: 0xffffffff * 10 });
    await group.configure({ flags: {} });
    await group.configure({ flags: { seq: false, seqGlobal: true, conntrack: undefined } });
    await group.configure({ flags: { seq: true, seqGlobal: true, conntrack: true } });
    await group.configure({ bufferSize: 1, threshold: 0xffffffff });
    await group.configure({});
    expect(k.requests.slice(before).map((m) => hex(m.payload))).toEqual([
      '00000006' + '0800' + '0400' + '00000000',
      '00000006' + '0800' + '0400' + '00000001',
      '00000006' + '0800' + '0400' + '00000001',
      '00000006' + '0800' + '0400' + '00000002',
      '00000006' + '0800' + '0400' + 'ffffffff',
      // NFULA_CFG_FLAGS is a be16: SEQ 1, SEQ_GLOBAL 2, CONNTRACK 4
      '00000006' + '0600' + '0600' + '0000' + '0000',
      '00000006' + '0600' + '0600' + '0002' + '0000',
      '00000006' + '0600' + '0600' + '0007' + '0000',
      // NFULA_CFG_NLBUFSIZ 1, NFULA_CFG_QTHRESH 0xffffffff
      '00000006' + '0800' + '0300' + '00000001' + '0800' + '0500' + 'ffffffff',
    ]);
    nfnl.close();
  });

  it('bad settings are refused by name before anything is sent', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const bind = (group: number, options: unknown) => nfnl.nflog.bind(group, options as never);
    await expect(bind(0x10000, {})).rejects.toThrow(/^group: 65536 is not an integer from 0 to 65535/);
    await expect(bind(1, null)).rejects.toThrow(/^options: must be an object/);
    await expect(bind(1, 5)).rejects.toThrow(/^options: must be an object/);
    await expect(bind(1, { copy: 'full' })).rejects.toThrow(/^copy: full is not a copy mode \('none', 'meta' or 'packet'\)/);
    await expect(bind(1, { copy: 'constructor' })).rejects.toThrow(/^copy: constructor is not a copy mode/);
    await expect(bind(1, { copy: 'none', range: 10 })).rejects.toThrow(/^range: a copy range needs copy 'packet' \(not 'none'\)/);
    await expect(bind(1, { range: 0x10000 })).rejects.toThrow(/^range: 65536 is not an integer from 1 to 65535/);
    await expect(bind(1, { bufferSize: 0 })).rejects.toThrow(/^bufferSize: 0 is not an integer from 1 to 4294967295/);
    await expect(bind(1, { bufferSize: 2 ** 32 })).rejects.toThrow(/^bufferSize: 4294967296 is not an integer/);
    await expect(bind(1, { threshold: 0 })).rejects.toThrow(/^threshold: 0 is not an integer from 1 to 4294967295/);
    await expect(bind(1, { flushTimeout: -1 })).rejects.toThrow(/^flushTimeout: -1 is not an integer from 0 to 42949672950/);
    await expect(bind(1, { flushTimeout: 0xffffffff * 10 + 1 })).rejects.toThrow(/^flushTimeout: 42949672951 is not an integer/);
    await expect(bind(1, { flags: null })).rejects.toThrow(/^flags: must be an object of flag names to true or false/);
    await expect(bind(1, { flags: 1 })).rejects.toThrow(/^flags: must be an object/);
    await expect(bind(1, { flags: { fast: true } })).rejects.toThrow(/^flags\.fast: is not a log group flag \(seq, seqGlobal, conntrack\)/);
    await expect(bind(1, { flags: { seq: null } })).rejects.toThrow(/^flags\.seq: null is not true or false/);
    await expect(nfnl.nflog.bind(1, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(k.requests).toEqual([]);
    const group = await nfnl.nflog.bind(2);
    const count = k.requests.length;
    await expect(group.configure({ copy: 'meta', range: 5 })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(k.requests.length).toBe(count);
    nfnl.close();
  });

  it('settings the kernel refuses unbind the group again; close() unbinds once', async () => {
    const k = kernel((request, index) => (index === 1 ? EINVAL : undefined));
    const nfnl = new Nfnl(k);
    await expect(nfnl.nflog.bind(3, { flags: { conntrack: true } })).rejects.toMatchObject({ errnoName: 'EINVAL' });
    expect(configs(k, LOG_CONFIG)).toEqual([logCmd('0003', '01'), '00000003' + '0600' + '0600' + '0004' + '0000', logCmd('0003', '02')]);
    const group = await nfnl.nflog.bind(0x1234);
    await group[Symbol.asyncDispose]();
    await group.close();
    expect(configs(k, LOG_CONFIG).slice(3)).toEqual([logCmd('1234', '01'), logCmd('1234', '02')]);
    const queue = await nfnl.nfqueue.bind(0x1234);
    await queue[Symbol.asyncDispose]();
    expect(configs(k, QUEUE_CONFIG).at(-1)).toBe(queueCmd('1234', '02'));
    expect(group.number).toBe(0x1234);
    nfnl.close();
  });
});

describe('logged packets, decoded from the bytes __build_packet_message writes', () => {
  it('every attribute: mark, bridge port, empty address, prefix, both sequence numbers, link-layer type, header and its length', async () => {
    const k = kernel();
    const nfnl = new Nfnl(k);
    const group = await nfnl.nflog.bind(0x0102);
    const packet =
      // nfgenmsg: NFPROTO_BRIDGE (7), version 0, res_id 0x0102
      '07000102' +
      // NFULA_PACKET_HDR { hw_protocol 0x0800, hook 0 (NF_BR_PRE_ROUTING), pad }
      '0800 0100 0800 00 00' +
      // NFULA_MARK 7, NFULA_IFINDEX_PHYSINDEV 10
      '0800 0200 00000007 0800 0600 0000000a' +
      // NFULA_HWADDR { hw_addrlen 0, pad, 8 bytes }
      '1000 0800 0000 0000 0000000000000000' +
      // NFULA_PAYLOAD, NFULA_PREFIX "drop: \0"
      '0800 0900 45000014 0b00 0a00 64726f703a2000 00' +
      // NFULA_SEQ 3, NFULA_SEQ_GLOBAL 9
      '0800 0c00 00000003 0800 0d00 00000009' +
      // NFULA_HWTYPE ARPHRD_ETHER (1), NFULA_HWHEADER (14 bytes), NFULA_HWLEN 14
      '0600 0f00 0001 0000 1200 1000 ffffffffffff 020000000001 0800 0000 0600 1100 000e 0000';
    k.deliver({ messages: [{ type: 0x400, seq: 0, payload: bytes('07000102') }, { type: LOG_CONFIG, seq: 0, payload: bytes(packet) }, { type: 0x400, seq: 0, payload: bytes(packet) }] });
    const iterator = group[Symbol.asyncIterator]();
    const next = await iterator.next();
    expect(next.value).toEqual({
      kind: 'packet',
      packet: {
        group: 0x0102, family: 'bridge', hook: 'prerouting', hwProtocol: 0x0800, prefix: 'drop: ', mark: 7, physindev: 10, hwaddr: '',
        payload: Uint8Array.of(0x45, 0, 0, 0x14), seq: 3, seqGlobal: 9, hwtype: 1, hwlen: 14,
        hwheader: bytes('ffffffffffff 020000000001 0800'),
      } satisfies LoggedPacket,
    });
    // A packet with only its header: no property for what the kernel did not send.
    k.deliver({ messages: [{ type: 0x400, seq: 0, payload: bytes('02000102' + '0800 0100 0800 01 00') }] });
    const bare = (await iterator.next()).value as { packet: LoggedPacket };
    expect(Object.keys(bare.packet).sort()).toEqual(['family', 'group', 'hook', 'hwProtocol', 'mark', 'payload', 'prefix']);
    expect(bare.packet).toMatchObject({ prefix: '', mark: 0, payload: new Uint8Array(0), hook: 'input' });
    nfnl.close();
  });
});

describe('the decoders and helpers on their own', () => {
  it('a message that is not a packet message decodes to undefined', () => {
    const payload = bytes('02000001' + '0b00 0100 00000001 0800 01 00');
    expect(nfqueue.queuedPacketFrom({ type: QUEUE_VERDICT, flags: 0, seq: 0, pid: 0, payload } as NetlinkMessage)).toBeUndefined();
    expect(nfqueue.queuedPacketFrom({ type: 0x300, flags: 0, seq: 0, pid: 0, payload } as NetlinkMessage)).toMatchObject({ id: 1 });
    expect(nflog.loggedPacketFrom({ type: LOG_CONFIG, flags: 0, seq: 0, pid: 0, payload: bytes('02000001' + '0800 0100 0800 01 00') } as NetlinkMessage)).toBeUndefined();
  });

  it("res_id is nfgenmsg's bytes 2-3, big-endian; a payload too short for nfgenmsg has none", () => {
    const message = (hex: string) => ({ type: 0, flags: 0, seq: 0, pid: 0, payload: bytes(hex) }) as NetlinkMessage;
    expect(resIdOf(message('0200abcd'))).toBe(0xabcd);
    expect(resIdOf(message('0200ab'))).toBe(-1);
    expect(resIdOf(message(''))).toBe(-1);
  });

  it('a link-layer address is colon-separated hex of its length; hook names per family, numbers kept when unnamed', () => {
    expect(hwAddressText({ hwAddrlen: 1, hwAddr: Uint8Array.of(0x0f, 0xff) })).toBe('0f');
    expect(hwAddressText({ hwAddrlen: 2, hwAddr: Uint8Array.of(0x0f, 0xff) })).toBe('0f:ff');
    expect(hwAddressText({ hwAddrlen: 0, hwAddr: Uint8Array.of(0x0f) })).toBe('');
    expect([packetHookName('ip', 0), packetHookName('ip', 0), packetHookName('arp', 1), packetHookName('netdev', 0), packetHookName('ip', 9), packetHookName(99, 1)]).toEqual(['prerouting', 'prerouting', 'output', 'ingress', 9, 1]);
  });
});
