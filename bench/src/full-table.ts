import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchNetns, kernelBenchSkipReason, type BenchNetns } from './netns.js';
import { peakRssMb } from './peak-rss.js';
import { kbToMb, report, threshold, type Figure } from './report.js';

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** A full Internet table as #11 sizes it: 1,000,000 IPv4 and 200,000 IPv6 routes. */
const IPV4 = 1_000_000;
const IPV6 = 200_000;

/**
 * One way of listing every route, in a process of its own (a fresh heap, so its peak RSS is its own):
 * prints "routes ms maxRSS-KB". One round only: at this size a second round would measure a heap the
 * first has already grown. The compact list also reads every view's dst while the list is held (each
 * view then decodes its route once), so that it is measured in use, not just held.
 */
const LINX_ALL = `
import { open } from '@linx/rtnl';
const [name, way] = [process.argv[1], process.argv[2]];
const rtnl = open({ netns: name });
const start = performance.now();
let routes = 0;
if (way === 'list') routes = (await rtnl.routes.list()).length;
else if (way === 'compact') {
  const views = await rtnl.routes.list({}, { compact: true });
  for (const view of views) if (view.dst !== undefined) routes++;
} else for await (const _ of rtnl.routes.stream()) routes++;
const ms = performance.now() - start;
rtnl.close();
console.log(routes, ms, process.resourceUsage().maxRSS);
`;

/**
 * A namespace holding the table: IPv4 /24s (10.0.0.0/24 upward, 65,536 per first octet, through 25.x) via
 * one gateway, IPv6 /48s (2001:1000::/48 upward) via another, both on a veth, added by `ip -batch`.
 */
function fullTableNetns(): BenchNetns {
  const ns = createBenchNetns();
  const lines = [
    'link add r0 type veth peer name r1',
    'link set r0 up',
    'link set r1 up',
    'addr add 172.31.0.1/16 dev r0',
    'addr add 2001:db8:ffff::1/64 dev r0 nodad',
  ];
  for (let i = 0; i < IPV4; i++) lines.push(`route add ${10 + (i >> 16)}.${(i >> 8) & 0xff}.${i & 0xff}.0/24 via 172.31.0.2`);
  for (let i = 0; i < IPV6; i++) lines.push(`route add 2001:${(0x1000 + (i >> 16)).toString(16)}:${(i & 0xffff).toString(16)}::/48 via 2001:db8:ffff::2`);
  ns.batch(lines);
  return ns;
}

/** Fresh processes per way: a process's peak RSS moves with when V8 happens to collect (one run in ten came out 84 MB among 75s). */
const PROCESSES = 3;

