// tc events in rtnl.monitor() (RTNLGRP_TC), in a namespace of this file's own: qdiscs, classes, filters and
// shared actions changed by the `tc` command, each event's object compared with what rtnl.tc's list() gives for the same
// object right after (decoded by the same functions), with what `tc -j` shows, and the sequence of events
// with what `tc monitor` printed for the same changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { run } from '@linx/test-kit';
import { isFilterOf, type Monitor, type MonitorEvent, type MonitorObjectEvent, type Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

const skip = kernelSkipReason ?? (run(['sh', '-c', 'command -v tc']).status === 0 ? undefined : '`tc` is not installed');

type Of<K extends MonitorObjectEvent['kind']> = Extract<MonitorObjectEvent, { kind: K }>;

/** Events collected from a monitor as they come. */
class Collector {
  readonly events: MonitorEvent[] = [];
  constructor(monitor: Monitor) {
    void (async () => {
      for await (const event of monitor) this.events.push(event);
    })();
  }

  /** The first `type` event of `kind` that `test` accepts, waiting up to 5 s (events arrive asynchronously). */
  async find<K extends MonitorObjectEvent['kind']>(type: 'new' | 'del', kind: K, test: (object: Of<K>['object']) => boolean = () => true): Promise<Of<K>> {
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(10)) {
      const found = this.events.find((e): e is Of<K> => e.type === type && e.kind === kind && test((e as Of<K>).object as never));
      if (found) return found;
    }
    throw new Error('no such event within 5 s');
  }
}

/** An object without its statistics (counters move between a notification and a list). */
function still<T extends object>(o: T): Omit<T, 'stats' | 'refcnt' | 'xstats'> {
  // Counters and the kind's xstats (htb's tokens, ctokens, lends) move with traffic between two reads.
  const { stats: _s, refcnt: _r, xstats: _x, ...rest } = o as T & { stats?: unknown; refcnt?: unknown; xstats?: unknown };
  // htb's direct_pkts (struct tc_htb_glob) is a counter too: packets the kernel sends on its own (IPv6
  // neighbour discovery on a link that is up) move it between the event and the listing.
  const options = (rest as { options?: Record<string, unknown> }).options;
  if (options !== undefined && 'directPacketsStat' in options) {
    const { directPacketsStat: _d, ...others } = options;
    return { ...rest, options: others } as Omit<T, 'stats' | 'refcnt' | 'xstats'>;
  }
  return rest;
}

