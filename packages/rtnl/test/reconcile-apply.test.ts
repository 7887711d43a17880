// apply() runs a plan's steps through the verbs and reports each. The verbs are stood in for by a
// recorder here (apply is what is tested, not the verbs: reconcile.live.test.ts runs it on a kernel).
import { describe, expect, it } from 'vitest';
import { NetlinkError } from '@linx/netlink-wire';
import { NoSuchInterfaceError, apply, plan, type DesiredState, type Ownership, type Plan, type PlanStep, type Rtnl } from '../src/index.js';
import { address, empty, link, lo } from './helpers/observed.js';

const PROTOCOL = 200;
const ENODEV = 19;
const EPERM = 1;

const desired: DesiredState = {
  links: [
    { name: 'br0', kind: 'bridge', up: true },
    { name: 'v0', kind: 'veth', peer: { name: 'v1' }, up: true },
  ],
  addresses: [{ dev: 'v0', address: '10.0.0.1/24' }],
  routes: [{ dst: '192.0.2.0/24', gateway: '10.0.0.2' }],
  rules: [{ priority: 100, table: 100 }],
};

/** Stands in for a handle: records every verb call, and fails the ones `fail` names. */
function recorder(fail: Record<string, Error> = {}) {
  const calls: string[] = [];
  const verb = (name: string) => async (...args: unknown[]) => {
    const first = args[0];
    const label = `${name} ${typeof first === 'string' ? first : JSON.stringify(first)}`;
    calls.push(label);
    const error = fail[label] ?? fail[name];
    if (error) throw error;
  };
  const group = (name: string, verbs: string[]) => Object.fromEntries(verbs.map((v) => [v, verb(`${name}.${v}`)]));
  const rtnl = {
    links: group('links', ['create', 'set', 'delete']),
    addresses: group('addresses', ['add', 'replace', 'delete']),
    routes: group('routes', ['add', 'replace', 'delete']),
    neighbours: group('neighbours', ['add', 'replace', 'delete']),
    rules: group('rules', ['add', 'delete']),
  } as unknown as Rtnl;
  return { rtnl, calls };
}

const fromEmpty = () => plan(desired, empty(), { protocol: PROTOCOL });

