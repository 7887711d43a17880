// DumpSeries's routing of what the addon's runs read, without a kernel: a scripted socket stands in for
// RawNetlinkSocket.runSeries (the live test checks the real one), answering with datagrams built here as
// the kernel lays them out (include/uapi/linux/netlink.h: nlmsghdr, NLMSG_DONE and NLMSG_ERROR carrying
// an int error, NLM_F_DUMP_INTR). Each answer gets its own messages by sequence number, ends at DONE or
// at an error other than a dump's ENOBUFS, and what belongs to no answer is left alone.
import { HOST_LITTLE_ENDIAN as LE, MalformedError, NLMSG_DONE, NLMSG_ERROR, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_MULTI, NLM_F_REQUEST, NetlinkError, encodeMessage, errnoNumber } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { DumpSeries, type SeriesAnswer } from '../../src/engine/dump-series.js';
import { OverrunError, TimeoutError } from '../../src/engine/errors.js';
import { InvalidArgumentError } from '../../src/native/errors.js';
import { NativeError } from '../../src/native/errors.js';
import type { RawNetlinkSocket, SeriesRun } from '../../src/native/raw-socket.js';

const DATA = 0x20;

interface Datagram {
  messages: Uint8Array[];
  portId?: number;
}

/** A run's batch as the addon lays it out: datagrams at 8-byte aligned offsets, five meta numbers each. */
function batch(datagrams: Datagram[], run: Partial<SeriesRun> = {}): SeriesRun {
  const parts: Uint8Array[] = datagrams.map((d) => Uint8Array.from(d.messages.flatMap((m) => Array.from(m))));
  const offsets: number[] = [];
  let size = 0;
  for (const part of parts) {
    size = (size + 7) & ~7;
    offsets.push(size);
    size += part.length;
  }
  const data = new Uint8Array(size);
  const meta = new Uint32Array(parts.length * 5);
  parts.forEach((part, i) => {
    data.set(part, offsets[i]!);
    meta.set([offsets[i]!, part.length, datagrams[i]!.portId ?? 0, 0, 0xffff_ffff], i * 5);
  });
  return { data, meta, finished: 0, inProgress: false, stop: 'wait', ...run };
}

const item = (seq: number, byte: number, flags = NLM_F_MULTI) => encodeMessage({ type: DATA, flags, seq, pid: 0, payload: Uint8Array.of(byte, 0, 0, 0) });
const int = (value: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, value, LE);
  return bytes;
};
const done = (seq: number, errno = 0) => encodeMessage({ type: NLMSG_DONE, flags: NLM_F_MULTI, seq, pid: 0, payload: int(-errno) });
/** An NLMSG_ERROR: the error and the request's header (as with NETLINK_CAP_ACK). */
const error = (seq: number, errno: number) =>
  encodeMessage({ type: NLMSG_ERROR, flags: 0x100, seq, pid: 0, payload: Uint8Array.from([...int(-errno), ...encodeMessage({ type: DATA + 2, flags: NLM_F_REQUEST | NLM_F_DUMP, seq, pid: 0, payload: new Uint8Array(0) })]) });

/** A socket whose runs `script` answers; it records what each run was given. */
function scripted(script: (run: number, requests: Uint8Array, firstSent: boolean) => SeriesRun) {
  const runs: { seqs: number[]; firstSent: boolean }[] = [];
  const socket = {
    closed: false,
    setExtendedAck() {},
    setCapAck() {},
    close() {
      socket.closed = true;
    },
    async runSeries(requests: Uint8Array, firstSent: boolean): Promise<SeriesRun> {
      const seqs: number[] = [];
      const view = new DataView(requests.buffer, requests.byteOffset, requests.byteLength);
      for (let at = 0; at < requests.length; at += (view.getUint32(at, LE) + 3) & ~3) seqs.push(view.getUint32(at + 8, LE));
      runs.push({ seqs, firstSent });
      return script(runs.length - 1, requests, firstSent);
    },
  };
  return { series: new DumpSeries(socket as unknown as RawNetlinkSocket), runs };
}

const request = { type: DATA + 2, payload: Uint8Array.of(2, 0, 0, 0) };
const summary = (answer: SeriesAnswer) => ({
  items: answer.chunks.flatMap((chunk) => Array.from(chunk, (m) => m.payload[0])),
  interrupted: answer.interrupted,
  error: answer.error?.errnoName,
});

