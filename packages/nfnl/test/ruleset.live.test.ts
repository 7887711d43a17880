// A realistic ruleset both ways, in network namespaces of our own (deleted afterwards whatever happens):
// built with linx in one, loaded with `nft -f` in another. `nft -j list ruleset` must print the same for
// both, object by object; linx must list what nft lists, field by field; and every expression nft wrote
// must decode by name. Needs root, ip and nft; skipped otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NftBatch, decodedMessage, formatIPv4, nft, type Nfnl, type Ruleset } from './helpers/imports.js';
import { canRunNft, createNamespace, run } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';
import { RULESET_TEXT, TABLE, buildRuleset } from './helpers/ruleset.js';
import { withoutHandles, type Json } from './helpers/nft-json.js';

const live = canRunNft();
const byKind = (objects: Json[], kind: string) => objects.filter((o) => kind in o).map((o) => o[kind] as Json);

describe.skipIf(!live)('a ruleset built with linx, and one loaded with nft -f', () => {
  let byLinx: ReturnType<typeof createNamespace> | undefined;
  let byNft: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;
  let nfnlNft: Nfnl | undefined;
  let ours: Ruleset;
  let theirs: Ruleset;

  beforeAll(async () => {
    byLinx = createNamespace('linx');
    byNft = createNamespace('nftf');
    nfnl = await openIn(byLinx);
    nfnlNft = await openIn(byNft);
    await nfnl.nftables.batch(buildRuleset(new NftBatch()));
    byNft.nft(RULESET_TEXT);
    ours = await nfnl.nftables.ruleset();
    theirs = await nfnlNft.nftables.ruleset();
  });
  afterAll(() => {
    nfnl?.close();
    nfnlNft?.close();
    byLinx?.remove();
    byNft?.remove();
  });

  it('nft -j prints the same ruleset for both, object by object (handles aside)', () => {
    const a = withoutHandles(byLinx!.nftJson());
    const b = withoutHandles(byNft!.nftJson());
    for (const kind of ['table', 'chain', 'counter', 'quota', 'limit']) expect(byKind(a, kind), kind).toEqual(byKind(b, kind));
    // Sets and maps: nft keeps the `size` of a dynamic set and elements' order as the kernel lists them.
    for (const kind of ['set', 'map']) expect(byKind(a, kind).sort((x, y) => x.name.localeCompare(y.name)), kind).toEqual(byKind(b, kind).sort((x, y) => x.name.localeCompare(y.name)));
    const rules = (objects: Json[]) => byKind(objects, 'rule').map((r) => ({ chain: r.chain, expr: r.expr, comment: r.comment }));
    expect(rules(a)).toEqual(rules(b));
    expect(byKind(a, 'rule')).toHaveLength(18);
  });

  it('linx lists the table, the chains and the objects as nft -j does, field by field', () => {
    const json = byLinx!.nftJson().nftables;
    const [table] = byKind(json, 'table');
    expect(ours.tables).toHaveLength(1);
    expect(ours.tables[0]).toMatchObject({ family: table!.family, name: table!.name, handle: BigInt(table!.handle), flags: [] });
    // nft 1.0.6 leaves a table's comment out of its JSON; its text shows it.
    expect(run(['ip', 'netns', 'exec', byLinx!.name, 'nft', 'list', 'table', 'inet', TABLE]).stdout).toContain(`comment "${ours.tables[0]!.comment}"`);
    expect(ours.tables[0]!.comment).toBe('linx table');
    for (const ref of byKind(json, 'chain')) {
      const chain = ours.chains.find((c) => c.name === ref.name)!;
      expect(chain, ref.name).toMatchObject({ family: ref.family, table: ref.table, handle: BigInt(ref.handle) });
      if (ref.hook) expect(chain).toMatchObject({ type: ref.type, hook: ref.hook, priority: ref.prio, policy: ref.policy, flags: ['base'] });
      else expect(chain.hook).toBeUndefined();
      if (ref.comment) expect(chain.comment).toBe(ref.comment);
    }
    const [counter] = byKind(json, 'counter');
    const [quota] = byKind(json, 'quota');
    const [limit] = byKind(json, 'limit');
    const obj = (name: string) => ours.objects.find((o) => o.name === name)!;
    expect(obj('cnt')).toMatchObject({ type: 'counter', handle: BigInt(counter!.handle), data: { packets: BigInt(counter!.packets), bytes: BigInt(counter!.bytes) } });
    expect(obj('q')).toMatchObject({ type: 'quota', handle: BigInt(quota!.handle), data: { bytes: BigInt(quota!.bytes), consumed: BigInt(quota!.used), flags: quota!.inv ? ['inv'] : [] } });
    expect(obj('lim')).toMatchObject({ type: 'limit', handle: BigInt(limit!.handle), data: { rate: BigInt(limit!.rate), unit: 1n, burst: limit!.burst, type: 'pkts' } });
    expect(limit!.per).toBe('second');
  });

  it('linx lists the sets and maps as nft -j does: types, flags, timeouts, elements, the verdict map', () => {
    const json = byLinx!.nftJson().nftables;
    for (const ref of [...byKind(json, 'set'), ...byKind(json, 'map')]) {
      const set = ours.sets.find((s) => s.name === ref.name)!;
      expect(set, ref.name).toMatchObject({ family: ref.family, table: ref.table, handle: BigInt(ref.handle) });
      expect(set.keyType).toBe([ref.type].flat().join(' . '));
      if (ref.map) expect(set.dataType).toBe(ref.map);
      for (const flag of ref.flags ?? []) expect(set.flags).toContain(flag);
      if (ref.timeout) expect(set.timeout).toBe(BigInt(ref.timeout * 1000));
      if (ref.size) expect(set.size).toBe(ref.size);
    }
    const set = (name: string) => ours.sets.find((s) => s.name === name)!;
    expect(set('pairs')).toMatchObject({ keyLen: 8 });
    expect(set('pairs').concat).toBeUndefined();
    expect(set('ranges')).toMatchObject({ keyLen: 8, concat: [4, 2], flags: expect.arrayContaining(['interval', 'concat']) });
    // nets: 10.0.0.0/24 and 192.168.0.0/16 as start and (exclusive) end elements.
    const intervals = set('nets').elements.map((e) => [formatIPv4(e.key!), e.flags.includes('interval-end')]).sort();
    expect(intervals).toEqual([['10.0.0.0', false], ['10.0.1.0', true], ['192.168.0.0', false], ['192.169.0.0', true]]);
    expect(set('ranges').elements).toEqual([expect.objectContaining({ key: Uint8Array.of(10, 0, 0, 0, 3, 232, 0, 0), keyEnd: Uint8Array.of(10, 255, 255, 255, 7, 208, 0, 0) })]);
    const vmap = set('ports').elements.map((e) => [e.key, e.verdict]);
    expect(vmap).toEqual(expect.arrayContaining([[Uint8Array.of(0, 22), { code: 'accept' }], [Uint8Array.of(0, 80), { code: 'jump', chain: 'other' }]]));
  });

  it('linx lists the rules as nft -j does: chains, handles, comments, counters', () => {
    const refs = byKind(byLinx!.nftJson().nftables, 'rule');
    expect(ours.rules.map((r) => [r.chain, r.handle])).toEqual(refs.map((r) => [r.chain, BigInt(r.handle)]));
    expect(ours.rules.find((r) => r.comment)?.comment).toBe(refs.find((r) => r.comment)!.comment);
  });

  it('the ruleset nft loaded decodes into the same expressions as the one linx built, every expression by name', () => {
    const shape = (r: Ruleset) => r.rules.map((rule) => ({ chain: rule.chain, comment: rule.comment, expressions: rule.expressions }));
    expect(shape(theirs)).toEqual(shape(ours));
    const names = new Set(theirs.rules.flatMap((r) => r.expressions.map((e) => e.name)));
    for (const name of ['immediate', 'cmp', 'payload', 'meta', 'bitwise', 'ct', 'lookup', 'counter', 'limit', 'quota', 'log', 'reject', 'nat', 'masq', 'redir', 'dynset', 'objref', 'range', 'fib', 'exthdr', 'notrack']) {
      expect(names, name).toContain(name);
    }
    // No expression was left as raw bytes.
    for (const rule of theirs.rules) for (const e of rule.expressions) expect(e.data instanceof Uint8Array, e.name).toBe(false);
  });

  it('expressions nft wrote, field by field', () => {
    const input = theirs.rules.filter((r) => r.chain === 'input');
    const data = (i: number, name: string) => input[i]!.expressions.find((e) => e.name === name)!.data;
    expect(data(0, 'ct')).toEqual({ dreg: 1, key: 'state' });
    expect(data(0, 'bitwise')).toMatchObject({ sreg: 1, dreg: 1, len: 4, mask: { value: nft.value.u32(6) } });
    expect(data(2, 'range')).toMatchObject({ op: 'neq', fromData: { value: nft.value.be16(1000) }, toData: { value: nft.value.be16(2000) } });
    expect(data(2, 'limit')).toMatchObject({ rate: 5n, unit: 1n, burst: 5, type: 'pkts' });
    expect(data(2, 'log')).toMatchObject({ prefix: 'x ', level: 'info' });
    expect(data(3, 'lookup')).toMatchObject({ set: 'nets', sreg: 1 });
    expect(data(4, 'fib')).toMatchObject({ result: 'addrtype', flags: ['daddr'], dreg: 1 });
    expect(data(5, 'exthdr')).toMatchObject({ op: 'tcpopt', type: 2, offset: 2, len: 2 });
    expect(data(6, 'lookup')).toMatchObject({ set: 'ports', dreg: 0 });
    expect(data(7, 'dynset')).toMatchObject({ setName: 'dyn', op: 'add', sregKey: 1 });
    expect(data(8, 'reject')).toEqual({ type: 'icmpx-unreach', icmpCode: 1 });
    expect(data(9, 'meta')).toEqual({ key: 'mark', sreg: 1 });
    expect(data(11, 'quota')).toMatchObject({ bytes: 10n << 20n, flags: ['inv'] });
    const nat = theirs.rules.filter((r) => r.chain === 'nat_pre');
    expect(nat[0]!.expressions.at(-1)).toMatchObject({ name: 'redir', data: { regProtoMin: 1, flags: ['proto-specified'] } });
    expect(nat[1]!.expressions.at(-1)).toMatchObject({ name: 'nat', data: { type: 'dnat', family: 'ip', regAddrMin: 1, regProtoMin: 2 } });
    expect(theirs.rules.find((r) => r.chain === 'nat_post')!.expressions.at(-1)!.name).toBe('masq');
    expect(theirs.rules.find((r) => r.chain === 'raw')!.expressions).toEqual([{ name: 'notrack' }]);
    expect(theirs.rules.find((r) => r.chain === 'other')!.expressions).toEqual([{ name: 'objref', data: { immType: 'counter', immName: 'cnt' } }]);
    // Every listed object keeps the message it was decoded from.
    expect(decodedMessage(theirs.rules[0]!)).toMatchObject({ header: { family: 'inet' }, attrs: { table: TABLE } });
  });
});
