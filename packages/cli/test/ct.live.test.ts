// `linx ct` against the conntrack tool (conntrack-tools 1.4.7) in a network namespace of this file's own:
// entries made with `conntrack -I` (TCP, UDP, ICMP, IPv6, a zone, marks; accounting on, so counters show)
// are listed as `conntrack -L` lists them (text, -d as -o extended, filters as the tool's), counted as
// `conntrack -C`, flushed as `-F`, and followed as `conntrack -E` follows them. Only this namespace is touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, runOrThrow, type TestNetns } from '@linx/test-kit';
import { BIN, linx, linxJson, linxOk } from './helpers/linx.js';

/** The seconds left count down between two listings: the timeout (after the protocol number) is set aside. */
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.trimEnd().replace(/^((?:ipv[46] +\d+ )?\w+ +\d+ )\d+ /, '$1T '))
    .sort();

/**
 * linx's listing and the tool's, read again while they differ (a few times): an entry's reference count
 * (`use=`) can move for a moment between two reads; a difference of format or of what is listed persists.
 */
function compareEventually(ours: () => string, theirs: () => string): { ours: string[]; theirs: string[] } {
  let result = { ours: lines(ours()), theirs: lines(theirs()) };
  for (let attempt = 0; attempt < 5 && JSON.stringify(result.ours) !== JSON.stringify(result.theirs); attempt++) result = { ours: lines(ours()), theirs: lines(theirs()) };
  return result;
}

