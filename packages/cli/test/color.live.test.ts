// `linx --color` against `ip -c` in a network namespace of this file's own: the coloured text must equal
// ip's byte for byte (but for the trailing spaces ip leaves outside its colours), on the light and the
// dark palette; `--color=auto` colours on a terminal only. Only the namespace made here is touched.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, runOrThrow, type TestNetns } from '@linx/test-kit';
import { BIN, linxOk } from './helpers/linx.js';

const trimLines = (text: string) => text.split('\n').map((line) => line.replace(/ +$/, '')).join('\n');
const ESC = '\x1b[';

describe.skipIf(kernelSkipReason(['ip', 'script']))('linx --color, compared with ip -c', () => {
  let ns: TestNetns;

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
    ns.exec(['sysctl', '-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
    ns.batch([
      'link add v0 type veth peer name v1',
      'link add br0 type bridge',
      'link set v1 master br0',
      'link set v0 up',
      'link set v1 up',
      'link set br0 up',
      'addr add 10.0.0.1/24 brd + dev v0',
      'addr add 10.9.0.1 peer 10.9.0.2/32 dev v0',
      'addr add 2001:db8::1/64 dev v0',
      'route add 10.5.0.0/16 via 10.0.0.2',
      'route add 10.6.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.0.3 weight 2',
      'route add blackhole 10.7.0.0/16',
      'neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev v0',
      'neigh add 2001:db8::7 lladdr 02:00:00:00:00:08 dev v0 router',
      'route add 2001:db8:5::/48 via 2001:db8::2',
    ]);
  });
  afterAll(() => ns?.remove());

  const views: string[][] = [['link'], ['addr'], ['-4', 'addr'], ['-6', 'addr'], ['route'], ['-6', 'route'], ['route', 'show', 'table', 'local'], ['neigh']];

  it.each(views)('linx --color=always %j equals ip -c=always', (...args) => {
    // The namespace is young: a route's linkdown flag or an address's state may change between the two
    // reads. Read both again while they differ (a few times): a difference of format persists.
    let ours = '';
    let theirs = '';
    for (let attempt = 0; attempt < 5; attempt++) {
      ours = linxOk('-n', ns.name, '--color=always', ...args);
      theirs = runOrThrow(['ip', '-n', ns.name, '-c=always', ...args]);
      if (trimLines(ours) === trimLines(theirs)) break;
    }
    expect(ours).toContain(ESC);
    expect(trimLines(ours)).toBe(trimLines(theirs));
  });

  it('uses the bold palette on a dark background (COLORFGBG), as ip does', () => {
    const env = { ...process.env, COLORFGBG: '15;0' };
    const ours = spawnSync(process.execPath, [BIN, '-n', ns.name, '-c', 'addr'], { encoding: 'utf8', env }).stdout;
    const theirs = spawnSync('ip', ['-n', ns.name, '-c', 'addr'], { encoding: 'utf8', env }).stdout;
    expect(ours).toContain(`${ESC}1;36m`);
    expect(trimLines(ours)).toBe(trimLines(theirs));
  });

  it('--color=auto and --color=never print no colour into a pipe; auto colours on a terminal', () => {
    const plain = linxOk('-n', ns.name, 'addr');
    expect(linxOk('-n', ns.name, '--color=auto', 'addr')).toBe(plain);
    expect(linxOk('-n', ns.name, '--color=never', 'addr')).toBe(plain);
    // script(1) gives the command a pseudo-terminal for its stdout.
    const onTty = spawnSync('script', ['-qec', `${process.execPath} ${BIN} -n ${ns.name} --color=auto link show v0`, '/dev/null'], { encoding: 'utf8' });
    expect(onTty.status).toBe(0);
    expect(onTty.stdout).toContain(`${ESC}36mv0@v1: ${ESC}0m`);
  });
});
