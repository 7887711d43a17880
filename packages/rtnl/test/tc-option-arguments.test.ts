// Every option of every qdisc and class kind linx builds, given a value it cannot take, is refused with an
// InvalidArgumentError naming that very option (`spec.options.<name>`), before anything is sent: what a
// caller reads to find the mistake. Each case starts from options the kind accepts and spoils one.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { Rtnl } from '../src/index.js';

const BAD = 'bogus';

/** kind → [options it accepts, the options to spoil one by one (with what else each needs)]. */
const QDISCS: Record<string, [Record<string, unknown>, (string | [string, Record<string, unknown>])[]]> = {
  htb: [{}, ['default', 'r2q', 'directQlen']],
  hfsc: [{}, ['default']],
  tbf: [{ rate: '1mbit', burst: '10kb', latency: '50ms' }, ['rate', 'burst', 'latency', 'peakrate', 'mtu', 'mpu', 'overhead', ['limit', { latency: undefined }]]],
  netem: [
    {},
    [
      'limit', 'delay', ['jitter', { delay: '1ms' }], 'delayCorrelation', 'loss', 'lossCorrelation', 'duplicate', 'duplicateCorrelation', 'corrupt', ['corruptCorrelation', { corrupt: 1 }],
      ['reorder', { delay: '1ms' }], ['reorderCorrelation', { delay: '1ms', reorder: 10 }], 'gap', 'rate', ['packetOverhead', { rate: '1mbit' }], ['cellSize', { rate: '1mbit' }],
      ['cellOverhead', { rate: '1mbit' }], 'lossModel', ['ecn', { loss: 1 }], 'slot',
    ],
  ],
  fq_codel: [{}, ['limit', 'flows', 'target', 'interval', 'quantum', 'ecn', 'ceThreshold', 'memoryLimit', 'dropBatch']],
  cake: [{}, ['bandwidth', 'autorateIngress', 'rtt', 'diffserv', 'flowMode', 'nat', 'wash', 'ingress', 'ackFilter', 'splitGso', 'memlimit', 'fwmark', 'atm', 'overhead', 'mpu']],
  fq: [{}, ['limit', 'flowLimit', 'quantum', 'initialQuantum', 'pacing', 'maxRate', 'buckets', 'refillDelay', 'orphanMask', 'lowRateThreshold', 'ceThreshold', 'timerSlack', 'horizon', 'horizonDrop']],
  prio: [{}, ['bands', 'priomap']],
  sfq: [{}, ['quantum', 'perturb', 'limit', 'divisor', 'flows', 'depth', 'headdrop']],
  red: [{ limit: 100000, avpkt: 1000 }, ['limit', 'min', 'max', 'avpkt', 'burst', 'probability', 'bandwidth', 'ecn', 'harddrop', 'adaptive', 'nodrop']],
  pfifo: [{}, ['limit']],
  bfifo: [{}, ['limit']],
};

const CLASSES: typeof QDISCS = {
  htb: [{ rate: '1mbit' }, ['rate', 'ceil', 'burst', 'cburst', 'prio', 'quantum', 'mtu', 'mpu', 'overhead']],
  drr: [{}, ['quantum']],
  qfq: [{}, ['weight', 'maxPacket']],
  hfsc: [{ ls: { rate: '1mbit' } }, ['rt', 'ls', ['sc', { ls: undefined }], 'ul']],
};

const cases = (table: typeof QDISCS) =>
  Object.entries(table).flatMap(([kind, [base, names]]) =>
    names.map((entry) => {
      const [name, extra] = typeof entry === 'string' ? [entry, {}] : entry;
      return [`${kind} ${name}`, kind, { ...base, ...extra, [name]: BAD }, `spec.options.${name}`] as const;
    }),
  );

