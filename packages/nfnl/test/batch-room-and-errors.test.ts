// sendBatch's control messages and errors with a fake kernel: BEGIN and END name the subsystem in res_id,
// BEGIN carries NFNL_BATCH_GENID (u32, network order) when a generation is given; ERESTART is a generation
// conflict only when one was given; messages without a description or declaration are still named. And the
// receive buffer: raised to fit one ACK per message ((n + 16) × 2048 bytes, of which the kernel reports
// twice what was set), with CAP_NET_ADMIN's force first; where it cannot be made big enough, an overrun
// while the batch is answered fails it with BatchAnswersLostError instead of leaving it waiting.
import { describe, expect, it } from 'vitest';
import { AbortError, TimeoutError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NetlinkError, type NetlinkMessage } from '@linx/netlink-wire';
import { BatchAnswersLostError, BatchError, BatchRejectedError, GenerationConflictError, Nfnl, type BatchMessage } from '../src/index.js';
import { fakeNftKernel } from './helpers/fake-nft.js';

const table = (name: string): BatchMessage => ({ type: 0xa00, flags: 0x400, payload: Uint8Array.of(1, 0, 0, 0, 4 + name.length + 1, 0, 1, 0, ...new TextEncoder().encode(name), 0, ...Array((4 - ((name.length + 1) % 4)) % 4).fill(0)) });

