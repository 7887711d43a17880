// tc notifications (RTNLGRP_TC) decoded without root: the kernel's own messages for qdiscs, classes, filters and
// shared actions, as tc-dumps.live.test.ts captured them (test/fixtures/tc-dumps.json: a dump's replies are
// the messages the kernel multicasts, with the dump's type), given with each RTM_NEW*/RTM_DEL* type. Each
// event's object must be what `list()` gives for the same message, which tc-dumps.test.ts compares with
// `tc -j -s -d`; a type that is not tc's gives nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { Rtnl } from '../src/index.js';
import { decodeTcNotification } from '../src/tc/notifications.js';
import { linkReply } from './helpers/captured.js';
import { DUMP_CASES } from './helpers/tc-dump-cases.js';
import { TC_DUMPS_FILE, type CapturedDumps } from './helpers/tc-bytes.js';

const captured = JSON.parse(readFileSync(TC_DUMPS_FILE, 'utf8')) as CapturedDumps;
const { v0, v1 } = captured.indexes;
const names = new Map([[1, 'lo'], [v0, 'v0'], [v1, 'v1']]);
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

/** What list() gives for a case's captured replies. */
async function listed(name: string): Promise<unknown[]> {
  const c = DUMP_CASES.find((x) => x.name.startsWith(name))!;
  const replies = captured.dumps[c.name]!.replies.map(bytes);
  const kernel = new FakeKernel((req, k) => {
    if (req.type === 18 && (req.flags & NLM_F_DUMP) === 0) return { messages: [k.reply(req, { type: 16, payload: linkReply(v0, 'v0') })] };
    if ((req.flags & NLM_F_DUMP) === 0) return k.ack(req);
    if (req.type === 18) return k.multipart(req, [...names].map(([index, n]) => linkReply(index, n)), { type: 16 });
    return k.multipart(req, replies, { type: c.replyType });
  }, { replyType: rtnetlinkReplyType });
  const rtnl = new Rtnl(new Connection(kernel));
  try {
    return await c.list(rtnl);
  } finally {
    rtnl.close();
  }
}

const decode = (type: number, payload: Uint8Array) => decodeTcNotification(type, payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length, names);
const repliesOf = (name: string) => captured.dumps[DUMP_CASES.find((x) => x.name.startsWith(name))!.name]!.replies.map(bytes);

describe('tc notifications', () => {
  it.each([
    ['qdiscs:', 'qdisc', 36, 37],
    ['u32 with a classid', 'filter', 44, 45],
    ['bpf classic bytecode', 'filter', 44, 45],
    ['a shared block', 'filter', 44, 45],
    ['htb classes', 'class', 40, 41],
  ] as const)('%s: RTM_NEW* and RTM_DEL* give the %s list() gives', async (name, kind, newType, delType) => {
    const list = await listed(name);
    const replies = repliesOf(name);
    // The kernel dumped every interface's qdiscs (v1's noqueue too); list() kept v0's.
    const ofV0 = (events: unknown[]) => events.filter((e) => (e as { object: { ifindex: number } }).object.ifindex !== v1);
    expect(ofV0(replies.map((p) => decode(newType, p)))).toEqual(list.map((object) => ({ type: 'new', kind, object })));
    expect(ofV0(replies.map((p) => decode(delType, p)))).toEqual(list.map((object) => ({ type: 'del', kind, object })));
  });

  it('shared actions: one message carries the actions of its TCA_ROOT_TAB, numbered from 0', async () => {
    const list = await listed('shared mirred actions');
    const [payload] = repliesOf('shared mirred actions');
    expect(list).toHaveLength(2);
    expect(decode(48, payload!)).toEqual({ type: 'new', kind: 'action', object: { actions: list } });
    expect(decode(49, payload!)).toEqual({ type: 'del', kind: 'action', object: { actions: list } });
  });

  it('a message type that is not tc\'s (RTM_NEWLINK, RTM_GETQDISC, RTM_NEWCHAIN) gives nothing', () => {
    const [payload] = repliesOf('qdiscs:');
    for (const type of [16, 38, 100]) expect(decode(type, payload!)).toBeUndefined();
  });
});
