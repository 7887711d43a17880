// rtnl.tc's input without a kernel: rates, sizes and times as tc reads them (iproute2's get_rate64,
// get_size, get_time), handles as tc writes them, and bad input refused with InvalidArgumentError naming
// the argument before anything is sent (a FakeKernel records the requests; none may reach it).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { InvalidArgumentError, Rtnl, isClassOf, isHtbClass, type DrrClassInfo, type QfqClassInfo, isQdiscOf, type HtbClassInfo, type Qdisc, type TbfInfo, type TcClass, formatHandle, parseHandle, parseParent, parseRate, parseSize, parseTime } from '../src/index.js';

describe('units as tc reads them', () => {
  it.each([
    ['1mbit', 125_000],
    ['1Mbit', 125_000],
    ['512kbit', 64_000],
    ['1mibit', 131_072],
    ['10mbps', 10_000_000],
    ['1kibps', 1024],
    ['8000', 1000],
    ['8bit', 1],
    ['40gbit', 5_000_000_000],
    ['1.5mbit', 187_500],
    [125_000, 125_000],
  ] as const)('rate %j is %d bytes per second', (text, bytes) => {
    expect(parseRate(text, 'rate')).toBe(bytes);
  });

  it.each([
    ['10kb', 10_240],
    ['10k', 10_240],
    ['1mb', 1_048_576],
    ['1500b', 1500],
    ['1500', 1500],
    ['8kbit', 1024],
    ['1g', 1_073_741_824],
    [3000, 3000],
  ] as const)('size %j is %d bytes', (text, bytes) => {
    expect(parseSize(text, 'size')).toBe(bytes);
  });

  it.each([
    ['50ms', 50_000],
    ['1s', 1_000_000],
    ['2secs', 2_000_000],
    ['200us', 200],
    ['200', 200],
    ['1.5ms', 1500],
  ] as const)('time %j is %d µs', (text, us) => {
    expect(parseTime(text, 'time')).toBe(us);
  });

  it.each([['1 furlong'], ['mbit'], [''], [-5], [0], [1.5], [null], ['1e400mbit']])('rejects the rate %j, naming the argument', (bad) => {
    expect(() => parseRate(bad, 'spec.options.rate')).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'spec.options.rate' }));
  });

  it('rejects a size past the kernel field, and unknown units', () => {
    expect(() => parseSize('5g', 'burst')).toThrow(InvalidArgumentError);
    expect(() => parseSize('10parsecs', 'burst')).toThrow(/not a size/);
    expect(() => parseSize('70000', 'mpu', 0xffff)).toThrow(/at most 65535/);
    expect(() => parseTime('5h', 'latency')).toThrow(/not a time/);
  });
});

describe('handles as tc writes them', () => {
  it.each([
    ['1:', 0x0001_0000],
    ['1:10', 0x0001_0010],
    ['ffff:', 0xffff_0000],
    [':10', 0x10],
    ['abcd:ef', 0xabcd_00ef],
    [0x10020, 0x10020],
  ] as const)('%j is %d', (text, value) => {
    expect(parseHandle(text, 'h')).toBe(value);
  });

  it('formats them back as tc prints them', () => {
    expect(formatHandle(0x10000)).toBe('1:');
    expect(formatHandle(0x10010)).toBe('1:10');
    expect(formatHandle(0xffff0000)).toBe('ffff:');
    expect(formatHandle(0)).toBe('0:');
  });

  it('names root, ingress and clsact as parents', () => {
    expect(parseParent('root', 'p')).toBe(0xffff_ffff);
    expect(parseParent('ingress', 'p')).toBe(0xffff_fff1);
    expect(parseParent('clsact', 'p')).toBe(0xffff_fff1);
  });

  it.each([['1'], ['1:2:3'], ['g:1'], ['12345:'], [-1], [2 ** 32], [{}]])('rejects %j', (bad) => {
    expect(() => parseHandle(bad, 'spec.handle')).toThrow(expect.objectContaining({ argument: 'spec.handle' }));
  });
});

