// Qdisc and class requests refused before anything is sent, naming the argument and saying what is wrong
// (a FakeKernel records requests: none may reach it); and the longest kind name the kernel takes
// (IFNAMSIZ - 1 = 15 characters, TCA_KIND's limit in net/sched/sch_api.c) accepted.
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { InvalidArgumentError, Rtnl } from '../src/index.js';

function fake() {
  const kernel = new FakeKernel((req, k) => k.ack(req), { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

describe('bad qdisc and class requests', () => {
  it.each<[string, (r: Rtnl) => Promise<void>, string, RegExp]>([
    ['qdisc spec null', (r) => r.tc.qdiscs.add(null as never), 'spec', /expected an object with at least dev, got null/],
    ['qdisc spec text', (r) => r.tc.qdiscs.add('v0' as never), 'spec', /expected an object with at least dev, got string/],
    ['class spec null', (r) => r.tc.classes.delete(null as never), 'spec', /got null/],
    ['dev null', (r) => r.tc.qdiscs.add({ dev: null as never, kind: 'htb' }), 'spec.dev', /a name or an index, not null/],
    ['dev an object', (r) => r.tc.qdiscs.add({ dev: {} as never, kind: 'htb' }), 'spec.dev', /a name or an index, not object/],
    ['dev a negative index', (r) => r.tc.qdiscs.add({ dev: -1, kind: 'htb' }), 'spec.dev', /./],
    ['dev a name too long', (r) => r.tc.qdiscs.add({ dev: 'x'.repeat(16), kind: 'htb' }), 'spec.dev', /./],
    ['kind empty', (r) => r.tc.qdiscs.add({ dev: 3, kind: '' }), 'spec.kind', /"" is not a kind/],
    ['kind of 16 characters', (r) => r.tc.qdiscs.add({ dev: 3, kind: 'abcdefghijklmnop' }), 'spec.kind', /is not a kind .*at most 15 characters/],
    ['kind with a space', (r) => r.tc.qdiscs.add({ dev: 3, kind: 'h tb' }), 'spec.kind', /"h tb" is not a kind/],
    ['kind missing on add', (r) => r.tc.qdiscs.add({ dev: 3 } as never), 'spec.kind', /undefined is not a kind/],
    ['class kind missing on add', (r) => r.tc.classes.add({ dev: 3, handle: '1:10' } as never), 'spec.kind', /undefined is not a kind/],
    ['qdisc handle with a minor', (r) => r.tc.qdiscs.add({ dev: 3, kind: 'htb', handle: '1:5' }), 'spec.handle', /a qdisc's handle has no minor \('1:'\)/],
    ['clsact at root', (r) => r.tc.qdiscs.add({ dev: 3, kind: 'clsact', parent: 'root' }), 'spec.parent', /clsact sits at parent 'ingress'/],
    ['ingress under a class', (r) => r.tc.qdiscs.add({ dev: 3, kind: 'ingress', parent: '1:10' }), 'spec.parent', /ingress sits at parent 'ingress'/],
    ['class without handle', (r) => r.tc.classes.add({ dev: 3, kind: 'htb', options: { rate: '1mbit' } } as never), 'spec.handle', /a class needs its classid/],
    ['class with a qdisc handle', (r) => r.tc.classes.add({ dev: 3, handle: '1:', kind: 'htb', options: { rate: '1mbit' } }), 'spec.handle', /"1:" is a qdisc's handle; a class's has a minor/],
    ['class under another qdisc', (r) => r.tc.classes.add({ dev: 3, handle: '1:10', parent: '2:', kind: 'htb', options: { rate: '1mbit' } }), 'spec.parent', /its qdisc or a class of it \(major 1:\), not "2:"/],
    ['class delete with an estimator', (r) => r.tc.classes.delete({ dev: 3, handle: '1:10', estimator: { interval: '1s', timeConstant: '8s' } } as never), 'spec.estimator', /a delete takes no estimator/],
    ['qdisc delete with an estimator', (r) => r.tc.qdiscs.delete({ dev: 3, estimator: { interval: '1s', timeConstant: '8s' } } as never), 'spec.estimator', /a delete takes no estimator/],
    ['an estimator of text', (r) => r.tc.qdiscs.add({ dev: 3, kind: 'pfifo', estimator: '1s' as never }), 'spec.estimator', /expected \{ interval, timeConstant \}/],
    ['an estimator interval past 8 s', (r) => r.tc.qdiscs.add({ dev: 3, kind: 'pfifo', estimator: { interval: '16s', timeConstant: '64s' } }), 'spec.estimator.interval', /"16s" is longer than the 8 s/],
    ['an estimator time constant below the interval', (r) => r.tc.qdiscs.add({ dev: 3, kind: 'pfifo', estimator: { interval: '1s', timeConstant: '1s' } }), 'spec.estimator.timeConstant', /"1s" is not a time constant the kernel can average over with an interval of "1s"/],
  ])('%s', async (_name, call, argument, message) => {
    const { kernel, rtnl } = fake();
    const error = await call(rtnl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument, message: expect.stringMatching(message) });
    expect(kernel.requests).toEqual([]);
    rtnl.close();
  });

  it('a kind of 15 characters is sent; a class at root or unparented is allowed', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.tc.qdiscs.add({ dev: 3, kind: 'abcdefghijklmno', options: new Uint8Array(0) });
    await rtnl.tc.classes.add({ dev: 3, handle: '1:10', parent: 'root', kind: 'drr' });
    expect(kernel.requests.map((r) => r.type)).toEqual([36, 40]);
    rtnl.close();
  });
});
