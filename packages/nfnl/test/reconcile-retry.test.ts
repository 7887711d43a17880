// reconcile's loop without root: observe, plan, apply, and start over when another writer committed in
// between (the fake nfnetlink kernel refuses a stale NFNL_BATCH_GENID with ERESTART, as nfnetlink.c does).
// The ruleset read is the empty one at the kernel's generation; the generation and the batch go through
// the real client to the fake kernel.
import { describe, expect, it } from 'vitest';
import { BatchError, GenerationConflictError, Nfnl, nft } from '../src/index.js';
import { fakeNftKernel } from './helpers/fake-nft.js';
import { emptyRuleset } from './helpers/listed-back.js';
import { desiredRuleset } from './helpers/desired-ruleset.js';

const { reconcile } = nft.reconcile;

/** A handle whose generation and batches are the fake kernel's, and whose ruleset is empty at the kernel's generation. */
function setup(options: Parameters<typeof fakeNftKernel>[0] = {}) {
  const kernel = fakeNftKernel(options);
  const nfnl = new Nfnl(kernel);
  const reads: number[] = [];
  const handle = {
    nftables: {
      generation: (o?: nft.CallOptions) => nfnl.nftables.generation(o),
      ruleset: async () => {
        reads.push(kernel.generation);
        return emptyRuleset(kernel.generation);
      },
      batch: (...args: Parameters<typeof nfnl.nftables.batch>) => nfnl.nftables.batch(...args),
    },
  } as unknown as nft.reconcile.NftablesHandle;
  return { kernel, nfnl, handle, reads };
}

describe('reconcile', () => {
  it('commits at the first attempt when no one else writes, and says how many operations it sent', async () => {
    const { kernel, nfnl, handle } = setup();
    try {
      const plans: number[] = [];
      const result = await reconcile(handle, desiredRuleset(), { onPlan: (_plan, attempt) => void plans.push(attempt) });
      expect(result.attempts).toBe(1);
      expect(result.applied).toBe(true);
      expect(plans).toEqual([1]);
      expect(kernel.committed).toHaveLength(1);
      expect(result.operations).toBe(kernel.committed[0]!.length);
      expect(result.operations).toBe(result.plan.steps.flatMap((s) => s.operations).length);
    } finally {
      nfnl.close();
    }
  });

  it('another writer committing between the plan and the batch: observed and planned again, then committed', async () => {
    const { kernel, nfnl, handle, reads } = setup();
    try {
      const generations: number[] = [];
      const result = await reconcile(handle, desiredRuleset(), {
        onPlan: (plan, attempt) => {
          generations.push(plan.generation);
          if (attempt <= 2) kernel.bump();
        },
      });
      expect(result.attempts).toBe(3);
      expect(generations).toEqual([1, 2, 3]);
      expect(reads).toEqual([1, 2, 3]);
      expect(kernel.committed).toHaveLength(1);
    } finally {
      nfnl.close();
    }
  });

  it('gives up after `attempts` (5 by default) and throws the last conflict, nothing committed', async () => {
    const { kernel, nfnl, handle } = setup();
    try {
      let plans = 0;
      const bumping = { onPlan: () => void (plans++, kernel.bump()) };
      const error = await reconcile(handle, desiredRuleset(), bumping).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GenerationConflictError);
      expect(plans).toBe(5);
      expect((error as GenerationConflictError).generation).toBe(5);
      plans = 0;
      await expect(reconcile(handle, desiredRuleset(), { ...bumping, attempts: 2 })).rejects.toBeInstanceOf(GenerationConflictError);
      expect(plans).toBe(2);
      plans = 0;
      await expect(reconcile(handle, desiredRuleset(), { ...bumping, attempts: 1 })).rejects.toBeInstanceOf(GenerationConflictError);
      expect(plans).toBe(1);
      expect(kernel.committed).toEqual([]);
    } finally {
      nfnl.close();
    }
  });

  it('an error that is not a conflict is thrown at once, without another attempt', async () => {
    // EPERM on BEGIN: the kernel refuses the whole batch.
    const { nfnl, handle } = setup({ refuse: 1 });
    try {
      let plans = 0;
      const error = await reconcile(handle, desiredRuleset(), { onPlan: () => void plans++ }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(GenerationConflictError);
      expect(plans).toBe(1);
    } finally {
      nfnl.close();
    }
  });

  it("a refused operation is the batch's error, naming it; `owned` goes to the plan", async () => {
    const { nfnl, handle } = setup({ fail: (_m, index) => (index === 0 ? { errno: 17 } : undefined) });
    try {
      await expect(reconcile(handle, desiredRuleset())).rejects.toBeInstanceOf(BatchError);
    } finally {
      nfnl.close();
    }
    const { nfnl: other, handle: second } = setup();
    try {
      const result = await reconcile(second, {}, { owned: { tables: [{ family: 'ip', name: 'gone' }], tag: 'me' } });
      expect(result).toMatchObject({ applied: false, operations: 0, attempts: 1 });
      expect(result.plan.ownership).toEqual({ tables: [], tag: 'me' });
    } finally {
      other.close();
    }
  });
});
