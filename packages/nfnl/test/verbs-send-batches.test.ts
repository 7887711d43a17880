// Each change verb sends one batch of one message: the NFT_MSG_* type and the NLM_F_* flags nft uses for
// it (add: CREATE, create: CREATE|EXCL, rule add: CREATE|APPEND, replace: REPLACE), the object's key, and
// the call's options (signal, timeout) carried to the batch. Rules added or inserted resolve
// with the handle the kernel echoed.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { AbortError, TimeoutError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_APPEND, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST, type NetlinkMessage } from '@linx/netlink-wire';
import { GenerationConflictError, Nfnl, NftBatch, nft } from '../src/index.js';
import { fakeNftKernel } from './helpers/fake-nft.js';

const BASE = NLM_F_REQUEST | NLM_F_ACK;
const decode = (m: NetlinkMessage) => compileMessage(nft.messages.tableMessage).decode(m.payload); // nfgenmsg + any attrs
const attrs = (decl: Parameters<typeof compileMessage>[0], m: NetlinkMessage) => (compileMessage(decl).decode(m.payload) as { attrs: Record<string, unknown> }).attrs;

async function sent(call: (nfnl: Nfnl) => Promise<unknown>): Promise<NetlinkMessage> {
  const kernel = fakeNftKernel();
  const nfnl = new Nfnl(kernel);
  try {
    await call(nfnl);
    expect(kernel.committed).toHaveLength(1);
    expect(kernel.committed[0]).toHaveLength(1);
    return kernel.committed[0]![0]!;
  } finally {
    nfnl.close();
  }
}

