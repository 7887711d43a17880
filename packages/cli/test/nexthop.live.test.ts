// `linx nexthop` against `ip nexthop` in network namespaces of this file's own: what linx lists (JSON and
// text) must be what ip lists, on gateways (IPv4, IPv6, onlink, a protocol), a device alone, a blackhole,
// weighted and resilient groups and fdb nexthops; what linx adds, replaces, deletes and flushes must leave
// the namespace as ip's same commands leave another; `linx route add … nhid N` as `ip route add … nhid N`.
// Only the namespaces made here are touched; they are deleted afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, runOrThrow, type TestNetns } from '@linx/test-kit';
import { linx, linxJson, linxOk } from './helpers/linx.js';

const trimLines = (text: string) => text.split('\n').map((line) => line.trimEnd()).join('\n');

/** A namespace with a veth pair up, lo up (a blackhole nexthop needs it), an IPv4 and an IPv6 address. */
function prepared(): TestNetns {
  const ns = createTestNetns('linx-nh');
  ns.batch(['link set lo up', 'link add v0 type veth peer name v1', 'link set v0 up', 'link set v1 up', 'addr add 10.0.0.1/24 dev v0', 'addr add 2001:db8::1/64 dev v0 nodad']);
  return ns;
}

/** The nexthops the tests make, as `ip nexthop` words (linx takes the same words). */
const NEXTHOPS = [
  'add id 1 via 10.0.0.2 dev v0',
  'add id 2 via 10.0.0.3 dev v0 onlink',
  'add id 3 blackhole',
  'add id 4 dev v0',
  'add id 5 via 2001:db8::2 dev v0',
  'add id 6 via 10.0.0.4 dev v0 protocol static',
  'add id 7 via inet 10.0.0.5 dev v0 protocol 99',
  'add id 10 group 1/2,3',
  'add id 11 group 1/2 type resilient buckets 8 idle_timer 10',
  'add id 12 group 1,3/2,5/6',
  'add id 13 group 1/2 type resilient buckets 16 idle_timer 5 unbalanced_timer 20',
  'add id 20 via 10.0.0.9 fdb',
  'add id 21 group 20 fdb',
  'add id 22 via 2001:db8::9 fdb',
];

