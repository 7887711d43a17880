// The list and get verbs against a fake kernel: what each dump or GET asks for (message type, NLM_F_DUMP,
// the family in nfgenmsg, the filter attributes), the objects they make of the replies (only the asked-for
// table, chain or object type), dumps interrupted by a concurrent change done again (3 times at most),
// errors naming the attribute the kernel blamed, the generation, and a ruleset read again when a commit
// happened while it was read.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { DumpInterruptedError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, NetlinkError, type NetlinkMessage } from '@linx/netlink-wire';
import { Nfnl, nft } from '../src/index.js';
import { expectExactly } from './helpers/exact.js';

const M = nft.messages;
const codec = {
  table: compileMessage(M.tableMessage),
  chain: compileMessage(M.chainMessage),
  rule: compileMessage(M.ruleMessage),
  set: compileMessage(M.setMessage),
  elems: compileMessage(M.setElemListMessage),
  obj: compileMessage(M.objMessage),
  flowtable: compileMessage(M.flowtableMessage),
  gen: compileMessage(M.genMessage),
};
const NFT_MSG = nft.messages.nftMsgValues;
const type = (msg: keyof typeof NFT_MSG) => 0xa00 | NFT_MSG[msg];

type Answer = (req: NetlinkMessage, k: FakeKernel, count: number) => ReturnType<FakeKernel['ack']> | ReturnType<FakeKernel['ack']>[] | void;

/** A fake kernel answering by message type; counts the requests of each type. */
function kernelWith(answers: Partial<Record<number, Answer>>) {
  const counts = new Map<number, number>();
  const kernel = new FakeKernel((req, k) => {
    const n = (counts.get(req.type) ?? 0) + 1;
    counts.set(req.type, n);
    return answers[req.type]?.(req, k, n);
  });
  const nfnl = new Nfnl(kernel);
  return { kernel, nfnl, count: (t: number) => counts.get(t) ?? 0 };
}

const dump = (payloads: Uint8Array[], options: { interrupted?: number } = {}): Answer => (req, k) => k.multipart(req, payloads, { type: req.type - 1, ...options });

