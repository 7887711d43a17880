// reconcile's apply against the fake nfnetlink kernel (./helpers/fake-nft.ts, which answers a batch as
// nfnetlink.c does, refusing a stale NFNL_BATCH_GENID with ERESTART): one batch holding every step's
// operations in order, guarded by the plan's generation; nothing sent for an empty plan.
import { describe, expect, it } from 'vitest';
import { GenerationConflictError, Nfnl, nft } from '../src/index.js';
import { nftType } from '../src/nftables/client.js';
import { fakeNftKernel } from './helpers/fake-nft.js';
import { emptyRuleset } from './helpers/listed-back.js';
import { desiredRuleset } from './helpers/desired-ruleset.js';

const { plan, apply } = nft.reconcile;

describe('apply', () => {
  it("sends the plan as one batch, the steps' operations in order, at the plan's generation", async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    try {
      const planned = plan(desiredRuleset(), emptyRuleset(kernel.generation));
      const result = await apply(nfnl, planned);
      const operations = planned.steps.flatMap((s) => s.operations);
      expect(result).toMatchObject({ applied: true, operations: operations.length });
      expect(kernel.committed).toHaveLength(1);
      expect(kernel.committed[0]!.map((m) => m.type)).toEqual(operations.map((o) => nftType(o.msg)));
    } finally {
      nfnl.close();
    }
  });

  it('a plan made at an older generation: GenerationConflictError, nothing committed', async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    try {
      const planned = plan(desiredRuleset(), emptyRuleset(kernel.generation));
      kernel.bump(); // another writer committed
      const error = await apply(nfnl, planned).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GenerationConflictError);
      expect((error as GenerationConflictError).generation).toBe(planned.generation);
      expect(kernel.committed).toEqual([]);
    } finally {
      nfnl.close();
    }
  });

  it('an empty plan sends nothing', async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    try {
      expect(await apply(nfnl, { generation: 1, steps: [], ownership: {} })).toMatchObject({ applied: false, operations: 0 });
      expect(kernel.committed).toEqual([]);
      expect(kernel.generation).toBe(1);
    } finally {
      nfnl.close();
    }
  });
});

describe('observe', () => {
  // The handle's two reads stand in for a kernel where another writer commits while the ruleset is read.
  const handle = (before: number, after: number) =>
    ({
      nftables: {
        generation: async () => ({ id: before }),
        ruleset: async () => ({ ...emptyRuleset(after) }),
      },
    }) as unknown as Parameters<typeof nft.reconcile.observe>[0];

  it('carries the generation read before the ruleset: a snapshot read across a commit plans at a stale generation', async () => {
    expect((await nft.reconcile.observe(handle(5, 5))).generation).toBe(5);
    expect((await nft.reconcile.observe(handle(5, 8))).generation).toBe(5);
  });

  it('so a plan made from a snapshot read across a commit cannot commit: GenerationConflictError', async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    try {
      kernel.bump(); // the writer's commit, between the generation read and the end of the ruleset read
      const observed = await nft.reconcile.observe(handle(kernel.generation - 1, kernel.generation));
      await expect(apply(nfnl, plan(desiredRuleset(), observed))).rejects.toBeInstanceOf(GenerationConflictError);
      expect(kernel.committed).toEqual([]);
    } finally {
      nfnl.close();
    }
  });
});
