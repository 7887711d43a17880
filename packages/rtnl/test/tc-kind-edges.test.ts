// Options of htb, tbf, red and netem that tc refuses, refused by linx before anything is sent, naming the
// option and saying why (tc 6.1's own refusals, run in a throwaway namespace, in the comments); and listed
// options a kernel's message lacks (an empty TCA_OPTIONS) read as zeros rather than failing.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { InvalidArgumentError, Rtnl, type QdiscSpec, type TcClassSpec } from '../src/index.js';
import { htbClassInfo, htbQdiscInfo } from '../src/tc/kinds/htb.js';
import { tbfInfo } from '../src/tc/kinds/tbf.js';
import { redInfo } from '../src/tc/kinds/red.js';

function fake() {
  const kernel = new FakeKernel((req, k) => k.ack(req), { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

describe('refused as tc refuses them', () => {
  it.each<[string, QdiscSpec | TcClassSpec, string, RegExp]>([
    // tc: "gap specified without reorder probability"
    ['netem gap without reorder', { dev: 3, kind: 'netem', options: { delay: '1ms', gap: 4 } }, 'spec.options.gap', /gap needs a reorder probability/],
    ['netem gap with a reorder of 0%', { dev: 3, kind: 'netem', options: { delay: '1ms', gap: 4, reorder: 0 } }, 'spec.options.gap', /gap needs a reorder probability/],
    // tc: "reordering not possible without specifying some delay"
    ['netem reorder without delay', { dev: 3, kind: 'netem', options: { reorder: 5 } }, 'spec.options.reorder', /reordering needs a delay/],
    ['netem jitter without delay', { dev: 3, kind: 'netem', options: { jitter: '1ms' } }, 'spec.options.jitter', /jitter needs a delay/],
    ['netem ecn without loss', { dev: 3, kind: 'netem', options: { ecn: true } }, 'spec.options.ecn', /ecn needs a loss/],
    ['netem ecn not boolean', { dev: 3, kind: 'netem', options: { ecn: 1 as never, loss: 1 } }, 'spec.options.ecn', /expected true or false/],
    ['netem loss and a loss model', { dev: 3, kind: 'netem', options: { loss: 1, lossModel: { model: 'gemodel', p: 1 } } }, 'spec.options.lossModel', /not both/],
    ['netem a loss model of no kind', { dev: 3, kind: 'netem', options: { lossModel: { model: 'markov' } as never } }, 'spec.options.lossModel.model', /"markov" is not a loss model/],
    ['netem a loss model not an object', { dev: 3, kind: 'netem', options: { lossModel: 5 as never } }, 'spec.options.lossModel', /expected \{ model/],
    ['netem a slot without min', { dev: 3, kind: 'netem', options: { slot: { max: '1ms' } as never } }, 'spec.options.slot', /slot needs at least \{ min \}/],
    ['netem a slot of null', { dev: 3, kind: 'netem', options: { slot: null as never } }, 'spec.options.slot', /slot needs at least \{ min \}/],
    // 2^32 ticks of 64 ns: tc refuses 300s the same way (it sends nothing).
    ['netem a delay past the u32 of ticks', { dev: 3, kind: 'netem', options: { delay: '300s' } }, 'spec.options.delay', /does not fit netem's u32 of psched ticks/],
    ['netem options of text', { dev: 3, kind: 'netem', options: 'delay 1ms' as never }, 'spec.options', /expected netem options/],
    ['tbf without rate', { dev: 3, kind: 'tbf', options: { burst: '10kb', limit: '20kb' } as never }, 'spec.options.rate', /tbf needs a rate/],
    ['tbf without burst', { dev: 3, kind: 'tbf', options: { rate: '1mbit', limit: '20kb' } as never }, 'spec.options.burst', /tbf needs a burst/],
    ['tbf with limit and latency', { dev: 3, kind: 'tbf', options: { rate: '1mbit', burst: '10kb', limit: '20kb', latency: '50ms' } }, 'spec.options.limit', /either limit or latency/],
    ['tbf a peak rate without mtu', { dev: 3, kind: 'tbf', options: { rate: '1mbit', burst: '10kb', limit: '20kb', peakrate: '2mbit' } }, 'spec.options.mtu', /peakrate needs an mtu/],
    ['tbf a latency making a limit past u32', { dev: 3, kind: 'tbf', options: { rate: '40gbit', burst: '10kb', latency: '1s' } }, 'spec.options.latency', /does not fit the kernel's u32/],
    ['tbf no options', { dev: 3, kind: 'tbf' } as never, 'spec.options', /tbf needs options/],
    ['red no options', { dev: 3, kind: 'red' } as never, 'spec.options', /red needs options/],
    ['red without limit', { dev: 3, kind: 'red', options: { avpkt: 1000 } as never }, 'spec.options.limit', /red needs a limit/],
    ['red without avpkt', { dev: 3, kind: 'red', options: { limit: 1000 } as never }, 'spec.options.avpkt', /red needs avpkt/],
    ['red limit 0', { dev: 3, kind: 'red', options: { limit: 0, avpkt: 1000 } }, 'spec.options.limit', /must not be 0/],
    ['red avpkt 0', { dev: 3, kind: 'red', options: { limit: 1000, avpkt: 0 } }, 'spec.options.avpkt', /must not be 0/],
    ['red max below min', { dev: 3, kind: 'red', options: { limit: 100000, min: 30000, max: 20000, avpkt: 1000, burst: 40 } }, 'spec.options.probability', /max \(20000\) is below min \(30000\)/],
    ['red a probability above 1', { dev: 3, kind: 'red', options: { limit: 100000, avpkt: 1000, probability: 1.5 } }, 'spec.options.probability', /1.5 is not a probability/],
    ['red a negative probability', { dev: 3, kind: 'red', options: { limit: 100000, avpkt: 1000, probability: -0.1 } }, 'spec.options.probability', /is not a probability/],
    ['red a burst too small for min', { dev: 3, kind: 'red', options: { limit: 100000, min: 30000, max: 90000, avpkt: 1000, burst: 5 } }, 'spec.options.burst', /a burst of 5 is too small for min 30000 and avpkt 1000/],
    ['red a flag not boolean', { dev: 3, kind: 'red', options: { limit: 100000, avpkt: 1000, ecn: 'yes' as never } }, 'spec.options.ecn', /expected true or false/],
    ['htb qdisc options of text', { dev: 3, kind: 'htb', options: 'default 10' as never }, 'spec.options', /expected htb options/],
    ['htb a default of 5 hexadecimal digits', { dev: 3, kind: 'htb', options: { default: '10000' } }, 'spec.options.default', /"10000" is not a class minor/],
    ['htb class without options', { dev: 3, handle: '1:10', kind: 'htb' } as never, 'spec.options', /an htb class needs options with at least a rate/],
    ['htb class without rate', { dev: 3, handle: '1:10', kind: 'htb', options: { ceil: '1mbit' } as never }, 'spec.options.rate', /an htb class needs a rate/],
    ['htb class prio 8', { dev: 3, handle: '1:10', kind: 'htb', options: { rate: '1mbit', prio: 8 } }, 'spec.options.prio', /./],
  ])('%s', async (_name, spec, argument, message) => {
    const { kernel, rtnl } = fake();
    const call = 'handle' in spec && typeof spec.handle === 'string' && spec.handle.includes(':') && !spec.handle.endsWith(':') ? rtnl.tc.classes.add(spec as TcClassSpec) : rtnl.tc.qdiscs.add(spec as QdiscSpec);
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument, message: expect.stringMatching(message) });
    expect(kernel.requests).toEqual([]);
    rtnl.close();
  });

  it('htb default as a number: 0..0xffff', async () => {
    const { rtnl } = fake();
    await expect(rtnl.tc.qdiscs.add({ dev: 3, kind: 'htb', options: { default: 0x10000 } })).rejects.toMatchObject({ argument: 'spec.options.default' });
    await rtnl.tc.qdiscs.add({ dev: 3, kind: 'htb', options: { default: 0xffff } });
    rtnl.close();
  });
});

describe('an empty TCA_OPTIONS reads as zeros', () => {
  it('htb qdisc and class, tbf, red', () => {
    expect(htbQdiscInfo({} as never)).toEqual({ version: 0, r2q: 0, default: 0, directPacketsStat: 0 });
    expect(htbClassInfo({} as never)).toEqual({ rate: 0, ceil: 0, burst: 0, cburst: 0, buffer: 0, cbuffer: 0, prio: 0, quantum: 0, level: 0, linklayer: 0, overhead: 0, mpu: 0 });
    expect(tbfInfo({} as never)).toEqual({ rate: 0, burst: 0, buffer: 0, limit: 0, mpu: 0, overhead: 0, linklayer: 0 });
    expect(redInfo({} as never)).toEqual({ limit: 0, min: 0, max: 0, wlog: 0, plog: 0, scellLog: 0, flags: [] });
  });
});
