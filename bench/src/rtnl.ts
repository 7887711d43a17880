import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open, type Rtnl, type RouteSpec } from '@linx/rtnl';
import { createBenchNetns, kernelBenchSkipReason, routeNetns, type BenchNetns } from './netns.js';
import { bestOf as best, rate } from './measure.js';
import { floorBinary } from './floor.js';
import { peakRssMb } from './peak-rss.js';
import { atMost, kbToMb, report, type Figure } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = dirname(here);

/** A Python with pyroute2 importable (Debian's python3-pyroute2 lives in /usr/bin/python3's path). */
export function pyroute2Python(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', 'import pyroute2'], { stdio: 'ignore' }).status === 0) return python;
  }
  return undefined;
}

const PYROUTE2_DUMP = `
import resource, socket, sys, time
from pyroute2 import IPRoute
rounds = int(sys.argv[1])
ipr = IPRoute()
best, n = None, 0
ipr.get_routes(family=socket.AF_INET)  # warm-up
for _ in range(rounds):
    start = time.perf_counter()
    n = len(list(ipr.get_routes(family=socket.AF_INET)))
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
ipr.close()
print(n, best * 1000, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
`;

/** One of linx's ways to list routes (list, list without names, stream), in a fresh process: "routes ms". */
const LINX_LIST = `
import { open } from '@linx/rtnl';
const [name, rounds, way] = [process.argv[1], Number(process.argv[2]), process.argv[3]];
const rtnl = open({ netns: name });
const ways = {
  list: async () => (await rtnl.routes.list({ family: 'inet' })).length,
  bare: async () => (await rtnl.routes.list({ family: 'inet', names: false })).length,
  stream: async () => {
    let n = 0;
    for await (const _ of rtnl.routes.stream({ family: 'inet' })) n++;
    return n;
  },
};
const fn = ways[way];
let ms = Infinity;
let routes = 0;
for (let i = 0; i < rounds; i++) await fn();
for (let i = 0; i < rounds; i++) {
  const start = performance.now();
  routes = await fn();
  ms = Math.min(ms, performance.now() - start);
}
rtnl.close();
console.log(routes, ms, process.resourceUsage().maxRSS);
`;

const NPM_NETLINK_DUMP = `
import { createRequire } from 'node:module';
const [pkg, rounds] = [process.argv[1], Number(process.argv[2])];
const { createRtNetlink } = createRequire(pkg)('netlink');
const socket = createRtNetlink();
let best = Infinity, n = 0;
for (let i = 0; i < rounds; i++) await socket.getRoutes({ family: 2 }); // warm-up
for (let i = 0; i < rounds; i++) {
  const start = performance.now();
  n = (await socket.getRoutes({ family: 2 })).length;
  best = Math.min(best, performance.now() - start);
}
console.log(n, best, process.resourceUsage().maxRSS);
process.exit(0);
`;