describe('tables', () => {
  it('list dumps NFT_MSG_GETTABLE for every family (NFPROTO_UNSPEC) or the one asked, and reads each table', async () => {
    const table = codec.table.encode({ header: { family: 'ip', resId: 3 }, attrs: { name: 'filter', handle: 2n, use: 4, flags: ['dormant'], userdata: nft.withComment('hi', 0) } });
    const bare = codec.table.encode({ header: { family: 'netdev' }, attrs: {} });
    const { kernel, nfnl } = kernelWith({ [type('gettable')]: dump([table, bare]) });
    const tables = await nfnl.nftables.tables.list();
    expectExactly(tables, [
      { family: 'ip', name: 'filter', handle: 2n, use: 4, flags: ['dormant'], comment: 'hi', userdata: nft.withComment('hi', 0) },
      { family: 'netdev', name: '', flags: [] },
    ]);
    expect(kernel.requests[0]).toMatchObject({ type: 0xa01, payload: Uint8Array.of(0, 0, 0, 0) });
    expect(kernel.requests[0]!.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    await nfnl.nftables.tables.list({ family: 'ip6' });
    expect(kernel.requests.at(-1)!.payload).toEqual(Uint8Array.of(10, 0, 0, 0));
    nfnl.close();
  });

  it('get asks by family and name; a refusal names the attribute the kernel blamed', async () => {
    const { kernel, nfnl } = kernelWith({
      // ENOENT pointing at NFTA_TABLE_NAME: nlmsghdr (16) + nfgenmsg (4) into the request.
      [type('gettable')]: (req, k) => (codec.table.decode(req.payload).attrs.name === 'nope' ? k.error(req, 2, { offset: 20 }) : [{ messages: [k.reply(req, { type: 0xa00, flags: 0, payload: codec.table.encode({ header: { family: 'inet' }, attrs: { name: 't', owner: 99, flags: ['owner'] } }) })] }, k.ack(req)]),
    });
    expectExactly(await nfnl.nftables.tables.get({ family: 'inet', name: 't' }), { family: 'inet', name: 't', owner: 99, flags: ['owner'] });
    expect(codec.table.decode(kernel.requests[0]!.payload)).toMatchObject({ header: { family: 'inet' }, attrs: { name: 't' } });
    const error = await nfnl.nftables.tables.get({ family: 'inet', name: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect(error).toMatchObject({ errnoName: 'ENOENT', attributePath: 'name' });
    nfnl.close();
  });
});

describe('filters', () => {
  const chainOf = (table: string, name: string) => codec.chain.encode({ header: { family: 'inet' }, attrs: { table, name } });
  const ruleOf = (table: string, chain: string, handle: bigint) => codec.rule.encode({ header: { family: 'inet' }, attrs: { table, chain, handle, expressions: { elem: [] } } });

  it('chains of one table: the table in the request, and only its chains kept', async () => {
    const { kernel, nfnl } = kernelWith({ [type('getchain')]: dump([chainOf('a', 'x'), chainOf('b', 'y')]) });
    expect((await nfnl.nftables.chains.list({ table: 'a' })).map((c) => c.name)).toEqual(['x']);
    expect(codec.chain.decode(kernel.requests[0]!.payload).attrs).toEqual({ table: 'a' });
    expect((await nfnl.nftables.chains.list()).map((c) => c.name)).toEqual(['x', 'y']);
    expect(codec.chain.decode(kernel.requests[1]!.payload).attrs).toEqual({});
    nfnl.close();
  });

  /** Chains a/x, a/y, b/x with rules 1, 2, 3, a generation of `id()`, each dump filtered as the kernel filters. */
  function ruleKernel(id: () => number = () => 1) {
    const chains = [['a', 'x'], ['a', 'y'], ['b', 'x']] as const;
    return kernelWith({
      [type('getgen')]: (req, k) => [{ messages: [k.reply(req, { type: 0xa0f, flags: 0, payload: codec.gen.encode({ header: { family: 'unspec' }, attrs: { id: id() } }) })] }, k.ack(req)],
      [type('getchain')]: (req, k) => {
        const { table } = codec.chain.decode(req.payload).attrs;
        return dump(chains.filter(([t]) => table === undefined || t === table).map(([t, c]) => chainOf(t, c)))(req, k, 0);
      },
      [type('getrule')]: (req, k) => {
        const { table, chain } = codec.rule.decode(req.payload).attrs;
        const rules = chains.map(([t, c], i) => [t, c, BigInt(i + 1)] as const).filter(([t, c]) => (table === undefined || t === table) && (chain === undefined || c === chain));
        return dump(rules.map(([t, c, handle]) => ruleOf(t, c, handle)))(req, k, 0);
      },
    });
  }

  it('rules of one table, of one chain: without a chain, one dump per chain of the chain listing, between two generations', async () => {
    const { kernel, nfnl } = ruleKernel();
    const handles = async (filter: { table?: string; chain?: string }) => (await nfnl.nftables.rules.list({ family: 'inet', ...filter })).map((r) => r.handle);
    expect(await handles({})).toEqual([1n, 2n, 3n]);
    expect(await handles({ table: 'a' })).toEqual([1n, 2n]);
    expect(await handles({ chain: 'x' })).toEqual([1n, 3n]);
    expect(await handles({ table: 'a', chain: 'x' })).toEqual([1n]);
    const asked = kernel.requests.map((r) => {
      const decl = r.type === type('getgen') ? codec.gen : r.type === type('getchain') ? codec.chain : codec.rule;
      return [Object.entries(NFT_MSG).find(([, v]) => (0xa00 | v) === r.type)![0], decl.decode(r.payload).attrs];
    });
    expect(asked).toEqual([
      ['getgen', {}], ['getchain', {}], ['getrule', { table: 'a', chain: 'x' }], ['getrule', { table: 'a', chain: 'y' }], ['getrule', { table: 'b', chain: 'x' }], ['getgen', {}],
      ['getgen', {}], ['getchain', { table: 'a' }], ['getrule', { table: 'a', chain: 'x' }], ['getrule', { table: 'a', chain: 'y' }], ['getgen', {}],
      ['getrule', { chain: 'x' }],
      ['getrule', { table: 'a', chain: 'x' }],
    ]);
    nfnl.close();
  });

  it('rules listed chain by chain while the generation moves are read again, or returned marked with onInterrupt accept', async () => {
    let gen = 0;
    const { kernel, nfnl } = ruleKernel(() => (gen < 3 ? ++gen : gen));
    // Generations 1 then 2 around the first reading: read again, between 3 and 3.
    expect((await nfnl.nftables.rules.list({ table: 'a' })).map((r) => r.handle)).toEqual([1n, 2n]);
    expect(kernel.requests.filter((r) => r.type === type('getchain'))).toHaveLength(2);
    gen = 0;
    const accepted = await nfnl.nftables.rules.list({ table: 'a' }, { onInterrupt: { action: 'accept' } });
    expect([accepted.map((r) => r.handle), accepted.interrupted]).toEqual([[1n, 2n], true]);
    gen = 0;
    await expect(nfnl.nftables.rules.list({}, { onInterrupt: { action: 'fail' } })).rejects.toBeInstanceOf(DumpInterruptedError);
    await expect(nfnl.nftables.rules.list({}, { onInterrupt: { action: 'nope' } as never })).rejects.toThrow('options.onInterrupt');
    nfnl.close();
  });

  it('rules of more than 32 chains are read in one dump, and a chain gone meanwhile (ENOENT) makes the listing interrupted', async () => {
    const many = Array.from({ length: 33 }, (_, i) => chainOf('t', `c${i}`));
    const { kernel, nfnl } = kernelWith({
      [type('getgen')]: (req, k) => [{ messages: [k.reply(req, { type: 0xa0f, flags: 0, payload: codec.gen.encode({ header: { family: 'unspec' }, attrs: { id: 1 } }) })] }, k.ack(req)],
      [type('getchain')]: (req, k, n) => dump(n === 1 ? many : [chainOf('t', 'gone'), chainOf('t', 'c0')])(req, k, 0),
      [type('getrule')]: (req, k) => (codec.rule.decode(req.payload).attrs.chain === 'gone' ? k.error(req, 2) : dump([ruleOf('t', 'c0', 1n), ruleOf('t', 'elsewhere', 2n)])(req, k, 0)),
    });
    expect((await nfnl.nftables.rules.list()).map((r) => r.handle)).toEqual([1n]);
    // One dump of the family and table the 33 chains share, kept to those chains (the kernel's other rules are left out).
    expect(kernel.requests.filter((r) => r.type === type('getrule')).map((r) => codec.rule.decode(r.payload))).toEqual([{ header: { family: 'inet', version: 0, resId: 0 }, attrs: { table: 't' } }]);
    const listed = await nfnl.nftables.rules.list({}, { onInterrupt: { action: 'accept' } });
    expect([listed.map((r) => r.handle), listed.interrupted]).toEqual([[1n], true]);
    nfnl.close();
  });

  it('sets and flowtables of one table', async () => {
    const { kernel, nfnl } = kernelWith({
      [type('getset')]: dump([codec.set.encode({ header: { family: 'ip' }, attrs: { table: 'a', name: 's', keyType: 7, keyLen: 4 } }), codec.set.encode({ header: { family: 'ip' }, attrs: { table: 'b', name: 's2' } })]),
      [type('getflowtable')]: dump([codec.flowtable.encode({ header: { family: 'ip' }, attrs: { table: 'b', name: 'f' } }), codec.flowtable.encode({ header: { family: 'ip' }, attrs: { table: 'a', name: 'fa' } })]),
    });
    expect((await nfnl.nftables.sets.list({ table: 'a' })).map((s) => s.name)).toEqual(['s']);
    expect((await nfnl.nftables.sets.list()).map((s) => s.name)).toEqual(['s', 's2']);
    expect((await nfnl.nftables.flowtables.list({ table: 'a' })).map((f) => f.name)).toEqual(['fa']);
    expect((await nfnl.nftables.flowtables.list()).map((f) => f.name)).toEqual(['f', 'fa']);
    expect(kernel.requests.map((r) => [r.type, [...r.payload.subarray(4)]])).toEqual([
      [0xa0a, [6, 0, 1, 0, 97, 0, 0, 0]],
      [0xa0a, []],
      [0xa17, [6, 0, 1, 0, 97, 0, 0, 0]],
      [0xa17, []],
    ]);
    nfnl.close();
  });

  it('objects of one table, of one type', async () => {
    const obj = (table: string, name: string, type: 'counter' | 'quota') => codec.obj.encode({ header: { family: 'inet' }, attrs: { table, name, type } });
    const { kernel, nfnl } = kernelWith({ [type('getobj')]: dump([obj('a', 'c', 'counter'), obj('a', 'q', 'quota'), obj('b', 'c2', 'counter')]) });
    const names = async (filter: { table?: string; type?: 'counter' }) => (await nfnl.nftables.objects.list(filter)).map((o) => o.name);
    expect(await names({})).toEqual(['c', 'q', 'c2']);
    expect(await names({ table: 'a' })).toEqual(['c', 'q']);
    expect(await names({ type: 'counter' })).toEqual(['c', 'c2']);
    expect(await names({ table: 'a', type: 'counter' })).toEqual(['c']);
    expect(kernel.requests.map((r) => codec.obj.decode(r.payload).attrs)).toEqual([{}, { table: 'a' }, { type: 'counter' }, { table: 'a', type: 'counter' }]);
    nfnl.close();
  });

  it('each list asks for the family given, every family (NFPROTO_UNSPEC, 0) otherwise', async () => {
    const { kernel, nfnl } = kernelWith(Object.fromEntries(['getchain', 'getrule', 'getset', 'getobj', 'getflowtable'].map((m) => [type(m as keyof typeof NFT_MSG), dump([])])));
    const lists = [nfnl.nftables.chains, nfnl.nftables.rules, nfnl.nftables.sets, nfnl.nftables.objects, nfnl.nftables.flowtables];
    // (Rules of one chain: one rule dump, not the chain listing first.)
    const filter = (verbs: object) => (verbs === nfnl.nftables.rules ? { table: 't', chain: 'c' } : {});
    for (const verbs of lists) await verbs.list({ family: 'bridge', ...filter(verbs) });
    for (const verbs of lists) await verbs.list(filter(verbs));
    expect(kernel.requests.map((r) => [r.type, r.payload[0]])).toEqual([
      [0xa04, 7], [0xa07, 7], [0xa0a, 7], [0xa13, 7], [0xa17, 7],
      [0xa04, 0], [0xa07, 0], [0xa0a, 0], [0xa13, 0], [0xa17, 0],
    ]);
    nfnl.close();
  });

  it('the elements of a set, from every message of the dump', async () => {
    const elems = (...keys: number[]) => codec.elems.encode({ header: { family: 'ip' }, attrs: { table: 't', set: 's', elements: { elem: keys.map((k) => ({ key: { value: Uint8Array.of(k) } })) } } });
    const { kernel, nfnl } = kernelWith({ [type('getsetelem')]: dump([elems(1, 2), elems(3)]) });
    const list = await nfnl.nftables.elements.list({ family: 'ip', table: 't', set: 's' });
    expect(list.map((e) => e.key![0])).toEqual([1, 2, 3]);
    expect(codec.elems.decode(kernel.requests[0]!.payload)).toMatchObject({ header: { family: 'ip' }, attrs: { table: 't', set: 's' } });
    nfnl.close();
  });
});

describe('gets', () => {
  it('each verb group gets one object by its key, and reset reads and zeroes an object (NFT_MSG_GETOBJ_RESET)', async () => {
    const reply = (type: number, payload: Uint8Array): Answer => (req, k) => [{ messages: [k.reply(req, { type, flags: 0, payload })] }, k.ack(req)];
    const { kernel, nfnl } = kernelWith({
      [type('getchain')]: reply(0xa03, codec.chain.encode({ header: { family: 'ip' }, attrs: { table: 't', name: 'c' } })),
      [type('getrule')]: reply(0xa06, codec.rule.encode({ header: { family: 'ip' }, attrs: { table: 't', chain: 'c', handle: 5n } })),
      [type('getset')]: reply(0xa09, codec.set.encode({ header: { family: 'ip' }, attrs: { table: 't', name: 's' } })),
      [type('getsetelem')]: reply(0xa0c, codec.elems.encode({ header: { family: 'ip' }, attrs: { table: 't', set: 's', elements: { elem: [{ key: { value: Uint8Array.of(7) } }] } } })),
      [type('getobj')]: reply(0xa12, codec.obj.encode({ header: { family: 'ip' }, attrs: { table: 't', name: 'o', type: 'counter', data: { bytes: 10n, packets: 1n } } })),
      [type('getobjReset')]: reply(0xa12, codec.obj.encode({ header: { family: 'ip' }, attrs: { table: 't', name: 'o', type: 'counter', data: { bytes: 10n, packets: 1n } } })),
      [type('getflowtable')]: reply(0xa16, codec.flowtable.encode({ header: { family: 'ip' }, attrs: { table: 't', name: 'f' } })),
    });
    expect(await nfnl.nftables.chains.get({ family: 'ip', table: 't', name: 'c' })).toMatchObject({ table: 't', name: 'c' });
    expect(await nfnl.nftables.rules.get({ family: 'ip', table: 't', chain: 'c', handle: 5n })).toMatchObject({ chain: 'c', handle: 5n });
    expect(await nfnl.nftables.sets.get({ family: 'ip', table: 't', name: 's' })).toMatchObject({ name: 's' });
    expect(await nfnl.nftables.elements.get({ family: 'ip', table: 't', set: 's' }, [{ key: Uint8Array.of(7) }])).toEqual([{ key: Uint8Array.of(7), flags: [] }]);
    expect(await nfnl.nftables.objects.get({ family: 'ip', table: 't', name: 'o', type: 'counter' })).toMatchObject({ name: 'o', data: { bytes: 10n } });
    expect(await nfnl.nftables.objects.reset({ family: 'ip', table: 't', name: 'o', type: 'counter' })).toMatchObject({ name: 'o', data: { packets: 1n } });
    expect(await nfnl.nftables.flowtables.get({ family: 'ip', table: 't', name: 'f' })).toMatchObject({ name: 'f' });
    const asked = kernel.requests.map((r) => [r.type, r.flags & NLM_F_DUMP]);
    expect(asked).toEqual([[0xa04, 0], [0xa07, 0], [0xa0a, 0], [0xa0d, 0], [0xa13, 0], [0xa15, 0], [0xa17, 0]]);
    expect(codec.rule.decode(kernel.requests[1]!.payload).attrs).toEqual({ table: 't', chain: 'c', handle: 5n });
    expect(codec.elems.decode(kernel.requests[3]!.payload).attrs).toEqual({ table: 't', set: 's', elements: { elem: [{ key: { value: Uint8Array.of(7) } }] } });
    expect(codec.obj.decode(kernel.requests[5]!.payload).attrs).toEqual({ table: 't', name: 'o', type: 'counter' });
    expect(codec.chain.decode(kernel.requests[0]!.payload).attrs).toEqual({ table: 't', name: 'c' });
    expect(codec.set.decode(kernel.requests[2]!.payload).attrs).toEqual({ table: 't', name: 's' });
    expect(codec.obj.decode(kernel.requests[4]!.payload).attrs).toEqual({ table: 't', name: 'o', type: 'counter' });
    expect(codec.flowtable.decode(kernel.requests[6]!.payload).attrs).toEqual({ table: 't', name: 'f' });
    // Each GET names the family: NFPROTO_IPV4 (2).
    expect(kernel.requests.map((r) => r.payload[0])).toEqual(Array(7).fill(2));
    nfnl.close();
  });
});

describe('interrupted dumps', () => {
  const tables = [codec.table.encode({ header: { family: 'ip' }, attrs: { name: 'a' } })];

  it('a dump interrupted by a concurrent change is done again', async () => {
    const { nfnl, count } = kernelWith({ [type('gettable')]: (req, k, n) => k.multipart(req, tables, { type: 0xa00, ...(n <= 3 ? { interrupted: 0 } : {}) }) });
    expect((await nfnl.nftables.tables.list()).map((t) => t.name)).toEqual(['a']);
    expect(count(0xa01)).toBe(4);
    nfnl.close();
  });

  it('once its attempts are spent, DumpInterruptedError', async () => {
    const { nfnl, count } = kernelWith({ [type('gettable')]: (req, k) => k.multipart(req, tables, { type: 0xa00, interrupted: 0 }) });
    await expect(nfnl.nftables.tables.list({}, { onInterrupt: { action: 'retry', attempts: 4, initialDelay: 0 } })).rejects.toBeInstanceOf(DumpInterruptedError);
    expect(count(0xa01)).toBe(4);
    nfnl.close();
  });

  it('accept returns the interrupted dump marked interrupted; fail throws after one dump; a bad policy sends nothing', async () => {
    const { nfnl, count } = kernelWith({ [type('gettable')]: (req, k) => k.multipart(req, tables, { type: 0xa00, interrupted: 0 }) });
    const listed = await nfnl.nftables.tables.list({}, { onInterrupt: { action: 'accept' } });
    expect(listed.map((t) => t.name)).toEqual(['a']);
    expect(listed.interrupted).toBe(true);
    await expect(nfnl.nftables.tables.list({}, { onInterrupt: { action: 'fail' } })).rejects.toBeInstanceOf(DumpInterruptedError);
    expect(count(0xa01)).toBe(2);
    await expect(nfnl.nftables.tables.list({}, { onInterrupt: { action: 'sometimes' } as never })).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'options.onInterrupt.action' });
    expect(count(0xa01)).toBe(2);
    nfnl.close();
  });

  it('other dump errors are not retried, and name the attribute the kernel blamed', async () => {
    const { nfnl, count } = kernelWith({ [type('getchain')]: (req, k) => k.error(req, 22, { offset: 20, message: 'bad table' }) });
    const error = await nfnl.nftables.chains.list({ table: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ errnoName: 'EINVAL', extAckMessage: 'bad table', attributePath: 'table' });
    expect(count(0xa04)).toBe(1);
    nfnl.close();
  });
});

describe('generations and rulesets', () => {
  const genReply = (attrs: { id: number; procPid?: number; procName?: string }): Answer => (req, k) => [{ messages: [k.reply(req, { type: 0xa0f, flags: 0, payload: codec.gen.encode({ header: { family: 'unspec' }, attrs }) })] }, k.ack(req)];

  it('the generation, with the process that committed it', async () => {
    const { kernel, nfnl } = kernelWith({ [type('getgen')]: genReply({ id: 12, procPid: 345, procName: 'nft' }) });
    const generation = await nfnl.nftables.generation();
    expectExactly(generation, { id: 12, procPid: 345, procName: 'nft' });
    expect(nft.decodedMessage(generation)).toMatchObject({ attrs: { id: 12 } });
    expect(kernel.requests[0]).toMatchObject({ type: 0xa10, payload: Uint8Array.of(0, 0, 0, 0) });
    nfnl.close();
  });

  it('a generation without the process attributes has none', async () => {
    const { nfnl } = kernelWith({ [type('getgen')]: genReply({ id: 3 }) });
    expectExactly(await nfnl.nftables.generation(), { id: 3 });
    nfnl.close();
  });

  const emptyDumps = Object.fromEntries(['gettable', 'getchain', 'getrule', 'getobj', 'getflowtable'].map((m) => [type(m as keyof typeof NFT_MSG), dump([])]));

  it('a ruleset: every list at one generation, each set with its elements', async () => {
    const { nfnl, count } = kernelWith({
      ...emptyDumps,
      [type('getgen')]: genReply({ id: 7 }),
      [type('getset')]: dump([codec.set.encode({ header: { family: 'inet' }, attrs: { table: 't', name: 's', keyType: 7, keyLen: 4 } })]),
      [type('getsetelem')]: (req, k) => {
        expect(codec.elems.decode(req.payload)).toMatchObject({ header: { family: 'inet' }, attrs: { table: 't', set: 's' } });
        return dump([codec.elems.encode({ header: { family: 'inet' }, attrs: { table: 't', set: 's', elements: { elem: [{ key: { value: Uint8Array.of(10, 0, 0, 1) } }] } } })])(req, k, 1);
      },
    });
    const ruleset = await nfnl.nftables.ruleset({ family: 'inet' });
    expect(ruleset).toMatchObject({ generation: 7, tables: [], chains: [], rules: [], objects: [], flowtables: [] });
    expect(ruleset.sets).toEqual([expect.objectContaining({ name: 's', keyType: 'ipv4_addr', elements: [{ key: Uint8Array.of(10, 0, 0, 1), flags: [] }] })]);
    expect(count(0xa10)).toBe(2);
    nfnl.close();
  });

  it('read again while commits happen meanwhile, four times at most', async () => {
    let id = 0;
    const { nfnl, count } = kernelWith({ ...emptyDumps, [type('getset')]: dump([]), [type('getgen')]: (req, k) => genReply({ id: ++id })(req, k, 0) });
    // Every read sees a new generation: the fourth read is returned anyway, with the generation after it.
    expect((await nfnl.nftables.ruleset()).generation).toBe(8);
    expect(count(0xa01)).toBe(4);
    nfnl.close();
  });

  it('rules chain by chain, in the order of the chain list; a chain deleted meanwhile (ENOENT) is read again at the next generation', async () => {
    const chainOf = (name: string) => codec.chain.encode({ header: { family: 'inet' }, attrs: { table: 't', name } });
    const ruleOf = (chain: string, handle: bigint) => codec.rule.encode({ header: { family: 'inet' }, attrs: { table: 't', chain, handle, expressions: { elem: [] } } });
    const ids = [1, 2, 2, 2];
    const { kernel, nfnl } = kernelWith({
      ...emptyDumps,
      [type('getset')]: dump([]),
      [type('getgen')]: (req, k, n) => genReply({ id: ids[n - 1]! })(req, k, 0),
      // The first read lists chains y, gone, x; `gone` is deleted before its rules are asked for.
      [type('getchain')]: (req, k, n) => dump(n === 1 ? [chainOf('y'), chainOf('gone'), chainOf('x')] : [chainOf('y'), chainOf('x')])(req, k, n),
      [type('getrule')]: (req, k, n) => {
        const chain = codec.rule.decode(req.payload).attrs.chain!;
        if (chain === 'gone') return k.error(req, 2);
        return dump(chain === 'x' ? [ruleOf('x', 1n), ruleOf('x', 2n)] : [ruleOf('y', 3n)])(req, k, n);
      },
    });
    const ruleset = await nfnl.nftables.ruleset();
    expect(ruleset.generation).toBe(2);
    expect(ruleset.rules.map((r) => `${r.chain} ${r.handle}`)).toEqual(['y 3', 'x 1', 'x 2']);
    const asked = kernel.requests.filter((r) => r.type === type('getrule')).map((r) => codec.rule.decode(r.payload).attrs);
    expect(asked).toEqual(['y', 'gone', 'x', 'y', 'x'].map((chain) => ({ table: 't', chain })));
    nfnl.close();
  });

  it('past 32 chains, the rules in one dump (many small chains: a round trip each would cost more)', async () => {
    const chains = Array.from({ length: 33 }, (_, i) => codec.chain.encode({ header: { family: 'inet' }, attrs: { table: 't', name: `c${i}` } }));
    const rules = Array.from({ length: 33 }, (_, i) => codec.rule.encode({ header: { family: 'inet' }, attrs: { table: 't', chain: `c${i}`, handle: BigInt(i + 1), expressions: { elem: [] } } }));
    const { kernel, nfnl } = kernelWith({ ...emptyDumps, [type('getset')]: dump([]), [type('getgen')]: genReply({ id: 4 }), [type('getchain')]: dump(chains), [type('getrule')]: dump(rules) });
    expect((await nfnl.nftables.ruleset()).rules.map((r) => r.handle)).toEqual(rules.map((_, i) => BigInt(i + 1)));
    // One dump of the family and table the 33 chains share, kept to those chains (the kernel's other rules are left out).
    expect(kernel.requests.filter((r) => r.type === type('getrule')).map((r) => codec.rule.decode(r.payload))).toEqual([{ header: { family: 'inet', version: 0, resId: 0 }, attrs: { table: 't' } }]);
    nfnl.close();
  });

  it('read once more after one commit meanwhile', async () => {
    const ids = [1, 2, 2, 2];
    const { nfnl, count } = kernelWith({ ...emptyDumps, [type('getset')]: dump([]), [type('getgen')]: (req, k, n) => genReply({ id: ids[n - 1]! })(req, k, 0) });
    expect((await nfnl.nftables.ruleset()).generation).toBe(2);
    expect(count(0xa01)).toBe(2);
    nfnl.close();
  });
});
