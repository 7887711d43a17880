// The verb groups whose code loads on first call (src/shared/lazy-group.ts): each shell the package
// exports has every method of its real class, the real class's name, and behaves as the real object
// does (results, rejections, streams). No kernel: a FakeKernel answers.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { FamilyClient } from '@linx/netlink-client';
import * as rtnl from '../src/index.js';
import * as real from '../src/first-use.js';
import { rtNexthop, tc } from '../src/protocol.js';

const SHELLS = ['Qdiscs', 'TcClasses', 'TcFilters', 'TcChains', 'TcActions', 'BridgeVlans', 'BridgeFdb', 'BridgeMdb', 'Nexthops'] as const;

/** The public methods a class's instances have (its prototype's own functions but the constructor). */
function methodsOf(cls: { prototype: object }): string[] {
  const proto = cls.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .filter((name) => name !== 'constructor' && typeof proto[name] === 'function')
    .sort();
}

/** A handle on a kernel that answers every dump with nothing and acknowledges everything else. */
function fakeHandle() {
  const kernel = new FakeKernel((req, k) => ((req.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(req, []) : k.ack(req)), { replyType: rtnetlinkReplyType });
  return { kernel, handle: new rtnl.Rtnl(new Connection(kernel)) };
}

describe('lazy verb groups', () => {
  it.each(SHELLS)('%s: the exported shell has the real class\'s name and every one of its methods', (name) => {
    const shell = rtnl[name];
    const Real = real[name];
    expect(shell).not.toBe(Real);
    expect(shell.name).toBe(Real.name);
    expect(methodsOf(shell)).toEqual(methodsOf(Real));
    expect(Object.getOwnPropertyNames(Real).filter((key) => !['length', 'name', 'prototype'].includes(key))).toEqual([]);
    // The same own properties (the handle's FamilyClient as `client`), for a subclass's methods.
    const { handle } = fakeHandle();
    const client = new FamilyClient(handle.connection);
    expect(Object.keys(new shell(client))).toEqual(Object.keys(new Real(client)));
    expect((new shell(client) as unknown as { client: unknown }).client).toBe(client);
    handle.close();
  });

  it('the handle\'s groups are instances of the exported classes', () => {
    const { handle } = fakeHandle();
    expect(handle.tc.qdiscs).toBeInstanceOf(rtnl.Qdiscs);
    expect(handle.tc.classes).toBeInstanceOf(rtnl.TcClasses);
    expect(handle.tc.filters).toBeInstanceOf(rtnl.TcFilters);
    expect(handle.tc.chains).toBeInstanceOf(rtnl.TcChains);
    expect(handle.tc.actions).toBeInstanceOf(rtnl.TcActions);
    expect(handle.bridge.vlans).toBeInstanceOf(rtnl.BridgeVlans);
    expect(handle.bridge.fdb).toBeInstanceOf(rtnl.BridgeFdb);
    expect(handle.bridge.mdb).toBeInstanceOf(rtnl.BridgeMdb);
    expect(handle.nexthops).toBeInstanceOf(rtnl.Nexthops);
    handle.close();
  });

  it('a call forwards its arguments and resolves with the real method\'s result', async () => {
    const { kernel, handle } = fakeHandle();
    const listed = await handle.tc.qdiscs.list({ kind: 'htb' });
    expect([...listed]).toEqual([]);
    expect(kernel.requests.filter((r) => r.type === tc.attrsMessage.types.getqdisc)).toHaveLength(1);
    await handle.nexthops.add({ id: 7, blackhole: true });
    expect(kernel.requests.filter((r) => r.type === rtNexthop.nexthopMessage.types.newnexthop)).toHaveLength(1);
    handle.close();
  });

  it('bad input rejects the returned promise (nothing thrown synchronously, nothing sent)', async () => {
    const { kernel, handle } = fakeHandle();
    let promise: Promise<void> | undefined;
    expect(() => {
      promise = handle.tc.qdiscs.add(null as never);
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(rtnl.InvalidArgumentError);
    await expect(handle.nexthops.get(-1)).rejects.toBeInstanceOf(rtnl.InvalidArgumentError);
    expect(kernel.requests).toHaveLength(0);
    handle.close();
  });

  it('a stream method is an async generator that forwards what the real one yields', async () => {
    const { kernel, handle } = fakeHandle();
    const stream = handle.nexthops.stream();
    expect(typeof stream[Symbol.asyncIterator]).toBe('function');
    const seen = [];
    for await (const nexthop of stream) seen.push(nexthop);
    expect(seen).toEqual([]);
    const dumps = kernel.requests.filter((r) => r.type === rtNexthop.nexthopMessage.types.getnexthop);
    expect(dumps.map((r) => (r.flags & NLM_F_DUMP) === NLM_F_DUMP)).toEqual([true]);
    handle.close();
  });
});
