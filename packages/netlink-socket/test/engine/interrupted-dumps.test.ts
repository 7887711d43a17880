// The one policy for interrupted dumps (NLM_F_DUMP_INTR), `onInterrupt`: retry with backoff until a
// deadline (the default), accept the result marked `interrupted: true`, or fail. Through Connection.dumpAll
// on a fake kernel that interrupts the first dumps it answers, and readWholeDump directly.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { AbortError, DumpInterruptedError } from '../../src/engine/errors.js';
import { readWholeDump } from '../../src/engine/interrupted-dumps.js';
import { InvalidArgumentError } from '../../src/native/errors.js';
import { FakeKernel } from '../../src/testing/index.js';

const payloads = (n: number) => Array.from({ length: n }, (_, i) => Uint8Array.of(i, 0, 0, 0));

/** A kernel whose first `interrupted` dumps are marked NLM_F_DUMP_INTR (from their third message on). */
function kernelInterrupting(interrupted: number) {
  const state = { dumps: 0 };
  const kernel = new FakeKernel((req, k) => k.multipart(req, payloads(8), { type: 16, interrupted: state.dumps++ < interrupted ? 2 : undefined }));
  return { connection: new Connection(kernel), kernel, state };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('onInterrupt', () => {
  it('retry (the default): done again until a dump comes back clean; the list is not marked', async () => {
    const { connection, state } = kernelInterrupting(2);
    const list = await connection.dumpAll({ type: 18 });
    expect(state.dumps).toBe(3);
    expect(list).toHaveLength(8);
    expect(list.interrupted).toBe(false);
    connection.close();
  });

  it('retry stops at its attempts, or its deadline, with DumpInterruptedError', async () => {
    const limited = kernelInterrupting(Infinity);
    const error = await limited.connection.dumpAll({ type: 18 }, { onInterrupt: { action: 'retry', attempts: 3, initialDelay: 1, maxDelay: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect(limited.state.dumps).toBe(3);
    // A deadline of 0: no wait fits in it, so there is no second attempt.
    const noTime = kernelInterrupting(Infinity);
    await expect(noTime.connection.dumpAll({ type: 18 }, { onInterrupt: { action: 'retry', deadline: 0 } })).rejects.toBeInstanceOf(DumpInterruptedError);
    expect(noTime.state.dumps).toBe(1);
    limited.connection.close();
    noTime.connection.close();
  });

  it('accept: the interrupted dump is returned whole, marked interrupted (not enumerable: equal to a plain array)', async () => {
    const { connection, state } = kernelInterrupting(1);
    const list = await connection.dumpAll({ type: 18 }, { onInterrupt: { action: 'accept' } });
    expect(state.dumps).toBe(1);
    expect(list.interrupted).toBe(true);
    expect(list.map((m) => m.payload[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Object.keys(list)).toHaveLength(8);
    connection.close();
  });

  it('fail: DumpInterruptedError after one dump', async () => {
    const { connection, state } = kernelInterrupting(1);
    const error = await connection.dumpAll({ type: 18 }, { onInterrupt: { action: 'fail' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect((error as DumpInterruptedError).received).toBe(8);
    expect(state.dumps).toBe(1);
    connection.close();
  });

  it.each([
    ['not an object', 'retry', 'onInterrupt'],
    ['an unknown action', { action: 'ignore' }, 'onInterrupt.action'],
    ['an unknown retry option', { action: 'retry', retries: 3 }, 'onInterrupt.retries'],
    ['options on accept', { action: 'accept', deadline: 10 }, 'onInterrupt.deadline'],
    ['a negative deadline', { action: 'retry', deadline: -1 }, 'onInterrupt.deadline'],
    ['a deadline that is not a number', { action: 'retry', deadline: '5s' }, 'onInterrupt.deadline'],
    ['zero attempts', { action: 'retry', attempts: 0 }, 'onInterrupt.attempts'],
    ['fractional attempts', { action: 'retry', attempts: 1.5 }, 'onInterrupt.attempts'],
    ['maxDelay below initialDelay', { action: 'retry', initialDelay: 50, maxDelay: 10 }, 'onInterrupt.maxDelay'],
  ])('%s is an InvalidArgumentError naming the field, and nothing is sent', async (_, onInterrupt, argument) => {
    const { connection, kernel } = kernelInterrupting(0);
    const error = await connection.dumpAll({ type: 18 }, { onInterrupt: onInterrupt as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect(kernel.requests).toHaveLength(0);
    connection.close();
  });

  it('an abort during the wait between attempts ends it with AbortError', async () => {
    const controller = new AbortController();
    let reads = 0;
    const reading = readWholeDump(
      () => [],
      async () => {
        reads++;
        if (reads === 1) setTimeout(() => controller.abort('stop'), 5);
        throw new DumpInterruptedError(0);
      },
      { onInterrupt: { action: 'retry', initialDelay: 10_000, maxDelay: 10_000, deadline: 60_000 }, signal: controller.signal },
    );
    // (Math.random() may draw a wait shorter than the abort: then the second read aborts nothing, and
    // the next wait is cut short. Either way the call ends with the abort.)
    const error = await reading.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe('stop');
  });

  it('the waits between attempts grow from initialDelay, doubling, up to maxDelay (times a random factor)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const waits: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms: number) => {
      waits.push(ms);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout);
    const error = await readWholeDump(
      () => [],
      async () => {
        throw new DumpInterruptedError(0);
      },
      { onInterrupt: { action: 'retry', attempts: 6, initialDelay: 10, maxDelay: 60, deadline: 60_000 } },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect(waits).toEqual([5, 10, 20, 30, 30]);
  });

  it('other errors pass through at once', async () => {
    let reads = 0;
    const boom = new Error('boom');
    const error = await readWholeDump(
      () => [],
      async () => {
        reads++;
        throw boom;
      },
    ).catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(reads).toBe(1);
  });
});
