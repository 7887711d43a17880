// The one policy for interrupted dumps (NLM_F_DUMP_INTR), `onInterrupt`: retry with backoff until a
// deadline (the default), accept the result marked `interrupted: true`, or fail. Through Connection.dumpAll
// on a fake kernel that interrupts the first dumps it answers, and readWholeDump directly.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { AbortError, DumpInterruptedError } from '../../src/engine/errors.js';
import { checkOnInterrupt, readWholeDump } from '../../src/engine/interrupted-dumps.js';
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

/**
 * readWholeDump over a dump the kernel interrupts every time (`duringRead` runs inside each read): the error
 * it ends with, and how many reads it made.
 */
async function interruptedEveryTime(options?: Parameters<typeof readWholeDump>[2], duringRead?: () => void): Promise<{ error: unknown; reads: number }> {
  let reads = 0;
  const error = await readWholeDump(
    () => [],
    async () => {
      reads++;
      duringRead?.();
      throw new DumpInterruptedError(0);
    },
    options,
  ).catch((e: unknown) => e);
  return { error, reads };
}

/**
 * Math.random() fixed at 0.5 and every setTimeout run at once: the delays asked for, in order. With `clock`,
 * Date.now() moves only by those delays.
 */
function recordWaits({ clock = false } = {}): number[] {
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  let now = 1_000_000;
  if (clock) vi.spyOn(Date, 'now').mockImplementation(() => now);
  const waits: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms: number) => {
    waits.push(ms);
    now += ms;
    return realSetTimeout(fn, 0);
  }) as typeof setTimeout);
  return waits;
}

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

  it.each([
    ['retry', "onInterrupt: expected { action: 'retry' | 'accept' | 'fail', … }, got \"retry\""],
    [null, "onInterrupt: expected { action: 'retry' | 'accept' | 'fail', … }, got null"],
    [{ action: 'ignore' }, "onInterrupt.action: expected 'retry', 'accept' or 'fail', got \"ignore\""],
    [{ action: { name: 'retry' } }, "onInterrupt.action: expected 'retry', 'accept' or 'fail', got an object"],
    [{ action: 'retry', retries: 3 }, 'onInterrupt.retries: unknown option (expected deadline, attempts, initialDelay, maxDelay)'],
    [{ action: 'fail', attempts: 3 }, "onInterrupt.attempts: only 'retry' takes options besides action"],
    [{ action: 'retry', deadline: -1 }, 'onInterrupt.deadline: expected a number of 0 or more, got -1'],
    [{ action: 'retry', initialDelay: Number.NaN }, 'onInterrupt.initialDelay: expected a number of 0 or more, got NaN'],
    [{ action: 'retry', attempts: 1.5 }, 'onInterrupt.attempts: expected an integer of 1 or more, got 1.5'],
    [{ action: 'retry', initialDelay: 50, maxDelay: 10 }, 'onInterrupt.maxDelay: must not be less than initialDelay (50)'],
  ])('the refusal of %j says what was expected and what was given', (onInterrupt, message) => {
    expect(() => checkOnInterrupt(onInterrupt)).toThrow(message);
    expect(() => checkOnInterrupt(onInterrupt, 'options.onInterrupt')).toThrow(`options.${message}`);
  });

  it('readWholeDump checks the option too, naming it onInterrupt, before reading anything', async () => {
    let reads = 0;
    const error = await readWholeDump(
      () => [],
      async () => {
        reads++;
      },
      { onInterrupt: { action: 'later' } as never },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('onInterrupt.action');
    expect(reads).toBe(0);
  });

  it('boundaries: a deadline and delays of 0 and one attempt are allowed', () => {
    expect(() => checkOnInterrupt({ action: 'retry', deadline: 0, initialDelay: 0, maxDelay: 0, attempts: 1 })).not.toThrow();
    // Milliseconds need not be whole (only attempts are counted).
    expect(() => checkOnInterrupt({ action: 'retry', deadline: 0.5, initialDelay: 0.5, maxDelay: 1.5 })).not.toThrow();
    expect(() => checkOnInterrupt(undefined)).not.toThrow();
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
    const waits = recordWaits();
    const { error } = await interruptedEveryTime({ onInterrupt: { action: 'retry', attempts: 6, initialDelay: 10, maxDelay: 60, deadline: 60_000 } });
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect(waits).toEqual([5, 10, 20, 30, 30]);
  });

  it('the defaults: retry, waits from 10 ms doubling up to 1000 ms (times a random factor), none started past 5000 ms', async () => {
    // A clock that moves only by the waits.
    const waits = recordWaits({ clock: true });
    const { error, reads } = await interruptedEveryTime();
    expect(error).toBeInstanceOf(DumpInterruptedError);
    // Half of 10, 20, … 640, then of 1000: the next wait, 500 ms after 4635 ms, would end past 5000 ms.
    expect(waits).toEqual([5, 10, 20, 40, 80, 160, 320, 500, 500, 500, 500, 500, 500, 500, 500]);
    expect(waits.reduce((a, b) => a + b)).toBe(4635);
    expect(reads).toBe(16);
  });

  it('an initialDelay above 1000 ms without a maxDelay is allowed: maxDelay is then the initialDelay', async () => {
    const waits = recordWaits();
    const { error } = await interruptedEveryTime({ onInterrupt: { action: 'retry', attempts: 3, initialDelay: 2000, deadline: 60_000 } });
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect(waits).toEqual([1000, 1000]);
  });

  it('a deadline of 0 allows no second attempt, even one that would not wait', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const { error, reads } = await interruptedEveryTime({ onInterrupt: { action: 'retry', deadline: 0, initialDelay: 0, maxDelay: 0 } });
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect(reads).toBe(1);
  });

  it('attempts: Infinity is allowed (no limit but the deadline)', async () => {
    const { error, reads } = await interruptedEveryTime({ onInterrupt: { action: 'retry', attempts: Infinity, deadline: 0 } });
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect(reads).toBe(1);
  });

  it('initialDelay 0 retries at once, without a timer; an abort is still seen between attempts', async () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const { error, reads } = await interruptedEveryTime({ onInterrupt: { action: 'retry', attempts: 4, initialDelay: 0, maxDelay: 0 } });
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect(reads).toBe(4);
    expect(timers).not.toHaveBeenCalled();
    const controller = new AbortController();
    const { error: aborted, reads: abortedReads } = await interruptedEveryTime(
      { onInterrupt: { action: 'retry', initialDelay: 0, maxDelay: 0 }, signal: controller.signal },
      () => controller.abort('stop'),
    );
    expect(aborted).toBeInstanceOf(AbortError);
    expect((aborted as AbortError).cause).toBe('stop');
    expect(abortedReads).toBe(1);
  });

  it('a signal aborted during a read ends the call before any wait; a wait that ends leaves no listener on the signal', async () => {
    const controller = new AbortController();
    let reads = 0;
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const aborted = await readWholeDump(
      () => [],
      async () => {
        reads++;
        controller.abort('stop');
        throw new DumpInterruptedError(0);
      },
      { onInterrupt: { action: 'retry', initialDelay: 10, deadline: 60_000 }, signal: controller.signal },
    ).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortError);
    expect(reads).toBe(1);
    expect(timers).not.toHaveBeenCalled();
    const live = new AbortController();
    reads = 0;
    const list = await readWholeDump(
      () => [] as number[],
      async (into) => {
        reads++;
        if (reads === 1) throw new DumpInterruptedError(0);
        into.push(reads);
      },
      { onInterrupt: { action: 'retry', initialDelay: 1, maxDelay: 1 }, signal: live.signal },
    );
    expect(list).toEqual({ result: [2], interrupted: false, attempts: 2 });
    expect(getEventListeners(live.signal, 'abort')).toHaveLength(0);
  });

  it('an abort during a wait cancels its timer', async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const reading = readWholeDump(
        () => [],
        async () => {
          throw new DumpInterruptedError(0);
        },
        { onInterrupt: { action: 'retry', initialDelay: 1000, deadline: 60_000 }, signal: controller.signal },
      ).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBe(1);
      controller.abort('stop');
      expect(await reading).toBeInstanceOf(AbortError);
      expect(vi.getTimerCount()).toBe(0);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
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
