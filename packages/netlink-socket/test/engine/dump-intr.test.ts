// NLM_F_DUMP_INTR as the kernel sets it: nl_dump_check_consistent() (include/net/netlink.h) marks the
// message being built when the table's sequence changed since the previous message, so an interrupted
// dump may carry the flag on one data message only and a clean NLMSG_DONE. Whether the data arrives in
// runs of a datagram (the fast path that keeps messages in the receive batch) or one message at a time,
// the dump must end with DumpInterruptedError. No kernel: a FakeKernel marks a single message.
import { NLM_F_DUMP_INTR } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { DumpInterruptedError } from '../../src/engine/errors.js';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '../../src/testing/index.js';

/** The requests here are rtnetlink GETs, answered with their object's NEW (RTM_GETLINK 18 with 16). */
const rtnetlinkKernel = (handler?: FakeHandler) => new FakeKernel(handler, { replyType: rtnetlinkReplyType });

const payloads = (n: number) => Array.from({ length: n }, (_, i) => Uint8Array.of(i, 0, 0, 0));

/** Answers dumps with `count` messages, `perDatagram` to a datagram, the data message at `mark` flagged. */
function kernelMarking(count: number, perDatagram: number, mark: number | undefined) {
  return rtnetlinkKernel((req, k) => {
    const datagrams = k.multipart(req, payloads(count), { perDatagram });
    if (mark !== undefined) {
      const message = datagrams.flatMap((d) => d.messages)[mark]!;
      message.flags = (message.flags ?? 0) | NLM_F_DUMP_INTR;
    }
    return datagrams;
  });
}

describe('NLM_F_DUMP_INTR on one data message, the DONE clean', () => {
  it.each([
    ['in the middle of a datagram', 10, 16, 4],
    ['on the first message', 10, 16, 0],
    ['in a later datagram', 40, 8, 29],
  ])('%s: iteration ends with DumpInterruptedError after every message', async (_, count, perDatagram, mark) => {
    const connection = new Connection(kernelMarking(count, perDatagram, mark));
    const seen: number[] = [];
    const error = await (async () => {
      for await (const message of connection.dump({ type: 18 })) seen.push(message.payload[0]!);
    })().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect((error as DumpInterruptedError).received).toBe(count);
    expect(seen).toHaveLength(count);
    connection.close();
  });

  it('chunks() (the batch-level fast path) ends with DumpInterruptedError too', async () => {
    const connection = new Connection(kernelMarking(12, 16, 6));
    let messages = 0;
    const error = await (async () => {
      for await (const chunk of connection.dump({ type: 18 }).chunks()) messages += chunk.count;
    })().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect(messages).toBe(12);
    connection.close();
  });

  it('dumpAll does it again until a dump comes back clean', async () => {
    let attempt = 0;
    const kernel = rtnetlinkKernel((req, k) => {
      const datagrams = k.multipart(req, payloads(6));
      if (attempt++ === 0) datagrams[0]!.messages[3]!.flags = (datagrams[0]!.messages[3]!.flags ?? 0) | NLM_F_DUMP_INTR;
      return datagrams;
    });
    const connection = new Connection(kernel);
    expect(await connection.dumpAll({ type: 18 })).toHaveLength(6);
    expect(attempt).toBe(2);
    connection.close();
  });

  it('a clean dump is not reported interrupted', async () => {
    const connection = new Connection(kernelMarking(10, 4, undefined));
    expect(await connection.dump({ type: 18 }).toArray()).toHaveLength(10);
    connection.close();
  });
});
