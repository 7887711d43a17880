// BatchTransport on its own, over a recording transport: a datagram that starts with NFNL_MSG_BATCH_BEGIN
// asking for an ACK is followed by a NOOP (NLMSG_NOOP, REQUEST|ACK) carrying BEGIN's sequence number; when
// the kernel's first answer to BEGIN is an error, NOOPs follow for every message that asked for an ACK, so
// their requests end too. Only unicast answers from the kernel (port 0, no group) count. Everything else,
// and every other call, passes through.
import { describe, expect, it } from 'vitest';
import { type ReceiveHandlers, type Transport } from '@linx/netlink-socket';
import { META_STRIDE, NO_NSID } from '@linx/netlink-socket/native';
import { NLM_F_ACK, NLM_F_REQUEST, NLMSG_ERROR, NLMSG_NOOP, encodeMessages, parseMessages, type MessageInit } from '@linx/netlink-wire';
import { BatchTransport, NFNL_MSG_BATCH_BEGIN as BEGIN, NFNL_MSG_BATCH_END as END } from '../src/protocol.js';

const res = Uint8Array.of(0, 0, 0, 10);

/** A transport that records what is sent and lets the test deliver datagrams. */
function recorder() {
  const log: string[] = [];
  const sent: Uint8Array[] = [];
  let handlers: ReceiveHandlers | undefined;
  const inner: Transport & { closed: boolean } = {
    portId: 77,
    closed: false,
    send: (bytes) => (sent.push(bytes.slice()), bytes.length),
    start: (h) => void (handlers = h),
    pause: () => void log.push('pause'),
    resume: () => void log.push('resume'),
    addMembership: (g) => void log.push(`add ${g}`),
    dropMembership: (g) => void log.push(`drop ${g}`),
    close: () => void log.push('close'),
    ref: () => void log.push('ref'),
    unref: () => void log.push('unref'),
    setExtendedAck: (on) => void log.push(`extack ${on}`),
    setStrictCheck: (on) => void log.push(`strict ${on}`),
    setCapAck: (on) => void log.push(`cap ${on}`),
    setPacketInfo: (on) => void log.push(`pktinfo ${on}`),
  };
  const received: Uint8Array[] = [];
  let overruns = 0;
  const transport = new BatchTransport(inner);
  transport.start({ onBatch: (data) => void received.push(data), onOverrun: () => void overruns++, onError: () => {} });
  /** Delivers datagrams, each `{ messages, portId, group }`, in one batch as the socket does. */
  const deliver = (...datagrams: { messages: MessageInit[]; portId?: number; group?: number }[]) => {
    const encoded = datagrams.map((d) => encodeMessages(d.messages));
    const data = new Uint8Array(encoded.reduce((n, e) => n + ((e.length + 7) & ~7), 0));
    const meta = new Uint32Array(datagrams.length * META_STRIDE);
    let at = 0;
    datagrams.forEach((d, i) => {
      data.set(encoded[i]!, at);
      meta.set([at, encoded[i]!.length, d.portId ?? 0, d.group ?? 0, NO_NSID], i * META_STRIDE);
      at += (encoded[i]!.length + 7) & ~7;
    });
    handlers!.onBatch(data, meta);
  };
  return { inner, transport, sent, log, received, deliver, overruns: () => overruns, handlers: () => handlers! };
}

/** BEGIN (seq 100, ACK), messages 101 (ACK), 102 (no ACK), 103 (ACK), END. */
const batch = (beginFlags = NLM_F_REQUEST | NLM_F_ACK) =>
  encodeMessages([
    { type: BEGIN, flags: beginFlags, seq: 100, payload: res },
    { type: 0xa00, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 101, payload: Uint8Array.of(1, 0, 0, 0) },
    { type: 0xa00, flags: NLM_F_REQUEST, seq: 102, payload: Uint8Array.of(1, 0, 0, 0) },
    { type: 0xa03, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 103, payload: Uint8Array.of(1, 0, 0, 0, 5, 0, 1, 0, 116, 0, 0, 0) },
    { type: END, flags: NLM_F_REQUEST, seq: 104, payload: res },
  ]);

