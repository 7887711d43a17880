// What nftables notifications and echoes mean: each NFT_MSG_NEW* is an `add`, each DEL*/DESTROY* a
// `delete` of its kind (message numbers from linux/netfilter/nf_tables.h enum nf_tables_msg_types, DESTROY*
// since Linux 6.3), NEWGEN the generation a commit made; traces and other subsystems mean nothing here.
// The monitor joins NFNLGRP_NFTABLES (7) and groups the changes of each commit under its NEWGEN.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { OverrunError } from '@linx/netlink-socket';
import { Nfnl, nft, type MonitorEvent } from '../src/index.js';

const M = nft.messages;
const payloads = {
  table: compileMessage(M.tableMessage).encode({ header: { family: 'inet' }, attrs: { name: 't', handle: 1n } }),
  chain: compileMessage(M.chainMessage).encode({ header: { family: 'inet' }, attrs: { table: 't', name: 'c', hook: { num: 1, priority: 0 } } }),
  rule: compileMessage(M.ruleMessage).encode({ header: { family: 'inet' }, attrs: { table: 't', chain: 'c', handle: 4n, position: 3n } }),
  set: compileMessage(M.setMessage).encode({ header: { family: 'inet' }, attrs: { table: 't', name: 's', keyType: 7, keyLen: 4 } }),
  elements: compileMessage(M.setElemListMessage).encode({ header: { family: 'inet' }, attrs: { table: 't', set: 's', elements: { elem: [{ key: { value: Uint8Array.of(10, 0, 0, 1) } }] } } }),
  object: compileMessage(M.objMessage).encode({ header: { family: 'inet' }, attrs: { table: 't', name: 'o', type: 'counter' } }),
  flowtable: compileMessage(M.flowtableMessage).encode({ header: { family: 'inet' }, attrs: { table: 't', name: 'f', hook: { num: 0, priority: -100 } } }),
  gen: compileMessage(M.genMessage).encode({ header: { family: 'unspec' }, attrs: { id: 9, procPid: 77, procName: 'nft' } }),
};
const msg = (type: number, payload: Uint8Array) => ({ type, flags: 0, seq: 0, pid: 0, payload });

describe('decodeNftMessage', () => {
  const cases: [number, 'add' | 'delete', keyof typeof payloads, string][] = [
    [0xa00, 'add', 'table', 'NFT_MSG_NEWTABLE'],
    [0xa02, 'delete', 'table', 'NFT_MSG_DELTABLE'],
    [0xa1a, 'delete', 'table', 'NFT_MSG_DESTROYTABLE'],
    [0xa03, 'add', 'chain', 'NFT_MSG_NEWCHAIN'],
    [0xa05, 'delete', 'chain', 'NFT_MSG_DELCHAIN'],
    [0xa1b, 'delete', 'chain', 'NFT_MSG_DESTROYCHAIN'],
    [0xa06, 'add', 'rule', 'NFT_MSG_NEWRULE'],
    [0xa08, 'delete', 'rule', 'NFT_MSG_DELRULE'],
    [0xa1c, 'delete', 'rule', 'NFT_MSG_DESTROYRULE'],
    [0xa09, 'add', 'set', 'NFT_MSG_NEWSET'],
    [0xa0b, 'delete', 'set', 'NFT_MSG_DELSET'],
    [0xa1d, 'delete', 'set', 'NFT_MSG_DESTROYSET'],
    [0xa0c, 'add', 'elements', 'NFT_MSG_NEWSETELEM'],
    [0xa0e, 'delete', 'elements', 'NFT_MSG_DELSETELEM'],
    [0xa1e, 'delete', 'elements', 'NFT_MSG_DESTROYSETELEM'],
    [0xa12, 'add', 'object', 'NFT_MSG_NEWOBJ'],
    [0xa14, 'delete', 'object', 'NFT_MSG_DELOBJ'],
    [0xa1f, 'delete', 'object', 'NFT_MSG_DESTROYOBJ'],
    [0xa16, 'add', 'flowtable', 'NFT_MSG_NEWFLOWTABLE'],
    [0xa18, 'delete', 'flowtable', 'NFT_MSG_DELFLOWTABLE'],
    [0xa20, 'delete', 'flowtable', 'NFT_MSG_DESTROYFLOWTABLE'],
  ];

  it.each(cases)('message type %i is %s %s (%s)', (type, op, kind) => {
    const meaning = nft.decodeNftMessage(msg(type, payloads[kind]));
    expect(meaning).toMatchObject({ op, kind });
  });

  it('the values are the friendly objects', () => {
    expect(nft.decodeNftMessage(msg(0xa00, payloads.table))).toEqual({ op: 'add', kind: 'table', value: { family: 'inet', name: 't', handle: 1n, flags: [] } });
    expect(nft.decodeNftMessage(msg(0xa03, payloads.chain))!.value).toMatchObject({ name: 'c', hook: 'input', priority: 0 });
    expect(nft.decodeNftMessage(msg(0xa06, payloads.rule))!.value).toMatchObject({ chain: 'c', handle: 4n, position: 3n });
    expect(nft.decodeNftMessage(msg(0xa09, payloads.set))!.value).toMatchObject({ name: 's', keyType: 'ipv4_addr', keyLen: 4 });
    expect(nft.decodeNftMessage(msg(0xa0c, payloads.elements))!.value).toEqual({ family: 'inet', table: 't', set: 's', elements: [{ key: Uint8Array.of(10, 0, 0, 1), flags: [] }] });
    expect(nft.decodeNftMessage(msg(0xa12, payloads.object))!.value).toMatchObject({ name: 'o', type: 'counter' });
    expect(nft.decodeNftMessage(msg(0xa16, payloads.flowtable))!.value).toMatchObject({ name: 'f', hook: 'ingress', priority: -100 });
  });

  it('NFT_MSG_NEWGEN is the generation, with the committing process', () => {
    expect(nft.decodeNftMessage(msg(0xa0f, payloads.gen))).toEqual({ kind: 'generation', value: { id: 9, procPid: 77, procName: 'nft' } });
  });

  it('traces, GET types and other subsystems are not changes', () => {
    expect(nft.decodeNftMessage(msg(0xa11, Uint8Array.of(1, 0, 0, 0)))).toBeUndefined(); // NFT_MSG_TRACE
    expect(nft.decodeNftMessage(msg(0xa01, payloads.table))).toBeUndefined(); // NFT_MSG_GETTABLE
    expect(nft.decodeNftMessage(msg(0x100, payloads.table))).toBeUndefined(); // ctnetlink IPCTNL_MSG_CT_NEW
    expect(nft.decodeNftMessage(msg(0xb00, payloads.table))).toBeUndefined(); // nft_compat
  });
});

