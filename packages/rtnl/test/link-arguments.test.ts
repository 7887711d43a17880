// Link verb arguments at their limits, without a kernel: a kind name of at most 63 bytes (MODULE_NAME_LEN
// 64 with its NUL, as the kernel's rtnl_link_ops lookup takes it), link-layer types 0..65535 (ifi_type is a
// u16), aliases of at most 255 bytes (IFALIASZ 256), and the messages that say so.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl } from '../src/index.js';

function fake() {
  const kernel = new FakeKernel((req, k) => ((req.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(req, []) : k.ack(req)), { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

async function refusal(call: () => Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await Promise.resolve().then(call).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return error as InvalidArgumentError;
}

describe('link arguments at their limits', () => {
  it('a kind filter: 1..63 bytes, no NUL', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.links.list({ kind: 'k'.repeat(63) });
    expect((await refusal(() => rtnl.links.list({ kind: 'k'.repeat(64) }))).message).toBe(`kind: "${'k'.repeat(64)}" is not a link kind`);
    expect((await refusal(() => rtnl.links.list({ kind: 'br\0' }))).argument).toBe('kind');
    expect((await refusal(() => rtnl.links.list({ kind: 5 as never }))).message).toBe('kind: 5 is not a link kind');
    expect(kernel.requests).toHaveLength(1);
    rtnl.close();
  });

  it('a type filter: a name, or 0..65535', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.links.list({ type: 0xffff });
    await rtnl.links.list({ type: 0 });
    expect((await refusal(() => rtnl.links.list({ type: 0x10000 }))).argument).toBe('type');
    expect((await refusal(() => rtnl.links.list({ stats: 'no' as never }))).argument).toBe('stats');
    expect((await refusal(() => rtnl.links.list({ master: 0 }))).argument).toBe('master');
    expect((await refusal(() => rtnl.links.list(null as never))).message).toBe('filter: expected an object of options, got null');
    expect((await refusal(() => rtnl.links.list([] as never))).argument).toBe('filter');
    expect(kernel.requests).toHaveLength(2);
    rtnl.close();
  });

  it('aliases: up to 255 bytes; null removes one on set, and is refused on create', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.links.set(3, { alias: 'é'.repeat(127) + 'a' });
    await rtnl.links.set(3, { alias: null });
    expect((await refusal(() => rtnl.links.set(3, { alias: 'é'.repeat(128) }))).message).toBe('alias: 256 bytes; an alias has at most 255');
    expect((await refusal(() => rtnl.links.set(3, { alias: 5 as never }))).message).toBe('alias: expected a string without NUL (or null to remove it), got 5');
    expect((await refusal(() => rtnl.links.create({ name: 'd0', kind: 'dummy', alias: null as never }))).message).toBe('alias: expected a string without NUL, got null');
    expect(kernel.requests.filter((r) => r.type === 16)).toHaveLength(2);
    rtnl.close();
  });

  it('create: a spec object with a name; the lower device named for the kinds that need one', async () => {
    const { kernel, rtnl } = fake();
    expect((await refusal(() => rtnl.links.create(null as never))).message).toBe("spec: expected the new link's options, got null");
    expect((await refusal(() => rtnl.links.create({ kind: 'dummy' } as never))).message).toBe('name: the new link needs a name');
    expect((await refusal(() => rtnl.links.create({ name: 'i0', kind: 'ipvtap' } as never))).message).toBe('link: a ipvtap link needs its lower device');
    expect((await refusal(() => rtnl.links.create({ name: 'd0', kind: 'dummy', master: null as never }))).argument).toBe('master');
    expect((await refusal(() => rtnl.links.create({ name: 'd0', kind: 'dummy', stp: true } as never))).message).toBe('stp: unknown option for a dummy link; the options are name, kind, link, mtu, address, broadcast, txqlen, alias, master, up');
    expect((await refusal(() => rtnl.links.set(3, { mtu: 1, stp: true } as never))).message).toMatch(/^stp: unknown option for set \(without a kind\); the options are up, mtu, name/);
    expect((await refusal(() => rtnl.links.set(3, { kind: 'bridge', peer: {} } as never))).argument).toBe('peer');
    expect((await refusal(() => rtnl.links.set(3, { mtu: undefined }))).message).toBe('changes: nothing to change');
    expect((await refusal(() => rtnl.links.set(3, null as never))).message).toBe('changes: expected an object of options, got null');
    expect(kernel.requests).toEqual([]);
    rtnl.close();
  });
});
