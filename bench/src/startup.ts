import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { floorBinary } from './floor.js';
import { kernelBenchSkipReason, routeNetns } from './netns.js';
import { peakRssMb } from './peak-rss.js';
import { atMost, report, threshold, type Figure } from './report.js';

// Start-up cost as a user meets it: whole `node` processes, each importing one package from its built
// dist/ (the workspace packages resolve through bench/node_modules as an installed package would),
// next to `node -e 0`. Median of many runs: one process is noisy, and the machine is shared.

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * A scenario: the code of a `node --input-type=module -e code` process, or the arguments of a `node …`
 * process (a command run as its user runs it).
 */
type Scenario = string | { argv: string[]; env?: Record<string, string> };

/** The node arguments and environment of a scenario's process. */
function processOf(scenario: Scenario): { args: string[]; env: NodeJS.ProcessEnv } {
  if (typeof scenario === 'string') return { args: ['--input-type=module', '-e', scenario], env: process.env };
  return { args: scenario.argv, env: { ...process.env, ...scenario.env } };
}

/** Wall time of one scenario's process, in ms; throws if it fails. */
function runOnce(scenario: Scenario): number {
  const { args, env } = processOf(scenario);
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: benchDir, encoding: 'utf8', env });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The median time of each scenario, the scenarios interleaved round by round so that a burst of load on
 * the machine hits them all alike.
 */
export function startupMedians(scenarios: Record<string, Scenario>, runs: number): Record<string, number> {
  const times: Record<string, number[]> = {};
  for (const name of Object.keys(scenarios)) {
    times[name] = [];
    runOnce(scenarios[name]!); // warm the file cache
  }
  for (let i = 0; i < runs; i++) for (const [name, code] of Object.entries(scenarios)) times[name]!.push(runOnce(code));
  return Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, median(ms)]));
}

/** The built `linx` command (packages/cli, built with the rest by `pnpm bench`): its package.json `bin`. */
const LINX_BIN = join(dirname(benchDir), 'packages', 'cli', 'dist', 'bin.cjs');

/** Median wall time of a process run `runs` times (a reference tool such as `ip addr`), in ms. */
function commandMedian(argv: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
    if (i > 0) times.push(performance.now() - start); // the first warms the file cache
  }
  return median(times);
}

const NO_CA_NODE = 'node -e 0, no NODE_EXTRA_CA_CERTS';
const NO_CA_LINX = 'linx addr, no NODE_EXTRA_CA_CERTS';

const PACKAGES = ['netlink-wire', 'netlink-codec', 'netlink-socket', 'netlink-client', 'rtnl', 'nfnl', 'genl'];

/**
 * `node -e 0`, then each package's import, then rtnl's open() + first links.list(); as ms over node's own
 * start. Then the whole `linx -j route show` on 65,000 routes (benchRouteShow).
 */