describe('bad input is refused before anything is sent', () => {
  const fake = () => {
    const kernel = new FakeKernel((req, k) => k.ack(req), { replyType: rtnetlinkReplyType });
    return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
  };

  it.each([
    ['no spec', undefined, 'spec'],
    ['no dev', { kind: 'htb' }, 'spec.dev'],
    ['a bad interface name', { dev: 'a/b', kind: 'htb' }, 'spec.dev'],
    ['no kind', { dev: 'v0' }, 'spec.kind'],
    ['a kind that is no name', { dev: 'v0', kind: 'h t b' }, 'spec.kind'],
    ['a qdisc handle with a minor', { dev: 'v0', kind: 'htb', handle: '1:5' }, 'spec.handle'],
    ['a malformed parent', { dev: 'v0', kind: 'htb', parent: 'top' }, 'spec.parent'],
    ['ingress elsewhere than at ingress', { dev: 'v0', kind: 'ingress', parent: 'root' }, 'spec.parent'],
    ['options for ingress', { dev: 'v0', kind: 'clsact', options: { limit: 1 } }, 'spec.options'],
    ['an htb default that is no minor', { dev: 'v0', kind: 'htb', options: { default: 'zz' } }, 'spec.options.default'],
    ['an htb r2q of 0', { dev: 'v0', kind: 'htb', options: { r2q: 0 } }, 'spec.options.r2q'],
    ['tbf without a rate', { dev: 'v0', kind: 'tbf', options: { burst: '10kb', latency: '50ms' } }, 'spec.options.rate'],
    ['tbf without a burst', { dev: 'v0', kind: 'tbf', options: { rate: '1mbit', latency: '50ms' } }, 'spec.options.burst'],
    ['tbf with both limit and latency', { dev: 'v0', kind: 'tbf', options: { rate: '1mbit', burst: '10kb', limit: 1000, latency: '1ms' } }, 'spec.options.limit'],
    ['tbf with a peakrate and no mtu', { dev: 'v0', kind: 'tbf', options: { rate: '1mbit', burst: '10kb', limit: 1000, peakrate: '2mbit' } }, 'spec.options.mtu'],
    ['tbf whose latency makes a limit past u32', { dev: 'v0', kind: 'tbf', options: { rate: '100gbit', burst: '10kb', latency: '100s' } }, 'spec.options.latency'],
    ['an estimator interval past 8 s', { dev: 'v0', kind: 'pfifo', estimator: { interval: '10s', timeConstant: '20s' } }, 'spec.estimator.interval'],
    ['an estimator time constant too short', { dev: 'v0', kind: 'pfifo', estimator: { interval: '1s', timeConstant: '1s' } }, 'spec.estimator.timeConstant'],
    ['an estimator without times', { dev: 'v0', kind: 'pfifo', estimator: {} }, 'spec.estimator.interval'],
    ['a tbf burst whose ticks overflow u32', { dev: 'v0', kind: 'tbf', options: { rate: '8kbit', burst: '1mb', limit: '2mb' } }, 'spec.options.burst'],
    ['a pfifo limit that is no size', { dev: 'v0', kind: 'pfifo', options: { limit: 'many' } }, 'spec.options.limit'],
    ['options object for a kind linx does not build', { dev: 'v0', kind: 'drr', options: { default: 1 } }, 'spec.options'],
    ['an hfsc default that is no minor', { dev: 'v0', kind: 'hfsc', options: { default: 'zz' } }, 'spec.options.default'],
    ['an hfsc option it lacks', { dev: 'v0', kind: 'hfsc', options: { r2q: 5 } }, 'spec.options.r2q'],
    ['red without avpkt', { dev: 'v0', kind: 'red', options: { limit: 1000 } }, 'spec.options.avpkt'],
    ['red with max below min', { dev: 'v0', kind: 'red', options: { limit: 100000, min: 30000, max: 20000, avpkt: 1000, burst: 50 } }, 'spec.options.probability'],
    ['red with a burst too small', { dev: 'v0', kind: 'red', options: { limit: 100000, min: 30000, max: 90000, avpkt: 1000, burst: 2 } }, 'spec.options.burst'],
    ['red with a probability past 1', { dev: 'v0', kind: 'red', options: { limit: 100000, avpkt: 1000, probability: 2 } }, 'spec.options.probability'],
    ['an sfq perturb that is negative', { dev: 'v0', kind: 'sfq', options: { perturb: -1 } }, 'spec.options.perturb'],
    ['an fq maxrate past u32', { dev: 'v0', kind: 'fq', options: { maxRate: '40gbit' } }, 'spec.options.maxRate'],
    ['an fq pacing that is no boolean', { dev: 'v0', kind: 'fq', options: { pacing: 1 } }, 'spec.options.pacing'],
    ['a prio with 1 band', { dev: 'v0', kind: 'prio', options: { bands: 1 } }, 'spec.options.bands'],
    ['a priomap naming a band past bands', { dev: 'v0', kind: 'prio', options: { bands: 2, priomap: [0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] } }, 'spec.options.priomap[2]'],
    ['a priomap of 3 entries', { dev: 'v0', kind: 'prio', options: { priomap: [0, 1, 2] } }, 'spec.options.priomap'],
    ['an unknown cake diffserv mode', { dev: 'v0', kind: 'cake', options: { diffserv: 'diffserv5' } }, 'spec.options.diffserv'],
    ['a cake overhead out of range', { dev: 'v0', kind: 'cake', options: { overhead: 300 } }, 'spec.options.overhead'],
    ['a cake bandwidth that is no rate', { dev: 'v0', kind: 'cake', options: { bandwidth: 'fast' } }, 'spec.options.bandwidth'],
    ['an fq_codel target that is no time', { dev: 'v0', kind: 'fq_codel', options: { target: 'soon' } }, 'spec.options.target'],
    ['an fq_codel ecn that is no boolean', { dev: 'v0', kind: 'fq_codel', options: { ecn: 'yes' } }, 'spec.options.ecn'],
    ['a netem jitter without a delay', { dev: 'v0', kind: 'netem', options: { jitter: '1ms' } }, 'spec.options.jitter'],
    ['a netem reorder without a delay', { dev: 'v0', kind: 'netem', options: { reorder: 10 } }, 'spec.options.reorder'],
    ['netem ecn without loss', { dev: 'v0', kind: 'netem', options: { ecn: true } }, 'spec.options.ecn'],
    ['a netem loss past 100%', { dev: 'v0', kind: 'netem', options: { loss: '120%' } }, 'spec.options.loss'],
    ['a netem delay past u32 ticks', { dev: 'v0', kind: 'netem', options: { delay: '300s' } }, 'spec.options.delay'],
    ['netem loss and a loss model', { dev: 'v0', kind: 'netem', options: { loss: 1, lossModel: { model: 'gemodel', p: 1 } } }, 'spec.options.lossModel'],
    ['an unknown netem loss model', { dev: 'v0', kind: 'netem', options: { lossModel: { model: 'bernoulli', p: 1 } } }, 'spec.options.lossModel.model'],
    ['a netem 4-state model without p13', { dev: 'v0', kind: 'netem', options: { lossModel: { model: 'state' } } }, 'spec.options.lossModel.p13'],
    ['a netem slot without min', { dev: 'v0', kind: 'netem', options: { slot: { max: '1ms' } } }, 'spec.options.slot'],
  ])('qdiscs.add with %s', async (_what, spec, argument) => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.tc.qdiscs.add(spec as never)).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument });
    expect(kernel.requests).toEqual([]);
  });

  it.each([
    ['no classid', { dev: 'v0', kind: 'htb', options: { rate: '1mbit' } }, 'spec.handle'],
    ['a qdisc handle as classid', { dev: 'v0', handle: '1:', kind: 'htb', options: { rate: '1mbit' } }, 'spec.handle'],
    ['a parent of another qdisc', { dev: 'v0', parent: '2:', handle: '1:10', kind: 'htb', options: { rate: '1mbit' } }, 'spec.parent'],
    ['no options', { dev: 'v0', handle: '1:10', kind: 'htb' }, 'spec.options'],
    ['no rate', { dev: 'v0', handle: '1:10', kind: 'htb', options: { ceil: '1mbit' } }, 'spec.options.rate'],
    ['a prio past 7', { dev: 'v0', handle: '1:10', kind: 'htb', options: { rate: '1mbit', prio: 8 } }, 'spec.options.prio'],
    ['a burst past u32', { dev: 'v0', handle: '1:10', kind: 'htb', options: { rate: '1mbit', burst: '5g' } }, 'spec.options.burst'],
    ['a burst whose ticks overflow u32', { dev: 'v0', handle: '1:10', kind: 'htb', options: { rate: '8kbit', burst: '1mb' } }, 'spec.options.burst'],
    ['a cburst whose ticks overflow u32', { dev: 'v0', handle: '1:10', kind: 'htb', options: { rate: '1mbit', ceil: '8kbit', cburst: '1mb' } }, 'spec.options.cburst'],
    ['a ceil that is no rate', { dev: 'v0', handle: '1:10', kind: 'htb', options: { rate: '1mbit', ceil: 'fast' } }, 'spec.options.ceil'],
    ['a drr quantum that is no size', { dev: 'v0', handle: '1:10', kind: 'drr', options: { quantum: 'lots' } }, 'spec.options.quantum'],
    ['drr options that are no object', { dev: 'v0', handle: '1:10', kind: 'drr', options: 1500 }, 'spec.options'],
    ['a qfq weight of 0', { dev: 'v0', handle: '1:10', kind: 'qfq', options: { weight: 0 } }, 'spec.options.weight'],
    ['a qfq maxPacket as text', { dev: 'v0', handle: '1:10', kind: 'qfq', options: { maxPacket: '2k' } }, 'spec.options.maxPacket'],
    ['an hfsc class without a curve', { dev: 'v0', handle: '1:10', kind: 'hfsc', options: {} }, 'spec.options'],
    ['an hfsc class with no options', { dev: 'v0', handle: '1:10', kind: 'hfsc' }, 'spec.options'],
    ['hfsc sc with rt', { dev: 'v0', handle: '1:10', kind: 'hfsc', options: { sc: { rate: '1mbit' }, rt: { rate: '1mbit' } } }, 'spec.options.sc'],
    ['hfsc ul alone', { dev: 'v0', handle: '1:10', kind: 'hfsc', options: { rt: { rate: '1mbit' }, ul: { rate: '2mbit' } } }, 'spec.options.ul'],
    ['an hfsc umax without dmax', { dev: 'v0', handle: '1:10', kind: 'hfsc', options: { ls: { umax: 1500, rate: '1mbit' } } }, 'spec.options.ls.dmax'],
    ['an hfsc slope past 32 bits', { dev: 'v0', handle: '1:10', kind: 'hfsc', options: { ls: { rate: '40gbit' } } }, 'spec.options.ls.rate'],
    ['an hfsc curve without m2', { dev: 'v0', handle: '1:10', kind: 'hfsc', options: { ls: { m1: '1mbit' } } }, 'spec.options.ls.m2'],
    ['an hfsc curve without rate', { dev: 'v0', handle: '1:10', kind: 'hfsc', options: { ls: { umax: 1500, dmax: '10ms' } } }, 'spec.options.ls.rate'],
    ['an hfsc curve mixing forms', { dev: 'v0', handle: '1:10', kind: 'hfsc', options: { ls: { m2: '1mbit', umax: 1500 } } }, 'spec.options.ls.umax'],
  ])('classes.add with %s', async (_what, spec, argument) => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.tc.classes.add(spec as never)).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument });
    expect(kernel.requests).toEqual([]);
  });

  it('list filters and options are checked too', async () => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.tc.qdiscs.list(null as never)).rejects.toMatchObject({ argument: 'filter' });
    await expect(rtnl.tc.qdiscs.list({ dev: 'a:b' })).rejects.toMatchObject({ argument: 'filter.dev' });
    await expect(rtnl.tc.qdiscs.list({ invisible: 'yes' as never })).rejects.toMatchObject({ argument: 'filter.invisible' });
    await expect(rtnl.tc.classes.list({}, { onInterrupt: { action: 'sometimes' } as never })).rejects.toMatchObject({ argument: 'options.onInterrupt.action' });
    expect(kernel.requests).toEqual([]);
  });
});

