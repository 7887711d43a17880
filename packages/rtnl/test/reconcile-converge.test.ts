// converge() refuses bad options and an aborted signal before it touches the handle (which is not a
// handle here: any use of it would throw). Its passes, against a fake namespace here, and on a kernel in
// reconcile-converge.live.
import { describe, expect, it } from 'vitest';
import { AbortError } from '@linx/netlink-socket';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { Rtnl, converge, type ConvergePass } from '../src/index.js';
import { GROUP, RTM, fakeNamespace } from './helpers/fake-namespace.js';

const untouchable = new Proxy({}, { get: (_target, name) => { throw new Error(`converge used rtnl.${String(name)}`); } }) as Rtnl;

describe('converge before it starts', () => {
  it.each([
    [{ protocol: 200, interval: 0 }, 'options.interval'],
    [{ protocol: 200, settle: -1 }, 'options.settle'],
    [{ protocol: 200, onPass: 'log' }, 'options.onPass'],
    [{ protocol: 200, every: 5 }, 'options.every'],
    [{ protocol: 2 }, 'options.protocol'],
    [{}, 'options.protocol'],
  ])('%o is refused, naming %s', async (options, argument) => {
    await expect(converge(untouchable, {}, options as never)).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument });
  });

  it('the options\' messages, and their ranges (setTimeout\'s: up to 2^31-1 ms; a settle of 0, an interval of at least 1)', async () => {
    await expect(converge(untouchable, {}, null as never)).rejects.toThrow('options: expected { protocol, owned, interval, signal, onPass }');
    await expect(converge(untouchable, {}, { protocol: 200, every: 5 } as never)).rejects.toThrow('options.every: unknown option; expected protocol, owned, interval, settle, signal, onPass, timeout');
    await expect(converge(untouchable, {}, { protocol: 200, onPass: 'log' } as never)).rejects.toThrow('options.onPass: expected a function');
    await expect(converge(untouchable, {}, { protocol: 200, interval: 2 ** 31 })).rejects.toMatchObject({ argument: 'options.interval' });
    await expect(converge(untouchable, {}, { protocol: 200, settle: 2 ** 31 })).rejects.toMatchObject({ argument: 'options.settle' });
    // In range, they pass the checks: the aborted signal is what stops converge then.
    for (const options of [{ interval: 1 }, { interval: 2 ** 31 - 1 }, { settle: 0 }, { settle: 2 ** 31 - 1 }, { owned: { links: [], addresses: [], neighbours: [] } }, { timeout: 5, onPass: () => {} }]) {
      await expect(converge(untouchable, {}, { protocol: 200, signal: AbortSignal.abort(), ...options })).rejects.toBeInstanceOf(AbortError);
    }
  });

  it('bad desired input is refused with its path', async () => {
    await expect(converge(untouchable, { links: [{ name: 'x', kind: 'bridge', mtu: 'big' as never }] }, { protocol: 200 })).rejects.toMatchObject({ argument: 'links[0].mtu' });
  });

  it('a signal aborted already rejects with AbortError', async () => {
    await expect(converge(untouchable, {}, { protocol: 200, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });
});

/**
 * A fake namespace (helpers/fake-namespace.ts) whose kernel keeps the routes it is asked to add and
 * announces each on RTNLGRP_IPV4_ROUTE, as the kernel does; `failDumps` makes its link dumps fail (EPERM).
 */
function convergingNamespace() {
  const state = { failDumps: false };
  const ns = fakeNamespace((request, k) => {
    if (request.type === RTM.NEWROUTE) {
      ns.tables.routes.set(ns.tables.routes.size, request.payload.slice());
      ns.notify(GROUP.IPV4_ROUTE, RTM.NEWROUTE, request.payload.slice());
      return [k.ack(request)];
    }
    if (state.failDumps && request.type === RTM.GETLINK && (request.flags & NLM_F_DUMP) !== 0) return [k.error(request, EPERM)];
    return undefined;
  });
  return { ...ns, state, rtnl: new Rtnl(ns.connection()) };
}

/** EPERM (asm-generic/errno-base.h). */
const EPERM = 1;
const desired = { routes: [{ dst: '10.9.0.0/16', dev: 'eth0' }] };

describe('converge passes (fake kernel)', () => {
  it('a first pass heals, a change notification starts the next, the interval the ones after; stopped by its signal', async () => {
    const { rtnl, kernel } = convergingNamespace();
    const controller = new AbortController();
    const passes: ConvergePass[] = [];
    const summary = await converge(rtnl, desired, {
      protocol: 200,
      interval: 200,
      settle: 0,
      signal: controller.signal,
      onPass: (pass) => {
        passes.push(pass);
        if (passes.length === 3) controller.abort();
      },
    });
    rtnl.close();
    expect(passes.map((p) => [p.number, p.reason, p.result?.applied, p.result?.plan.steps.length, p.error])).toEqual([
      [1, 'start', 1, 1, undefined],
      // The route's own notification came while the first pass ran: the next one starts soon after it.
      [2, 'change', 0, 0, undefined],
      [3, 'interval', 0, 0, undefined],
    ]);
    expect(passes[0]!.result!.results[0]!.step.call).toEqual({ verb: 'routes.add', spec: { dst: '10.9.0.0/16', dev: 'eth0', protocol: 200 } });
    expect(passes.every((p) => p.duration >= 0 && Number.isFinite(p.duration))).toBe(true);
    expect(summary).toEqual({ passes: 3, ownership: { links: [], addresses: [], neighbours: [] } });
    // One route added, once; the monitor's groups left at the end.
    expect(kernel.requests.filter((r) => r.type === RTM.NEWROUTE)).toHaveLength(1);
    expect([...kernel.groups]).toEqual([]);
  });

  it('a pass that cannot observe reports its error and the next tries again; a throw of onPass stops converging with it', async () => {
    const { rtnl, state } = convergingNamespace();
    state.failDumps = true;
    const passes: ConvergePass[] = [];
    const stop = new Error('seen enough');
    const done = converge(rtnl, desired, {
      protocol: 200,
      interval: 10,
      onPass: (pass) => {
        passes.push(pass);
        state.failDumps = false;
        if (passes.length === 2) throw stop;
      },
    });
    await expect(done).rejects.toBe(stop);
    rtnl.close();
    expect(passes[0]!.error).toMatchObject({ code: 'ERR_LINX_KERNEL', errnoName: 'EPERM' });
    expect(passes[0]!.result).toBeUndefined();
    expect(passes[1]!.result?.applied).toBe(1);
  });

  it('keeps the ownership record of its last pass, starting from options.owned', async () => {
    const { rtnl } = convergingNamespace();
    const controller = new AbortController();
    const summary = await converge(rtnl, { ...desired, neighbours: [] }, {
      protocol: 200,
      owned: { links: ['gone0'], addresses: [], neighbours: [] },
      signal: controller.signal,
      onPass: () => controller.abort(),
    });
    rtnl.close();
    // gone0 is not there: nothing to delete, and nothing owned any more.
    expect(summary).toEqual({ passes: 1, ownership: { links: [], addresses: [], neighbours: [] } });
  });
});