describe.skipIf(skip !== undefined)(`tc events in rtnl.monitor()${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  let monitor: Monitor;
  let seen: Collector;
  /** `tc monitor`, stopped by the test or, if it fails first, after it. */
  let tcMonitor: ReturnType<typeof spawn> | undefined;
  const tc = (...args: string[]) => {
    const r = run(['tc', '-n', ns.name, ...args]);
    if (r.status !== 0) throw new Error(`tc ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    ns = createNetns('tcmon');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ns.ip('link', 'set', 'v0', 'up');
    ns.ip('link', 'set', 'v1', 'up');
    rtnl = await ns.rtnl();
    monitor = await rtnl.monitor({ kinds: ['qdisc', 'class', 'filter'], interface: 'v0' });
    seen = new Collector(monitor);
  });
  afterAll(() => {
    tcMonitor?.kill();
    monitor?.close();
    ns?.remove();
  });

  it('qdisc, class and filter changes arrive decoded as list() decodes them', async () => {
    // tc monitor, started first, prints the same notifications (it also prints chains, which linx leaves out).
    tcMonitor = spawn('tc', ['-n', ns.name, 'monitor']);
    let printed = '';
    tcMonitor.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    // tc monitor subscribes some time after it starts: probe with changes on v1 (which the monitor's
    // interface filter leaves out) until it prints one.
    for (const deadline = Date.now() + 10_000; !printed.includes('dev v1'); ) {
      if (Date.now() > deadline) throw new Error(`tc monitor printed nothing: ${printed}`);
      tc('qdisc', 'replace', 'dev', 'v1', 'root', 'handle', '9:', 'pfifo');
      await sleep(50);
    }
    tc('qdisc', 'del', 'dev', 'v1', 'root');
    tc('qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb', 'default', '10');
    tc('qdisc', 'add', 'dev', 'v1', 'root', 'handle', '7:', 'htb');
    tc('class', 'add', 'dev', 'v0', 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '1mbit');
    tc('filter', 'add', 'dev', 'v0', 'parent', '1:', 'protocol', 'ip', 'prio', '10', 'u32', 'match', 'ip', 'dst', '10.0.0.0/8', 'flowid', '1:10', 'action', 'mirred', 'egress', 'mirror', 'dev', 'v1');

    const q = await seen.find('new', 'qdisc', (o) => o.kind === 'htb');
    const [listedQ] = await rtnl.tc.qdiscs.list({ dev: 'v0', kind: 'htb' });
    expect(still(q.object)).toEqual(still(listedQ!));
    expect(q.object.dev).toBe('v0');

    const c = await seen.find('new', 'class');
    const [listedC] = await rtnl.tc.classes.list({ dev: 'v0' });
    expect(still(c.object)).toEqual(still(listedC!));
    expect(c.object.handle).toBe('1:10');

    const f = await seen.find('new', 'filter', (o) => o.handle === '800::800');
    const listedF = (await rtnl.tc.filters.list({ dev: 'v0', parent: '1:' })).find((x) => x.handle === '800::800')!;
    const { actions: eventActions, ...eventRest } = f.object;
    const { actions: listActions, ...listRest } = listedF;
    expect(eventRest).toEqual(listRest);
    expect(eventActions?.map(still)).toEqual(listActions?.map(still));
    // …and as tc -j shows it.
    const t = JSON.parse(tc('-j', 'filter', 'show', 'dev', 'v0', 'parent', '1:')).find((x: any) => x.options?.fh === '800::800');
    expect(isFilterOf(f.object, 'u32') && [f.object.priority, f.object.protocol, f.object.options?.classid, f.object.actions?.[0]?.kind]).toEqual([t.pref, t.protocol, t.options.flowid, t.options.actions[0].kind]);

    tc('filter', 'del', 'dev', 'v0', 'parent', '1:', 'prio', '10');
    const gone = await seen.find('del', 'filter');
    expect([gone.object.priority, gone.object.protocol]).toEqual([10, 'ip']);
    tc('qdisc', 'del', 'dev', 'v0', 'root');
    const qgone = await seen.find('del', 'qdisc', (o) => o.handle === '1:');
    expect(qgone.object.kind).toBe('htb');
    // The same sequence as tc monitor's lines for v0 (new qdiscs and classes are printed without "added").
    for (const deadline = Date.now() + 5000; !printed.includes('deleted qdisc htb 1:') && Date.now() < deadline; ) await sleep(10);
    tcMonitor.kill();
    const theirs = [...printed.matchAll(/^(added |deleted )?(qdisc|class|filter) .*\bdev v0\b.*$/gm)].map((m) => `${m[1] === 'deleted ' ? 'del' : 'new'} ${m[2]}`);
    const mine = seen.events.flatMap((e) => (e.type === 'overrun' ? [] : [`${e.type} ${e.kind}`]));
    expect(mine).toEqual(theirs);
    // The first is the default qdisc (veth's noqueue) that htb replaced at the root.
    expect(mine).toEqual(['del qdisc', 'new qdisc', 'new class', 'new filter', 'del filter', 'del qdisc']);
    // v1's qdisc was left out by the interface filter.
    expect(seen.events.some((e) => e.type !== 'overrun' && 'object' in e && (e.object as { handle?: string }).handle === '7:')).toBe(false);
  });

  it('shared actions: added and deleted with tc actions, the events\' actions as actions.list() and tc -j show them', async () => {
    const actions = await rtnl.monitor({ kinds: ['action'] });
    const got = new Collector(actions);
    // Shared actions belong to no interface: a monitor filtered to one leaves them out.
    const onV0 = await rtnl.monitor({ kinds: ['action'], interface: 'v0' });
    const gotOnV0 = new Collector(onV0);
    try {
      // The subscription is made before monitor() resolves; tc's change comes after it.
      tc('actions', 'add', 'action', 'mirred', 'egress', 'mirror', 'dev', 'v1', 'index', '12');
      const added = await got.find('new', 'action');
      const [listed] = await rtnl.tc.actions.list('mirred');
      expect(added.object.actions.map(still)).toEqual([still(listed!)]);
      const [, { actions: [t] }] = JSON.parse(tc('-j', 'actions', 'ls', 'action', 'mirred'));
      expect(added.object.actions.map((a) => [a.kind, a.index, a.verdict, (a.options as { dev?: string }).dev])).toEqual([[t.kind, t.index, t.control_action.type, t.to_dev]]);
      tc('actions', 'del', 'action', 'mirred', 'index', '12');
      const deleted = await got.find('del', 'action');
      expect(deleted.object.actions.map((a) => [a.kind, a.index])).toEqual([['mirred', 12]]);
      // The same notifications reached the filtered monitor's socket (the kernel sends them to both) by now.
      await sleep(100);
      expect(gotOnV0.events.filter((e) => e.type !== 'overrun')).toEqual([]);
    } finally {
      actions.close();
      onV0.close();
    }
  });

  it('tc kinds are asked for by name, and only by a monitor', async () => {
    await expect(rtnl.monitor({ kinds: ['qdisc', 'bogus' as never] })).rejects.toMatchObject({ argument: 'options.kinds' });
    await expect(rtnl.mirror({ kinds: ['qdisc' as never] })).rejects.toMatchObject({ argument: 'options.kinds' });
  });
});
