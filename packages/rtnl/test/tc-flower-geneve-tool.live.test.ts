// flower's Geneve options with `tc` itself as the oracle both ways, though this kernel lacks flower: tc
// runs against a fake rtnetlink kernel (@linx/test-kit's runWithFakeNetlink, an LD_PRELOAD shim, in a
// throwaway `unshare -n` namespace). tc adds a filter: linx decodes the very RTM_NEWTFILTER tc sent as a
// listed filter; tc lists that message: it prints the option linx decoded; linx sends the same filter: tc
// lists linx's message exactly as its own. (tc 6.1 prints only the first Geneve option of a filter; the
// bytes of all of them are compared with tc's in tc-filter.live.test.ts.) Needs root, gcc and tc.
import { describe, expect, it } from 'vitest';
import { fakeNetlinkSkipReason, runWithFakeNetlink } from '@linx/test-kit';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, encodeMessages, parseMessages } from '@linx/netlink-wire';
import { Rtnl } from '../src/index.js';
import { RTM_NEWLINK, linkMessage } from './helpers/tc-xstats-messages.js';

const NETLINK_ROUTE = 0;
const RTM_NEWTFILTER = 44;
const skip = fakeNetlinkSkipReason(['tc']);
const OPTS = '0108:80:00880022/ffff:ff:ffffff00,0109:81:00110022';

function tc(args: string[], messages: { type: number; payload: Uint8Array }[] = []) {
  const r = runWithFakeNetlink(['tc', ...args], { protocol: NETLINK_ROUTE, replies: encodeMessages([{ type: RTM_NEWLINK, payload: linkMessage() }, ...messages]) });
  if (r.status !== 0 || r.stderr !== '') throw new Error(`tc ${args.join(' ')}: ${r.status} ${r.stderr}`);
  return { ...r, messages: r.sent.flatMap((m) => parseMessages(m)) };
}

/** A FakeKernel that knows v0 and answers filter dumps with `filters`; what linx sent to it. */
function fake(filters: Uint8Array[] = []) {
  const kernel = new FakeKernel((req, k) => {
    if (req.type === 18 && (req.flags & NLM_F_DUMP) !== NLM_F_DUMP) return { messages: [k.reply(req, { type: RTM_NEWLINK, payload: linkMessage() })] };
    if ((req.flags & NLM_F_DUMP) !== NLM_F_DUMP) return k.ack(req);
    if (req.type === RTM_NEWTFILTER + 2) return k.multipart(req, filters, { type: RTM_NEWTFILTER });
    return k.multipart(req, [linkMessage()], { type: RTM_NEWLINK });
  }, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

describe.skipIf(skip !== undefined)(`flower geneve_opts against tc, both ways${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const added = skip === undefined ? tc(['filter', 'add', 'dev', 'v0', 'ingress', 'prio', '1', 'protocol', 'ip', 'flower', 'enc_key_id', '11', 'geneve_opts', OPTS, 'classid', '1:1']) : undefined;
  const theirs = added?.messages.find((m) => m.type === RTM_NEWTFILTER)?.payload;

  it("linx reads tc's filter: every option and its mask", async () => {
    const [f] = await fake([theirs!]).rtnl.tc.filters.list({ dev: 'v0', parent: 'ingress' });
    expect(f!.options).toMatchObject({
      keyEncKeyId: 11,
      keyEncOpts: { geneve: [{ class: 0x108, type: 0x80, data: Uint8Array.of(0, 0x88, 0, 0x22) }, { class: 0x109, type: 0x81, data: Uint8Array.of(0, 0x11, 0, 0x22) }] },
      keyEncOptsMask: { geneve: [{ class: 0xffff, type: 0xff, data: Uint8Array.of(0xff, 0xff, 0xff, 0) }, { class: 0xffff, type: 0xff, data: Uint8Array.of(0xff, 0xff, 0xff, 0xff) }] },
    });
  });

  it('tc lists the same message as the first option linx read', async () => {
    const [f] = await fake([theirs!]).rtnl.tc.filters.list({ dev: 'v0', parent: 'ingress' });
    const listed = JSON.parse(tc(['-j', 'filter', 'show', 'dev', 'v0', 'ingress'], [{ type: RTM_NEWTFILTER, payload: theirs! }]).stdout) as Record<string, any>[];
    const keys = listed[0]!.options.keys;
    const ours = (f!.options as { keyEncOpts: { geneve: { class: number; type: number; data: Uint8Array }[] }; keyEncOptsMask: { geneve: { class: number; type: number; data: Uint8Array }[] } });
    const plain = (o: { class: number; type: number; data: Uint8Array }) => ({ class: o.class, type: o.type, data: [...o.data] });
    expect(keys.geneve_opt_key[0]).toEqual(plain(ours.keyEncOpts.geneve[0]!));
    expect(keys.geneve_opt_mask[0]).toEqual(plain(ours.keyEncOptsMask.geneve[0]!));
  });

  it("tc lists linx's request for the same filter exactly as its own", async () => {
    const { kernel, rtnl } = fake();
    await rtnl.tc.filters.add({ dev: 'v0', parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { encKeyId: 11, encGeneve: OPTS, classid: '1:1' } });
    const mine = kernel.requests.find((r) => r.type === RTM_NEWTFILTER)!.payload;
    const show = (payload: Uint8Array) => tc(['filter', 'show', 'dev', 'v0', 'ingress'], [{ type: RTM_NEWTFILTER, payload }]).stdout;
    expect(show(mine)).toContain('geneve_opts 0108:80:00880022/ffff:ff:ffffff00');
    expect(show(mine)).toBe(show(theirs!));
  });
});
