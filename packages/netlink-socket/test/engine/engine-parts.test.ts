// The engine's small parts on their own, with no socket: the batch layout (offset, length, sender,
// group, nsid per datagram), the addon's errors turned into linx errors, sequence numbers, the waiting
// queue, and the timeout/abort arming every call shares.
import { describe, expect, it, vi } from 'vitest';
import { armCall } from '../../src/engine/deadlines.js';
import { datagramCount, datagrams, META_STRIDE, NO_NSID } from '../../src/native/receive-batch.js';
import { fromNativeError, InvalidArgumentError, NativeError, NativeLoadError, SocketClosedError } from '../../src/native/errors.js';
import { Fifo } from '../../src/engine/fifo.js';
import { AbortError, DumpInterruptedError, OverrunError, TimeoutError } from '../../src/engine/errors.js';
import { SequenceAllocator } from '../../src/engine/sequence.js';

describe('a receive batch', () => {
  it('datagrams: each one a view of its bytes, with its sender, group and nsid (none as undefined)', () => {
    const data = Uint8Array.from({ length: 40 }, (_, i) => i);
    const meta = Uint32Array.of(0, 5, 0, 0, NO_NSID, 8, 20, 123, 7, 3, 32, 4, 0, 1, 0);
    expect(datagramCount(meta)).toBe(3);
    const list = [...datagrams(data, meta)];
    expect(list.map((d) => [Array.from(d.bytes), d.portId, d.group, d.nsid])).toEqual([
      [[0, 1, 2, 3, 4], 0, 0, undefined],
      [Array.from({ length: 20 }, (_, i) => 8 + i), 123, 7, 3],
      [[32, 33, 34, 35], 0, 1, 0],
    ]);
    // Views, not copies.
    expect(list[1]!.bytes.buffer).toBe(data.buffer);
  });

  it('a meta array cut short counts and yields whole datagrams only', () => {
    const meta = Uint32Array.of(0, 4, 0, 0, NO_NSID, 8, 4, 0);
    expect(META_STRIDE).toBe(5);
    expect(datagramCount(meta)).toBe(1);
    expect([...datagrams(new Uint8Array(16), meta)]).toHaveLength(1);
    expect(datagramCount(new Uint32Array(0))).toBe(0);
  });
});

describe("the addon's errors", () => {
  it('ERR_LINX_NATIVE with a stage and errno becomes a NativeError keeping the original as cause', () => {
    const raw = Object.assign(new Error('bind(2) refused the port id'), { code: 'ERR_LINX_NATIVE', stage: 'bind', errno: 98, errnoName: 'EADDRINUSE' });
    const error = fromNativeError(raw) as NativeError;
    expect(error).toBeInstanceOf(NativeError);
    expect(error).toMatchObject({ code: 'ERR_LINX_NATIVE', stage: 'bind', errno: 98, errnoName: 'EADDRINUSE', message: 'bind(2) refused the port id' });
    expect(error.cause).toBe(raw);
  });

  it('without an errno name or message, the name is E<errno> and the message is made from the stage', () => {
    const error = fromNativeError({ code: 'ERR_LINX_NATIVE', stage: 'send', errno: 4242 }) as NativeError;
    expect(error).toMatchObject({ errnoName: 'E4242', message: 'send failed: E4242' });
    // A message that is not a string is not taken either.
    expect(fromNativeError({ code: 'ERR_LINX_NATIVE', stage: 'send', errno: 1, errnoName: 'EPERM', message: 7 })).toMatchObject({ message: 'send failed: EPERM' });
  });

  it('ERR_LINX_CLOSED becomes SocketClosedError; anything else is returned as it is', () => {
    const closed = { code: 'ERR_LINX_CLOSED', message: 'closed' };
    const converted = fromNativeError(closed) as SocketClosedError;
    expect(converted).toBeInstanceOf(SocketClosedError);
    expect(converted.cause).toBe(closed);
    const typeError = new TypeError('expected a Uint8Array');
    expect(fromNativeError(typeError)).toBe(typeError);
    for (const other of [null, undefined, 'text', 5, { stage: 'send', errno: 2 }, { code: 'ERR_OTHER', stage: 'send', errno: 2 }, { code: 'ERR_LINX_NATIVE', stage: 1, errno: 2 }, { code: 'ERR_LINX_NATIVE', stage: 'send', errno: '2' }]) {
      expect(fromNativeError(other)).toBe(other);
    }
  });

  it('each linx error has its code and message', () => {
    expect(new InvalidArgumentError('group', '0 is not a group')).toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'group', message: 'group: 0 is not a group' });
    expect(new NativeLoadError('no addon')).toMatchObject({ code: 'ERR_LINX_NATIVE_LOAD', message: 'no addon' });
    expect(new SocketClosedError()).toMatchObject({ code: 'ERR_LINX_CLOSED', message: 'the netlink socket is closed' });
    expect(new TimeoutError(250, 'dump')).toMatchObject({ code: 'ERR_LINX_TIMEOUT', timeout: 250, message: 'dump timed out after 250 ms' });
    expect(new AbortError('why')).toMatchObject({ code: 'ERR_LINX_ABORTED', cause: 'why', message: 'the operation was aborted' });
    expect(new DumpInterruptedError(12)).toMatchObject({ code: 'ERR_LINX_DUMP_INTERRUPTED', received: 12 });
    expect(new DumpInterruptedError(12).message).toContain('after 12 messages');
    expect(new OverrunError()).toMatchObject({ code: 'ERR_LINX_OVERRUN' });
    expect(new OverrunError().message).toContain('(ENOBUFS)');
  });
});