/** An NLMSG_ERROR answering `seq` with `errno` (0: an ACK). */
const answer = (seq: number, errno: number): MessageInit => {
  const payload = new Uint8Array(20);
  new DataView(payload.buffer).setInt32(0, -errno, true);
  return { type: NLMSG_ERROR, flags: 0x100, seq, pid: 77, payload };
};

const noopsIn = (bytes: Uint8Array) => parseMessages(bytes).map((m) => ({ type: m.type, flags: m.flags, seq: m.seq, length: m.payload.length }));

describe('BatchTransport: sending', () => {
  it('a batch is followed by a NOOP with BEGIN\'s sequence number, and is in flight until BEGIN is answered', () => {
    const { transport, sent, deliver } = recorder();
    const bytes = batch();
    expect(transport.send(bytes)).toBe(bytes.length);
    expect(sent[0]).toEqual(bytes);
    expect(noopsIn(sent[1]!)).toEqual([{ type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 100, length: 0 }]);
    expect(transport.batchesInFlight).toBe(1);
    deliver({ messages: [answer(100, 0)] });
    expect(transport.batchesInFlight).toBe(0);
    expect(sent).toHaveLength(2);
  });

  it('BEGIN refused: NOOPs for the messages that asked for an ACK, in one datagram', () => {
    const { transport, sent, deliver } = recorder();
    transport.send(batch());
    deliver({ messages: [answer(100, 85)] });
    expect(sent).toHaveLength(3);
    expect(noopsIn(sent[2]!)).toEqual([
      { type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 101, length: 0 },
      { type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 103, length: 0 },
    ]);
    expect(transport.batchesInFlight).toBe(0);
    // Only the first answer counts.
    deliver({ messages: [answer(100, 85)] });
    expect(sent).toHaveLength(3);
  });

  it('BEGIN\'s answer found among other messages of a datagram', () => {
    const { transport, sent, deliver } = recorder();
    transport.send(batch());
    // The NEWTABLE before it carries BEGIN's sequence number and would read as an ACK: only NLMSG_ERROR counts.
    deliver({ messages: [{ type: 0xa00, seq: 100, pid: 77, payload: Uint8Array.of(0, 0, 0, 0, 1) }, answer(99, 1), answer(100, 1)] });
    expect(transport.batchesInFlight).toBe(0);
    expect(noopsIn(sent[2]!).map((m) => m.seq)).toEqual([101, 103]);
  });

  it('answers from another port, or multicast, are not the kernel\'s answer to BEGIN', () => {
    const { transport, sent, deliver } = recorder();
    transport.send(batch());
    deliver({ messages: [answer(100, 1)], portId: 5 }, { messages: [answer(100, 1)], group: 7 });
    expect(transport.batchesInFlight).toBe(1);
    expect(sent).toHaveLength(2);
  });

  it('a truncated error counts as an ACK; a header too short ends the scan', () => {
    const { transport, sent, deliver } = recorder();
    transport.send(batch());
    deliver({ messages: [{ type: NLMSG_ERROR, seq: 100, pid: 77, payload: Uint8Array.of(0xff, 0xff) }] });
    expect(transport.batchesInFlight).toBe(0);
    expect(sent).toHaveLength(2);
    // A bare header (16 bytes), alone in its datagram: still BEGIN's answer.
    const bare = recorder();
    bare.transport.send(batch());
    bare.deliver({ messages: [{ type: NLMSG_ERROR, seq: 100, pid: 77 }] });
    expect(bare.transport.batchesInFlight).toBe(0);
    expect(bare.sent).toHaveLength(2);
    // Just the errno (20 bytes): an error, so the NOOPs follow.
    const short = recorder();
    short.transport.send(batch());
    short.deliver({ messages: [{ type: NLMSG_ERROR, seq: 100, pid: 77, payload: Uint8Array.of(0xff, 0xff, 0xff, 0xff) }] });
    expect(noopsIn(short.sent[2]!).map((m) => m.seq)).toEqual([101, 103]);
    // A datagram whose first message claims a length below the header's: nothing after it is read.
    const r = recorder();
    r.transport.send(batch());
    const bogus = encodeMessages([answer(7, 0), answer(100, 1)]);
    new DataView(bogus.buffer).setUint32(0, 8, true);
    r.handlers().onBatch(bogus, new Uint32Array([0, bogus.length, 0, 0, NO_NSID]));
    expect(r.transport.batchesInFlight).toBe(1);
  });

  it('a batch whose messages ask no ACK gets no NOOPs when refused', () => {
    const { transport, sent, deliver } = recorder();
    transport.send(encodeMessages([{ type: BEGIN, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 5, payload: res }, { type: END, flags: NLM_F_REQUEST, seq: 6, payload: res }]));
    deliver({ messages: [answer(5, 1)] });
    expect(transport.batchesInFlight).toBe(0);
    expect(sent).toHaveLength(2);
  });

  it('no NOOPs once the socket is closed', () => {
    const { inner, transport, sent, deliver } = recorder();
    transport.send(batch());
    inner.closed = true;
    deliver({ messages: [answer(100, 1)] });
    expect(sent).toHaveLength(2);
  });

  it('headers without payloads: a bare BEGIN, a bare last message asking an ACK', () => {
    const { transport, sent, deliver } = recorder();
    transport.send(encodeMessages([{ type: BEGIN, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 7 }]));
    expect(noopsIn(sent[1]!).map((m) => m.seq)).toEqual([7]);
    transport.send(encodeMessages([{ type: BEGIN, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 8, payload: res }, { type: 0xa02, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 9 }]));
    deliver({ messages: [answer(8, 1)] });
    expect(noopsIn(sent.at(-1)!).map((m) => m.seq)).toEqual([9]);
  });

  it('not a batch, a BEGIN asking no ACK, a runt datagram: sent alone', () => {
    const { transport, sent } = recorder();
    transport.send(encodeMessages([{ type: 0xa01, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 1, payload: res }]));
    transport.send(batch(NLM_F_REQUEST));
    transport.send(Uint8Array.of(1, 2, 3));
    expect(sent).toHaveLength(3);
    expect(transport.batchesInFlight).toBe(0);
  });

  it('a message claiming less than a header ends the scan of the batch', () => {
    const { transport, sent, deliver } = recorder();
    const bytes = batch();
    // The second message (at 20) claims 4 bytes: the messages after BEGIN are not read.
    new DataView(bytes.buffer).setUint32(20, 4, true);
    transport.send(bytes);
    deliver({ messages: [answer(100, 1)] });
    expect(sent).toHaveLength(2);
  });
});