describe('DumpSeries', () => {
  it('frames each request as a dump with its own consecutive sequence number, in one buffer', async () => {
    let framed: Uint8Array | undefined;
    const { series, runs } = scripted((_, requests) => {
      framed = requests.slice();
      return batch([{ messages: [done(1)] }, { messages: [done(2)] }], { finished: 2 });
    });
    await series.run([request, { type: 7, flags: 0x300 }], () => undefined);
    expect(runs).toEqual([{ seqs: [1, 2], firstSent: false }]);
    const view = new DataView(framed!.buffer);
    // nlmsg_len, type, flags (NLM_F_REQUEST | NLM_F_DUMP added to the request's own), seq, pid 0, payload.
    expect([view.getUint32(0, LE), view.getUint16(4, LE), view.getUint16(6, LE), view.getUint32(8, LE), view.getUint32(12, LE)]).toEqual([20, DATA + 2, NLM_F_REQUEST | NLM_F_DUMP, 1, 0]);
    expect(Array.from(framed!.subarray(16, 20))).toEqual([2, 0, 0, 0]);
    expect([view.getUint32(20, LE), view.getUint16(24, LE), view.getUint16(26, LE), view.getUint32(28, LE)]).toEqual([16, 7, 0x300 | NLM_F_REQUEST | NLM_F_DUMP, 2]);
    expect(framed!.length).toBe(36);
  });

  it('hands each answer its messages by sequence number; an ENOBUFS error does not end one, another error or a DONE errno does', async () => {
    const { series } = scripted(() =>
      batch(
        [
          { messages: [item(1, 10), item(1, 11)] },
          { messages: [item(1, 12), done(1), error(2, errnoNumber('ENOBUFS')!)] },
          { messages: [item(2, 20), done(2, errnoNumber('EPERM')!)] },
          { messages: [error(3, errnoNumber('ENOENT')!)] },
        ],
        { finished: 3 },
      ),
    );
    const answers = await series.run([request, request, request], summary);
    expect(answers).toEqual([
      { items: [10, 11, 12], interrupted: false, error: undefined },
      { items: [20], interrupted: false, error: 'EPERM' },
      { items: [], interrupted: false, error: 'ENOENT' },
    ]);
  });

  it('an answer\'s error is a NetlinkError naming its request (sequence number and type)', async () => {
    const { series } = scripted(() => batch([{ messages: [error(1, errnoNumber('EINVAL')!)] }], { finished: 1 }));
    const [failure] = await series.run([request], (answer) => answer.error);
    expect(failure).toBeInstanceOf(NetlinkError);
    expect([failure!.seq, failure!.requestType, failure!.errnoName]).toEqual([1, DATA + 2, 'EINVAL']);
  });

  it('a message flagged NLM_F_DUMP_INTR marks its answer interrupted', async () => {
    const { series } = scripted(() => batch([{ messages: [item(1, 1), done(1), item(2, 2, NLM_F_MULTI | NLM_F_DUMP_INTR), done(2)] }], { finished: 2 }));
    expect((await series.run([request, request], summary)).map((a) => a.interrupted)).toEqual([false, true]);
  });

  it('leaves alone datagrams from other ports and messages of no request of the run', async () => {
    const { series } = scripted(() =>
      batch(
        [
          { messages: [item(1, 99), done(1)], portId: 4242 },
          { messages: [item(0, 98), item(7, 97), item(1, 1), done(1)] },
        ],
        { finished: 1 },
      ),
    );
    expect(await series.run([request], summary)).toEqual([{ items: [1], interrupted: false, error: undefined }]);
  });

  it('goes on where a run stopped: the open answer\'s request is passed again as already sent, then the rest', async () => {
    const { series, runs } = scripted((run) => {
      if (run === 0) return batch([{ messages: [item(1, 1)] }], { stop: 'limit', inProgress: true });
      if (run === 1) return batch([{ messages: [item(1, 2), done(1)] }, { messages: [item(2, 3)] }], { stop: 'limit', finished: 1, inProgress: true });
      return batch([{ messages: [done(2)] }, { messages: [item(3, 4), done(3)] }], { finished: 2 });
    });
    const answers = await series.run([request, request, request], summary);
    expect(answers.map((a) => a.items)).toEqual([[1, 2], [3], [4]]);
    expect(runs).toEqual([
      { seqs: [1, 2, 3], firstSent: false },
      { seqs: [1, 2, 3], firstSent: true },
      { seqs: [2, 3], firstSent: true },
    ]);
  });

  it('numbers each run after the last, so a late message of an earlier run reaches no answer', async () => {
    const { series, runs } = scripted((run) =>
      run === 0 ? batch([{ messages: [done(1)] }], { finished: 1 }) : batch([{ messages: [item(1, 66), item(2, 5), done(2)] }], { finished: 1 }),
    );
    await series.run([request], () => undefined);
    expect(await series.run([request], summary)).toEqual([{ items: [5], interrupted: false, error: undefined }]);
    expect(runs.map((r) => r.seqs)).toEqual([[1], [2]]);
  });

  it('an overrun rejects with OverrunError, a failed call with its NativeError, a malformed message with MalformedError, each closing the series', async () => {
    const overrun = scripted(() => batch([], { stop: 'overrun', inProgress: true })).series;
    await expect(overrun.run([request], () => undefined)).rejects.toBeInstanceOf(OverrunError);
    expect(overrun.closed).toBe(true);
    const sendFailed = new NativeError('send', 1, 'EPERM');
    const failing = scripted(() => batch([], { stop: sendFailed })).series;
    await expect(failing.run([request], () => undefined)).rejects.toBe(sendFailed);
    expect(failing.closed).toBe(true);
    const short = item(1, 1);
    new DataView(short.buffer).setUint32(0, 64, LE);
    await expect(scripted(() => batch([{ messages: [short] }], { finished: 1 })).series.run([request], () => undefined)).rejects.toBeInstanceOf(MalformedError);
  });

  it('malformed bytes while the next run goes on close the socket: that run\'s rejection is not left unhandled', async () => {
    const short = item(1, 1);
    new DataView(short.buffer).setUint32(0, 64, LE);
    let second: Promise<SeriesRun> | undefined;
    const { series, runs } = scripted((run) => {
      if (run === 0) return batch([{ messages: [short] }], { stop: 'limit', inProgress: true });
      second = Promise.reject(new Error('closed meanwhile'));
      return second as unknown as SeriesRun;
    });
    await expect(series.run([request, request], () => undefined)).rejects.toBeInstanceOf(MalformedError);
    expect(runs).toHaveLength(2);
    expect(series.closed).toBe(true);
    // (An unhandled rejection would fail the test run.)
    await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it('a run that says every answer ended when one never did rejects rather than leave it unanswered', async () => {
    const { series } = scripted(() => batch([{ messages: [done(1)] }], { finished: 2 }));
    await expect(series.run([request, request], () => undefined)).rejects.toThrow('a series of 2 dumps ended with 1 unanswered');
    expect(series.closed).toBe(true);
  });

  it('read() throwing: the run already going on is read to its end, and no run after it starts', async () => {
    const thrown = new Error('no');
    const { series, runs } = scripted((run) =>
      run === 0 ? batch([{ messages: [done(1)] }, { messages: [item(2, 1)] }], { stop: 'limit', finished: 1, inProgress: true }) : batch([{ messages: [done(2)] }], { finished: 1 }),
    );
    await expect(
      series.run([request, request, request], () => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    // The second run started (with the rest, the open request as already sent) before the first run's
    // answers were read, so that reading overlaps the addon's work; no third one starts.
    expect(runs).toEqual([
      { seqs: [1, 2, 3], firstSent: false },
      { seqs: [2, 3], firstSent: true },
    ]);
  });

  it('a series past its timeout stops and rejects with TimeoutError, once the open answer is read', async () => {
    const { series, runs } = scripted((run) => (run < 3 ? batch([], { stop: 'wait', inProgress: true }) : batch([{ messages: [done(1)] }], { finished: 1 })));
    const started = performance.now();
    const failed = await series.run([request, request], () => undefined, { timeout: 0 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TimeoutError);
    expect((failed as TimeoutError).timeout).toBe(0);
    expect(performance.now() - started).toBeLessThan(5000);
    // Each later run asks only for the open answer, as already sent; none is sent after it.
    expect(runs.slice(1)).toEqual([
      { seqs: [1], firstSent: true },
      { seqs: [1], firstSent: true },
      { seqs: [1], firstSent: true },
    ]);
    expect(() => series.run([request], () => undefined, { timeout: -1 })).toThrow(InvalidArgumentError);
  });

  it('read must be a function', () => {
    const { series } = scripted(() => batch([]));
    expect(() => series.run([request], undefined as never)).toThrow('read: must be a function');
  });
});
