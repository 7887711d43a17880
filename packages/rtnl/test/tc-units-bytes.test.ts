// Conversions tc makes before it sends, pinned by the bytes iproute2's `tc` (6.1) sent for them (traced
// with `strace -e write=all tc …` in a throwaway namespace): a rate estimator's struct tc_estimator
// (TCA_RATE: signed interval log, ewma_log) and percentages scaled to the kernel's u32 probability.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { Rtnl, parsePercent } from '../src/index.js';
import { attrs } from './helpers/tc-bytes.js';

describe("a rate estimator is the struct tc sends (TCA_RATE)", () => {
  // `tc qdisc add dev v0 root estimator INTERVAL TIME_CONSTANT pfifo`: TCA_RATE (nla_len 6) and its two bytes.
  it.each([
    ['250ms', '1sec', [0xfe, 0x02]],
    ['251ms', '1s', [0xff, 0x02]],
    ['300ms', '1s', [0xff, 0x01]],
    ['500ms', '2s', [0xff, 0x02]],
    ['1s', '2s', [0x00, 0x01]],
    ['1s', '8s', [0x00, 0x03]],
    ['2s', '16s', [0x01, 0x03]],
    ['4s', '30s', [0x02, 0x03]],
    ['8s', '60s', [0x03, 0x03]],
  ])('estimator %s %s', async (interval, timeConstant, bytes) => {
    const kernel = new FakeKernel((req, k) => k.ack(req), { replyType: rtnetlinkReplyType });
    await new Rtnl(new Connection(kernel)).tc.qdiscs.add({ dev: 3, kind: 'pfifo', estimator: { interval, timeConstant } });
    const sent = kernel.requests.find((r) => r.type === 36)!.payload;
    expect(attrs(sent, 20, sent.length).find(([type]) => type === 5)).toEqual([5, bytes]);
  });
});

describe('percentages as tc scales them (get_percent: rint of percent × (2^32 − 1) / 100)', () => {
  // `tc qdisc add dev v0 root netem loss 30% duplicate 10% corrupt 0.5% delay 1ms reorder 12.5% gap 5`
  // sent loss 0x4ccccccc, duplicate 0x1999999a, corrupt 0x0147ae14, reorder 0x20000000. 30% is
  // 1288490188.5 exactly: rint rounds half to even (…188), where rounding half up would give …189.
  it.each([
    ['30%', 0x4ccc_cccc],
    ['10%', 0x1999_999a],
    ['0.5%', 0x0147_ae14],
    ['12.5%', 0x2000_0000],
    [30, 0x4ccc_cccc],
    ['100%', 0xffff_ffff],
    ['0', 0],
  ])('%j is %d', (text, u32) => {
    expect(parsePercent(text, 'p')).toBe(u32);
  });

  it.each([['-1%'], ['100.5%'], ['1%%'], ['%'], [Number.NaN], [{}]])('%j is refused', (bad) => {
    expect(() => parsePercent(bad, 'spec.options.loss')).toThrow(expect.objectContaining({ argument: 'spec.options.loss' }));
  });
});
