// `linx … show` against `ip` in a network namespace of this file's own: the JSON of `linx -j` must equal
// `ip -j`'s, field by field, and the text must equal `ip`'s (but for the trailing spaces ip leaves).
// Only the namespace made here is touched; it is deleted afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, run, runOrThrow, type TestNetns } from '@linx/test-kit';
import { BIN, linx, linxJson, linxOk } from './helpers/linx.js';

/**
 * The kinds' own data under linkinfo (a bridge's, a bridge port's), with the running timers (gc_timer
 * counts down between the two listings) compared by name only.
 */
function withoutKindData<T>(links: T): T {
  for (const link of links as { linkinfo?: Record<string, unknown> }[]) {
    for (const part of ['info_data', 'info_slave_data']) {
      const data = link.linkinfo?.[part] as Record<string, unknown> | undefined;
      if (data !== undefined) for (const key of Object.keys(data)) if (key.endsWith('_timer')) data[key] = typeof data[key];
    }
  }
  return links;
}

/**
 * Lines without their trailing spaces; and the peer namespace of a link as `link-netns …`: ip names it
 * when a name in /run/netns has that id, linx prints the id (the JSON, compared above, has the id in both).
 */
const trimLines = (text: string) => text.split('\n').map((line) => line.trimEnd().replace(/ link-netns(id)? \S+/, ' link-netns …')).join('\n');