describe('BatchTransport: passing through', () => {
  it('received datagrams reach the handlers unchanged, overruns reach the watchers and the handlers', () => {
    const { transport, received, deliver, overruns, handlers } = recorder();
    deliver({ messages: [answer(1, 0)] });
    expect(parseMessages(received[0]!.subarray(0, 36))[0]).toMatchObject({ type: NLMSG_ERROR, seq: 1 });
    let watched = 0;
    const unwatch = transport.watchOverrun(() => watched++);
    handlers().onOverrun();
    expect([watched, overruns()]).toEqual([1, 1]);
    unwatch();
    handlers().onOverrun();
    expect([watched, overruns()]).toEqual([1, 2]);
  });

  it('every other call goes to the wrapped transport', () => {
    const { inner, transport, log } = recorder();
    expect(transport.inner).toBe(inner);
    expect(transport.portId).toBe(77);
    expect(transport.closed).toBe(false);
    transport.pause();
    transport.resume();
    transport.addMembership(7);
    transport.dropMembership(7);
    transport.ref();
    transport.unref();
    transport.setExtendedAck(true);
    transport.setStrictCheck(false);
    transport.setCapAck(true);
    transport.setPacketInfo(false);
    transport.send(batch());
    transport.close();
    expect(log).toEqual(['pause', 'resume', 'add 7', 'drop 7', 'ref', 'unref', 'extack true', 'strict false', 'cap true', 'pktinfo false', 'close']);
    expect(transport.batchesInFlight).toBe(0);
    inner.closed = true;
    expect(transport.closed).toBe(true);
  });

  it('a transport without the optional calls is fine', () => {
    const { ref: _r, unref: _u, setExtendedAck: _e, setStrictCheck: _s, setCapAck: _c, setPacketInfo: _p, ...bare } = recorder().inner;
    const transport = new BatchTransport(bare as Transport);
    expect(() => {
      transport.ref();
      transport.unref();
      transport.setExtendedAck(true);
      transport.setStrictCheck(true);
      transport.setCapAck(true);
      transport.setPacketInfo(true);
    }).not.toThrow();
  });
});