describe('NftMonitor', () => {
  async function next(iterator: AsyncIterator<MonitorEvent>): Promise<MonitorEvent> {
    const { value, done } = await iterator.next();
    expect(done).toBe(false);
    return value as MonitorEvent;
  }

  it('joins NFNLGRP_NFTABLES and yields the changes of each commit with its generation', async () => {
    const kernel = new FakeKernel();
    const nfnl = new Nfnl(kernel);
    const monitor = nfnl.nftables.monitor();
    expect(nft.NftMonitor.group).toBe(7);
    const iterator = monitor[Symbol.asyncIterator]();
    const first = next(iterator);
    await new Promise((r) => setImmediate(r));
    expect([...kernel.groups]).toEqual([7]);
    kernel.notify(7, msg(0xa00, payloads.table), msg(0xa11, Uint8Array.of(1, 0, 0, 0)), msg(0xa03, payloads.chain), msg(0xa0f, payloads.gen));
    const event = await first;
    expect(event.kind).toBe('generation');
    if (event.kind !== 'generation') return;
    expect(event.generation).toEqual({ id: 9, procPid: 77, procName: 'nft' });
    expect(event.changes.map((c) => [c.op, c.kind])).toEqual([['add', 'table'], ['add', 'chain']]);
    // The next commit starts afresh.
    kernel.notify(7, msg(0xa02, payloads.table), msg(0xa0f, payloads.gen));
    const second = await next(iterator);
    expect(second.kind === 'generation' && second.changes.map((c) => [c.op, c.kind])).toEqual([['delete', 'table']]);
    monitor.close();
    expect(kernel.groups.size).toBe(0);
    nfnl.close();
  });

  it('an overrun is yielded, and drops the changes gathered before it', async () => {
    const kernel = new FakeKernel();
    const nfnl = new Nfnl(kernel);
    using monitor = nfnl.nftables.monitor();
    const iterator = monitor[Symbol.asyncIterator]();
    const first = next(iterator);
    await new Promise((r) => setImmediate(r));
    kernel.notify(7, msg(0xa00, payloads.table));
    await new Promise((r) => setImmediate(r));
    kernel.overrun();
    const overrun = await first;
    expect(overrun.kind).toBe('overrun');
    expect(overrun.kind === 'overrun' && overrun.error).toBeInstanceOf(OverrunError);
    kernel.notify(7, msg(0xa03, payloads.chain), msg(0xa0f, payloads.gen));
    const event = await next(iterator);
    expect(event.kind === 'generation' && event.changes.map((c) => c.kind)).toEqual(['chain']);
    nfnl.close();
  });

  it('close ends the iteration', async () => {
    const nfnl = new Nfnl(new FakeKernel());
    const monitor = nfnl.nftables.monitor();
    const iterator = monitor[Symbol.asyncIterator]();
    const pending = iterator.next();
    monitor[Symbol.dispose]();
    expect(await pending).toEqual({ value: undefined, done: true });
    nfnl.close();
  });
});

describe('families', () => {
  it('a family nft has no name for stays a number (NFPROTO_DECNET 12)', () => {
    const payload = compileMessage(M.tableMessage).encode({ header: { family: 12 as never }, attrs: { name: 'x' } });
    expect(payload[0]).toBe(12);
    expect(nft.decodeNftMessage(msg(0xa00, payload))!.value).toMatchObject({ family: 12, name: 'x' });
    expect(nft.decodeTable(payload)).toMatchObject({ family: 12, name: 'x' });
  });
});