/** One way, in {@link PROCESSES} fresh processes: the median time and the median peak RSS. */
function linx(ns: BenchNetns, way: 'list' | 'compact' | 'stream'): { routes: number; ms: number; rssMb: number } {
  const runs: { routes: number; ms: number; rssMb: number }[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', LINX_ALL, ns.name, way], { cwd: benchDir, encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`linx ${way}: ${child.stderr}`);
    const [routes, ms, rssKb] = child.stdout.trim().split(/\s+/).map(Number) as [number, number, number];
    runs.push({ routes, ms, rssMb: kbToMb(rssKb) });
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { routes: Math.min(...runs.map((r) => r.routes)), ms: median(runs.map((r) => r.ms)), rssMb: median(runs.map((r) => r.rssMb)) };
}

/** `ip -j route show` of both families, as two whole processes (ip lists one family at a time): the sum of their times, the larger peak RSS. */
function ipBoth(ns: BenchNetns): Figure {
  let ms = 0;
  let rssMb = 0;
  for (const family of ['-4', '-6']) {
    const argv = ['-n', ns.name, family, '-j', 'route', 'show', 'table', 'all'];
    let best = Infinity;
    for (let round = 0; round < 2; round++) {
      const start = performance.now();
      const r = spawnSync('ip', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.status !== 0) throw new Error(`ip ${argv.join(' ')}: ${r.stderr}`);
      best = Math.min(best, performance.now() - start);
    }
    ms += best;
    rssMb = Math.max(rssMb, peakRssMb(['ip', ...argv]) ?? 0);
  }
  return { label: 'ip -j route show, -4 then -6 (whole processes)', ms, rssMb: rssMb || undefined };
}

const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
const mb = (rss: number | undefined) => (rss === undefined ? '   ? MB' : `${rss.toFixed(0).padStart(4)} MB`);

/**
 * #11's full Internet table: 1,000,000 IPv4 + 200,000 IPv6 routes listed by `routes.list()` (peak RSS
 * ≤ 300 MB), as plain routes and as compact route views, and walked by `routes.stream()` (≤ 80 MB), each
 * in a fresh node process, against `ip -j`.
 */
export async function benchFullTable(): Promise<void> {
  const skip = kernelBenchSkipReason();
  if (skip) {
    console.log(`full-table: skipped (${skip})`);
    return;
  }
  const total = IPV4 + IPV6;
  console.log(`full-table: ${IPV4.toLocaleString('en')} IPv4 + ${IPV6.toLocaleString('en')} IPv6 routes, each way run by ${PROCESSES} fresh processes listing every route once (the median time and the median peak RSS of those processes)`);
  const start = performance.now();
  const ns = fullTableNetns();
  try {
    console.log(`  (table added by ip -batch in ${((performance.now() - start) / 1000).toFixed(1)} s, untimed)`);
    const list = linx(ns, 'list');
    const compact = linx(ns, 'compact');
    const stream = linx(ns, 'stream');
    const ip = ipBoth(ns);
    for (const [label, run] of [['routes.list()', list], ['routes.list() compact, dst read', compact], ['routes.stream()', stream]] as const) {
      if (run.routes < total) throw new Error(`${label} saw ${run.routes} routes, fewer than the ${total} added`);
      console.log(`  linx ${label.padEnd(32)} ${fmt(run.ms)}  ${mb(run.rssMb)}  (${run.routes.toLocaleString('en')} routes, local and multicast ones included)`);
    }
    console.log(`  ${'ip -j route show -4, -6'.padEnd(37)} ${fmt(ip.ms!)}  ${mb(ip.rssMb)}`);
    const listFigure: Figure = { label: 'routes.list() (fresh node process)', ms: list.ms, rssMb: list.rssMb };
    const compactFigure: Figure = { label: 'routes.list({}, { compact: true }), every view’s dst read (fresh node process)', ms: compact.ms, rssMb: compact.rssMb };
    const streamFigure: Figure = { label: 'routes.stream() (fresh node process)', ms: stream.ms, rssMb: stream.rssMb };
    report({
      scenario: `a full Internet table (${IPV4.toLocaleString('en')} IPv4 + ${IPV6.toLocaleString('en')} IPv6 routes) listed`,
      issue: 11,
      linx: listFigure,
      references: [ip],
      goals: [threshold(list.rssMb, (v) => v <= 300, 'peak RSS ≤ 300 MB')],
    });
    report({
      scenario: `a full Internet table (${IPV4.toLocaleString('en')} IPv4 + ${IPV6.toLocaleString('en')} IPv6 routes) listed as compact route views`,
      issue: 11,
      linx: compactFigure,
      references: [ip],
      goals: [threshold(compact.rssMb, (v) => v <= 300, 'peak RSS ≤ 300 MB')],
    });
    report({
      scenario: `a full Internet table (${IPV4.toLocaleString('en')} IPv4 + ${IPV6.toLocaleString('en')} IPv6 routes) streamed`,
      issue: 11,
      linx: streamFigure,
      references: [ip],
      goals: [threshold(stream.rssMb, (v) => v <= 80, 'peak RSS ≤ 80 MB')],
    });
  } finally {
    ns.remove();
  }
}
