// conntrack expectations through linx against `conntrack -L expect`, in two network namespaces of our own
// joined by a veth pair (deleted afterwards whatever happens): an nft `ct helper` puts the kernel's FTP
// helper on a TCP connection to port 21, the client sends USER, then a PORT command, and the helper expects the
// data connection. Needs root, ip, nft and conntrack, and a kernel with the FTP helper; skipped otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelSkipReason } from '@linx/test-kit';
import type { Nfnl } from '../src/index.js';
import { run } from './helpers/live.js';
import { A_ADDR, B_ADDR, createVethPair, type VethPair } from './helpers/veth-traffic.js';
import { openIn } from './helpers/netns-guard.js';

const skip = kernelSkipReason(['ip', 'nft', 'conntrack']);
const A = A_ADDR;
const B = B_ADDR;
/** A's address and data port 40000 (156 * 256 + 64) as an FTP PORT command writes them. */
const PORT_ARGS = `${A.replaceAll('.', ',')},156,64`;

describe.skipIf(skip !== undefined)('conntrack expectations, against conntrack -L expect', () => {
  let pair: VethPair;
  let ns: VethPair['a'];
  let peer: VethPair['b'];
  let nfnl: Nfnl;
  let server: ChildProcess | undefined;
  let client: ChildProcess | undefined;
  let helper = true;

  beforeAll(async () => {
    pair = createVethPair('ctexp');
    ({ a: ns, b: peer } = pair);
    nfnl = await openIn({ name: ns.name, nft: (ruleset) => ns.exec(['nft', '-f', '-'], ruleset) });
    const rules = 'table inet linx_exp {\n ct helper ftp-std { type "ftp" protocol tcp; }\n chain out { type filter hook output priority 0; tcp dport 21 ct helper set "ftp-std"; }\n}\n';
    const loaded = run(['ip', 'netns', 'exec', ns.name, 'nft', '-f', '-'], rules);
    if (loaded.status !== 0) {
      // A kernel without the FTP helper (CONFIG_NF_CONNTRACK_FTP) refuses the helper object.
      helper = false;
      return;
    }
    server = spawn('ip', ['netns', 'exec', peer.name, process.execPath, '-e', `
      require('node:net').createServer((c) => c.on('data', () => c.write('200 PORT command successful\\r\\n'))).listen(21, '${B}', () => console.log('ready'));
      setTimeout(() => process.exit(0), 60000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => server!.stdout!.once('data', () => resolve()));
    // The client keeps the control connection open: the expectation lives with it.
    client = spawn('ip', ['netns', 'exec', ns.name, process.execPath, '-e', `
      // The helper reads a command only at the start of a line it saw begin (find_nl_seq() in
      // nf_conntrack_ftp.c): a first line, then PORT in a segment of its own.
      const c = require('node:net').connect({ host: '${B}', port: 21, localPort: 40100 }, () => c.write('USER anonymous\\r\\n'));
      c.once('data', () => {
        c.write('PORT ${PORT_ARGS}\\r\\n');
        c.once('data', () => console.log('sent'));
      });
      setTimeout(() => process.exit(0), 60000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => client!.stdout!.once('data', () => resolve()));
  }, 30_000);

  afterAll(() => {
    client?.kill();
    server?.kill();
    nfnl?.close();
    pair?.remove();
  });

  it('lists the FTP helper\'s expectation as conntrack -L expect shows it', async (context) => {
    if (!helper) context.skip();
    const listed = await nfnl.conntrack.expectations();
    const tool = run(['ip', 'netns', 'exec', ns.name, 'conntrack', '-L', 'expect']).stdout.trim().split('\n').filter((l) => l.includes('proto='));
    expect(tool, tool.join('\n')).toHaveLength(1);
    expect(listed).toHaveLength(1);
    const e = listed[0]!;
    // e.g. "300 proto=6 src=B dst=A sport=0 dport=40000 mask-src=255.255.255.255 mask-dst=255.255.255.255
    //       sport=0 dport=65535 master-src=A master-dst=B sport=40100 dport=21 class=0 helper=ftp"
    const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(tool[0]!)?.[1];
    expect(e.family).toBe('ip');
    expect(e.tuple).toMatchObject({ src: field('src'), dst: field('dst'), protocol: 'tcp', dport: 40000 });
    expect(String(e.tuple.dport)).toBe(field('dport'));
    expect(e.mask.src).toBe(field('mask-src'));
    expect(e.mask.dst).toBe(field('mask-dst'));
    expect(e.master).toMatchObject({ src: A, dst: B, sport: 40100, dport: 21, protocol: 'tcp' });
    expect(e.master.src).toBe(field('master-src'));
    expect(e.master.dst).toBe(field('master-dst'));
    expect(e.helper).toBe('ftp');
    expect(e.helper).toBe(field('helper'));
    expect(String(e.class ?? 0)).toBe(field('class') ?? '0');
    expect(Math.abs(e.timeout! - Number(tool[0]!.split(/\s+/)[0]))).toBeLessThanOrEqual(2);
    // The master connection carries the helper's name.
    const [master] = await nfnl.conntrack.list({ original: { protocol: 'tcp', dport: 21 } });
    expect(master!.helper).toBe('ftp');
  });
});
