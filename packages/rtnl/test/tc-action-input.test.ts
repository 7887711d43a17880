// Shared actions and a filter's actions refused before anything is sent, naming the argument and saying what
// is wrong (a FakeKernel records requests: none may reach it), with the limits of the kernel's headers:
// TCA_ACT_MAX_PRIO (32) actions per filter (linux/pkt_cls.h), an action index a u32, a kind up to 15
// characters (IFNAMSIZ - 1).
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl } from '../src/index.js';

function fake() {
  const kernel = new FakeKernel((req, k) => ((req.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(req, []) : k.ack(req)), { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

const drop = { kind: 'gact', verdict: 'drop' } as const;

describe('bad actions', () => {
  it.each<[string, (r: Rtnl) => Promise<unknown>, string, RegExp]>([
    ['list: a kind of no letters', (r) => r.tc.actions.list('bad kind!'), 'kind', /"bad kind!" is not an action kind/],
    ['list: an empty kind', (r) => r.tc.actions.list(''), 'kind', /"" is not an action kind/],
    ['list: a kind of 16 characters', (r) => r.tc.actions.list('abcdefghijklmnop'), 'kind', /is not an action kind/],
    ['list: a number', (r) => r.tc.actions.list(5 as never), 'kind', /5 is not an action kind/],
    ['delete: null', (r) => r.tc.actions.delete(null as never), 'action', /expected \{ kind, index \}/],
    ['delete: a kind of no letters', (r) => r.tc.actions.delete({ kind: '', index: 1 }), 'action.kind', /is not an action kind/],
    ['delete: index 0', (r) => r.tc.actions.delete({ kind: 'mirred', index: 0 }), 'action.index', /./],
    ['delete: index past a u32', (r) => r.tc.actions.delete({ kind: 'mirred', index: 2 ** 32 }), 'action.index', /./],
    ['add: a kind linx does not build', (r) => r.tc.actions.add({ kind: 'sample' } as never), 'action.kind', /"sample" is not an action linx builds \(mirred, gact, police, skbedit, vlan, csum, nat, tunnel_key, pedit, bpf\)/],
    ['add: null', (r) => r.tc.actions.add(null as never), 'action.kind', /undefined is not an action linx builds/],
    ['add: mirred without a verb', (r) => r.tc.actions.add({ kind: 'mirred', dev: 'v1' } as never), 'action.action', /expected one of egress redirect, egress mirror, ingress redirect, ingress mirror/],
    ['add: mirred without dev', (r) => r.tc.actions.add({ kind: 'mirred', action: 'egress mirror' } as never), 'action.dev', /the interface to send to/],
    ['add: mirred an index past a u32', (r) => r.tc.actions.add({ kind: 'mirred', action: 'egress mirror', dev: 2, index: 2 ** 32 }), 'action.index', /4294967296 is not an action index/],
    ['add: mirred a negative index', (r) => r.tc.actions.add({ kind: 'mirred', action: 'egress mirror', dev: 2, index: -1 }), 'action.index', /-1 is not an action index/],
    ['add: mirred an unknown key', (r) => r.tc.actions.add({ kind: 'mirred', action: 'egress mirror', dev: 2, mirror: true } as never), 'action.mirror', /./],
    ['filter: actions not an array', (r) => r.tc.filters.add({ dev: 2, kind: 'u32', options: {}, actions: drop as never }), 'spec.actions', /expected an array of actions/],
    ['filter: 33 actions', (r) => r.tc.filters.add({ dev: 2, kind: 'u32', options: {}, actions: Array(33).fill(drop) }), 'spec.actions', /at most 32 actions \(TCA_ACT_MAX_PRIO\)/],
    ['filter: an action of no kind', (r) => r.tc.filters.add({ dev: 2, kind: 'u32', options: {}, actions: [{} as never] }), 'spec.actions[0].kind', /undefined is not an action linx builds/],
    ['filter: actions on a kind given as bytes', (r) => r.tc.filters.add({ dev: 2, kind: 'basic', options: new Uint8Array(0), actions: [drop] } as never), 'spec.actions', /linx attaches actions to u32, bpf, matchall and flower filters, not "basic"/],
    ['filter: a delete with actions', (r) => r.tc.filters.delete({ dev: 2, actions: [drop] } as never), 'spec.options', /a delete takes no options or actions/],
    ['filter: a delete with options', (r) => r.tc.filters.delete({ dev: 2, options: {} } as never), 'spec.options', /a delete takes no options or actions/],
  ])('%s', async (_name, call, argument, message) => {
    const { kernel, rtnl } = fake();
    const error = await call(rtnl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument, message: expect.stringMatching(message) });
    expect(kernel.requests.filter((r) => r.type >= 36)).toEqual([]);
    rtnl.close();
  });

  it('32 actions are taken; a kind of 15 characters is listed', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.tc.filters.add({ dev: 2, kind: 'u32', options: {}, actions: Array(32).fill(drop) });
    await rtnl.tc.actions.list('abcdefghijklmno');
    expect(kernel.requests.map((r) => r.type).filter((t) => t >= 36)).toEqual([44, 50]);
    rtnl.close();
  });
});