describe('one batch per change', () => {
  const inet = { family: 'inet' as const, table: 't' };

  it('tables', async () => {
    const M = nft.messages.tableMessage;
    expect(await sent((n) => n.nftables.tables.add({ family: 'inet', name: 't' }))).toMatchObject({ type: 0xa00, flags: BASE | NLM_F_CREATE });
    expect(await sent((n) => n.nftables.tables.create({ family: 'inet', name: 't' }))).toMatchObject({ type: 0xa00, flags: BASE | NLM_F_CREATE | NLM_F_EXCL });
    const del = await sent((n) => n.nftables.tables.delete({ family: 'ip', name: 'x' }));
    expect(del).toMatchObject({ type: 0xa02, flags: BASE });
    expect(decode(del).header.family).toBe('ip');
    expect(attrs(M, del)).toEqual({ name: 'x' });
    expect(await sent((n) => n.nftables.tables.destroy({ family: 'ip', handle: 3n }))).toMatchObject({ type: 0xa1a, flags: BASE });
  });

  it('chains', async () => {
    const M = nft.messages.chainMessage;
    expect(await sent((n) => n.nftables.chains.add({ ...inet, name: 'c' }))).toMatchObject({ type: 0xa03, flags: BASE | NLM_F_CREATE });
    expect(await sent((n) => n.nftables.chains.create({ ...inet, name: 'c' }))).toMatchObject({ type: 0xa03, flags: BASE | NLM_F_CREATE | NLM_F_EXCL });
    const del = await sent((n) => n.nftables.chains.delete({ ...inet, name: 'c' }));
    expect(del).toMatchObject({ type: 0xa05, flags: BASE });
    expect(attrs(M, del)).toEqual({ table: 't', name: 'c' });
    expect(await sent((n) => n.nftables.chains.destroy({ ...inet, name: 'c' }))).toMatchObject({ type: 0xa1b, flags: BASE });
    const flush = await sent((n) => n.nftables.chains.flush({ ...inet, name: 'c' }));
    expect(flush).toMatchObject({ type: 0xa08, flags: BASE });
    expect(attrs(nft.messages.ruleMessage, flush)).toEqual({ table: 't', chain: 'c' });
  });

  it('rules', async () => {
    const rule = { ...inet, chain: 'c', expressions: [] };
    expect(await sent((n) => n.nftables.rules.add(rule))).toMatchObject({ type: 0xa06, flags: BASE | NLM_F_CREATE | NLM_F_APPEND | NLM_F_ECHO });
    expect(await sent((n) => n.nftables.rules.insert(rule))).toMatchObject({ type: 0xa06, flags: BASE | NLM_F_CREATE | NLM_F_ECHO });
    const replace = await sent((n) => n.nftables.rules.replace({ ...rule, handle: 4n }));
    expect(replace).toMatchObject({ type: 0xa06, flags: BASE | NLM_F_REPLACE });
    expect(attrs(nft.messages.ruleMessage, replace)).toMatchObject({ handle: 4n });
    expect(await sent((n) => n.nftables.rules.delete({ ...inet, chain: 'c', handle: 4n }))).toMatchObject({ type: 0xa08, flags: BASE });
    expect(await sent((n) => n.nftables.rules.destroy({ ...inet, chain: 'c', handle: 4n }))).toMatchObject({ type: 0xa1c, flags: BASE });
  });

  it('sets', async () => {
    const set = { ...inet, name: 's', keyType: 'ipv4_addr' };
    expect(await sent((n) => n.nftables.sets.add(set))).toMatchObject({ type: 0xa09, flags: BASE | NLM_F_CREATE });
    expect(await sent((n) => n.nftables.sets.create(set))).toMatchObject({ type: 0xa09, flags: BASE | NLM_F_CREATE | NLM_F_EXCL });
    expect(await sent((n) => n.nftables.sets.delete({ ...inet, name: 's' }))).toMatchObject({ type: 0xa0b, flags: BASE });
    expect(await sent((n) => n.nftables.sets.destroy({ ...inet, name: 's' }))).toMatchObject({ type: 0xa1d, flags: BASE });
    const flush = await sent((n) => n.nftables.sets.flush({ ...inet, name: 's' }));
    expect(flush).toMatchObject({ type: 0xa0e, flags: BASE });
    expect(attrs(nft.messages.setElemListMessage, flush)).toEqual({ table: 't', set: 's' });
  });

  it('elements', async () => {
    const target = { ...inet, set: 's' };
    const elements = [{ key: Uint8Array.of(1, 2, 3, 4) }];
    expect(await sent((n) => n.nftables.elements.add(target, elements))).toMatchObject({ type: 0xa0c, flags: BASE | NLM_F_CREATE });
    expect(await sent((n) => n.nftables.elements.create(target, elements))).toMatchObject({ type: 0xa0c, flags: BASE | NLM_F_CREATE | NLM_F_EXCL });
    expect(await sent((n) => n.nftables.elements.delete(target, elements))).toMatchObject({ type: 0xa0e, flags: BASE });
    const destroy = await sent((n) => n.nftables.elements.destroy(target, elements));
    expect(destroy).toMatchObject({ type: 0xa1e, flags: BASE });
    expect(attrs(nft.messages.setElemListMessage, destroy)).toEqual({ table: 't', set: 's', elements: { elem: [{ key: { value: Uint8Array.of(1, 2, 3, 4) } }] } });
  });

  it('objects', async () => {
    const obj = { ...inet, name: 'o', type: 'counter' as const, data: {} };
    expect(await sent((n) => n.nftables.objects.add(obj))).toMatchObject({ type: 0xa12, flags: BASE | NLM_F_CREATE });
    expect(await sent((n) => n.nftables.objects.create(obj))).toMatchObject({ type: 0xa12, flags: BASE | NLM_F_CREATE | NLM_F_EXCL });
    expect(await sent((n) => n.nftables.objects.delete({ ...inet, name: 'o', type: 'counter' }))).toMatchObject({ type: 0xa14, flags: BASE });
    expect(await sent((n) => n.nftables.objects.destroy({ ...inet, name: 'o', type: 'counter' }))).toMatchObject({ type: 0xa1f, flags: BASE });
  });

  it('flowtables', async () => {
    const ft = { ...inet, name: 'f', devices: ['lo'] };
    expect(await sent((n) => n.nftables.flowtables.add(ft))).toMatchObject({ type: 0xa16, flags: BASE | NLM_F_CREATE });
    expect(await sent((n) => n.nftables.flowtables.create(ft))).toMatchObject({ type: 0xa16, flags: BASE | NLM_F_CREATE | NLM_F_EXCL });
    expect(await sent((n) => n.nftables.flowtables.delete({ ...inet, name: 'f' }))).toMatchObject({ type: 0xa18, flags: BASE });
    expect(await sent((n) => n.nftables.flowtables.destroy({ ...inet, name: 'f' }))).toMatchObject({ type: 0xa20, flags: BASE });
  });
});

describe('handles of added rules', () => {
  const rule = { family: 'inet' as const, table: 't', chain: 'c', expressions: [] };
  const echoRule = (handle: bigint, portId: () => number) => (m: NetlinkMessage) => {
    const codec = compileMessage(nft.messages.ruleMessage);
    const payload = codec.encode({ header: { family: 'inet' }, attrs: { table: 't', chain: 'c', handle } });
    // The kernel echoes the NEWRULE (and NEWGEN) with the request's sequence number, marked with the nftables group.
    return { messages: [{ type: 0xa0f, flags: 0, seq: m.seq, pid: portId(), payload: Uint8Array.of(0, 0, 0, 0) }, { type: 0xa06, flags: 0, seq: m.seq, pid: portId(), payload }], group: 7 };
  };

  it('add and insert resolve with the echoed handle', async () => {
    const kernel = fakeNftKernel({ echo: echoRule(42n, () => kernel.portId) });
    const nfnl = new Nfnl(kernel);
    expect(await nfnl.nftables.rules.add(rule)).toBe(42n);
    expect(await nfnl.nftables.rules.insert(rule)).toBe(42n);
    nfnl.close();
  });

  it('without an echo (a kernel that sends none), undefined', async () => {
    const nfnl = new Nfnl(fakeNftKernel());
    expect(await nfnl.nftables.rules.add(rule)).toBeUndefined();
    expect(await nfnl.nftables.rules.insert(rule)).toBeUndefined();
    nfnl.close();
  });
});

