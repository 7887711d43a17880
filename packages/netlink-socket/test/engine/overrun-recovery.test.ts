// After an overrun (ENOBUFS: the kernel dropped datagrams for this socket), answers to requests in flight
// may be gone. The connection sends a probe, a NOOP asking for an ACK (NLMSG_NOOP 1,
// NLM_F_REQUEST|NLM_F_ACK 0x5, include/uapi/linux/netlink.h); the kernel answers a socket's requests in
// order, so once that ACK is back, a request sent before the probe and still unanswered lost its answer:
// it fails with OverrunError instead of waiting forever. The kernel drops everything for a congested
// socket, probes included, without reporting it again, so a probe goes out after every batch read until
// one is answered. Driven by hand through a scripted transport.
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST, NLMSG_NOOP } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { OverrunError } from '../../src/engine/errors.js';
import { OperationTable } from '../../src/engine/operation-table.js';
import { NativeError } from '../../src/native/errors.js';
import { LostAnswers } from '../../src/engine/lost-answers.js';
import { Outbox } from '../../src/engine/outbox.js';
import { PendingRequest } from '../../src/engine/request.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

const tick = () => new Promise((r) => setImmediate(r));
const settled = (promise: Promise<unknown>) => promise.then((value) => value, (error: unknown) => error);

function setup() {
  const transport = new ScriptedTransport();
  const connection = new Connection(transport);
  const probes = () => transport.requests.filter((r) => r.type === NLMSG_NOOP);
  const ofType = (type: number) => transport.requests.find((r) => r.type === type)!;
  return { transport, connection, probes, ofType };
}