export function benchStartup(runs = Number(process.env['LINX_STARTUP_RUNS'] ?? 21)): void {
  console.log(`startup: whole node processes, median of ${runs} runs each (ms; + is over node -e 0)`);
  const scenarios: Record<string, Scenario> = { 'node -e 0': '0' };
  // The floor of any ESM package: node's module loader itself, loaded for one empty file.
  const empty = join(mkdtempSync(join(tmpdir(), 'linx-startup-')), 'empty.mjs');
  writeFileSync(empty, '');
  scenarios['import an empty module'] = `await import(${JSON.stringify(pathToFileURL(empty).href)})`;
  for (const pkg of PACKAGES) scenarios[`import @linx/${pkg}`] = `await import('@linx/${pkg}')`;
  // Opening needs Linux and the addon, not root: listing links is read-only.
  scenarios['rtnl open() + links.list()'] =
    `const { open } = await import('@linx/rtnl'); const rtnl = open(); await rtnl.links.list(); rtnl.close();`;
  // The command itself, as a shell runs `linx addr`: node running its bin with that argument (read-only:
  // two dumps). Not imported from a `node -e` module: that would load Node's ES module loader, which the
  // bin, a CommonJS file, does not.
  scenarios['linx addr'] = { argv: [LINX_BIN, 'addr'] };
  // The bin keeps V8's compiled code in the user's cache folder (packages/cli/src/start/code-cache.ts): the
  // warm-up run writes it and the rounds read it, as every run after a user's first does. Without it, as
  // the first run (or NODE_DISABLE_COMPILE_CACHE=1):
  scenarios['linx addr, no code cache'] = { argv: [LINX_BIN, 'addr'], env: { NODE_DISABLE_COMPILE_CACHE: '1' } };
  // NODE_EXTRA_CA_CERTS (set in this sandbox, naming the system's 144-certificate bundle) makes every node
  // start read and parse those certificates: about 34 ms of CPU here, which flatters a ratio to `node -e
  // 0`. Where it is set, node -e 0 and linx addr also run without it, as on a typical user's machine.
  const caCerts = process.env['NODE_EXTRA_CA_CERTS'] !== undefined;
  if (caCerts) {
    scenarios[NO_CA_NODE] = { argv: ['-e', '0'], env: { NODE_EXTRA_CA_CERTS: '' } };
    scenarios[NO_CA_LINX] = { argv: [LINX_BIN, 'addr'], env: { NODE_EXTRA_CA_CERTS: '' } };
  }
  let medians: Record<string, number>;
  try {
    medians = startupMedians(scenarios, runs);
  } finally {
    rmSync(dirname(empty), { recursive: true, force: true });
  }
  const base = medians['node -e 0']!;
  for (const [name, ms] of Object.entries(medians)) {
    // The scenarios without NODE_EXTRA_CA_CERTS are over node -e 0 without it.
    const from = name === NO_CA_LINX ? medians[NO_CA_NODE]! : base;
    const over = name === 'node -e 0' || name === NO_CA_NODE ? '' : `  +${(ms - from).toFixed(0).padStart(4)}`;
    console.log(`  ${name.padEnd(36)} ${ms.toFixed(0).padStart(5)} ms${over}`);
  }
  const rss = (scenario: Scenario) => peakRssMb([process.execPath, ...processOf(scenario).args], { cwd: benchDir });
  const node = { label: 'node -e 0', ms: base, rssMb: rss('0') };
  const linxAddr = medians['linx addr']!;
  const ipAddr = commandMedian(['ip', 'addr'], runs);
  console.log(`  ${'ip addr (reference)'.padEnd(36)} ${ipAddr.toFixed(0).padStart(5)} ms`);
  report({
    scenario: `the whole \`linx addr\` process (median of ${runs})`,
    issue: 16,
    linx: { label: 'linx addr', ms: linxAddr, rssMb: rss(scenarios['linx addr']!) },
    references: [node, { label: 'ip addr', ms: ipAddr, rssMb: peakRssMb(['ip', 'addr']) }],
    goals: [threshold(linxAddr / base, (ratio) => ratio <= 1.5, `≤ 1.5× node -e 0 (${(linxAddr / base).toFixed(2)}×)`)],
  });
  if (caCerts) {
    const bare = medians[NO_CA_NODE]!;
    const linxBare = medians[NO_CA_LINX]!;
    report({
      scenario: `the whole \`linx addr\` process without NODE_EXTRA_CA_CERTS, as on a typical machine (median of ${runs})`,
      issue: 16,
      linx: { label: 'linx addr', ms: linxBare },
      references: [{ label: 'node -e 0', ms: bare }],
      goals: [threshold(linxBare / bare, (ratio) => ratio <= 1.5, `≤ 1.5× node -e 0 (${(linxBare / bare).toFixed(2)}×)`)],
    });
  }
  for (const pkg of ['rtnl', 'nfnl']) {
    const name = `import @linx/${pkg}`;
    const ms = medians[name]!;
    report({
      scenario: `a fresh node process that imports @linx/${pkg} (median of ${runs})`,
      issue: 16,
      linx: { label: `node + import('@linx/${pkg}')`, ms, rssMb: rss(scenarios[name]!) },
      references: [node],
      goals: [threshold(ms - base, (over) => over <= 30, `≤ 30 ms over node -e 0 (+${(ms - base).toFixed(0)} ms)`)],
    });
  }
  console.log();
  benchRouteShow();
}