describe('apply', () => {
  it('calls each step\'s verb with its arguments, in the plan\'s order, and reports every step applied', async () => {
    const { rtnl, calls } = recorder();
    const steps = fromEmpty();
    const result = await apply(rtnl, steps);
    expect(calls).toEqual([
      `links.create ${JSON.stringify(desired.links![0])}`,
      `links.create ${JSON.stringify(desired.links![1])}`,
      'addresses.add v0',
      `routes.add ${JSON.stringify({ ...desired.routes![0], protocol: PROTOCOL })}`,
      `rules.add ${JSON.stringify({ ...desired.rules![0], protocol: PROTOCOL })}`,
    ]);
    expect(result).toMatchObject({ dryRun: false, ok: true, applied: 5, failed: 0, skipped: 0, ownership: steps.ownership, plan: steps });
    expect(result.results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
  });

  it("stops at the first failure by default: the error is reported, every later step is skipped ('stopped')", async () => {
    const refused = new NetlinkError(-EPERM, { message: 'not allowed' });
    const { rtnl, calls } = recorder({ 'links.create': refused });
    const result = await apply(rtnl, fromEmpty());
    expect(calls).toHaveLength(1);
    expect(result.results[0]).toEqual({ step: result.plan.steps[0], status: 'failed', error: refused });
    expect(result.results.slice(1).map((r) => r.status === 'skipped' && r.reason)).toEqual(Array(4).fill('stopped'));
    expect(result).toMatchObject({ ok: false, applied: 0, failed: 1, skipped: 4 });
  });

  it("with onFailure 'continue', runs what does not depend on the failure, and skips what does (naming the step)", async () => {
    const { rtnl, calls } = recorder({ [`links.create ${JSON.stringify(desired.links![1])}`]: new NetlinkError(-EPERM) });
    const result = await apply(rtnl, fromEmpty(), { onFailure: 'continue' });
    expect(result.results.map((r) => `${r.status}${r.status === 'skipped' ? ` ${r.reason} ${r.dependency}` : ''}`)).toEqual([
      'applied',
      'failed',
      'skipped dependency 1', // the address on v0
      'skipped dependency 2', // the route waits for the address
      'applied', // the rule depends on nothing
    ]);
    expect(calls.map((call) => call.split(' ')[0])).toEqual(['links.create', 'links.create', 'rules.add']);
  });

  it('a delete that finds its object gone counts as applied; another failure keeps the object owned', async () => {
    const observed = { ...empty(), links: [lo, link(2, 'old0', { kind: 'bridge' }), link(3, 'old1', { kind: 'bridge' })], addresses: [address(1, '10.9.0.1', 24, { label: 'lo' })] };
    const owned: Ownership = { links: ['old0', 'old1'], addresses: ['lo 10.9.0.1/24'], neighbours: [] };
    const steps = plan({}, observed, { protocol: PROTOCOL, owned });
    expect(steps.steps.map((step) => step.call.verb)).toEqual(['addresses.delete', 'links.delete', 'links.delete']);
    const { rtnl } = recorder({
      'addresses.delete': new NetlinkError(-99, { message: 'Cannot assign requested address' }), // EADDRNOTAVAIL
      'links.delete old0': new NoSuchInterfaceError('old0', { cause: new NetlinkError(-ENODEV) }),
      'links.delete old1': new NetlinkError(-EPERM),
    });
    const result = await apply(rtnl, steps, { onFailure: 'continue' });
    expect(result.results.map((r) => r.status)).toEqual(['applied', 'applied', 'failed']);
    expect(result.ownership).toEqual({ links: ['old1'], addresses: [], neighbours: [] });
  });

  it('a dry run changes nothing and returns the plan, every step skipped as dry-run', async () => {
    const { rtnl, calls } = recorder();
    const steps = fromEmpty();
    const result = await apply(rtnl, steps, { dryRun: true });
    expect(calls).toEqual([]);
    expect(result.plan).toBe(steps);
    expect(result.dryRun).toBe(true);
    expect(result.results.every((r) => r.status === 'skipped' && r.reason === 'dry-run')).toBe(true);
  });

  it("an aborted signal runs nothing more: the remaining steps are skipped ('aborted')", async () => {
    const controller = new AbortController();
    const { rtnl, calls } = recorder();
    // The first call aborts; every later step is skipped.
    (rtnl.links as { create: unknown }).create = async () => {
      calls.push('links.create');
      controller.abort();
    };
    const result = await apply(rtnl, fromEmpty(), { signal: controller.signal });
    expect(calls).toEqual(['links.create']);
    expect(result.results.map((r) => (r.status === 'skipped' ? r.reason : r.status))).toEqual(['applied', 'aborted', 'aborted', 'aborted', 'aborted']);
  });

  it('calls every verb with all of its arguments, and the timeout and signal it was given (nothing else of the options)', async () => {
    const seen: unknown[][] = [];
    const verbs = (group: string, names: string[]) => Object.fromEntries(names.map((name) => [name, async (...args: unknown[]) => void seen.push([`${group}.${name}`, ...args])]));
    const rtnl = {
      links: verbs('links', ['create', 'set', 'delete']),
      addresses: verbs('addresses', ['add', 'replace', 'delete']),
      routes: verbs('routes', ['add', 'replace', 'delete']),
      neighbours: verbs('neighbours', ['add', 'replace', 'delete']),
      rules: verbs('rules', ['add', 'delete']),
    } as unknown as Rtnl;
    const [a, r, n, u] = [{ family: 'inet' }, { dst: '10.0.0.0' }, { dst: '10.0.0.2' }, { priority: 5 }];
    const calls: PlanStep['call'][] = [
      { verb: 'links.create', spec: { name: 'b0', kind: 'bridge' } },
      { verb: 'links.set', name: 'b0', changes: { mtu: 1400 } },
      { verb: 'links.delete', name: 'b1' },
      { verb: 'addresses.add', dev: 'b0', address: '10.0.0.1/24', settings: { label: 'b0' } },
      { verb: 'addresses.replace', dev: 'b0', address: '10.0.0.1/24', settings: { rtPriority: 5 } },
      { verb: 'addresses.delete', address: a as never },
      { verb: 'routes.add', spec: { dst: '10.1.0.0/16', dev: 'b0' } },
      { verb: 'routes.replace', spec: { dst: '10.1.0.0/16', dev: 'b1' } },
      { verb: 'routes.delete', route: r as never },
      { verb: 'neighbours.add', spec: { interface: 'b0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:02' } },
      { verb: 'neighbours.replace', spec: { interface: 'b0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:03' } },
      { verb: 'neighbours.delete', neighbour: n as never },
      { verb: 'rules.add', spec: { priority: 5, table: 100 } },
      { verb: 'rules.delete', rule: u as never },
    ];
    const steps: Plan = {
      steps: calls.map((call, id) => ({ id, op: call.verb.endsWith('delete') ? 'delete' : 'create', kind: 'link', key: String(id), call, dependsOn: [] })),
      protocol: PROTOCOL,
      ownership: { links: [], addresses: [], neighbours: [] },
      releases: {},
    };
    const signal = new AbortController().signal;
    const result = await apply(rtnl, steps, { timeout: 5000, signal, onFailure: 'continue' });
    expect(result).toMatchObject({ ok: true, applied: 14, failed: 0, skipped: 0 });
    const options = { timeout: 5000, signal };
    expect(seen).toEqual([
      ['links.create', { name: 'b0', kind: 'bridge' }, options],
      ['links.set', 'b0', { mtu: 1400 }, options],
      ['links.delete', 'b1', options],
      ['addresses.add', 'b0', '10.0.0.1/24', { label: 'b0' }, options],
      ['addresses.replace', 'b0', '10.0.0.1/24', { rtPriority: 5 }, options],
      ['addresses.delete', a, options],
      ['routes.add', { dst: '10.1.0.0/16', dev: 'b0' }, options],
      ['routes.replace', { dst: '10.1.0.0/16', dev: 'b1' }, options],
      ['routes.delete', r, options],
      ['neighbours.add', { interface: 'b0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:02' }, options],
      ['neighbours.replace', { interface: 'b0', dst: '10.0.0.2', lladdr: '02:00:00:00:00:03' }, options],
      ['neighbours.delete', n, options],
      ['rules.add', { priority: 5, table: 100 }, options],
      ['rules.delete', u, options],
    ]);
    // Without a timeout or a signal, the verbs get empty options.
    seen.length = 0;
    await apply(rtnl, { ...steps, steps: steps.steps.slice(0, 1) });
    expect(seen).toEqual([['links.create', { name: 'b0', kind: 'bridge' }, {}]]);
  });

  it('a failed create is not an absent object: only deletes count ENODEV, ENOENT, ESRCH and EADDRNOTAVAIL as done', async () => {
    const gone = (errno: number) => new NetlinkError(-errno);
    // ENOENT 2, ESRCH 3, ENODEV 19, EADDRNOTAVAIL 99 (asm-generic/errno*.h); EEXIST 17 is no absence.
    for (const [errno, deleted] of [
      [2, 'applied'],
      [3, 'applied'],
      [19, 'applied'],
      [99, 'applied'],
      [17, 'failed'],
    ] as const) {
      const { rtnl } = recorder({ 'links.delete': gone(errno), 'links.create': gone(errno) });
      const steps: Plan = {
        steps: [
          { id: 0, op: 'delete', kind: 'link', key: 'x0', call: { verb: 'links.delete', name: 'x0' }, dependsOn: [] },
          { id: 1, op: 'create', kind: 'link', key: 'x1', call: { verb: 'links.create', spec: { name: 'x1', kind: 'bridge' } }, dependsOn: [] },
        ],
        protocol: PROTOCOL,
        ownership: { links: [], addresses: [], neighbours: [] },
        releases: { 0: [{ kind: 'link', key: 'x0' }] },
      };
      const result = await apply(rtnl, steps, { onFailure: 'continue' });
      expect({ errno, statuses: result.results.map((x) => x.status) }).toEqual({ errno, statuses: [deleted, 'failed'] });
      // A delete that did not happen keeps what it would have released owned.
      expect({ errno, links: result.ownership.links }).toEqual({ errno, links: deleted === 'applied' ? [] : ['x0'] });
      expect(result).toMatchObject({ ok: false, failed: deleted === 'applied' ? 1 : 2, applied: deleted === 'applied' ? 1 : 0, skipped: 0 });
    }
  });

  it('a step waits for all its dependencies: one skipped or failed among them skips it, naming the first', async () => {
    const { rtnl, calls } = recorder({ 'links.create x1': new NetlinkError(-EPERM) });
    const create = (id: number, dependsOn: number[]): PlanStep => ({ id, op: 'create', kind: 'link', key: `x${id}`, call: { verb: 'links.create', spec: `x${id}` as never }, dependsOn });
    const steps: Plan = { steps: [create(0, []), create(1, []), create(2, [0, 1]), create(3, [0]), create(4, [2, 3])], protocol: PROTOCOL, ownership: { links: ['x9'], addresses: ['lo 10.9.0.1/8'], neighbours: ['inet lo 10.9.0.2'] }, releases: {} };
    const result = await apply(rtnl, steps, { onFailure: 'continue' });
    expect(result.results.map((x) => (x.status === 'skipped' ? `skipped ${x.reason} ${x.dependency}` : x.status))).toEqual(['applied', 'failed', 'skipped dependency 1', 'applied', 'skipped dependency 2']);
    expect(calls).toEqual(['links.create x0', 'links.create x1', 'links.create x3']);
    // The record given back is the plan's, copied.
    expect(result.ownership).toEqual(steps.ownership);
    expect(result.ownership.links).not.toBe(steps.ownership.links);
  });

  it('refuses what is not a plan, and an unknown onFailure', async () => {
    const { rtnl } = recorder();
    await expect(apply(rtnl, {} as never)).rejects.toMatchObject({ argument: 'plan' });
    await expect(apply(rtnl, fromEmpty(), { onFailure: 'retry' as never })).rejects.toMatchObject({ argument: 'options.onFailure' });
  });
});