describe('overrun recovery of requests', () => {
  it('a probe is sent; requests unanswered when its ACK comes fail with OverrunError, answered ones keep their answer', async () => {
    const { transport, connection, probes, ofType } = setup();
    const lost = settled(connection.request({ type: 18 }));
    const answered = connection.request({ type: 19 });
    await tick();
    transport.overrun();
    const [probe] = probes();
    expect(probe).toMatchObject({ type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK });
    expect(probe!.payload).toHaveLength(0);
    expect([ofType(18).seq, ofType(19).seq]).not.toContain(probe!.seq);
    transport.receive({ messages: [nlmsgerr(ofType(19), 0), nlmsgerr(probe!, 0)] });
    await expect(answered).resolves.toEqual([]);
    expect(await lost).toBeInstanceOf(OverrunError);
    expect(connection.pending).toBe(0);
    // The lost request's number is quarantined: its answer, should it come late, is swallowed, not stray.
    transport.receive({ messages: [nlmsgerr(ofType(18), 0)] });
    expect(connection.unmatchedMessages).toBe(0);
    expect(connection.pending).toBe(0);
  });

  it('a request made while the overrun is unresolved waits (the kernel would drop its answer), then goes', async () => {
    const { transport, connection, probes } = setup();
    const first = settled(connection.request({ type: 18 }));
    await tick();
    transport.overrun();
    const later = connection.request({ type: 20 });
    await tick();
    expect(transport.requests.map((r) => r.type)).toEqual([18, NLMSG_NOOP]);
    transport.receive({ messages: [nlmsgerr(probes()[0]!, 0)] });
    expect(await first).toBeInstanceOf(OverrunError);
    await tick();
    const sent = transport.requests.at(-1)!;
    expect(sent.type).toBe(20);
    transport.receive({ messages: [nlmsgerr(sent, 0)] });
    await expect(later).resolves.toEqual([]);
  });

  it('a probe dropped silently (the socket still congested) is followed by another after each batch read; the one answered settles everything', async () => {
    const { transport, connection, probes, ofType } = setup();
    const requests = Array.from({ length: 5 }, (_, i) => settled(connection.request({ type: 30 + i })));
    await tick();
    // The kernel answered two of them before the queue filled; the overrun is reported after them.
    transport.receive({ messages: [nlmsgerr(ofType(30), 0)] });
    transport.overrun();
    expect(probes()).toHaveLength(1);
    // The first probe is never answered. The next batch (data still queued) brings another answer…
    transport.receive({ messages: [nlmsgerr(ofType(31), 0)] });
    expect(probes()).toHaveLength(2);
    // …and the batch after it, read once the queue was empty, sends a probe that gets through.
    transport.receive({ messages: [] });
    expect(probes()).toHaveLength(3);
    transport.receive({ messages: [nlmsgerr(probes()[2]!, 0)] });
    const results = await Promise.all(requests);
    expect(results.slice(0, 2)).toEqual([[], []]);
    for (const result of results.slice(2)) expect(result).toBeInstanceOf(OverrunError);
    expect(connection.pending).toBe(0);
    // Resolved: no more probes; the dropped probes' numbers are quarantined too.
    transport.receive({ messages: [nlmsgerr(probes()[0]!, 0), nlmsgerr(probes()[1]!, 0)] });
    expect(probes()).toHaveLength(3);
    expect(connection.unmatchedMessages).toBe(0);
    // And the connection serves on.
    const after = connection.request({ type: 40 });
    await tick();
    transport.receive({ messages: [nlmsgerr(ofType(40), 0)] });
    await expect(after).resolves.toEqual([]);
  });

  it('an overrun reported after a probe was sent is not resolved by its ACK: requests sent since are probed again', async () => {
    const { transport, connection, probes, ofType } = setup();
    const first = settled(connection.request({ type: 18 }));
    await tick();
    transport.overrun();
    // A bulk call is not held back during recovery: its request goes out after the first probe.
    const bulk = connection.requestAll([{ type: 60 }]);
    await tick();
    transport.overrun();
    expect(probes()).toHaveLength(2);
    transport.receive({ messages: [nlmsgerr(probes()[0]!, 0)] });
    expect(await first).toBeInstanceOf(OverrunError);
    // The request sent after the first probe is not judged by its ACK; the batch sent a third probe.
    expect(probes()).toHaveLength(3);
    expect(connection.pending).toBeGreaterThan(0);
    transport.receive({ messages: [nlmsgerr(probes()[1]!, 0)] });
    const [result] = await bulk;
    expect(result).toBeInstanceOf(OverrunError);
    expect(ofType(60)).toBeDefined();
    expect(connection.pending).toBe(0);
  });

  it('requests wait no longer than the next answered probe, even while overruns keep coming', async () => {
    const { transport, connection, probes, ofType } = setup();
    const first = settled(connection.request({ type: 18 }));
    await tick();
    transport.overrun();
    transport.overrun();
    const held = connection.request({ type: 19 });
    await tick();
    expect(transport.requests.some((r) => r.type === 19)).toBe(false);
    // The first probe's ACK: the second overrun is not resolved by it, but the socket took it.
    transport.receive({ messages: [nlmsgerr(probes()[0]!, 0)] });
    expect(await first).toBeInstanceOf(OverrunError);
    await tick();
    transport.receive({ messages: [nlmsgerr(ofType(19), 0)] });
    await expect(held).resolves.toEqual([]);
  });

  it('an answer to a request in flight does not release the held ones while the socket may still be congested', async () => {
    const { transport, connection, probes, ofType } = setup();
    const first = connection.request({ type: 18 });
    await tick();
    transport.overrun();
    const held = connection.request({ type: 19 });
    await tick();
    // The first request's answer had been queued before the drop: a window slot frees, but the probe
    // has not been answered, so the held request still waits (the kernel may drop it silently).
    transport.receive({ messages: [nlmsgerr(ofType(18), 0)] });
    await expect(first).resolves.toEqual([]);
    await tick();
    expect(transport.requests.some((r) => r.type === 19)).toBe(false);
    transport.receive({ messages: [nlmsgerr(probes().at(-1)!, 0)] });
    await tick();
    transport.receive({ messages: [nlmsgerr(ofType(19), 0)] });
    await expect(held).resolves.toEqual([]);
  });

  it('a request held on a socket that overran with nothing in flight sends a probe for itself at once', async () => {
    const { transport, connection, probes, ofType } = setup();
    transport.overrun();
    // Nothing could have lost an answer: no probe yet.
    expect(probes()).toHaveLength(0);
    const held = connection.request({ type: 18 });
    // No batch has to come first: the probe goes with the request held.
    expect(probes()).toHaveLength(1);
    expect(transport.requests.some((r) => r.type === 18)).toBe(false);
    transport.receive({ messages: [nlmsgerr(probes()[0]!, 0)] });
    await tick();
    transport.receive({ messages: [nlmsgerr(ofType(18), 0)] });
    await expect(held).resolves.toEqual([]);
    expect(connection.congested).toBe(false);
  });

  it('a socket error while requests are held for a probe: the probe fails with the rest, and the held requests go out', async () => {
    const { transport, connection, ofType } = setup();
    transport.overrun();
    const held = connection.request({ type: 18 });
    await tick();
    transport.handlers!.onError(new NativeError('recvmsg', 9, 'EBADF'));
    // The connection stays open and no longer waits for the probe: the request is sent, and answered.
    expect(connection.congested).toBe(false);
    await tick();
    transport.receive({ messages: [nlmsgerr(ofType(18), 0)] });
    await expect(held).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('a malformed datagram while requests are held for a probe: the held requests go out too', async () => {
    const { transport, connection, ofType } = setup();
    transport.overrun();
    const held = connection.request({ type: 18 });
    await tick();
    // 12 bytes: not even a netlink header (16 bytes).
    transport.receive({ bytes: new Uint8Array(12) });
    await tick();
    transport.receive({ messages: [nlmsgerr(ofType(18), 0)] });
    await expect(held).resolves.toEqual([]);
  });

  // Notifications of group 1 for a subscription that is not read: they queue up against the high-water mark.
  const notifications = (transport: ScriptedTransport, count: number) =>
    transport.receive({ messages: Array.from({ length: count }, () => ({ type: 16, payload: new Uint8Array(16) })), group: 1 });

  it('an overrun that dropped only notifications (nothing in flight, nothing held) leaves backpressure as it was: reading pauses', () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 2 });
    connection.subscribe(1);
    transport.overrun();
    notifications(transport, 4);
    expect(transport.requests).toHaveLength(0);
    expect(transport.paused).toBe(true);
  });

  it('a held request whose probe could not be sent keeps reading going: only a batch read sends the next one', () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 2 });
    connection.subscribe(1);
    transport.overrun();
    transport.failNextSend = new NativeError('sendmsg', 105, 'ENOBUFS');
    void connection.request({ type: 18 });
    expect(transport.requests).toHaveLength(0);
    notifications(transport, 4);
    expect(transport.paused).toBe(false);
    // That batch sent the probe.
    expect(transport.requests.map((r) => r.type)).toEqual([NLMSG_NOOP]);
  });

  it('once a probe shows the socket clear and nothing is left to find, probes still out are forgotten: reading may pause again', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 2 });
    connection.subscribe(1);
    const probes = () => transport.requests.filter((r) => r.type === NLMSG_NOOP);
    const first = settled(connection.request({ type: 18 }));
    await tick();
    transport.overrun();
    transport.overrun();
    expect(probes()).toHaveLength(2);
    // The first probe's ACK: the request lost its answer; the second overrun came after that probe went
    // out, but nothing is left that could have lost an answer, so the second probe is not waited for.
    transport.receive({ messages: [nlmsgerr(probes()[0]!, 0)] });
    expect(await first).toBeInstanceOf(OverrunError);
    notifications(transport, 4);
    expect(transport.paused).toBe(true);
    expect(probes()).toHaveLength(2);
  });

  it('backpressure does not pause reading while a probe is out: held requests would wait for ever', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport, { highWaterMark: 2 });
    const probes = () => transport.requests.filter((r) => r.type === NLMSG_NOOP);
    const first = connection.request({ type: 19 });
    const dump = connection.dump({ type: 18 });
    const reading = dump.next();
    await tick();
    const dumpRequest = transport.requests.find((r) => r.type === 18)!;
    const part = (i: number) => ({ type: 16, flags: 0x2, seq: dumpRequest.seq, pid: transport.portId, payload: Uint8Array.of(i, 0, 0, 0) });
    // The dump's consumer lags (5 messages queued, above the high-water mark), and an overrun is reported.
    transport.receive({ messages: [0, 1, 2, 3, 4].map(part) });
    transport.overrun();
    // The request is answered: nothing is in flight, and the queue is above the mark, but a probe is out.
    transport.receive({ messages: [nlmsgerr(transport.requests.find((r) => r.type === 19)!, 0)] });
    await first;
    expect(transport.paused).toBe(false);
    const held = connection.request({ type: 20 });
    await tick();
    expect(transport.requests.some((r) => r.type === 20)).toBe(false);
    transport.receive({ messages: [nlmsgerr(probes().at(-1)!, 0)] });
    await tick();
    transport.receive({ messages: [nlmsgerr(transport.requests.find((r) => r.type === 20)!, 0)] });
    await expect(held).resolves.toEqual([]);
    // Resolved: the lagging consumer pauses reading again.
    expect(transport.paused).toBe(true);
    await reading;
    connection.close();
  });

  it('a request made while the socket may still be congested waits for a probe even when nothing was lost (it would be dropped without a word)', async () => {
    const { transport, connection, probes, ofType } = setup();
    const first = connection.request({ type: 18 });
    await tick();
    transport.overrun();
    // The request's answer had been queued before the drop: it was not lost.
    transport.receive({ messages: [nlmsgerr(ofType(18), 0)] });
    await expect(first).resolves.toEqual([]);
    const later = connection.request({ type: 19 });
    await tick();
    expect(transport.requests.some((r) => r.type === 19)).toBe(false);
    // The first probe was dropped; the next batch read sends another, for the held request.
    transport.receive({ messages: [] });
    expect(probes()).toHaveLength(2);
    transport.receive({ messages: [nlmsgerr(probes()[1]!, 0)] });
    await tick();
    transport.receive({ messages: [nlmsgerr(ofType(19), 0)] });
    await expect(later).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('a bulk request sent while the socket may still be congested is probed too, and fails if its answer was dropped', async () => {
    const { transport, connection, probes, ofType } = setup();
    const first = connection.request({ type: 18 });
    await tick();
    transport.overrun();
    transport.receive({ messages: [nlmsgerr(ofType(18), 0)] });
    await first;
    // Nothing is in flight now; a bulk call is not held back, and the socket drops its answer.
    const bulk = connection.requestAll([{ type: 50 }]);
    await tick();
    transport.receive({ messages: [] });
    const probe = probes().at(-1)!;
    expect(probe.seq).not.toBe(probes()[0]!.seq);
    transport.receive({ messages: [nlmsgerr(probe, 0)] });
    const [result] = await bulk;
    expect(result).toBeInstanceOf(OverrunError);
    expect(ofType(50)).toBeDefined();
    expect(connection.pending).toBe(0);
  });

  it('an error answering the probe settles it too', async () => {
    const { transport, connection, probes } = setup();
    const first = settled(connection.request({ type: 18 }));
    await tick();
    transport.overrun();
    transport.receive({ messages: [nlmsgerr(probes()[0]!, 1)] });
    expect(await first).toBeInstanceOf(OverrunError);
    expect(connection.pending).toBe(0);
  });

  it('a request that times out after the probe went out: the probe\'s ACK frees its number too (its drain waited for the lost answer)', async () => {
    const { transport, connection, probes } = setup();
    const timedOut = settled(connection.request({ type: 18 }, { timeout: 20 }));
    await tick();
    transport.overrun();
    expect(((await timedOut) as Error).name).toBe('TimeoutError');
    expect(connection.pending).toBe(2);
    transport.receive({ messages: [nlmsgerr(probes()[0]!, 0)] });
    expect(connection.pending).toBe(0);
    expect(transport.calls.at(-1)).toBe('unref');
  });

  it("an abandoned dump's drain is no suspect: it keeps the dump slot through a probe's ACK, until its DONE", async () => {
    const { transport, connection, probes, ofType } = setup();
    const dump = connection.dump({ type: 18 });
    const first = dump.next();
    await tick();
    const d = ofType(18);
    transport.receive({ messages: [{ type: 16, flags: 0x2, seq: d.seq, payload: new Uint8Array(16) }] });
    await first;
    await dump.return();
    const request = connection.request({ type: 20 });
    await tick();
    transport.overrun();
    transport.receive({ messages: [nlmsgerr(ofType(20), 0), nlmsgerr(probes()[0]!, 0)] });
    await expect(request).resolves.toEqual([]);
    // The kernel still runs the dump: the next one waits for its DONE (NLMSG_DONE 3).
    const next = connection.dump({ type: 22 }).toArray();
    await tick();
    expect(transport.requests.some((r) => r.type === 22)).toBe(false);
    transport.receive({ messages: [{ type: 3, flags: 0x2, seq: d.seq, payload: new Uint8Array(4) }] });
    await tick();
    transport.receive({ messages: [{ type: 3, flags: 0x2, seq: ofType(22).seq, payload: new Uint8Array(4) }] });
    await expect(next).resolves.toEqual([]);
    expect(connection.pending).toBe(0);
  });

  it('after a socket error, a later overrun probes for a held request again (nothing of the old probes is left)', async () => {
    const { transport, connection, probes, ofType } = setup();
    const first = settled(connection.request({ type: 18 }));
    await tick();
    transport.overrun();
    expect(probes()).toHaveLength(1);
    transport.handlers!.onError(new NativeError('recvmsg', 9, 'EBADF'));
    await first;
    transport.overrun();
    const held = connection.request({ type: 19 });
    expect(probes()).toHaveLength(2);
    transport.receive({ messages: [nlmsgerr(probes()[1]!, 0)] });
    await tick();
    transport.receive({ messages: [nlmsgerr(ofType(19), 0)] });
    await expect(held).resolves.toEqual([]);
  });

  it('nothing in flight, dumps and subscriptions only: no probe is sent, and the dump is not failed', async () => {
    const { transport, connection } = setup();
    const overruns: unknown[] = [];
    connection.subscribe(1).on('overrun', (error) => overruns.push(error));
    const dumping = settled(connection.dump({ type: 18 }).toArray());
    const dumpFlagged = settled(connection.request({ type: 26, flags: NLM_F_DUMP }, { ack: false }));
    await tick();
    transport.overrun();
    transport.receive({ messages: [] });
    expect(transport.requests.map((r) => r.type)).toEqual([18, 26]);
    expect(overruns).toHaveLength(1);
    expect(connection.pending).toBe(2);
    connection.close();
    await dumping;
    await dumpFlagged;
  });

  it('a probe that cannot be sent is forgotten: the next batch tries again', async () => {
    const { transport, connection, probes } = setup();
    const first = settled(connection.request({ type: 18 }));
    await tick();
    transport.failNextSend = new Error('ENOBUFS');
    transport.overrun();
    expect(probes()).toHaveLength(0);
    // Only the request itself is in flight: the probe's number was freed.
    expect(connection.pending).toBe(1);
    transport.receive({ messages: [] });
    transport.receive({ messages: [nlmsgerr(probes()[0]!, 0)] });
    expect(await first).toBeInstanceOf(OverrunError);
  });

  it('a timed-out request whose answer was lost stops counting as pending once a probe shows it lost', async () => {
    const { transport, connection, probes } = setup();
    const timedOut = settled(connection.request({ type: 18 }, { timeout: 1 }));
    await new Promise((r) => setTimeout(r, 5));
    expect((await timedOut as Error).name).toBe('TimeoutError');
    // Its number is held by a drain, waiting for the answer.
    expect(connection.pending).toBe(1);
    transport.overrun();
    transport.receive({ messages: [nlmsgerr(probes()[0]!, 0)] });
    expect(connection.pending).toBe(0);
  });

  it('bulk calls settle too: requestAll with ACKs, requestAll with errors only, requestMany', async () => {
    const { transport, connection, probes } = setup();
    const each = connection.requestAll([{ type: 50 }, { type: 51 }]);
    const silent = connection.requestAll([{ type: 52 }, { type: 53 }], { acks: 'errors' });
    const many = connection.requestMany([{ type: 54, flags: 0x4 }]);
    await tick();
    const sent = transport.requests;
    transport.receive({ messages: [nlmsgerr(sent.find((r) => r.type === 50)!, 0)] });
    transport.overrun();
    // (The first NOOP is the silent run's own barrier.)
    transport.receive({ messages: [nlmsgerr(probes().at(-1)!, 0)] });
    const [r50, r51] = await each;
    expect(r50).toEqual([]);
    expect(r51).toBeInstanceOf(OverrunError);
    for (const result of await silent) expect(result).toBeInstanceOf(OverrunError);
    expect((await many).results[0]).toBeInstanceOf(OverrunError);
    expect(connection.pending).toBe(0);
  });
});