describe.skipIf(kernelSkipReason(['ip', 'conntrack']))('linx ct, compared with conntrack', () => {
  let ns: TestNetns;
  const conntrack = (...args: string[]) => runOrThrow(['ip', 'netns', 'exec', ns.name, 'conntrack', ...args]);
  const children: ChildProcess[] = [];

  function fill(): void {
    conntrack('-I', '-p', 'tcp', '-s', '10.0.0.1', '-d', '10.0.0.2', '--sport', '1234', '--dport', '80', '--state', 'ESTABLISHED', '-t', '1000', '-u', 'SEEN_REPLY,ASSURED');
    conntrack('-I', '-p', 'tcp', '-s', '10.0.0.9', '-d', '10.0.0.2', '--sport', '9', '--dport', '80', '--state', 'TIME_WAIT', '-t', '1000', '-w', '7');
    conntrack('-I', '-p', 'udp', '-s', '10.0.0.1', '-d', '10.0.0.3', '--sport', '53', '--dport', '5353', '-t', '1000', '-m', '16');
    conntrack('-I', '-p', 'icmp', '-s', '10.0.0.1', '-d', '10.0.0.2', '--icmp-type', '8', '--icmp-code', '0', '--icmp-id', '77', '-t', '1000');
    conntrack('-I', '-p', 'tcp', '-s', '2001:db8::1', '-d', '2001:db8::2', '--sport', '1', '--dport', '2', '--state', 'SYN_SENT', '-t', '1000');
    conntrack('-I', '-p', 'icmpv6', '-s', '2001:db8::1', '-d', '2001:db8::2', '--icmpv6-type', '128', '--icmpv6-code', '0', '--icmpv6-id', '5', '-t', '1000');
  }

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
    ns.exec(['sysctl', '-q', '-w', 'net.netfilter.nf_conntrack_acct=1']);
    fill();
  });
  afterAll(() => {
    for (const child of children) child.kill();
    ns?.remove();
  });

  it.each([[[]], [['-d']], [['-4']], [['-6']]] as string[][][])('linx %j ct list prints what conntrack -L prints', (options) => {
    const tool = ['-L', ...(options.includes('-d') ? ['-o', 'extended'] : []), ...(options.includes('-4') ? ['-f', 'ipv4'] : options.includes('-6') ? ['-f', 'ipv6'] : [])];
    const { ours, theirs } = compareEventually(() => linxOk('-n', ns.name, ...options, 'ct', 'list'), () => conntrack(...tool));
    expect(ours.length).toBe(options.includes('-4') ? 4 : options.includes('-6') ? 2 : 6);
    expect(ours.join('\n')).toContain('packets=0 bytes=0');
    expect(ours).toEqual(theirs);
  });

  it.each([
    [['proto', 'tcp', 'dport', '80'], ['-p', 'tcp', '--dport', '80']],
    [['src', '10.0.0.1'], ['-s', '10.0.0.1']],
    [['mark', '16'], ['-m', '16']],
    [['zone', '7'], ['-w', '7']],
    [['status', 'assured'], ['-u', 'ASSURED']],
  ])('linx ct list %j lists what conntrack -L %j lists', (ours, theirs) => {
    const listed = compareEventually(() => linxOk('-n', ns.name, 'ct', 'list', ...ours), () => conntrack('-L', ...theirs));
    expect(listed.ours.length).toBeGreaterThan(0);
    expect(listed.ours).toEqual(listed.theirs);
  });

  it('-j holds the entries conntrack lists, and count is conntrack -C', () => {
    let entries = linxJson('-n', ns.name, 'ct');
    for (let attempt = 0; attempt < 5 && entries.length !== Number(conntrack('-C').trim()); attempt++) entries = linxJson('-n', ns.name, 'ct');
    expect(entries).toHaveLength(Number(conntrack('-C').trim()));
    const assured = entries.find((e: { status: string[] }) => e.status.includes('assured'));
    expect(assured).toMatchObject({ family: 'ip', original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', sport: 1234, dport: 80 }, tcp: { state: 'established' }, counters: { original: { packets: '0', bytes: '0' } } });
    expect(entries.find((e: { mark?: number }) => e.mark === 16)).toMatchObject({ original: { protocol: 'udp', sport: 53 } });
    expect(linxOk('-n', ns.name, 'ct', 'count')).toBe(conntrack('-C'));
    expect(linxJson('-n', ns.name, 'ct', 'count').entries).toBe(6);
  });

  it('bad filters are usage errors, nothing sent', () => {
    expect(linx('-n', ns.name, 'ct', 'list', 'dport', '80').status).toBe(2);
    expect(linx('-n', ns.name, 'ct', 'list', 'sport', '70000', 'proto', 'tcp').status).toBe(2);
    expect(linx('-n', ns.name, 'ct', 'list', 'colour', 'red').status).toBe(2);
  });

  it('linx ct events prints what conntrack -E prints', async () => {
    const follow = (argv: string[]) => {
      const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
      children.push(child);
      let text = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => void (text += chunk));
      return () => text;
    };
    const ours = follow([process.execPath, BIN, '-n', ns.name, 'ct', 'events']);
    const theirs = follow(['ip', 'netns', 'exec', ns.name, 'conntrack', '-E']);
    // Probes until both listen: a UDP entry from port 40000+i, made and removed.
    let probe = 0;
    for (; probe < 300; probe++) {
      conntrack('-I', '-p', 'udp', '-s', '10.9.0.1', '-d', '10.9.0.2', '--sport', String(40000 + probe), '--dport', '1', '-t', '100');
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (ours().includes(`sport=${40000 + probe} `) && theirs().includes(`sport=${40000 + probe} `)) break;
    }
    expect(probe).toBeLessThan(300);
    const start = `sport=${40000 + probe} `;
    conntrack('-I', '-p', 'tcp', '-s', '10.1.0.1', '-d', '10.1.0.2', '--sport', '5', '--dport', '6', '--state', 'SYN_SENT', '-t', '500');
    conntrack('-U', '-s', '10.1.0.1', '-m', '3');
    conntrack('-D', '-s', '10.1.0.1');
    conntrack('-I', '-p', 'udp', '-s', '10.9.0.1', '-d', '10.9.0.2', '--sport', '39999', '--dport', '1', '-t', '100');
    for (let i = 0; i < 300 && !(ours().includes('sport=39999 ') && theirs().includes('sport=39999 ')); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    // Between the probe both saw and the last entry; the tool adds who made a change ([USERSPACE] portid=…
    // progname=…: the sender of the event's message, which linx does not print).
    const between = (text: string) => {
      const all = text.split('\n').map((l) => l.replace(/ \[USERSPACE\] portid=\d+( progname=\S+)?/, '').trimEnd());
      const from = all.findIndex((l) => l.includes(start));
      const to = all.findIndex((l) => l.includes('sport=39999 '));
      return all.slice(from + 1, to + 1).map((l) => l.replace(/^( *\[\w+\] \w+ +\d+ )\d+ /, '$1T '));
    };
    const seen = between(ours());
    expect(seen.some((l) => l.startsWith('    [NEW] tcp'))).toBe(true);
    expect(seen.some((l) => l.startsWith(' [UPDATE] tcp') && l.includes('mark=3'))).toBe(true);
    expect(seen.some((l) => l.startsWith('[DESTROY] tcp'))).toBe(true);
    expect(seen).toEqual(between(theirs()));
    // Polls that end when both have printed (at most 300 × 50 ms each): a limit, not a speed check.
  }, 60_000);

  it('linx -6 ct flush empties IPv6 only, linx ct flush the rest (as conntrack -F)', () => {
    linxOk('-n', ns.name, '-6', 'ct', 'flush');
    expect(conntrack('-L', '-f', 'ipv6').trim()).toBe('');
    expect(lines(conntrack('-L', '-f', 'ipv4')).length).toBeGreaterThan(0);
    linxOk('-n', ns.name, 'ct', 'flush');
    expect(conntrack('-C').trim()).toBe('0');
  });
});
