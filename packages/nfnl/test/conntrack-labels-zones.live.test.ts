// Connection labels and per-direction zones made with linx as the `conntrack` tool lists them
// (`-o extended,labels`), and made by the tool as linx lists them, in a network namespace of our own
// (deleted afterwards whatever happens). The tool names labels from /etc/xtables/connlabel.conf, which this
// machine does not have: it runs in a mount namespace of its own (unshare -m) where an overlay on /etc adds
// one, so nothing outside changes. Needs root, ip, nft, conntrack and unshare; skipped otherwise.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelSkipReason } from '@linx/test-kit';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NetlinkError } from '@linx/netlink-wire';
import type { Nfnl, TupleSpec } from '../src/index.js';
import { createNamespace, run } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';
import { parseEntries } from './helpers/conntrack-tool.js';

/** Why the tool cannot be given a connlabel.conf here (an overlay on /etc in a private mount namespace), or undefined. */
function overlaySkipReason(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'linx-overlay-probe-'));
  try {
    mkdirSync(join(dir, 'upper'));
    mkdirSync(join(dir, 'work'));
    const r = run(['unshare', '-m', 'sh', '-c', `mount -t overlay overlay -o lowerdir=/etc,upperdir=${dir}/upper,workdir=${dir}/work /etc`]);
    return r.status === 0 ? undefined : `no overlay mount in a private mount namespace here: ${r.stderr.trim()}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const skip = kernelSkipReason(['ip', 'nft', 'conntrack', 'unshare']) ?? overlaySkipReason();
const A = '198.51.100.1';
const B = '198.51.100.2';
const LABEL_NAMES: Record<number, string> = { 0: 'foo', 1: 'bar', 5: 'five', 127: 'last' };

describe.skipIf(skip !== undefined)(`conntrack labels and per-direction zones, against the conntrack tool${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: ReturnType<typeof createNamespace>;
  let nfnl: Nfnl;
  let overlay: string;
  /** The conntrack tool in the namespace, with connlabel.conf on an overlay of /etc in a mount namespace of its own. */
  const tool = (...args: string[]) =>
    run(['unshare', '-m', 'sh', '-c', `mount -t overlay overlay -o lowerdir=/etc,upperdir=${overlay}/upper,workdir=${overlay}/work /etc && exec "$@"`, 'sh', 'ip', 'netns', 'exec', ns.name, 'conntrack', ...args]);
  const listed = () => {
    const r = tool('-L', '-o', 'extended,labels');
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter((l) => l.startsWith('ipv4'));
  };
  const labelsOf = (line: string) => /labels=(\S+)/.exec(line)?.[1]?.split(',') ?? [];
  const tcp = (sport: number, zone?: number): TupleSpec => ({ src: A, dst: B, protocol: 'tcp', sport, dport: 80, ...(zone !== undefined ? { zone } : {}) });

  beforeAll(async () => {
    overlay = mkdtempSync(join(tmpdir(), 'linx-connlabel-'));
    mkdirSync(join(overlay, 'upper', 'xtables'), { recursive: true });
    mkdirSync(join(overlay, 'work'));
    writeFileSync(join(overlay, 'upper', 'xtables', 'connlabel.conf'), Object.entries(LABEL_NAMES).map(([bit, name]) => `${bit} ${name}\n`).join(''));
    ns = createNamespace('ctlbl');
    nfnl = await openIn(ns);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
    if (overlay) rmSync(overlay, { recursive: true, force: true });
  });

  it('where nothing uses labels, the kernel creates without them (as for conntrack -I --label-add) and refuses an update with ENOSPC', async () => {
    await nfnl.conntrack.create({ original: tcp(1000), timeout: 300, labels: [0] });
    expect(tool('-I', '-s', A, '-d', B, '-p', 'tcp', '--sport', '1001', '--dport', '80', '-t', '300', '--state', 'ESTABLISHED', '--label-add', 'foo').status).toBe(0);
    const lines = listed();
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(labelsOf(line)).toEqual([]);
    expect((await nfnl.conntrack.list()).map((e) => e.labels)).toEqual([undefined, undefined]);
    const error = await nfnl.conntrack.update({ original: tcp(1000) }, { labels: [1] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).errno).toBe(28);
    tool('-F');
  });

  it('with an nft `ct label set` rule in the namespace, labels made by either side are listed alike by both', async () => {
    ns.nft('table inet linx_labels {\n chain pre {\n type filter hook prerouting priority 0;\n ct label set 127\n }\n}\n');
    await nfnl.conntrack.create({ original: tcp(2000), timeout: 300, labels: [0, 5] });
    expect(tool('-I', '-s', A, '-d', B, '-p', 'tcp', '--sport', '2001', '--dport', '80', '-t', '300', '--state', 'ESTABLISHED', '--label-add', 'bar', '--label-add', 'last').status).toBe(0);
    const byPort = (lines: string[], sport: number) => lines.find((l) => l.includes(`sport=${sport} `))!;
    expect(labelsOf(byPort(listed(), 2000))).toEqual(['foo', 'five']);
    const ours = await nfnl.conntrack.list({ original: { protocol: 'tcp', sport: 2001 } });
    expect(ours.map((e) => e.labels)).toEqual([[1, 127]]);

    // Add and remove under a mask: the others stay.
    await nfnl.conntrack.update({ original: tcp(2000) }, { labels: { add: [127], remove: [0] } });
    expect(labelsOf(byPort(listed(), 2000))).toEqual(['five', 'last']);
    // A list replaces the set.
    await nfnl.conntrack.update({ original: tcp(2001) }, { labels: [0] });
    expect(labelsOf(byPort(listed(), 2001))).toEqual(['foo']);
    // What the tool changes, linx reads.
    expect(tool('-U', '-s', A, '-d', B, '-p', 'tcp', '--sport', '2001', '--dport', '80', '--label-add', 'five').status).toBe(0);
    expect((await nfnl.conntrack.get({ original: tcp(2001) })).labels).toEqual([0, 5]);
    // Listing by labels, as conntrack -L -l does (all given must be set).
    await nfnl.conntrack.create({ original: tcp(2002), timeout: 300, labels: [1] });
    for (const [ours, names] of [[[5], ['five']], [[0, 5], ['foo', 'five']], [[1], ['bar']], [[127], ['last']]] as const) {
      const r = tool('-L', '-o', 'extended', ...names.flatMap((n) => ['-l', n]));
      const theirs = parseEntries(r.stdout).map((e) => e.original.sport).sort();
      const mine = (await nfnl.conntrack.list({ labels: ours })).map((e) => e.original.sport).sort();
      expect(mine, names.join(',')).toEqual(theirs);
    }
    tool('-F');
  });

  it('a zone for one direction: made by linx as the tool shows it (zone-orig=), made by the tool as linx lists it, and looked up by it', async () => {
    await nfnl.conntrack.create({ original: tcp(3000, 3), timeout: 300 });
    expect(tool('-I', '-s', A, '-d', B, '-p', 'tcp', '--sport', '3001', '--dport', '80', '-t', '300', '--state', 'ESTABLISHED', '--reply-zone', '4').status).toBe(0);
    const lines = listed();
    const ours = parseEntries(lines.find((l) => l.includes('sport=3000 '))!)[0]!;
    expect(ours.original.zone).toBe(3);
    expect(ours.reply.zone).toBeUndefined();
    expect(ours.zone).toBeUndefined();
    const [theirs] = await nfnl.conntrack.list({ original: { protocol: 'tcp', sport: 3001 } });
    expect(theirs!.reply.zone).toBe(4);
    expect(theirs!.original.zone).toBeUndefined();
    expect(theirs!.zone).toBeUndefined();
    expect(parseEntries(lines.find((l) => l.includes('sport=3001 '))!)[0]!.reply.zone).toBe(4);

    // The kernel finds such an entry only with its zone.
    expect((await nfnl.conntrack.get({ original: tcp(3000, 3) })).original.sport).toBe(3000);
    const missing = await nfnl.conntrack.get({ original: tcp(3000) }).catch((e: unknown) => e);
    expect((missing as NetlinkError).errno).toBe(2);
    await nfnl.conntrack.delete({ reply: { src: B, dst: A, protocol: 'tcp', sport: 80, dport: 3001, zone: 4 } });
    expect(listed().map((l) => parseEntries(l)[0]!.original.sport)).toEqual([3000]);
    tool('-F');
  });

  it('two zones on one entry: the tool gets the kernel\'s EINVAL, linx refuses before sending', async () => {
    const r = tool('-I', '-s', A, '-d', B, '-p', 'tcp', '--sport', '4000', '--dport', '80', '-t', '300', '--state', 'ESTABLISHED', '--orig-zone', '1', '--reply-zone', '2');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/invalid parameters/i);
    const error = await nfnl.conntrack.create({ original: tcp(4000, 1), reply: { ...tcp(4000), src: B, dst: A, sport: 80, dport: 4000, zone: 2 }, timeout: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(listed()).toEqual([]);
  });
});
