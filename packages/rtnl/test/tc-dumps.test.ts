// tc dumps read as `tc -j -s -d` shows them, without root: the kernel's replies to tc's dump for each case
// of helpers/tc-dump-cases.ts (u32 and bpf filters with mirred actions and their counters, a hash table and
// a link, chains, a shared block, shared actions, qdiscs with counters), captured with tc's output by
// tc-dumps.live.test.ts (test/fixtures/tc-dumps.json). A FakeKernel answers linx's dump with those replies
// (and its link dump with v0 and v1), and linx's list must compare equal to tc's output.
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { Rtnl } from '../src/index.js';
import { linkReply } from './helpers/captured.js';
import { DUMP_CASES } from './helpers/tc-dump-cases.js';
import { TC_DUMPS_FILE, type CapturedDumps } from './helpers/tc-bytes.js';

const captured = JSON.parse(readFileSync(TC_DUMPS_FILE, 'utf8')) as CapturedDumps;
const { v0, v1 } = captured.indexes;
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('tc dumps, as captured, read as tc -j -s -d shows them', () => {
  it.each(DUMP_CASES)('$name', async (c) => {
    const dump = captured.dumps[c.name];
    if (dump === undefined) throw new Error(`no captured dump for ${c.name}: run tc-dumps.live.test.ts with LINX_WRITE_TC_DUMPS=1`);
    const kernel = new FakeKernel((req, k) => {
      // An interface asked for by name (RTM_GETLINK with IFLA_IFNAME): v0.
      if (req.type === 18 && (req.flags & NLM_F_DUMP) === 0) return { messages: [k.reply(req, { type: 16, payload: linkReply(v0, 'v0') })] };
      if ((req.flags & NLM_F_DUMP) === 0) return k.ack(req);
      if (req.type === 18) return k.multipart(req, [linkReply(1, 'lo'), linkReply(v1, 'v1'), linkReply(v0, 'v0')], { type: 16 });
      return k.multipart(req, dump.replies.map(bytes), { type: c.replyType });
    }, { replyType: rtnetlinkReplyType });
    const rtnl = new Rtnl(new Connection(kernel));
    c.compare(await c.list(rtnl), dump.json);
    rtnl.close();
  });
});