/**
 * The whole `linx -j route show` process on 65,000 routes against the whole `ip -j route show`, rounds
 * alternating (root: a namespace made for it, as the rtnl area's). Both print the same JSON text: the
 * first round checks it.
 */
export function benchRouteShow(runs = Number(process.env['LINX_ROUTE_SHOW_RUNS'] ?? 7)): void {
  const count = 65_000;
  const skip = kernelBenchSkipReason();
  if (skip) {
    console.log(`linx -j route show: skipped, ${skip}`);
    return;
  }
  console.log(`linx -j route show: whole processes on ${count.toLocaleString('en')} IPv4 routes, best of ${runs} after a warm-up round, rounds alternating`);
  const ns = routeNetns(count);
  try {
    const linxArgv = [process.execPath, LINX_BIN, '-n', ns.name, '-j', 'route', 'show'];
    const ipArgv = ['ip', '-n', ns.name, '-j', 'route', 'show'];
    const once = (argv: string[]) => {
      const start = performance.now();
      const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30 });
      const ms = performance.now() - start;
      if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
      return { ms, out: result.stdout };
    };
    const first = { linx: once(linxArgv).out, ip: once(ipArgv).out };
    const same = first.linx === first.ip;
    let linx = Infinity;
    let ip = Infinity;
    for (let i = 0; i < runs; i++) {
      linx = Math.min(linx, once(linxArgv).ms);
      ip = Math.min(ip, once(ipArgv).ms);
    }
    console.log(`  linx -j route show  ${linx.toFixed(0).padStart(5)} ms  ${(linx / ip).toFixed(2)}× ip (goal ≤ 0.5×)`);
    console.log(`  ip -j route show    ${ip.toFixed(0).padStart(5)} ms  (${first.ip.length.toLocaleString('en')} bytes of JSON; linx's ${same ? 'the same' : 'DIFFERENT'})`);
    // What no Node process can go under: node's own start plus the kernel's dump (a C receive loop that
    // decodes and prints nothing), each measured here as best of the same rounds.
    let node = Infinity;
    for (let i = 0; i < runs; i++) node = Math.min(node, once([process.execPath, '-e', '0']).ms);
    const floorBin = floorBinary();
    const floor = floorBin ? Number(execFileSync(floorBin, [ns.path, String(runs)], { encoding: 'utf8' }).trim().split(' ')[1]) / 1e6 : undefined;
    console.log(`  node -e 0           ${node.toFixed(0).padStart(5)} ms`);
    if (floor !== undefined) {
      const bound = node + floor;
      console.log(`  C receive loop      ${floor.toFixed(0).padStart(5)} ms  (the kernel's dump alone, no decoding or printing)`);
      console.log(`  node -e 0 + that = ${bound.toFixed(0)} ms = ${(bound / ip).toFixed(2)}× ip, against a goal of 0.5× ip = ${(ip / 2).toFixed(0)} ms: ${bound <= ip / 2 ? 'reachable in principle' : 'no Node process can meet it on this machine'}`);
    }
    const linxFigure: Figure = { label: 'linx -j route show (whole process)', ms: linx, rssMb: peakRssMb(linxArgv) };
    const ipFigure: Figure = { label: 'ip -j route show (whole process)', ms: ip, rssMb: peakRssMb(ipArgv) };
    report({
      scenario: `the whole \`linx -j route show\` process on ${count.toLocaleString('en')} IPv4 routes (best of ${runs})`,
      issue: 16,
      linx: linxFigure,
      references: [ipFigure],
      goals: [atMost(0.5, ipFigure, linxFigure, '≤ 0.5× ip -j route show')],
      ...(same ? {} : { note: 'linx printed JSON text different from ip -j' }),
    });
  } finally {
    ns.remove();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) benchStartup();