describe('listed objects narrow to their kind', () => {
  it('isQdiscOf and isHtbClass type the options', () => {
    const q = { kind: 'tbf', options: { rate: 1 } } as unknown as Qdisc;
    expect(isQdiscOf(q, 'tbf')).toBe(true);
    expect(isQdiscOf(q, 'htb')).toBe(false);
    if (isQdiscOf(q, 'tbf')) expectTypeOf(q.options).toEqualTypeOf<TbfInfo | undefined>();
    const c = { kind: 'htb' } as unknown as TcClass;
    expect(isHtbClass(c)).toBe(true);
    if (isHtbClass(c)) expectTypeOf(c.options).toEqualTypeOf<HtbClassInfo | undefined>();
  });

  it('isClassOf types a drr or qfq class\'s options', () => {
    const c = { kind: 'qfq', options: { weight: 2 } } as unknown as TcClass;
    expect(isClassOf(c, 'qfq')).toBe(true);
    expect(isClassOf(c, 'drr')).toBe(false);
    if (isClassOf(c, 'qfq')) expectTypeOf(c.options).toEqualTypeOf<QfqClassInfo | undefined>();
    if (isClassOf(c, 'drr')) expectTypeOf(c.options).toEqualTypeOf<DrrClassInfo | undefined>();
  });
});