describe.skipIf(kernelSkipReason(['ip']))('linx show, compared with ip', () => {
  let ns: TestNetns;
  /** Holds the peer of p0, so that p0's link is in another namespace (link_index, link_netnsid). */
  let other: TestNetns;

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
    other = createTestNetns('linx-cli');
    // No duplicate address detection: an IPv6 address would otherwise be `tentative` for a moment, and
    // two listings made a moment apart could differ without either being wrong.
    ns.exec(['sysctl', '-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
    // Made by ip, so that what linx shows is what another tool made.
    ns.batch([
      'link add v0 type veth peer name v1',
      'link add br0 type bridge',
      'link set v1 master br0',
      'link set lo up',
      'link set v0 up mtu 1400',
      'link set v1 up',
      'link set br0 up',
      'link set v0 alias uplink',
      'addr add 10.0.0.1/24 dev v0',
      'addr add 10.0.0.5/24 dev v0',
      'addr add 10.9.0.1 peer 10.9.0.2/32 dev v0',
      'addr add 2001:db8::1/64 dev v0 nodad',
      'addr add 192.0.2.1/24 brd + dev br0 label br0:pub',
      'route add 192.0.2.128/25 via 10.0.0.2',
      'route add 198.51.100.0/24 dev v0 metric 50 proto static',
      'route add blackhole 203.0.113.0/24',
      'route add 203.0.113.128/25 via 10.0.0.3 table 100',
      'route add 2001:db8:1::/48 via 2001:db8::2 metric 10',
      'route add 100.64.0.0/10 nexthop via 10.0.0.2 weight 1 nexthop via 10.0.0.3 weight 3',
      'neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev v0',
      'neigh add 2001:db8::9 lladdr 02:00:00:00:00:0a dev v0 router',
      'rule add from 10.1.0.0/16 table 100 pref 1000',
      'rule add fwmark 0x10/0xff iif v0 lookup main pref 5',
      'rule add to 10.9.0.0/16 prohibit pref 6',
      'rule add from 10.2.0.5 table 7 pref 7',
    ]);
    ns.ip('link', 'add', 'p0', 'type', 'veth', 'peer', 'name', 'p1', 'netns', other.name);
    ns.ip('link', 'set', 'p0', 'up');
    // Down, so that no traffic moves its counters between two listings.
    ns.ip('link', 'add', 'q0', 'type', 'veth', 'peer', 'name', 'q1');
    ns.ip('-6', 'rule', 'add', 'from', '2001:db8::/32', 'table', '100', 'pref', '100');
  });
  afterAll(() => {
    ns?.remove();
    other?.remove();
  });

  const cases: string[][] = [
    ['link'],
    ['link', 'show', 'v0'],
    ['link', 'show', 'type', 'veth'],
    ['-d', 'link'],
    ['addr'],
    ['address', 'show', 'dev', 'v0'],
    ['-4', 'addr'],
    ['-6', 'addr'],
    ['-d', 'addr'],
    ['route'],
    ['route', 'show', 'table', '100'],
    ['route', 'show', 'table', 'all'],
    ['route', 'show', 'table', 'local'],
    ['-6', 'route'],
    ['route', 'show', 'dev', 'v0'],
    ['route', 'show', '192.0.2.128/25'],
    ['route', 'show', '100.64.0.0/10'],
    ['-6', 'route', 'show', '2001:db8:1::/48'],
    ['neigh', 'show', '10.0.0.9'],
    ['neigh'],
    ['-6', 'neigh'],
    ['rule'],
    ['-6', 'rule'],
  ];

  // Each pair of reads is taken again while it differs (a few times): a young namespace's state (a next
  // hop's linkdown flag as carriers settle) can change between two reads; a difference of shape persists.
  it.each(cases.map((c) => [c.join(' '), c]))('linx -j %s equals ip -j', (_title, args) => {
    const read = () => ({ ours: withoutKindData(linxJson("-n", ns.name, ...(args as string[]))), theirs: withoutKindData(ns.ipJson(...(args as string[]))) });
    let pair = read();
    for (let attempt = 0; attempt < 5 && JSON.stringify(pair.ours) !== JSON.stringify(pair.theirs); attempt++) pair = read();
    expect(pair.ours).toEqual(pair.theirs);
  });

  it.each(cases.filter((c) => c[0] !== '-d').map((c) => [c.join(' '), c]))('linx %s prints what ip prints', (_title, args) => {
    const [options, rest] = (args as string[])[0]!.startsWith('-') ? [[(args as string[])[0]!], (args as string[]).slice(1)] : [[], args as string[]];
    const read = () => ({ ours: trimLines(linxOk('-n', ns.name, ...options, ...rest)), theirs: trimLines(runOrThrow(['ip', '-n', ns.name, ...options, ...rest])) });
    let pair = read();
    for (let attempt = 0; attempt < 5 && pair.ours !== pair.theirs; attempt++) pair = read();
    expect(pair.ours).toBe(pair.theirs);
  });

  it.each([[['-s']], [['-s', '-s']]])('linx %j -j link: the same counters as ip (ip asked second, so never fewer)', (stats) => {
    type WithStats = { ifname: string; stats64: { rx: Record<string, number>; tx: Record<string, number> } };
    const ours = linxJson<WithStats[]>('-n', ns.name, ...stats, 'link');
    const theirs = ns.ipJson<WithStats[]>(...stats, 'link');
    expect(ours.map((l) => l.ifname)).toEqual(theirs.map((l) => l.ifname));
    ours.forEach((link, i) => {
      const ip = theirs[i]!;
      const { stats64: ourStats, ...ourRest } = link;
      const { stats64: ipStats, ...ipRest } = ip;
      expect(ourRest).toEqual(ipRest);
      for (const direction of ['rx', 'tx'] as const) {
        expect(Object.keys(ourStats[direction])).toEqual(Object.keys(ipStats[direction]));
        for (const [key, value] of Object.entries(ourStats[direction])) expect(ipStats[direction][key]).toBeGreaterThanOrEqual(value);
      }
    });
  });

  it.each([[['-s']], [['-s', '-s']]])('linx %j link show prints the counters as ip does', (stats) => {
    expect(trimLines(linxOk('-n', ns.name, ...stats, 'link', 'show', 'q0'))).toBe(trimLines(runOrThrow(['ip', '-n', ns.name, ...stats, 'link', 'show', 'q0'])));
  });

  it('`linx addr` and `linx route` alone mean show', () => {
    expect(linxOk('-n', ns.name, 'addr')).toBe(linxOk('-n', ns.name, 'addr', 'show'));
    expect(linxOk('-n', ns.name, 'r')).toBe(linxOk('-n', ns.name, 'route', 'list'));
  });

  it('a namespace that does not exist is named, exit code 4', () => {
    const result = linx('-n', `${ns.name}-missing`, 'addr');
    expect(result.status).toBe(4);
    expect(result.stderr).toContain(`"${ns.name}-missing" does not exist`);
    expect(result.stdout).toBe('');
  });

  // As the user nobody, who can run the binary only where the checkout is readable to all.
  const asNobody = (...args: string[]) => run(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args]);
  const nobodyCanRun = kernelSkipReason(['ip', 'setpriv']) === undefined && asNobody('help').status === 0;

  it.skipIf(!nobodyCanRun)('without CAP_SYS_ADMIN, -n NETNS says why: exit code 5 (skipped where the user nobody cannot run the built binary)', () => {
    const result = asNobody('-n', ns.name, 'addr');
    expect(result.status).toBe(5);
    expect(result.stderr).toContain('needs CAP_SYS_ADMIN');
  });

  it('an interface that does not exist: exit code 3', () => {
    const result = linx('-n', ns.name, 'link', 'show', 'nosuch0');
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('"nosuch0"');
  });
});
