// rtnl.stats without a kernel: the requests as bytes (RTM_GETSTATS for one interface, a dump for all),
// and bad input refused with InvalidArgumentError before anything is sent.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl } from '../src/index.js';
import { rtLink } from '../src/protocol.js';

describe('stats requests (no kernel)', () => {
  const stats = compileMessage(rtLink.statsMessage);
  function fake() {
    const reply = stats.encode({ header: { family: 0, ifindex: 7, filterMask: 1 }, attrs: { link64: { rxPackets: 1n, txBytes: 2n ** 60n } } });
    const handler: FakeHandler = (req, k) =>
      (req.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(req, [reply]) : { messages: [k.reply(req, { type: 92, payload: reply }), ...k.ack(req).messages] };
    const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
    return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
  }

  it('get: RTM_GETSTATS for one ifindex with the filter mask; list: a dump with ifindex 0', async () => {
    const { kernel, rtnl } = fake();
    const s = await rtnl.stats.get(7, { filterMask: ['link64', 'afSpec'] });
    expect(s.link64!.txBytes).toBe(2n ** 60n);
    await rtnl.stats.list();
    const [get, dump] = kernel.requests;
    expect(get!.type).toBe(94);
    expect(get!.flags & NLM_F_DUMP).toBe(0);
    expect(stats.decode(get!.payload).header).toEqual({ family: 0, ifindex: 7, filterMask: 0x11 });
    expect(dump!.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    expect(stats.decode(dump!.payload).header).toEqual({ family: 0, ifindex: 0, filterMask: 1 });
  });

  it('bad input is refused before anything is sent', async () => {
    const { kernel, rtnl } = fake();
    for (const query of [{ filterMask: [] }, { filterMask: ['link32'] }, { filterMask: 0 }, { filterMask: 1.5 }, { filterMask: 2 ** 32 }, null]) {
      await expect(rtnl.stats.get(7, query as never), JSON.stringify(query)).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(rtnl.stats.list(query as never)).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(rtnl.stats.stream(query as never).next()).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    await expect(rtnl.stats.get(0)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.stats.get('bad name')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(kernel.requests).toEqual([]);
  });
});
