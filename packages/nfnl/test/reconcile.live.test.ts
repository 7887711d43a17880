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
import { withoutHandles, type Json } from './helpers/nft-json.js';

const { plan, apply, observe, reconcile } = nft.reconcile;
const live = canRunNft();
const TAG = 'linx-rc';

/** The objects of the tables reconcile owns, as nft -j prints them. */
function ownedJson(ns: ReturnType<typeof createNamespace>): Json[] {
  return withoutHandles(ns.nftJson()).filter((o) => {
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

  it('the ruleset nft -f made is recognised as the desired one: nothing to do (rules compared as nft wrote them, anonymous sets by content)', async () => {
    const theirs = await openIn(reference!);
    try {
      expect(plan(desired, await observe(theirs), { owned }).steps).toEqual([]);
    } finally {
      theirs.close();
    }
  });

  it('twice in a row: the second plan is empty and apply sends nothing', async () => {
    const second = plan(desired, await observe(nfnl!), { owned });
    expect(second.steps.map((s) => `${s.description}: ${s.reason}`)).toEqual([]);
    const result = await reconcile(nfnl!, desired, { owned });
    expect(result.applied).toBe(false);
  });

  it('drift made with nft is healed; unchanged rules keep their handles; a rule of a table not owned survives', async () => {
    const before = await observe(nfnl!);
    const input = before.rules.filter((r) => r.table === TABLE && r.chain === 'input');
    const removed = input[3]!; // ip saddr @nets drop
    ns!.nft(`delete rule inet ${TABLE} input handle ${removed.handle}
add rule inet ${TABLE} input tcp dport 9999 drop
add element inet ${TABLE} pairs { 10.0.0.2 . 23 }
add element inet ${TABLE} nets { 10.5.0.0/16 }
table ip foreign { chain fc { type filter hook forward priority 0; policy accept; ip daddr 1.2.3.4 drop; }; }
`);
    // The caller also wants a rule of its own in chain fc, which it does not own: it carries the tag.
    const withForeign = { ...desired, rules: [...desired.rules!, { family: 'ip' as const, table: 'foreign', chain: 'fc', rule: 'tcp dport 25 drop' }] };
    const planned = plan(withForeign, await observe(nfnl!), { owned });
    expect(planned.steps.map((s) => `${s.kind} ${s.action}`)).toEqual(['rule delete', 'elements delete', 'elements delete', 'rule add', 'rule add']);
    expect(planned.steps[3]!.reason).toBe(`missing (before handle ${input[4]!.handle})`);

    const result = await reconcile(nfnl!, withForeign, { owned });
    expect(result.applied).toBe(true);
    expect(ownedJson(ns!)).toEqual(ownedJson(reference!));
    const after = await observe(nfnl!);
    // Every rule that was not touched is the same rule (same handle): kept, not deleted and added again.
    const handles = (rules: typeof after.rules) => rules.filter((r) => r.table === TABLE && r !== undefined).map((r) => `${r.chain} ${r.handle}`);
    const untouched = handles(before.rules.filter((r) => r.handle !== removed.handle));
    expect(handles(after.rules).filter((h) => untouched.includes(h))).toEqual(untouched);
    // nft's own rule in the table the caller does not own is still there, with the caller's tagged one after it.
    const foreign = ns!.nftJson('list', 'table', 'ip', 'foreign').nftables.filter((o) => 'rule' in o).map((o) => o.rule);
    expect(foreign.map((r) => r.comment)).toEqual([undefined, TAG]);
    expect(foreign[0].expr).toEqual([{ match: { op: '==', left: { payload: { protocol: 'ip', field: 'daddr' } }, right: '1.2.3.4' } }, { drop: null }]);
    expect(plan(withForeign, await observe(nfnl!), { owned }).steps).toEqual([]);

    // No longer desired: the tagged rule goes, nft's stays.
    const dropped = plan(desired, await observe(nfnl!), { owned });
    expect(dropped.steps.map((s) => `${s.kind} ${s.action} ${s.description.split(' handle')[0]}`)).toEqual(['rule delete delete rule ip foreign fc']);
    await apply(nfnl!, dropped);
    expect(ns!.nftJson('list', 'table', 'ip', 'foreign').nftables.filter((o) => 'rule' in o).map((o) => o.rule.comment)).toEqual([undefined]);
  });

  it('a concurrent writer between observe and apply: GenerationConflictError, nothing applied; reconcile re-plans and succeeds', async () => {
    const extra = 'tcp dport 7777 counter drop';
    const more = { ...desired, rules: [...desired.rules!, { family: 'ip' as const, table: TEXT_TABLE, chain: 'c', rule: extra }] };
    const planned = plan(more, await observe(nfnl!), { owned });
    expect(planned.steps).toHaveLength(1);
    ns!.nft('add table ip intruder');
    const between = listing(ns!);
    const error = await apply(nfnl!, planned).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationConflictError);
    expect((error as GenerationConflictError).code).toBe('ERR_LINX_NFNL_GENERATION');
    expect(listing(ns!)).toBe(between);
    expect(between).not.toContain('7777');

    const seen: number[] = [];
    const result = await reconcile(nfnl!, more, {
      owned,
      onPlan: (_plan, attempt) => {
        seen.push(attempt);
        if (attempt === 1) ns!.nft('add table ip intruder2');
      },
    });
    expect(seen).toEqual([1, 2]);
    expect(result.attempts).toBe(2);
    expect(result.applied).toBe(true);
    reference!.nft(`add rule ip ${TEXT_TABLE} c ${extra}`);
    expect(ownedJson(ns!)).toEqual(ownedJson(reference!));
    // The writers' tables are not the caller's: left alone.
    expect(listing(ns!)).toContain('table ip intruder2');
    expect(listing(ns!)).toContain('table ip intruder {');
  });

  it('with attempts: 1, a conflict is thrown', async () => {
    const error = await reconcile(nfnl!, desired, { owned, attempts: 1, onPlan: () => ns!.nft('add table ip intruder3') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationConflictError);
    expect(listing(ns!)).toContain('7777'); // the last desired state is still there: nothing was applied
  });

  it('a table no longer desired but still owned is deleted, nothing else', async () => {
    const { tables, chains, rules } = desired;
    const without = { ...desired, tables: tables!.filter((t) => t.name !== TEXT_TABLE), chains: chains!.filter((c) => c.table !== TEXT_TABLE), rules: rules!.filter((r) => r.table !== TEXT_TABLE) };
    const result = await reconcile(nfnl!, without, { owned: { ...owned, tables: [{ family: 'ip', name: TEXT_TABLE }] } });
    expect(result.plan.steps.map((s) => s.description)).toEqual([`delete table ip ${TEXT_TABLE}`]);
    expect(listing(ns!)).not.toContain(TEXT_TABLE);
    expect(listing(ns!)).toContain(`table inet ${TABLE}`);
  });
});

describe.skipIf(!live)('nft.reconcile: changes made in place, and what needs a table made again', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;
  const at = { family: 'inet', table: 'small' } as const;
  const base = (changes: { policy?: 'accept' | 'drop'; priority?: number; quota?: bigint; verdict22?: 'accept' | 'drop'; comment?: string } = {}): nft.reconcile.DesiredRuleset => ({
    tables: [{ family: 'inet', name: 'small' }],
    objects: [
      { ...at, name: 'c', type: 'counter', data: {} },
      { ...at, name: 'q', type: 'quota', data: { bytes: changes.quota ?? 1_000_000n } },
      { ...at, name: 'lim', type: 'limit', data: { rate: 10n, unit: 1n, burst: 5, type: 'pkts' } },
      // NFPROTO_INET (1) for both IP versions, IPPROTO_TCP (6): nft's `ct helper … { type "ftp" protocol tcp; l3proto inet; }`.
      { ...at, name: 'ftp-std', type: 'ct-helper', data: { name: 'ftp', l3proto: 1, l4proto: 6 } },
    ],
    sets: [{ ...at, name: 'm', keyType: 'inet_service', dataType: 'verdict', elements: [{ key: Uint8Array.of(0, 22), verdict: { code: changes.verdict22 ?? 'accept' } }] }],
    chains: [
      { ...at, name: 'in', hook: 'input', priority: changes.priority ?? 0, policy: changes.policy ?? 'accept', ...(changes.comment !== undefined ? { comment: changes.comment } : {}) },
      { ...at, name: 'out', hook: 'output', priority: 0 },
    ],
    rules: [
      { ...at, chain: 'in', rule: 'tcp dport vmap @m' },
      { ...at, chain: 'out', rule: 'counter' },
      { ...at, chain: 'out', expressions: [{ name: 'objref', data: { immType: 'counter', immName: 'c' } }, { name: 'objref', data: { immType: 'quota', immName: 'q' } }] },
    ],
  });
  const chainJson = (name: string) => ns!.nftJson('list', 'chain', 'inet', 'small', name).nftables.find((o) => 'chain' in o)!.chain as Json;
  const handlesOf = async () => (await observe(nfnl!)).rules.map((r) => `${r.chain} ${r.handle}`);

  beforeAll(async () => {
    ns = createNamespace('rcsmall');
    ns.ip('link', 'set', 'lo', 'up');
    nfnl = await openIn(ns);
    await reconcile(nfnl, base());
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it("counters' values and a quota's use are not compared: after traffic the plan is still empty", async () => {
    // Two UDP datagrams to the namespace's loopback go through chain out (no ping on this machine: python).
    const sent = run(['ip', 'netns', 'exec', ns!.name, '/usr/bin/python3', '-c', "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); [s.sendto(b'x', ('127.0.0.1', 9)) for _ in range(2)]"]);
    expect(sent.status).toBe(0);
    const counters = ns!.nftJson('list', 'counter', 'inet', 'small', 'c').nftables.find((o) => 'counter' in o)!.counter as Json;
    expect(counters.packets).toBeGreaterThan(0);
    const quota = ns!.nftJson('list', 'quota', 'inet', 'small', 'q').nftables.find((o) => 'quota' in o)!.quota as Json;
    expect(quota.used).toBeGreaterThan(0);
    const rule = ns!.nftJson('list', 'chain', 'inet', 'small', 'out').nftables.find((o) => 'rule' in o)!.rule as Json;
    expect(rule.expr[0].counter.packets).toBeGreaterThan(0);
    expect(plan(base(), await observe(nfnl!)).steps).toEqual([]);
  });

  it('objects are what nft lists: a limit and a ct helper', () => {
    const objects = ns!.nftJson('list', 'table', 'inet', 'small').nftables;
    expect(objects.find((o) => 'ct helper' in o)!['ct helper']).toMatchObject({ name: 'ftp-std', type: 'ftp', protocol: 'tcp', l3proto: 'inet' });
    expect(objects.find((o) => 'limit' in o)!.limit).toMatchObject({ name: 'lim', rate: 10, per: 'second', burst: 5 });
  });

  it("a base chain's policy is updated in place, its rules kept", async () => {
    const before = await handlesOf();
    const planned = plan(base({ policy: 'drop' }), await observe(nfnl!));
    expect(planned.steps.map((s) => `${s.kind} ${s.action}`)).toEqual(['chain update']);
    await apply(nfnl!, planned);
    expect(chainJson('in').policy).toBe('drop');
    expect(await handlesOf()).toEqual(before);
  });

  it("a map element's verdict is changed: the element is deleted and added again", async () => {
    const planned = plan(base({ policy: 'drop', verdict22: 'drop' }), await observe(nfnl!));
    expect(planned.steps.map((s) => `${s.kind} ${s.action}`)).toEqual(['elements delete', 'elements add']);
    await apply(nfnl!, planned);
    const map = ns!.nftJson('list', 'map', 'inet', 'small', 'm').nftables.find((o) => 'map' in o)!.map as Json;
    expect(map.elem).toEqual([[22, { drop: null }]]);
  });

  it("a chain's priority or comment, or an object's settings, cannot change in place: the table is made again, in the same batch", async () => {
    for (const [changes, reason] of [
      [{ policy: 'drop', verdict22: 'drop', priority: 5 }, 'chain inet small in: priority differs'],
      [{ policy: 'drop', verdict22: 'drop', priority: 5, quota: 2_000_000n }, 'quota inet small q: its settings differ'],
      // The kernel takes a NEWCHAIN with another comment for an existing chain and keeps the old one (seen
      // with nft add chain … { comment "y" } on this kernel): so a comment is changed by making the table again.
      [{ policy: 'drop', verdict22: 'drop', priority: 5, quota: 2_000_000n, comment: 'inbound' }, 'chain inet small in: comment differs'],
    ] as const) {
      const planned = plan(base(changes), await observe(nfnl!));
      expect(planned.steps[0]).toMatchObject({ kind: 'table', action: 'recreate', reason });
      await apply(nfnl!, planned);
      expect(plan(base(changes), await observe(nfnl!)).steps).toEqual([]);
    }
    expect(chainJson('in').prio).toBe(5);
    // (nft 1.0.6 leaves a chain's comment out of its JSON; its text shows it.)
    expect(run(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'chain', 'inet', 'small', 'in']).stdout).toContain('comment "inbound"');
    const quota = ns!.nftJson('list', 'quota', 'inet', 'small', 'q').nftables.find((o) => 'quota' in o)!.quota as Json;
    expect(quota.bytes).toBe(2_000_000);
  });
});

describe.skipIf(!live)('nft.reconcile: a quota the traffic used up is not a change', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;
  const at = { family: 'inet', table: 'uq' } as const;
  // A quota object and a rule's quota expression of 10 bytes: one datagram uses both up, and the kernel
  // then dumps them with NFT_QUOTA_F_DEPLETED (nft_quota_do_dump), a flag no one asked for.
  const desired: nft.reconcile.DesiredRuleset = {
    tables: [{ family: 'inet', name: 'uq' }],
    objects: [{ ...at, name: 'q', type: 'quota', data: { bytes: 10n } }],
    chains: [{ ...at, name: 'out', hook: 'output', priority: 0 }],
    rules: [
      { ...at, chain: 'out', rule: 'quota 10 bytes' },
      { ...at, chain: 'out', expressions: [{ name: 'objref', data: { immType: 'quota', immName: 'q' } }] },
    ],
  };

  beforeAll(async () => {
    ns = createNamespace('rcquota');
    ns.ip('link', 'set', 'lo', 'up');
    nfnl = await openIn(ns);
    await reconcile(nfnl, desired);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('plans nothing after the traffic used both up', async () => {
    const sent = run(['ip', 'netns', 'exec', ns!.name, '/usr/bin/python3', '-c', "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); [s.sendto(b'x' * 100, ('127.0.0.1', 9)) for _ in range(2)]"]);
    expect(sent.status).toBe(0);
    const observed = await observe(nfnl!);
    const object = observed.objects.find((o) => o.name === 'q')!;
    expect((object.data as { flags?: unknown[] }).flags).toContain('depleted');
    const expression = observed.rules.flatMap((r) => r.expressions as { name: string; data: { flags?: unknown[] } }[]).find((e) => e.name === 'quota')!;
    expect(expression.data.flags).toContain('depleted');
    expect(plan(desired, observed).steps).toEqual([]);
  });
});
