import { execFileSync, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchNetns, kernelBenchSkipReason, type BenchNetns } from './netns.js';
import { bestOf as best, rate } from './measure.js';
import { floorBinary } from './floor.js';
import { pyroute2Python } from './rtnl.js';
import { peakRssMb } from './peak-rss.js';
import { atMost, kbToMb, report, type Figure } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = dirname(here);

/** pyroute2's get_filters of the interface's qdisc 1: (rounds, best time): "filters ms". */
const PYROUTE2_FILTERS = `
import resource, sys, time
from pyroute2 import IPRoute
ifindex, rounds = int(sys.argv[1]), int(sys.argv[2])
ipr = IPRoute()
best, n = None, 0
list(ipr.get_filters(index=ifindex, parent=0x10000))  # warm-up
for _ in range(rounds):
    start = time.perf_counter()
    n = len(list(ipr.get_filters(index=ifindex, parent=0x10000)))
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
ipr.close()
print(n, best * 1000, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
`;

/** linx's filter list in a fresh process: "filters ms" (best of rounds after as many warm-up rounds). */
const LINX_FILTERS = `
import { open } from '@linx/rtnl';
const [name, rounds] = [process.argv[1], Number(process.argv[2])];
const rtnl = open({ netns: name });
const list = async () => (await rtnl.tc.filters.list({ dev: 't0', parent: '1:' })).length;
let ms = Infinity;
let n = 0;
for (let i = 0; i < rounds; i++) await list();
for (let i = 0; i < rounds; i++) {
  const start = performance.now();
  n = await list();
  ms = Math.min(ms, performance.now() - start);
}
rtnl.close();
console.log(n, ms, process.resourceUsage().maxRSS);
`;

const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;

/** A namespace with a veth t0 under an htb root 1: and `count` u32 filters (one hash table, as `tc` adds them). */
function filterNetns(count: number): { ns: BenchNetns; ifindex: number } {
  const ns = createBenchNetns();
  ns.batch(['link add t0 type veth peer name t1', 'link set t0 up']);
  const lines = ['qdisc add dev t0 root handle 1: htb'];
  for (let i = 0; i < count; i++) lines.push(`filter add dev t0 parent 1: protocol ip prio 1 u32 match ip dst 10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}/32 flowid 1:10`);
  execFileSync('tc', ['-n', ns.name, '-batch', '-'], { input: `${lines.join('\n')}\n`, maxBuffer: 1 << 30 });
  const ifindex = Number(JSON.parse(execFileSync('ip', ['-n', ns.name, '-j', 'link', 'show', 't0'], { encoding: 'utf8' }))[0].ifindex);
  return { ns, ifindex };
}

/**
 * rtnl.tc.filters against the alternatives, in one run: 10,000 u32 filters of one interface listed into
 * typed objects, against `tc -j filter show` (the whole process, JSON text included), pyroute2's
 * get_filters and the C receive loop of the same dump (the kernel's floor).
 */
export async function benchTc(): Promise<void> {
  const skip = kernelBenchSkipReason() ?? (spawnSync('tc', ['-V'], { stdio: 'ignore' }).status !== 0 ? 'tc is not installed' : undefined);
  if (skip) {
    console.log(`tc: skipped (${skip})`);
    return;
  }
  const count = 10_000;
  const rounds = 15;
  console.log(`tc: list ${count.toLocaleString('en')} u32 filters of one interface into typed objects (best of ${rounds} after as many warm-up rounds; tc and pyroute2 best of 3 after warm-up)`);
  const { ns, ifindex } = filterNetns(count);
  try {
    const floor = floorBinary();
    let floorMs: number | undefined;
    if (floor) {
      const [messages, nanoseconds] = execFileSync(floor, [ns.path, String(rounds), 'tcfilter', String(ifindex)], { encoding: 'utf8' }).trim().split(' ').map(Number) as [number, number];
      floorMs = nanoseconds / 1e6;
      console.log(`  C receive loop (floor)        ${fmt(floorMs)}  ${rate((messages / floorMs) * 1000)} messages/s, no decoding (${messages} messages)`);
    }
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', LINX_FILTERS, ns.name, String(rounds)], { cwd: benchDir, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`linx child: ${child.stderr}`);
    const [filters, list, listRssKb] = child.stdout.trim().split(/\s+/).map(Number) as [number, number, number];
    console.log(`  linx tc.filters.list()        ${fmt(list)}  ${rate((filters / list) * 1000)} filters/s${floorMs ? `  ${(list / floorMs).toFixed(2)}× the floor` : ''} (${filters} entries)`);

    const tcArgv = ['tc', '-n', ns.name, '-j', 'filter', 'show', 'dev', 't0', 'parent', '1:'];
    const tc = await best(3, async () => execFileSync(tcArgv[0]!, tcArgv.slice(1), { maxBuffer: 1 << 30 }).length);
    const goal = floorMs !== undefined && tc.ms / 10 < floorMs ? `; 10× tc would be ${(tc.ms / 10).toFixed(1)} ms, under the kernel's own ${floorMs.toFixed(1)} ms` : '';
    console.log(`  tc -j filter show             ${fmt(tc.ms)}  ${(tc.ms / list).toFixed(1)}× linx (goal ≥ 10×${goal})`);

    const linxFigure: Figure = { label: 'tc.filters.list() (fresh node process)', ms: list, rssMb: kbToMb(listRssKb) };
    const tcFigure: Figure = { label: 'tc -j filter show (whole process)', ms: tc.ms, rssMb: peakRssMb(tcArgv) };
    const references: Figure[] = [tcFigure, ...(floorMs === undefined ? [] : [{ label: 'C receive loop (floor)', ms: floorMs }])];
    const python = pyroute2Python();
    if (!python) console.log('  pyroute2                      not installed: apt-get install -y python3-pyroute2');
    else {
      const r = spawnSync('ip', ['netns', 'exec', ns.name, python, '-c', PYROUTE2_FILTERS, String(ifindex), '3'], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 600_000 });
      if (r.status !== 0) console.log(`  pyroute2                      failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0]}`);
      else {
        const [n, ms] = r.stdout.trim().split(/\s+/).map(Number) as [number, number];
        console.log(`  pyroute2 get_filters()        ${fmt(ms)}  ${(ms / list).toFixed(1)}× linx (${n} entries)`);
        references.push({ label: 'pyroute2 get_filters() (in process)', ms, rssMb: kbToMb(Number(r.stdout.trim().split(/\s+/)[2])) });
      }
    }
    report({
      scenario: `${count.toLocaleString('en')} u32 filters of one interface listed into typed objects`,
      issue: 12,
      linx: linxFigure,
      references,
      goals: [atMost(0.1, tcFigure, linxFigure, '≥ 10× tc -j (≤ 0.1×)')],
    });
  } finally {
    ns.remove();
  }
}
