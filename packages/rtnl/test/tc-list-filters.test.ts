// What qdisc and class lists keep, without root: the kernel's replies captured by tc-dumps.live.test.ts
// (test/fixtures/tc-dumps.json) answer linx's dumps through a FakeKernel. The kernel does not filter by
// kind or parent (and dumps every interface's qdiscs), so linx does; classes are dumped one interface at a
// time (the kernel lists classes per interface, as tc does); an index the kernel does not know is
// NoSuchInterfaceError; bad filters are refused, naming the argument, before anything is sent.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError, Rtnl } from '../src/index.js';
import { linkReply } from './helpers/captured.js';
import { TC_DUMPS_FILE, type CapturedDumps } from './helpers/tc-bytes.js';

const captured = JSON.parse(readFileSync(TC_DUMPS_FILE, 'utf8')) as CapturedDumps;
const { v0, v1 } = captured.indexes;
const replies = (name: string) => captured.dumps[Object.keys(captured.dumps).find((n) => n.startsWith(name))!]!.replies.map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));
const QDISCS = replies('qdiscs: htb');
const CLASSES = replies('htb classes');

/** A handle whose kernel knows lo, v0 and v1, answers qdisc dumps with QDISCS and v0's class dump with CLASSES. */
function handle() {
  const handler: FakeHandler = (req, k) => {
    if (req.type === 18 && (req.flags & NLM_F_DUMP) === 0) return { messages: [k.reply(req, { type: 16, payload: linkReply(v0, 'v0') })] };
    if ((req.flags & NLM_F_DUMP) === 0) return k.ack(req);
    if (req.type === 18) return k.multipart(req, [linkReply(1, 'lo'), linkReply(v0, 'v0'), linkReply(v1, 'v1')], { type: 16 });
    if (req.type === 38) return k.multipart(req, QDISCS, { type: 36 });
    const ifindex = new DataView(req.payload.buffer, req.payload.byteOffset).getInt32(4, true);
    return k.multipart(req, ifindex === v0 ? CLASSES : [], { type: 40 });
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

describe('qdisc lists', () => {
  it('keep the asked interface\'s qdiscs of the asked kind', async () => {
    const { rtnl } = handle();
    expect((await rtnl.tc.qdiscs.list({ dev: 'v0' })).map((q) => [q.dev, q.kind])).toEqual([['v0', 'htb'], ['v0', 'clsact']]);
    expect((await rtnl.tc.qdiscs.list({ dev: 'v0', kind: 'clsact' })).map((q) => [q.dev, q.kind, q.handle, q.ingress, q.root])).toEqual([['v0', 'clsact', 'ffff:', true, false]]);
    expect((await rtnl.tc.qdiscs.list({ dev: v1 })).map((q) => [q.dev, q.kind])).toEqual([['v1', 'noqueue']]);
    expect((await rtnl.tc.qdiscs.list({ kind: 'htb' })).map((q) => [q.dev, q.kind])).toEqual([['v0', 'htb']]);
    // Every interface's, in the kernel's order (v1's noqueue first here).
    expect((await rtnl.tc.qdiscs.list()).map((q) => q.dev)).toEqual(['v1', 'v0', 'v0']);
    rtnl.close();
  });

  it('an index the kernel does not know is NoSuchInterfaceError', async () => {
    const { rtnl } = handle();
    await expect(rtnl.tc.qdiscs.list({ dev: 99 })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(rtnl.tc.classes.list({ dev: 99 })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    rtnl.close();
  });
});

describe('class lists', () => {
  it('without dev: each interface asked in turn, in the link dump\'s order', async () => {
    const { kernel, rtnl } = handle();
    const all = await rtnl.tc.classes.list();
    const asked = kernel.requests.filter((r) => r.type === 42).map((r) => new DataView(r.payload.buffer, r.payload.byteOffset).getInt32(4, true));
    expect(asked).toEqual([1, v0, v1]);
    expect(all).toEqual(await rtnl.tc.classes.list({ dev: 'v0' }));
    expect(all.map((c) => c.handle)).toEqual(['1:10', '1:1']);
    rtnl.close();
  });

  it('keep the classes under the asked parent, of the asked kind', async () => {
    const { rtnl } = handle();
    expect((await rtnl.tc.classes.list({ dev: 'v0', parent: '1:1' })).map((c) => c.handle)).toEqual(['1:10']);
    expect((await rtnl.tc.classes.list({ dev: 'v0', parent: 'root' })).map((c) => c.handle)).toEqual(['1:1']);
    expect((await rtnl.tc.classes.list({ dev: 'v0', kind: 'htb' })).map((c) => c.handle)).toEqual(['1:10', '1:1']);
    expect(await rtnl.tc.classes.list({ dev: 'v0', kind: 'drr' })).toEqual([]);
    rtnl.close();
  });
});

describe('bad list filters', () => {
  it.each<[string, (r: Rtnl) => Promise<unknown>, string, RegExp]>([
    ['qdiscs, null', (r) => r.tc.qdiscs.list(null as never), 'filter', /expected a filter object, got null/],
    ['qdiscs, a number', (r) => r.tc.qdiscs.list(5 as never), 'filter', /expected a filter object, got number/],
    ['qdiscs, invisible not boolean', (r) => r.tc.qdiscs.list({ invisible: 'yes' as never }), 'filter.invisible', /expected true or false/],
    ['classes, null', (r) => r.tc.classes.list(null as never), 'filter', /expected a filter object, got null/],
    ['classes, text', (r) => r.tc.classes.list('v0' as never), 'filter', /expected a filter object, got string/],
  ])('%s: refused before anything is sent', async (_name, call, argument, message) => {
    const { kernel, rtnl } = handle();
    const error = await call(rtnl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument, message: expect.stringMatching(message) });
    expect(kernel.requests).toEqual([]);
    rtnl.close();
  });
});