describe.skipIf(kernelSkipReason(['ip']))('linx nexthop, compared with ip nexthop', () => {
  let ns: TestNetns;
  let theirs: TestNetns;
  let ours: TestNetns;

  beforeAll(() => {
    ns = prepared();
    theirs = prepared();
    ours = prepared();
    ns.batch(NEXTHOPS.map((line) => `nexthop ${line}`));
  });
  afterAll(() => {
    ns?.remove();
    theirs?.remove();
    ours?.remove();
  });

  const cases: string[][] = [
    ['nexthop'],
    ['-d', 'nexthop'],
    ['-4', 'nexthop'],
    ['-6', 'nexthop'],
    ['nexthop', 'show', 'id', '11'],
    ['nexthop', 'show', 'id', '3'],
    ['nexthop', 'show', 'dev', 'v0'],
    ['nexthop', 'show', 'groups'],
    ['nexthop', 'show', 'fdb'],
    ['nexthop', 'list', 'groups', 'fdb'],
    ['-d', 'nexthop', 'get', 'id', '13'],
    ['nexthop', 'get', 'id', '12'],
  ];

  it.each(cases.map((c) => [c.join(' '), c]))('linx -j %s equals ip -j', (_title, args) => {
    expect(linxJson('-n', ns.name, ...args)).toEqual(ns.ipJson(...args));
  });

  it.each(cases.map((c) => [c.join(' '), c]))('linx %s prints what ip prints', (_title, args) => {
    expect(trimLines(linxOk('-n', ns.name, ...args))).toBe(trimLines(runOrThrow(['ip', '-n', ns.name, ...args])));
  });

  // A bucket's idle time counts up between two listings: compared as a number, the rest field by field.
  const idleMasked = (buckets: { bucket: { idle_time: unknown } }[]) => buckets.map((b) => ({ ...b, bucket: { ...b.bucket, idle_time: typeof b.bucket.idle_time } }));
  it.each([[['bucket']], [['bucket', 'show', 'id', '13']], [['bucket', 'list', 'nhid', '2']], [['bucket', 'show', 'dev', 'v0']], [['bucket', 'get', 'id', '11', 'index', '3']]])('linx nexthop %s: ip -j nexthop bucket, and its text', (args) => {
    const theirs = ns.ipJson('nexthop', ...args);
    expect(theirs.length).toBeGreaterThan(0);
    expect(idleMasked(linxJson('-n', ns.name, 'nexthop', ...args))).toEqual(idleMasked(theirs));
    const masked = (text: string) => trimLines(text).replace(/idle_time [\d.e+]+/g, 'idle_time T');
    expect(masked(linxOk('-n', ns.name, 'nexthop', ...args))).toBe(masked(runOrThrow(['ip', '-n', ns.name, 'nexthop', ...args])));
  });

  it('protocol selects as ip does (a number or a name)', () => {
    for (const proto of ['4', 'static']) {
      expect(linxJson('-n', ns.name, 'nexthop', 'show', 'protocol', proto).map((n: { id: number }) => n.id)).toEqual([6]);
    }
    expect(ns.ipJson('nexthop', 'show', 'protocol', '4').map((n: { id: number }) => n.id)).toEqual([6]);
  });

  it('add, replace, del and flush leave the namespace as ip leaves another; the flush counts are ip\'s', () => {
    const both = (words: string) => {
      theirs.ip('nexthop', ...words.split(' '));
      linxOk('-n', ours.name, 'nexthop', ...words.split(' '));
    };
    const same = () => {
      expect(ours.ipJson('-d', 'nexthop')).toEqual(theirs.ipJson('-d', 'nexthop'));
      expect(linxJson('-n', ours.name, '-d', 'nexthop')).toEqual(theirs.ipJson('-d', 'nexthop'));
    };
    for (const line of NEXTHOPS) both(line);
    same();
    for (const line of ['replace id 1 via 10.0.0.7 dev v0', 'replace id 10 group 1,7/2', 'replace id 11 group 1/2,2 type resilient buckets 8 idle_timer 30', 'replace id 30 blackhole protocol static', 'del id 4']) both(line);
    same();
    const flush = (args: string[]) => ({ ip: theirs.ip('nexthop', 'flush', ...args), linx: linxOk('-n', ours.name, 'nexthop', 'flush', ...args) });
    const byDev = flush(['dev', 'v0']);
    expect(byDev.linx).toBe(byDev.ip);
    same();
    const all = flush([]);
    expect(all.linx).toBe(all.ip);
    expect(all.linx).toMatch(/^Flushed \d+ nexthops\n$/);
    same();
    const nothing = flush([]);
    expect(nothing.linx).toBe(nothing.ip);
    expect(nothing.linx).toBe('Nothing to flush\n');
  });

  it('linx route add … nhid N is ip route add … nhid N; linx -j route shows nhid as ip does', () => {
    // From no nexthops (whatever the test before left), the same on both sides.
    for (const target of [theirs, ours]) target.batch(['nexthop flush', 'nexthop add id 1 via 10.0.0.2 dev v0', 'nexthop add id 2 via 10.0.0.3 dev v0', 'nexthop add id 10 group 1/2,3', 'nexthop add id 5 via 2001:db8::2 dev v0']);
    for (const words of ['192.0.2.0/24 nhid 10', '198.51.100.0/24 nhid 1 metric 5', '2001:db8:5::/64 nhid 5']) {
      theirs.ip('route', 'add', ...words.split(' '));
      linxOk('-n', ours.name, 'route', 'add', ...words.split(' '));
    }
    // The routes through nexthops are the same in both namespaces (the kernel's own link-local routes may
    // come in another order); in ours, linx lists every route as ip does.
    const viaNexthops = (routes: { nhid?: number }[]) => routes.filter((r) => r.nhid !== undefined);
    for (const args of [['route'], ['-6', 'route']]) {
      expect(viaNexthops(ours.ipJson(...args))).toEqual(viaNexthops(theirs.ipJson(...args)));
      expect(linxJson('-n', ours.name, ...args)).toEqual(ours.ipJson(...args));
      expect(trimLines(linxOk('-n', ours.name, ...args))).toBe(trimLines(ours.ip(...args)));
    }
    expect(viaNexthops(ours.ipJson('route'))).toHaveLength(2);
    expect(linxJson('-n', ours.name, 'route').some((r: { nhid?: number }) => r.nhid === 10)).toBe(true);
  });

  it('errors as the other commands report them: the kernel refusal (1), no such interface (3), usage (2, nothing sent)', () => {
    const missing = linx('-n', ns.name, 'nexthop', 'get', 'id', '99');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    const taken = linx('-n', ns.name, 'nexthop', 'add', 'id', '1', 'via', '10.0.0.2', 'dev', 'v0');
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain('EEXIST');
    expect(linx('-n', ns.name, 'nexthop', 'add', 'id', '40', 'via', '10.0.0.2', 'dev', 'nope').status).toBe(3);
    for (const words of [['add', 'id', '40'], ['add', 'id', '40', 'group', '1,x'], ['add', 'id', '40', 'group', '1', 'type', 'nope'], ['del'], ['show', 'colour']]) {
      const r = linx('-n', ns.name, 'nexthop', ...words);
      expect(r.status, words.join(' ')).toBe(2);
    }
    // Nothing was added by the refused commands.
    expect(ns.ipJson('nexthop', 'show', 'id', '1')).toMatchObject([{ gateway: '10.0.0.2' }]);
    expect(ns.ipJson('nexthop').some((n: { id: number }) => n.id === 40)).toBe(false);
  });
});