describe('quarantined sequence numbers', () => {
  it('are not handed out again, and are swallowed when a message carries them', () => {
    const table = new OperationTable(() => {}, () => {});
    const first = table.next();
    const skip = first === 0xffff_ffff ? 1 : first + 1;
    table.quarantine(skip);
    const second = table.next();
    expect(second).not.toBe(skip);
    expect(table.quarantined(skip)).toBe(true);
    expect(table.quarantined(second)).toBe(false);
  });

  it('are kept up to 65,536: the oldest is released first', () => {
    const table = new OperationTable(() => {}, () => {});
    for (let seq = 1; seq <= 65_537; seq++) table.quarantine(seq);
    expect(table.quarantined(1)).toBe(false);
    expect(table.quarantined(2)).toBe(true);
    expect(table.quarantined(65_537)).toBe(true);
  });

  it('a dump begun while the socket may still be congested goes out only after a probe got through (a re-read after an overrun leaves no silent hole)', async () => {
    const { transport, connection, probes } = setup();
    expect(connection.congested).toBe(false);
    transport.overrun();
    expect(connection.congested).toBe(true);
    const dump = connection.dump({ type: 18 });
    const reading = dump.next();
    await tick();
    // Nothing was in flight: the dump asked for the probe, and is not sent.
    expect(transport.requests.map((r) => r.type)).toEqual([NLMSG_NOOP]);
    // The probe is dropped (still congested); the next batch read sends another.
    transport.receive({ messages: [] });
    expect(transport.requests.map((r) => r.type)).toEqual([NLMSG_NOOP, NLMSG_NOOP]);
    transport.receive({ messages: [nlmsgerr(probes()[1]!, 0)] });
    expect(connection.congested).toBe(false);
    await tick();
    const sent = transport.requests.at(-1)!;
    expect(sent).toMatchObject({ type: 18, flags: NLM_F_REQUEST | NLM_F_DUMP });
    transport.receive({ messages: [{ type: 3, flags: 0x2, seq: sent.seq, pid: transport.portId, payload: new Uint8Array(4) }] });
    await expect(reading).resolves.toEqual({ value: undefined, done: true });
    expect(connection.pending).toBe(0);
  });
});

describe('the probe on its own', () => {
  it('takes a number no operation holds, even one the allocator did not hand out', () => {
    const transport = new ScriptedTransport();
    const table = new OperationTable(
      () => {},
      () => {},
    );
    const outbox = new Outbox((bytes) => transport.send(bytes), (seqs, error) => table.failUnsent(seqs, error));
    const lostAnswers = new LostAnswers(table, outbox, transport, () => false, () => {}, () => false);
    // The allocator's next number is free, the one after it is taken (a suspect: a request in flight).
    const free = table.next();
    const holder = new PendingRequest(free + 1, 0x5, new Uint8Array(16), undefined, { resolve() {}, reject() {} });
    table.register(holder);
    lostAnswers.overrun();
    const [probe] = transport.requests;
    expect(probe).toMatchObject({ type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK });
    expect(probe!.seq).not.toBe(free + 1);
    expect(table.bySeq.get(free + 1)).toBe(holder);
  });
});