/** Runs a program inside the namespace (`ip netns exec`) and reads "count milliseconds [maxrss KB]" from it. */
function inNetns(ns: BenchNetns, argv: string[]): { count: number; ms: number; rssKb: number } | string {
  const r = spawnSync('ip', ['netns', 'exec', ns.name, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 600_000 });
  if (r.status !== 0) return (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-1)[0]!;
  const [count, ms, rssKb] = r.stdout.trim().split(/\s+/).map(Number) as [number, number, number];
  return { count, ms, rssKb };
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;

/**
 * rtnl.routes against the alternatives, in one run: (a) 65,000 IPv4 routes listed into typed objects
 * (linx's list and stream, the C receive loop, `ip -j route show`, pyroute2, npm netlink); (b) 10,000
 * route adds pipelined on one socket against `ip -batch`.
 */
export async function benchRtnl(): Promise<void> {
  const skip = kernelBenchSkipReason();
  if (skip) {
    console.log(`rtnl: skipped (${skip})`);
    return;
  }
  await benchList();
  console.log();
  await benchAdds();
}

async function benchList(): Promise<void> {
  const count = 65_000;
  const rounds = 15;
  console.log(`rtnl: list ${count.toLocaleString('en')} IPv4 routes into typed objects (best of ${rounds} after as many warm-up rounds; others best of 3 after warm-up)`);
  const ns = routeNetns(count);
  try {
    const floor = floorBinary();
    let floorMs: number | undefined;
    if (floor) {
      const [messages, nanoseconds] = execFileSync(floor, [ns.path, String(rounds)], { encoding: 'utf8' }).trim().split(' ').map(Number) as [number, number];
      floorMs = nanoseconds / 1e6;
      console.log(`  C receive loop (floor)      ${fmt(floorMs)}  ${rate((messages / floorMs) * 1000)} routes/s, no decoding (${messages} messages)`);
    }
    // linx runs in a process of its own for each way, like every other tool here: a fresh heap for each.
    const linx = (way: string) => {
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', LINX_LIST, ns.name, String(rounds), way], { cwd: benchDir, encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`linx ${way} child: ${child.stderr}`);
      const [routes, ms, rssKb] = child.stdout.trim().split(/\s+/).map(Number) as [number, number, number];
      return { routes, ms, rssKb };
    };
    const listed = linx('list');
    const { routes, ms: list } = listed;
    const bare = linx('bare').ms;
    const streamedRun = linx('stream');
    const streamed = streamedRun.ms;
    const vsFloor = (ms: number) => (floorMs ? `${(ms / floorMs).toFixed(2)}× the floor` : '');
    console.log(`  linx routes.list()          ${fmt(list)}  ${rate((routes / list) * 1000)} routes/s  ${vsFloor(list)} (goal ≤ 2×)`);
    console.log(`  linx list, names: false     ${fmt(bare)}  ${vsFloor(bare)} (no link dump for dev names)`);
    console.log(`  linx routes.stream()        ${fmt(streamed)}  ${vsFloor(streamed)} (an iteration step per route)`);

    const ip = await best(3, async () => execFileSync('ip', ['-n', ns.name, '-4', '-j', 'route', 'show', 'table', 'all'], { maxBuffer: 1 << 30 }).length);
    const ipFigure: Figure = { label: 'ip -j route show (whole process)', ms: ip.ms, rssMb: peakRssMb(['ip', '-n', ns.name, '-4', '-j', 'route', 'show', 'table', 'all']) };
    let pyFigure: Figure | undefined;
    let npmFigure: Figure | undefined;
    console.log(`  ip -j route show            ${fmt(ip.ms)}  ${(ip.ms / list).toFixed(1)}× linx (process start and JSON text included)`);

    const python = pyroute2Python();
    if (!python) {
      console.log('  pyroute2                    not installed: apt-get install -y python3-pyroute2 (Debian/Ubuntu), or pip install pyroute2');
    } else {
      const py = inNetns(ns, [python, '-c', PYROUTE2_DUMP, '3']);
      if (typeof py === 'string') console.log(`  pyroute2                    failed: ${py}`);
      else {
        console.log(`  pyroute2 get_routes()       ${fmt(py.ms)}  ${(py.ms / list).toFixed(1)}× linx (goal ≥ 50×; ${py.count} routes, Python ${pythonVersion(python)})`);
        pyFigure = { label: 'pyroute2 get_routes() (in process)', ms: py.ms, rssMb: kbToMb(py.rssKb) };
      }
    }

    const npm = inNetns(ns, [process.execPath, '--input-type=module', '-e', NPM_NETLINK_DUMP, join(benchDir, 'package.json'), '3']);
    if (typeof npm === 'string') console.log(`  npm netlink                 not available: ${npm}`);
    else {
      console.log(`  npm netlink getRoutes()     ${fmt(npm.ms)}  ${(npm.ms / list).toFixed(1)}× linx (goal ≥ 10×; ${npm.count} routes)`);
      npmFigure = { label: 'npm netlink getRoutes() (in process)', ms: npm.ms, rssMb: kbToMb(npm.rssKb) };
    }
    const floorFigure: Figure | undefined = floorMs === undefined ? undefined : { label: 'C receive loop (floor)', ms: floorMs };
    const listFigure: Figure = { label: 'routes.list() (fresh node process)', ms: list, rssMb: kbToMb(listed.rssKb) };
    report({
      scenario: `${count.toLocaleString('en')} IPv4 routes listed into typed objects`,
      issue: 5,
      linx: listFigure,
      references: [...(floorFigure ? [floorFigure] : []), ipFigure, ...(pyFigure ? [pyFigure] : []), ...(npmFigure ? [npmFigure] : [])],
      goals: [
        atMost(2, floorFigure, listFigure, '≤ 2× the C floor (#5)'),
        atMost(1.3, floorFigure, listFigure, '≤ 1.3× the C floor (#11)'),
        atMost(1 / 10, npmFigure, listFigure, '≥ 10× npm netlink (≤ 0.1×)'),
        atMost(1 / 50, pyFigure, listFigure, '≥ 50× pyroute2 (≤ 0.02×)'),
      ],
    });
    report({
      scenario: `${count.toLocaleString('en')} IPv4 routes streamed (routes.stream(), an iteration step per route)`,
      issue: 11,
      linx: { label: 'routes.stream() (fresh node process)', ms: streamed, rssMb: kbToMb(streamedRun.rssKb) },
      references: [...(floorFigure ? [floorFigure] : []), ipFigure],
    });
  } finally {
    ns.remove();
  }
}

function pythonVersion(python: string): string {
  return spawnSync(python, ['-c', 'import platform; from importlib.metadata import version; print(platform.python_version(), "pyroute2", version("pyroute2"))'], { encoding: 'utf8' }).stdout.trim();
}

async function benchAdds(): Promise<void> {
  const count = 10_000;
  const rounds = 6;
  console.log(`rtnl: add ${count.toLocaleString('en')} IPv4 routes to one namespace (best of ${rounds}; \`ip -batch\` deletes them between rounds, untimed)`);
  const ns = createBenchNetns();
  try {
    ns.batch(['link add r0 type veth peer name r1', 'link set r0 up', 'link set r1 up', 'addr add 172.31.0.1/16 dev r0']);
    const dst = (i: number) => `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}/32`;
    const specs: RouteSpec[] = Array.from({ length: count }, (_, i) => ({ dst: dst(i), gateway: '172.31.0.2' }));
    const adds = specs.map((s) => `route add ${s.dst} via ${s.gateway}`);
    const dels = specs.map((s) => `route del ${s.dst} via ${s.gateway}`);
    const rtnl: Rtnl = open({ netns: ns.name });
    // Each way is measured in rounds of its own, so that one way's garbage is not collected in another's time.
    const timed = async (add: () => Promise<unknown>, times = rounds) => {
      let ms = Infinity;
      for (let round = 0; round < times; round++) {
        const start = performance.now();
        await add();
        ms = Math.min(ms, performance.now() - start);
        ns.batch(dels);
      }
      return ms;
    };
    const manyMs = await timed(async () => {
      const failed = (await rtnl.routes.addMany(specs)).filter((r) => r !== undefined).length;
      if (failed) throw new Error(`addMany: ${failed} routes failed`);
    });
    const linxMs = await timed(() => Promise.all(specs.map((spec) => rtnl.routes.add(spec))));
    const serialMs = await timed(async () => {
      for (const spec of specs) await rtnl.routes.add(spec);
    }, 1);
    const left = (await rtnl.routes.list({ family: 'inet', table: 'main', names: false })).length;
    rtnl.close();
    let ipMs = Infinity;
    for (let round = 0; round < rounds; round++) {
      const start = performance.now();
      ns.batch(adds);
      ipMs = Math.min(ipMs, performance.now() - start);
      ns.batch(dels);
    }
    console.log(`  linx, pipelined (≤256 in flight)  ${fmt(linxMs)}  ${rate((count / linxMs) * 1000)} routes/s (a promise per route)`);
    console.log(`  linx routes.addMany()             ${fmt(manyMs)}  ${rate((count / manyMs) * 1000)} routes/s (one promise for all)`);
    console.log(`  linx, one at a time               ${fmt(serialMs)}  ${rate((count / serialMs) * 1000)} routes/s (await each, one round)`);
    console.log(`  ip -batch                         ${fmt(ipMs)}  ${rate((count / ipMs) * 1000)} routes/s`);
    console.log(`  ip -batch / linx addMany          ${(ipMs / manyMs).toFixed(2)}× (goal ≥ 2×; ${left} routes left in main afterwards, the kernel's own)`);
    const many: Figure = { label: 'routes.addMany() (in process)', ms: manyMs };
    report({
      scenario: `${count.toLocaleString('en')} IPv4 routes added to one namespace`,
      issue: 5,
      linx: many,
      references: [{ label: 'ip -batch (whole process)', ms: ipMs }, { label: 'linx routes.add() pipelined', ms: linxMs }],
      goals: [atMost(0.5, { label: 'ip -batch', ms: ipMs }, many, '≥ 2× ip -batch (≤ 0.5×)')],
    });
  } finally {
    ns.remove();
  }
}