describe('call options reach the batch', () => {
  it('an aborted signal sends nothing; a timeout ends a batch the kernel never answers', async () => {
    const kernel = new FakeKernel(() => undefined);
    const nfnl = new Nfnl(kernel);
    await expect(nfnl.nftables.chains.delete({ family: 'inet', table: 't', name: 'c' }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(kernel.requests).toHaveLength(0);
    await expect(nfnl.nftables.chains.delete({ family: 'inet', table: 't', name: 'c' }, { timeout: 20 })).rejects.toBeInstanceOf(TimeoutError);
    nfnl.close();
  });

  it('dumps and gets take a signal and a timeout too', async () => {
    const nfnl = new Nfnl(new FakeKernel(() => undefined));
    await expect(nfnl.nftables.tables.list({}, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    await expect(nfnl.nftables.tables.list({}, { timeout: 20 })).rejects.toBeInstanceOf(TimeoutError);
    await expect(nfnl.nftables.generation({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    await expect(nfnl.nftables.generation({ timeout: 20 })).rejects.toBeInstanceOf(TimeoutError);
    nfnl.close();
  });
});

describe('Nftables.batch', () => {
  it('takes a prepared NftBatch, and sends its operations in order', async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    const batch = new NftBatch().addTable({ family: 'ip', name: 'a' }).addChain({ family: 'ip', table: 'a', name: 'c' });
    const result = await nfnl.nftables.batch(batch);
    expect(result).toEqual({ echoes: [[], []] });
    expect(kernel.committed[0]!.map((m) => m.type)).toEqual([0xa00, 0xa03]);
    nfnl.close();
  });

  it('without echo, no NLM_F_ECHO', async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    await nfnl.nftables.batch((b) => b.addTable({ family: 'ip', name: 'a' }), { echo: false });
    expect(kernel.committed[0]![0]!.flags & NLM_F_ECHO).toBe(0);
    nfnl.close();
  });

  it('echoes it cannot read (another subsystem, a trace) are left out', async () => {
    const empty = Uint8Array.of(0, 0, 0, 0);
    const table = compileMessage(nft.messages.tableMessage).encode({ header: { family: 'ip' }, attrs: { name: 'a' } });
    const kernel = fakeNftKernel({
      echo: (m) => ({
        messages: [0x100, 0xa11, 0xa00].map((type) => ({ type, flags: 0, seq: m.seq, pid: kernel.portId, payload: type === 0xa00 ? table : empty })),
        group: 7,
      }),
    });
    const nfnl = new Nfnl(kernel);
    const result = await nfnl.nftables.batch((b) => b.addTable({ family: 'ip', name: 'a' }), { echo: true });
    expect(result.echoes.map((e) => e.map((c) => [c.op, c.kind]))).toEqual([[['add', 'table']]]);
    expect(result.generation).toBeUndefined();
    nfnl.close();
  });
});

describe('withGeneration', () => {
  it('gives up after `attempts` conflicts, with the last conflict', async () => {
    const kernel = fakeNftKernel();
    const nfnl = new Nfnl(kernel);
    let runs = 0;
    const work = async (generation: number) => {
      runs++;
      kernel.bump();
      await nfnl.nftables.batch((b) => b.addTable({ family: 'ip', name: 'a' }), { generation });
    };
    await expect(nfnl.nftables.withGeneration(work)).rejects.toBeInstanceOf(GenerationConflictError);
    expect(runs).toBe(5);
    runs = 0;
    await expect(nfnl.nftables.withGeneration(work, { attempts: 2 })).rejects.toBeInstanceOf(GenerationConflictError);
    expect(runs).toBe(2);
    expect(kernel.committed).toHaveLength(0);
    nfnl.close();
  });

  it('other errors are not retried', async () => {
    const nfnl = new Nfnl(fakeNftKernel());
    let runs = 0;
    const oops = new Error('oops');
    await expect(
      nfnl.nftables.withGeneration(async () => {
        runs++;
        throw oops;
      }),
    ).rejects.toBe(oops);
    expect(runs).toBe(1);
    nfnl.close();
  });
});
