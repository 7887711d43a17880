// The changing commands (`linx link add|set|del`, `addr add|del|flush`, `route add|replace|del|get`,
// `neigh add|del`, `rule add|del`) run as the built binary in a network namespace of this file's own, each
// checked afterwards with `ip -j`; and the errors: kernel refusals with their ext-ack text and exit code 1,
// usage errors with exit code 2 and nothing sent. Only the namespace made here is touched; it is deleted
// afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, run, type TestNetns } from '@linx/test-kit';
import { BIN, linx, linxJson } from './helpers/linx.js';

describe.skipIf(kernelSkipReason(['ip']))('linx changes, checked with ip -j', () => {
  let ns: TestNetns;
  /** `linx -n NS …args`, which must succeed. */
  const ok = (...args: string[]) => {
    const result = linx('-n', ns.name, ...args);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout;
  };

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
    ns.exec(['sysctl', '-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
    // linx -n NS must reach this namespace, not the host's: a fresh namespace has only lo.
    expect(linxJson<{ ifname: string }[]>('-n', ns.name, 'link').map((l) => l.ifname)).toEqual(['lo']);
  });
  afterAll(() => ns?.remove());

  it('link add veth and bridge, set master/up/mtu, del', () => {
    ok('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ok('link', 'add', 'name', 'br0', 'type', 'bridge');
    ok('link', 'set', 'v1', 'master', 'br0');
    ok('link', 'set', 'dev', 'v0', 'up', 'mtu', '1400');
    ok('link', 'set', 'v1', 'up');
    ok('link', 'set', 'br0', 'up');
    const [v0] = ns.ipJson('-d', 'link', 'show', 'v0');
    expect(v0).toMatchObject({ ifname: 'v0', link: 'v1', mtu: 1400, linkinfo: { info_kind: 'veth' } });
    expect(v0.flags).toContain('UP');
    expect(ns.ipJson('-d', 'link', 'show', 'br0')[0].linkinfo.info_kind).toBe('bridge');
    expect(ns.ipJson('link', 'show', 'v1')[0].master).toBe('br0');
    ok('link', 'add', 'tmp0', 'type', 'bridge');
    ok('link', 'set', 'v1', 'nomaster');
    expect(ns.ipJson('link', 'show', 'v1')[0].master).toBeUndefined();
    ok('link', 'set', 'v1', 'master', 'br0');
    ok('link', 'del', 'tmp0');
    expect(ns.ipJson('link').map((l: { ifname: string }) => l.ifname)).not.toContain('tmp0');
  });

  it('addr add, del and flush', () => {
    ok('addr', 'add', '10.0.0.1/24', 'dev', 'v0');
    ok('addr', 'add', '10.0.0.5/24', 'brd', '+', 'dev', 'v0', 'label', 'v0:five');
    ok('-6', 'addr', 'add', '2001:db8::1/64', 'dev', 'v0', 'nodad');
    const info = () => ns.ipJson('addr', 'show', 'dev', 'v0')[0].addr_info as { family: string; local: string; broadcast?: string; label?: string; nodad?: boolean }[];
    expect(info().find((a) => a.local === '10.0.0.5')).toMatchObject({ broadcast: '10.0.0.255', label: 'v0:five' });
    expect(info().find((a) => a.local === '2001:db8::1')?.nodad).toBe(true);
    // And linx shows what ip shows.
    expect(linxJson('-n', ns.name, 'addr', 'show', 'dev', 'v0')).toEqual(ns.ipJson('addr', 'show', 'dev', 'v0'));
    ok('addr', 'del', '10.0.0.5/24', 'dev', 'v0');
    expect(info().map((a) => a.local)).not.toContain('10.0.0.5');
    ok('addr', 'add', '10.0.7.1/24', 'dev', 'br0');
    ok('addr', 'flush', 'dev', 'br0');
    expect(ns.ipJson('-4', 'addr', 'show', 'dev', 'br0')).toEqual([]);
  });

  it('route add, replace, get, del', () => {
    ok('route', 'add', '192.0.2.0/24', 'via', '10.0.0.2', 'metric', '5');
    expect(ns.ipJson('route', 'show', '192.0.2.0/24')).toEqual([{ dst: '192.0.2.0/24', gateway: '10.0.0.2', dev: 'v0', metric: 5, flags: [] }]);
    ok('route', 'replace', '192.0.2.0/24', 'dev', 'v0', 'metric', '5', 'proto', 'static');
    expect(ns.ipJson('route', 'show', '192.0.2.0/24')).toEqual([{ dst: '192.0.2.0/24', dev: 'v0', protocol: 'static', scope: 'link', metric: 5, flags: [] }]);
    ok('route', 'add', 'blackhole', '198.51.100.0/24', 'table', '100');
    expect(ns.ipJson('route', 'show', 'table', '100')).toEqual([{ type: 'blackhole', dst: '198.51.100.0/24', flags: [] }]);
    ok('route', 'add', 'default', 'via', '10.0.0.254');
    expect(ns.ipJson('route', 'show', 'default')[0]).toMatchObject({ dst: 'default', gateway: '10.0.0.254' });
    ok('-6', 'route', 'add', '2001:db8:1::/48', 'via', '2001:db8::2');
    expect(ns.ipJson('-6', 'route', 'show', '2001:db8:1::/48')[0]).toMatchObject({ dst: '2001:db8:1::/48', gateway: '2001:db8::2', dev: 'v0' });
    // The kernel's lookup, as ip's: the fields both print agree.
    const [ours] = linxJson('-n', ns.name, 'route', 'get', '192.0.2.7');
    const [theirs] = ns.ipJson('route', 'get', '192.0.2.7');
    for (const key of ['dst', 'dev', 'prefsrc', 'gateway'] as const) expect(ours[key]).toEqual(theirs[key]);
    ok('route', 'del', '192.0.2.0/24', 'metric', '5');
    ok('route', 'del', 'default');
    expect(ns.ipJson('route', 'show', '192.0.2.0/24')).toEqual([]);
    expect(ns.ipJson('route', 'show', 'default')).toEqual([]);
  });

  it('neigh add and del', () => {
    ok('neigh', 'add', '10.0.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v0');
    expect(ns.ipJson('neigh', 'show', '10.0.0.9')).toEqual([{ dst: '10.0.0.9', dev: 'v0', lladdr: '02:00:00:00:00:09', state: ['PERMANENT'] }]);
    expect(linxJson('-n', ns.name, 'neigh')).toEqual(ns.ipJson('neigh'));
    ok('neigh', 'del', '10.0.0.9', 'dev', 'v0');
    expect(ns.ipJson('neigh', 'show', '10.0.0.9')).toEqual([]);
  });

  it('rule add and del', () => {
    ok('rule', 'add', 'from', '10.1.0.0/16', 'table', '100', 'priority', '1000');
    ok('rule', 'add', 'fwmark', '0x10/0xff', 'iif', 'v0', 'lookup', 'main', 'pref', '5');
    ok('rule', 'add', 'to', '10.9.0.0/16', 'prohibit', 'pref', '6');
    expect(ns.ipJson('rule').filter((r: { priority: number }) => [5, 6, 1000].includes(r.priority))).toEqual([
      { priority: 5, src: 'all', fwmark: '0x10', fwmask: '0xff', iif: 'v0', table: 'main' },
      { priority: 6, src: 'all', dst: '10.9.0.0', dstlen: 16, action: 'prohibit' },
      { priority: 1000, src: '10.1.0.0', srclen: 16, table: '100' },
    ]);
    expect(linxJson('-n', ns.name, 'rule')).toEqual(ns.ipJson('rule'));
    ok('rule', 'del', 'from', '10.1.0.0/16', 'table', '100', 'priority', '1000');
    ok('rule', 'del', 'pref', '5');
    ok('rule', 'del', 'pref', '6');
    expect(ns.ipJson('rule').map((r: { priority: number }) => r.priority)).toEqual([0, 32766, 32767]);
  });

  describe('errors', () => {
    it('a kernel refusal: its errno and ext-ack text on stderr, exit code 1', () => {
      const result = linx('-n', ns.name, 'route', 'add', '203.0.113.0/24', 'via', '10.99.0.1');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('ENETUNREACH');
      expect(result.stderr).toContain('Nexthop has invalid gateway');
      const exists = linx('-n', ns.name, 'link', 'add', 'v0', 'type', 'bridge');
      expect(exists.status).toBe(1);
      expect(exists.stderr).toMatch(/EEXIST[\s\S]*hint: it exists already/);
      const mtu = linx('-n', ns.name, 'link', 'set', 'v0', 'mtu', '70000');
      expect(mtu.status).toBe(1);
      expect(mtu.stderr).toContain('mtu greater than device maximum');
    });

    it('without CAP_NET_ADMIN: EPERM with the hint', () => {
      const dropped = run(['setpriv', '--bounding-set=-net_admin', '--inh-caps=-net_admin', process.execPath, BIN, '-n', ns.name, 'link', 'add', 'x0', 'type', 'bridge']);
      expect(dropped.status).toBe(1);
      expect(dropped.stderr).toMatch(/EPERM[\s\S]*needs CAP_NET_ADMIN/);
      expect(ns.ipJson('link').map((l: { ifname: string }) => l.ifname)).not.toContain('x0');
    });

    /** What a change could touch; -d is left out, its timers move by themselves. */
    const state = () => ns.ip('addr') + ns.ip('route', 'show', 'table', 'all') + ns.ip('rule') + ns.ip('neigh');

    it.each([
      [['link', 'add', 'x1'], 'no type given'],
      [['link', 'add', 'x1', 'type', 'macsec'], 'makes veth and bridge links'],
      [['link', 'set', 'v0'], 'nothing to change'],
      [['link', 'set', 'v0', 'mtu', 'big'], 'mtu "big" is not a number'],
      [['addr', 'add', '10.0.9.1/24'], 'no device given'],
      [['addr', 'add', '300.0.0.1/24', 'dev', 'v0'], 'not an IPv4 or IPv6 address'],
      [['route', 'add', '192.0.2.0/24', 'via', '10.0.0.2', 'table', 'nosuch'], 'is not a table'],
      [['route', 'add', '192.0.2.0/24', 'frobnicate'], 'unknown argument "frobnicate"'],
      [['neigh', 'add', '10.0.0.10', 'lladdr', '02:00:00:00:00:10'], 'no device given'],
      [['rule', 'add', 'from', '10.3.0.0/16'], 'no table or action given'],
      [['bogus'], 'unknown object "bogus"'],
      [['--bogus', 'addr'], 'unknown option "--bogus"'],
    ])('usage error before anything is sent: linx %j', (args, message) => {
      const before = state();
      const result = linx('-n', ns.name, ...(args as string[]));
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(message);
      expect(state()).toBe(before);
    });

    it('an interface that does not exist: exit code 3, nothing sent', () => {
      const result = linx('-n', ns.name, 'addr', 'add', '10.0.9.1/24', 'dev', 'nosuch0');
      expect(result.status).toBe(3);
      expect(result.stderr).toContain('"nosuch0"');
    });
  });
});