describe('BEGIN and END', () => {
  it('name the subsystem, by name or number; BEGIN carries the generation', async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    await nfnl.batch('nftables', [table('a')]);
    await nfnl.batch(10, [table('b')], { generation: kernel.generation });
    const [begin1, end1, begin2, end2] = kernel.requests.filter((m) => m.type === 0x10 || m.type === 0x11);
    expect([...begin1!.payload]).toEqual([0, 0, 0, 10]);
    expect([...end1!.payload]).toEqual([0, 0, 0, 10]);
    // NFNL_BATCH_GENID (1): nla_len 8, the generation big-endian.
    expect([...begin2!.payload]).toEqual([0, 0, 0, 10, 8, 0, 1, 0, 0, 0, 0, 2]);
    expect([...end2!.payload]).toEqual([0, 0, 0, 10]);
    nfnl.close();
  });

  it('a generation above 2^31 is sent unsigned', async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    await nfnl.batch('nftables', [table('a')], { generation: 0xfffffffe }).catch(() => undefined);
    expect([...kernel.requests[0]!.payload.subarray(8)]).toEqual([0xff, 0xff, 0xff, 0xfe]);
    nfnl.close();
  });

  it('ERESTART without a generation is a plain refusal', async () => {
    const nfnl = new Nfnl(fakeNftKernel({ refuse: 85 }));
    const error = await nfnl.batch('nftables', [table('a')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchRejectedError);
    expect(error).not.toBeInstanceOf(GenerationConflictError);
    expect(error).toMatchObject({ code: 'ERR_LINX_NFNL_BATCH_REJECTED', message: 'the kernel refused the batch: ERESTART (Interrupted system call should be restarted); nothing was applied' });
    nfnl.close();
  });

  it('another refusal of a batch with a generation is no conflict', async () => {
    const nfnl = new Nfnl(fakeNftKernel({ refuse: 1 }));
    const error = await nfnl.batch('nftables', [table('a')], { generation: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchRejectedError);
    expect(error).not.toBeInstanceOf(GenerationConflictError);
    nfnl.close();
  });

  it('an empty batch the kernel never answers times out', async () => {
    const nfnl = new Nfnl(new FakeKernel(() => undefined));
    await expect(nfnl.batch('nftables', [], { timeout: 20 })).rejects.toBeInstanceOf(TimeoutError);
    nfnl.close();
  });

  it('a signal aborts a batch in flight', async () => {
    const nfnl = new Nfnl(new FakeKernel(() => undefined));
    const controller = new AbortController();
    const pending = nfnl.batch('nftables', [table('a')], { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    nfnl.close();
  });

  it('a generation conflict says which generation was stale', async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    const error = await nfnl.batch('nftables', [table('a')], { generation: 9 }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('the ruleset changed since generation 9 (ERESTART): another writer committed first; nothing was applied; read again and retry');
    nfnl.close();
  });
});

describe('failures', () => {
  it('a message without a description is named by its type; without a declaration, no attribute is named', async () => {
    const nfnl = new Nfnl(fakeNftKernel({ fail: (_m, i) => (i === 1 ? { errno: 17, offset: 20 } : undefined) }));
    const error = (await nfnl.batch('nftables', [table('a'), table('b')]).catch((e: unknown) => e)) as BatchError;
    expect(error).toBeInstanceOf(BatchError);
    expect(error.failures).toEqual([{ index: 1, description: 'message type 0xa00', error: expect.any(NetlinkError) }]);
    expect(error.cause.attributePath).toBeUndefined();
    expect(error.code).toBe('ERR_LINX_NFNL_BATCH');
    expect(error.cause).toBe(error.failures[0]!.error);
    expect(error.message).toMatch(/^batch message 2 \(message type 0xa00\) failed: EEXIST \(.*\); nothing was applied$/);
    nfnl.close();
  });

  it('a message that fails otherwise than by the kernel\'s error (a timeout after BEGIN\'s 6.10+ ACK) fails the batch with that error', async () => {
    // A kernel that ACKs BEGIN (and the NOOPs) and never answers the messages.
    const nfnl = new Nfnl(new FakeKernel((req, k) => (req.type === 0x10 || req.type === 1 ? k.ack(req) : undefined)));
    const error = await nfnl.batch('nftables', [table('a')], { timeout: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    nfnl.close();
  });

  it('the echoes of a batch that asked for none are empty lists, one per message', async () => {
    const nfnl = new Nfnl(fakeNftKernel());
    expect(await nfnl.batch('nftables', [table('a'), table('b')])).toEqual([[], []]);
    nfnl.close();
  });
});

/** A fake nft kernel whose socket has a receive buffer: reported doubled, capped at `max`, `force` maybe refused. */
function withBuffer(options: { size: number; max?: number; force?: boolean; plain?: boolean }, kernel: FakeKernel = fakeNftKernel()) {
  let size = options.size;
  const calls: [number, { force?: boolean } | undefined][] = [];
  Object.assign(kernel, {
    getReceiveBufferSize: () => size,
    setReceiveBufferSize: (bytes: number, opts?: { force?: boolean }) => {
      calls.push([bytes, opts]);
      if (opts?.force ? options.force === false : options.plain === false) throw new Error('EPERM');
      size = 2 * Math.min(bytes, opts?.force ? Infinity : (options.max ?? Infinity));
    },
  });
  return { kernel, calls };
}

/** A kernel that answers nothing of a batch and reports an overrun when END arrives. */
function overrunning(): FakeKernel {
  return new FakeKernel((req, k) => {
    if (req.type === 0x11) k.overrun();
  });
}

describe('the receive buffer', () => {
  it('big enough already: left alone, and an overrun meanwhile is not the batch\'s business', async () => {
    const { kernel, calls } = withBuffer({ size: (3 + 16) * 2048 });
    const nfnl = new Nfnl(kernel);
    await nfnl.batch('nftables', [table('a'), table('b'), table('c')]);
    expect(calls).toEqual([]);
    nfnl.close();
    const { kernel: dropping } = withBuffer({ size: (1 + 16) * 2048 }, overrunning());
    const other = new Nfnl(dropping);
    expect(await other.batch('nftables', [table('a')], { timeout: 50 }).catch((e: unknown) => e)).toBeInstanceOf(TimeoutError);
    other.close();
  });

  it('a transport without buffer sizes (a fake kernel) has room: an overrun is not the batch\'s business', async () => {
    const nfnl = new Nfnl(overrunning());
    expect(await nfnl.batch('nftables', [table('a')], { timeout: 50 }).catch((e: unknown) => e)).toBeInstanceOf(TimeoutError);
    nfnl.close();
  });

  it('too small: raised with force to half of (n + 16) × 2048 (the kernel doubles it)', async () => {
    const { kernel, calls } = withBuffer({ size: (3 + 16) * 2048 - 1 });
    const nfnl = new Nfnl(kernel);
    await nfnl.batch('nftables', [table('a'), table('b'), table('c')]);
    expect(calls).toEqual([[19 * 1024, { force: true }]]);
    nfnl.close();
  });

  it('without the right to force it: raised as far as allowed', async () => {
    const { kernel, calls } = withBuffer({ size: 1000, force: false });
    const nfnl = new Nfnl(kernel);
    await nfnl.batch('nftables', [table('a')]);
    expect(calls).toEqual([[17 * 1024, { force: true }], [17 * 1024, undefined]]);
    nfnl.close();
  });

  it('room made: an overrun meanwhile is not the batch\'s business (it would wait for its answers)', async () => {
    const { kernel } = withBuffer({ size: 1000 }, overrunning());
    const nfnl = new Nfnl(kernel);
    const error = await nfnl.batch('nftables', [table('a')], { timeout: 50 }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(BatchAnswersLostError);
    nfnl.close();
  });

  it('capped below what a batch needs: an overrun while it is answered fails it, the outcome unknown', async () => {
    const { kernel } = withBuffer({ size: 1000, force: false, max: 4096 }, overrunning());
    const nfnl = new Nfnl(kernel);
    const error = await nfnl.batch('nftables', [table('a')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchAnswersLostError);
    expect(error).toMatchObject({
      code: 'ERR_LINX_NFNL_ANSWERS_LOST',
      message: 'the receive buffer overflowed while the kernel answered the batch: whether it was applied is unknown; read the generation or the ruleset',
    });
    nfnl.close();
  });

  it('not settable at all: the same, with the caller\'s signal still heeded', async () => {
    const { kernel } = withBuffer({ size: 1000, force: false, plain: false }, overrunning());
    const nfnl = new Nfnl(kernel);
    await expect(nfnl.batch('nftables', [table('a')], { signal: new AbortController().signal })).rejects.toBeInstanceOf(BatchAnswersLostError);
    const controller = new AbortController();
    const { kernel: silent } = withBuffer({ size: 1000, force: false, plain: false }, new FakeKernel(() => undefined));
    const quiet = new Nfnl(silent);
    const pending = quiet.batch('nftables', [table('a')], { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    quiet.close();
    nfnl.close();
  });

  it('a big batch on a small buffer adds a listener per message without a leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const { kernel } = withBuffer({ size: 1000, force: false, plain: false });
      const nfnl = new Nfnl(kernel);
      const messages = Array.from({ length: 20 }, (_, i) => table(`t${i}`));
      expect(await nfnl.batch('nftables', messages, { signal: new AbortController().signal })).toHaveLength(20);
      await new Promise((r) => setTimeout(r, 10));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
      nfnl.close();
    } finally {
      process.off('warning', onWarning);
    }
  });
});

// Keep the helper's message shape honest: the fake kernel reads it as NEWTABLE with the name.
it('the table message used here carries the name', () => {
  const kernel = fakeNftKernel();
  const nfnl = new Nfnl(kernel);
  return nfnl.batch('nftables', [table('abc')]).then(() => {
    const m = kernel.committed[0]![0] as NetlinkMessage;
    expect(new TextDecoder().decode(m.payload.subarray(8, 11))).toBe('abc');
    nfnl.close();
  });
});