describe('sequence numbers', () => {
  it('start at a random point in 1..2^32 - 1, never 0', () => {
    const random = vi.spyOn(Math, 'random');
    try {
      random.mockReturnValue(0);
      expect(new SequenceAllocator().next(() => false)).toBe(1);
      random.mockReturnValue(1 - 2 ** -53);
      expect(new SequenceAllocator().next(() => false)).toBe(0xffff_fffe);
      random.mockReturnValue(0.5);
      expect(new SequenceAllocator().next(() => false)).toBe(0x8000_0000);
    } finally {
      random.mockRestore();
    }
  });

  it('a start of 0 (or a multiple of 2^32) becomes 1; others are taken modulo 2^32', () => {
    expect(new SequenceAllocator(0).next(() => false)).toBe(1);
    expect(new SequenceAllocator(2 ** 32).next(() => false)).toBe(1);
    expect(new SequenceAllocator(2 ** 32 + 5).next(() => false)).toBe(5);
  });
});

describe('the waiting queue', () => {
  it('first in, first out, across thousands of items and the compaction of its consumed head', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 3000; i++) fifo.push(i);
    const out: number[] = [];
    for (let i = 0; i < 2000; i++) out.push(fifo.shift()!);
    for (let i = 3000; i < 3500; i++) fifo.push(i);
    expect(fifo.length).toBe(1500);
    expect(fifo.remove(2500)).toBe(true);
    expect(fifo.remove(1999)).toBe(false);
    expect(fifo.remove(-1)).toBe(false);
    for (let item = fifo.shift(); item !== undefined; item = fifo.shift()) out.push(item);
    expect(out).toEqual(Array.from({ length: 3500 }, (_, i) => i).filter((i) => i !== 2500));
    expect(fifo.length).toBe(0);
    expect(fifo.shift()).toBeUndefined();
  });

  it('drain takes what is left, in order, and leaves it empty', () => {
    const fifo = new Fifo<string>();
    for (const item of ['a', 'b', 'c', 'd']) fifo.push(item);
    expect(fifo.shift()).toBe('a');
    expect(fifo.drain()).toEqual(['b', 'c', 'd']);
    expect(fifo.length).toBe(0);
    fifo.push('e');
    expect(fifo.shift()).toBe('e');
  });

  it('remove after some were shifted finds only what is still queued', () => {
    const fifo = new Fifo<string>();
    for (const item of ['a', 'b', 'c']) fifo.push(item);
    fifo.shift();
    expect(fifo.remove('a')).toBe(false);
    expect(fifo.remove('c')).toBe(true);
    expect(fifo.drain()).toEqual(['b']);
  });
});

describe('arming a call', () => {
  it('nothing to arm: a no-op disarm, nothing ever fires', async () => {
    const fail = vi.fn();
    const disarm = armCall({}, 'request', fail);
    disarm();
    await new Promise((r) => setTimeout(r, 5));
    expect(fail).not.toHaveBeenCalled();
  });

  it('a timeout fires once, with a TimeoutError naming what timed out', async () => {
    const errors: Error[] = [];
    armCall({ timeout: 1 }, 'dump', (error) => errors.push(error));
    await new Promise((r) => setTimeout(r, 20));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TimeoutError);
    expect(errors[0]!.message).toBe('dump timed out after 1 ms');
  });

  it('a timeout of 0 is allowed; a negative or non-numeric one is refused', () => {
    const disarm = armCall({ timeout: 0 }, 'request', () => {});
    disarm();
    expect(() => armCall({ timeout: -1 }, 'request', () => {})).toThrow(InvalidArgumentError);
    expect(() => armCall({ timeout: Number.NaN }, 'request', () => {})).toThrow(/timeout: NaN is not a number of milliseconds/);
  });

  it('an abort fires once with its reason; the timeout armed with it no longer fires', async () => {
    const controller = new AbortController();
    const errors: Error[] = [];
    armCall({ timeout: 5, signal: controller.signal }, 'request', (error) => errors.push(error));
    controller.abort('enough');
    await new Promise((r) => setTimeout(r, 20));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(AbortError);
    expect(errors[0]!.cause).toBe('enough');
  });

  it('after the timeout fired, the abort listener is gone; disarmed, neither fires', async () => {
    const controller = new AbortController();
    const errors: Error[] = [];
    armCall({ timeout: 1, signal: controller.signal }, 'request', (error) => errors.push(error));
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(errors.map((e) => e.constructor)).toEqual([TimeoutError]);

    const other = new AbortController();
    const fail = vi.fn();
    armCall({ timeout: 1, signal: other.signal }, 'request', fail)();
    other.abort();
    await new Promise((r) => setTimeout(r, 20));
    expect(fail).not.toHaveBeenCalled();
  });
});
