// `linx tc qdisc|class|filter add|change|replace|del` against tc itself, in a network namespace of this
// file's own: every command is run once with tc on one veth (xa) and once with linx on another (xb), and
// what tc then shows for the two devices must be the same (qdiscs with tc -j, classes and filters as tc's
// text, the device's name and the namespace-wide action index set aside). A command the kernel refuses to
// tc (a kind this kernel lacks) must be refused to linx too. Then `linx tc class show` and `linx tc filter
// show` must print what tc prints for the same device. Only this namespace is touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, run, runOrThrow, type TestNetns } from '@linx/test-kit';
import { linx, linxJson, linxOk } from './helpers/linx.js';

/** tc's commands, with DEV for the device; each is run with tc on xa and with linx on xb. */
const COMMANDS = [
  'qdisc add dev DEV root handle 1: htb default 0x10 r2q 5',
  'class add dev DEV parent 1: classid 1:10 htb rate 2mbit ceil 4mbit burst 20k prio 1',
  'class change dev DEV parent 1: classid 1:10 htb rate 3mbit ceil 4mbit',
  'class add dev DEV parent 1:10 classid 1:11 htb rate 1mbit',
  'class replace dev DEV parent 1:10 classid 1:11 htb rate 1500kbit quantum 3000',
  'class add dev DEV parent 1:10 classid 1:12 htb rate 500kbit ceil 1gbit cburst 3000',
  'qdisc add dev DEV parent 1:11 handle 11: tbf rate 1mbit burst 10kb latency 70ms',
  'qdisc replace dev DEV parent 1:12 handle 12: pfifo limit 50',
  'qdisc change dev DEV parent 1:12 handle 12: pfifo limit 70',
  'filter add dev DEV parent 1: protocol ip pref 3 u32 match ip dst 192.168.0.0/16 match ip dport 80 0xffff flowid 1:11',
  'filter add dev DEV parent 1: protocol ip pref 4 u32 match u16 0x0800 0xffff at 12 classid 1:10',
  'filter add dev DEV parent 1: protocol ip pref 5 u32 match ip protocol 17 0xff flowid 1:12',
  'filter del dev DEV parent 1: pref 5',
  'qdisc add dev DEV clsact',
  'filter add dev DEV ingress protocol all pref 2 u32 match u32 0 0 action mirred egress redirect dev xp',
  'filter add dev DEV ingress protocol ip pref 6 u32 match ip src 10.1.0.0/16 action mirred ingress mirror dev xp pipe',
  'filter add dev DEV egress protocol ip pref 9 handle 2: u32 divisor 4',
  'qdisc del dev DEV parent 1:11',
  // Refused alike: the class has a filter (EBUSY); sfq is not in this kernel (ENOENT).
  'class del dev DEV classid 1:10',
  'qdisc add dev DEV parent 1:11 handle 13: sfq perturb 10',
];

describe.skipIf(kernelSkipReason(['ip', 'tc']))('linx tc changes, each made by tc too', () => {
  let ns: TestNetns;
  const tc = (...args: string[]) => runOrThrow(['tc', '-n', ns.name, ...args]);

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
    ns.batch(['link add xa type veth peer name xp', 'link add xb type veth peer name xq', 'link set xa up', 'link set xb up', 'link set xp up']);
  });
  afterAll(() => ns?.remove());

  it('each command does to xb what tc does to xa', () => {
    for (const command of COMMANDS) {
      const theirs = run(['tc', '-n', ns.name, ...command.replace('DEV', 'xa').split(' ')]);
      const ours = linx('-n', ns.name, 'tc', ...command.replace('DEV', 'xb').split(' '));
      expect({ command, refused: ours.status !== 0 }).toEqual({ command, refused: theirs.status !== 0 });
      if (ours.status !== 0) expect({ command, status: ours.status }).toEqual({ command, status: 1 });
    }
    // htb's direct_packets_stat counts packets the kernel itself sends (xa's peer is up): a counter, set aside.
    const same = (text: string, dev: string) => text.replaceAll(dev, 'DEV').replace(/index \d+/g, 'index N').replace(/"direct_packets_stat":\d+/g, '"direct_packets_stat":0');
    expect(JSON.parse(same(tc('-j', 'qdisc', 'show', 'dev', 'xb'), 'xb'))).toEqual(JSON.parse(same(tc('-j', 'qdisc', 'show', 'dev', 'xa'), 'xa')));
    for (const show of [['class', 'show'], ['filter', 'show', 'parent', '1:'], ['filter', 'show', 'ingress'], ['filter', 'show', 'egress']]) {
      const xa = same(tc(...show.slice(0, 2), 'dev', 'xa', ...show.slice(2)), 'xa');
      expect(xa.length).toBeGreaterThan(0);
      expect(same(tc(...show.slice(0, 2), 'dev', 'xb', ...show.slice(2)), 'xb')).toBe(xa);
    }
    // Forty processes on a machine that may be loaded: a generous limit, not a speed check.
  }, 120_000);

  it.each([[['class', 'show', 'dev', 'xa']], [['filter', 'show', 'dev', 'xa']], [['filter', 'show', 'dev', 'xa', 'parent', '1:']], [['filter', 'show', 'dev', 'xb', 'ingress']], [['filter', 'show', 'dev', 'xb', 'egress']]])('linx tc %j prints what tc prints', (args) => {
    const ours = linxOk('-n', ns.name, 'tc', ...args);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toBe(tc(...args));
  });

  it('-j class show gives each class with rtnl\'s options; -j filter show the filters rtnl lists', () => {
    const classes = linxJson('-n', ns.name, 'tc', 'class', 'show', 'dev', 'xa');
    expect(classes.map((c: { handle: string }) => c.handle).sort()).toEqual(['1:10', '1:11', '1:12']);
    expect(classes.find((c: { handle: string }) => c.handle === '1:10')).toMatchObject({ class: 'htb', root: true, options: { rate: 375000, ceil: 500000 } });
    const filters = linxJson('-n', ns.name, 'tc', 'filter', 'show', 'dev', 'xa', 'ingress');
    const mirred = filters.find((f: { actions?: unknown[] }) => f.actions !== undefined);
    expect(mirred.actions[0]).toMatchObject({ kind: 'mirred', options: { action: 'egress redirect', dev: 'xp' } });
  });

  it('bad words are usage errors, nothing sent', () => {
    for (const args of [['qdisc', 'add', 'dev', 'xa', 'root', 'htb', 'colour', 'red'], ['qdisc', 'add', 'root', 'htb'], ['class', 'add', 'dev', 'xa', 'parent', '1:', 'htb', 'rate', '1mbit'], ['filter', 'add', 'dev', 'xa', 'u32', 'match', 'ip', 'nothing', '1', '2'], ['filter', 'add', 'dev', 'xa', 'u32', 'action', 'police', 'rate', '1mbit']]) {
      const result = linx('-n', ns.name, 'tc', ...args);
      expect({ args, status: result.status }).toEqual({ args, status: 2 });
    }
  }, 60_000);
});
