// converge() against the running kernel, in a network namespace of this file's own (deleted in afterAll):
// drift made with `ip` is healed by the pass a change notification wakes, the interval re-observes when
// nothing is heard, and an abort stops it.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, converge, type ConvergePass, type DesiredState, type Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

const PROTOCOL = 210;

const desired: DesiredState = {
  links: [{ name: 'c0', kind: 'veth', peer: { name: 'c1' }, up: true, mtu: 1450 }],
  addresses: [{ dev: 'c0', address: '10.3.0.1/24' }],
  routes: [{ dst: '10.4.0.0/16', gateway: '10.3.0.2' }],
};

/** Polls `check` until it holds, or fails after `timeout` ms. */
async function until(check: () => boolean, timeout: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe.skipIf(kernelSkipReason !== undefined)('converge in a namespace of its own', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  const routeThere = () => (ns.ipJson('route', 'show', '10.4.0.0/16') as { protocol?: string }[]).some((r) => r.protocol === String(PROTOCOL));
  const mtu = () => (ns.ipJson('link', 'show', 'c0') as { mtu: number }[])[0]?.mtu;

  beforeAll(async () => {
    ns = createNetns('converge');
    rtnl = await ns.rtnl();
  });
  afterAll(() => ns?.remove());

  it('bad desired input throws InvalidArgumentError naming it, before anything changes', async () => {
    const bad: DesiredState = { ...desired, routes: [{ dst: '10.4.0.0/16', gateway: '10.3.0.300' }] };
    await expect(converge(rtnl, bad, { protocol: PROTOCOL })).rejects.toThrow(InvalidArgumentError);
    await expect(converge(rtnl, bad, { protocol: PROTOCOL })).rejects.toMatchObject({ argument: 'routes[0].gateway' });
    expect((ns.ipJson('link', 'show') as { ifname: string }[]).map((link) => link.ifname)).toEqual(['lo']);
  });

  it('drift made with ip is healed by the pass its notification wakes; abort stops converging', async () => {
    const controller = new AbortController();
    const passes: ConvergePass[] = [];
    // An interval far longer than the test: only change notifications can wake a pass in time.
    const done = converge(rtnl, desired, { protocol: PROTOCOL, interval: 600_000, signal: controller.signal, onPass: (pass) => passes.push(pass) });
    await until(() => passes.length >= 1, 5000, 'the first pass');
    expect(passes[0]).toMatchObject({ number: 1, reason: 'start', result: { ok: true } });
    expect(passes[0]!.result!.plan.steps.map((step) => `${step.op} ${step.kind}`)).toEqual(['create link', 'create address', 'create route']);
    expect(routeThere()).toBe(true);

    const seen = passes.length;
    ns.ip('route', 'del', '10.4.0.0/16');
    ns.ip('link', 'set', 'c0', 'mtu', '1500');
    // Healed in the kernel, and reported: the pass that heals may have been woken by the first pass's own
    // changes and observed after ip's, so the kernel can show the fix a moment before onPass tells of it.
    await until(() => routeThere() && mtu() === 1450 && passes.slice(seen).some((pass) => (pass.result?.plan.steps.length ?? 0) > 0), 5000, 'the route and mtu to be healed');
    const healing = passes.slice(seen).filter((pass) => pass.result!.plan.steps.length > 0);
    expect(healing.every((pass) => pass.reason === 'change')).toBe(true);
    expect(healing.flatMap((pass) => pass.result!.results.map((r) => `${r.status} ${r.step.op} ${r.step.kind}`)).sort()).toEqual(['applied create route', 'applied update link']);
    // The namespace settles: the last pass found nothing to do.
    await until(() => passes.at(-1)!.result!.plan.steps.length === 0, 5000, 'a pass with nothing to do');

    controller.abort();
    const summary = await done;
    expect(summary.passes).toBe(passes.length);
    expect(summary.ownership).toEqual({ links: ['c0'], addresses: ['c0 10.3.0.1/24'], neighbours: [] });
    const stopped = passes.length;
    ns.ip('route', 'del', '10.4.0.0/16');
    await sleep(500);
    expect(routeThere()).toBe(false);
    expect(passes.length).toBe(stopped);
  });

  it('without notifications to wake it, the interval re-observes', async () => {
    const controller = new AbortController();
    const passes: ConvergePass[] = [];
    const done = converge(rtnl, desired, { protocol: PROTOCOL, interval: 100, signal: controller.signal, onPass: (pass) => passes.push(pass) });
    await until(() => passes.filter((pass) => pass.reason === 'interval').length >= 3, 5000, 'three interval passes');
    controller.abort();
    await done;
    // The first pass put the route back; the ones the interval woke found nothing to do.
    expect(passes[0]!.result!.plan.steps.map((step) => `${step.op} ${step.kind}`)).toEqual(['create route']);
    expect(routeThere()).toBe(true);
    const quiet = passes.filter((pass) => pass.reason === 'interval');
    expect(quiet.every((pass) => pass.result!.plan.steps.length === 0)).toBe(true);
  });
});