function fake() {
  const kernel = new FakeKernel((req, k) => k.ack(req), { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

describe('a bad option value is refused naming the option', () => {
  it.each(cases(QDISCS))('qdisc %s', async (_title, kind, options, argument) => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind, options } as never)).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument });
    expect(kernel.requests).toEqual([]);
  });

  it.each(cases(CLASSES))('class %s', async (_title, kind, options, argument) => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.tc.classes.add({ dev: 'v0', parent: '1:', handle: '1:10', kind, options } as never)).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument });
    expect(kernel.requests).toEqual([]);
  });

  // A default class is a minor: at most 4 hexadecimal digits (0x allowed), as tc's get_u32(…, 16) reads
  // it into the 16 bits the kernel keeps.
  it.each([['htb'], ['hfsc']])('%s default that is no 16-bit hexadecimal minor', async (kind) => {
    const { kernel, rtnl } = fake();
    for (const bad of ['12345', 'g1', 'x1f', '0x', '1f ', '', 0x10000, -1]) {
      await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind, options: { default: bad } } as never), String(bad)).rejects.toMatchObject({ argument: 'spec.options.default' });
    }
    expect(kernel.requests).toEqual([]);
  });

  it.each([
    ['m1', { m1: BAD, m2: '1mbit' }],
    ['d', { d: BAD, m2: '1mbit' }],
    ['m2', { m2: BAD }],
    ['umax', { umax: BAD, dmax: '1ms', rate: '1mbit' }],
    ['dmax', { umax: 1500, dmax: BAD, rate: '1mbit' }],
    ['rate', { rate: BAD }],
  ])('an hfsc curve\'s %s', async (name, curve) => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.tc.classes.add({ dev: 'v0', parent: '1:', handle: '1:10', kind: 'hfsc', options: { rt: curve } } as never)).rejects.toMatchObject({ argument: `spec.options.rt.${name}` });
    expect(kernel.requests).toEqual([]);
  });

  it.each([
    ['state', ['p13', 'p31', 'p32', 'p23', 'p14']],
    ['gemodel', ['p', 'r', 'oneMinusH', 'oneMinusK']],
  ] as const)('a netem %s loss model\'s probabilities', async (model, names) => {
    const { rtnl } = fake();
    for (const name of names) {
      const lossModel = { model, [model === 'state' ? 'p13' : 'p']: 1, [name]: '150%' };
      await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'netem', options: { lossModel } } as never), name).rejects.toMatchObject({ argument: `spec.options.lossModel.${name}` });
    }
  });

  it.each([
    ['min', { min: BAD }],
    ['max', { min: '1ms', max: BAD }],
    ['packets', { min: '1ms', packets: -1 }],
    ['bytes', { min: '1ms', bytes: BAD }],
  ])('a netem slot\'s %s', async (name, slot) => {
    const { rtnl } = fake();
    await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'netem', options: { slot } } as never)).rejects.toMatchObject({ argument: `spec.options.slot.${name}` });
  });

  it('cake refuses what tc refuses past its ranges, and modes that are no name', async () => {
    const { kernel, rtnl } = fake();
    for (const [name, bad] of [['overhead', -65], ['overhead', 257], ['mpu', 257], ['mpu', -1], ['diffserv', ['besteffort']], ['flowMode', 5], ['atm', null]] as const) {
      await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'cake', options: { [name]: bad } } as never), `${name} ${String(bad)}`).rejects.toMatchObject({ argument: `spec.options.${name}` });
    }
    // The message names the modes there are.
    await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'cake', options: { diffserv: 'diffserv5' } } as never)).rejects.toThrow('"diffserv5" is not one of diffserv3, diffserv4, diffserv8, besteffort, precedence');
    expect(kernel.requests).toEqual([]);
  });

  it('limits at the kernel fields: an fq timer slack past a u32 of ns, a cake rtt of 0; the largest fq and hfsc rates are taken', async () => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'fq', options: { timerSlack: '4294968us' } })).rejects.toMatchObject({ argument: 'spec.options.timerSlack' });
    await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'fq', options: { maxRate: 0x1_0000_0000 } })).rejects.toMatchObject({ argument: 'spec.options.maxRate' });
    await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind: 'cake', options: { rtt: 0 } })).rejects.toMatchObject({ argument: 'spec.options.rtt' });
    await expect(rtnl.tc.classes.add({ dev: 'v0', parent: '1:', handle: '1:10', kind: 'hfsc', options: { ls: { rate: 0x1_0000_0000 } } })).rejects.toMatchObject({ argument: 'spec.options.ls.rate' });
    expect(kernel.requests).toEqual([]);
    // 2^32 − 1 bytes per second, and a slack of 4294967 µs (4294967000 ns), fit.
    const ok = new FakeKernel((req, k) => {
      if (req.type !== 18) return k.ack(req);
      return { messages: [k.reply(req, { type: 16, payload: Uint8Array.from([0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) })] };
    }, { replyType: rtnetlinkReplyType });
    const r = new Rtnl(new Connection(ok));
    await r.tc.qdiscs.add({ dev: 'v0', kind: 'fq', options: { maxRate: 0xffff_ffff, timerSlack: '4294967us' } });
    await r.tc.classes.add({ dev: 'v0', parent: '1:', handle: '1:10', kind: 'hfsc', options: { ls: { rate: 0xffff_ffff } } });
    expect(ok.requests.filter((m) => m.type === 36 || m.type === 40)).toHaveLength(2);
  });

  it.each(['drr', 'qfq', 'htb', 'hfsc'])('%s class options that are no object', async (kind) => {
    const { kernel, rtnl } = fake();
    for (const options of [5, 'weight 5']) {
      await expect(rtnl.tc.classes.add({ dev: 'v0', parent: '1:', handle: '1:10', kind, options } as never), String(options)).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'spec.options' });
    }
    expect(kernel.requests).toEqual([]);
  });

  // Kinds that need options (tbf, red; an htb or hfsc class) take null as no options given: refused, by name.
  it.each([
    ['qdisc', 'tbf'],
    ['qdisc', 'red'],
    ['class', 'htb'],
    ['class', 'hfsc'],
  ] as const)('a %s %s with options null', async (what, kind) => {
    const { kernel, rtnl } = fake();
    const call = what === 'qdisc' ? rtnl.tc.qdiscs.add({ dev: 'v0', kind, options: null } as never) : rtnl.tc.classes.add({ dev: 'v0', parent: '1:', handle: '1:10', kind, options: null } as never);
    await expect(call).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'spec.options' });
    expect(kernel.requests).toEqual([]);
  });

  it.each(['htb', 'tbf', 'netem', 'fq_codel', 'cake', 'fq', 'prio', 'sfq', 'red', 'pfifo', 'bfifo', 'hfsc'])('%s options that are no object', async (kind) => {
    const { kernel, rtnl } = fake();
    for (const options of [5, 'limit 5']) {
      await expect(rtnl.tc.qdiscs.add({ dev: 'v0', kind, options } as never), String(options)).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'spec.options' });
    }
    expect(kernel.requests).toEqual([]);
  });
});
