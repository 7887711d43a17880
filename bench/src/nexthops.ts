import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { open } from '@linx/rtnl';
import { bestOf } from './measure.js';
import { createBenchNetns, kernelBenchSkipReason } from './netns.js';
import { peakRssMb } from './peak-rss.js';
import { report } from './report.js';

/**
 * Nexthop objects (issue #11's row): 10,000 nexthops in a namespace made for it (9,000 gateways on a veth
 * and 1,000 groups of 4 of them, made with `ip -batch`), listed by `rtnl.nexthops.list()` in this process
 * (with interface names, as ip prints them, and without), by linx as a whole `node` process, and by
 * `ip -j nexthop show` (the whole process, as a user runs it), in the same run, rounds alternating.
 */
export async function benchNexthops(): Promise<void> {
  const singles = 9_000;
  const groups = 1_000;
  const skip = kernelBenchSkipReason();
  if (skip) {
    console.log(`nexthops: skipped (${skip})`);
    return;
  }
  const total = singles + groups;
  console.log(`nexthops: list ${total.toLocaleString('en')} nexthops (${singles.toLocaleString('en')} gateways, ${groups.toLocaleString('en')} groups of 4)`);
  const ns = createBenchNetns();
  const lines = ['link set lo up', 'link add n0 type veth peer name n1', 'link set n0 up', 'link set n1 up', 'addr add 172.16.0.1/16 dev n0'];
  for (let i = 1; i <= singles; i++) lines.push(`nexthop add id ${i} via 172.16.${i >> 8}.${(i & 0xff) || 1} dev n0`);
  for (let g = 0; g < groups; g++) {
    const base = (g * 4) % (singles - 4);
    lines.push(`nexthop add id ${singles + 1 + g} group ${base + 1}/${base + 2},2/${base + 3}/${base + 4},3`);
  }
  ns.batch(lines);
  const rtnl = open({ netns: ns.name });
  try {
    const ipList = () => execFileSync('ip', ['-n', ns.name, '-j', 'nexthop', 'show'], { maxBuffer: 1 << 30 });
    const shown = JSON.parse(ipList().toString()) as unknown[];
    if (shown.length !== total) throw new Error(`ip lists ${shown.length} nexthops, not ${total}`);
    const script = `import { open } from '@linx/rtnl'; const r = open({ netns: ${JSON.stringify(ns.name)} }); const l = await r.nexthops.list(); r.close(); if (l.length !== ${total}) throw new Error('listed ' + l.length);`;
    const linxArgv = [process.execPath, '--input-type=module', '-e', script];
    const linxProcess = () => execFileSync(linxArgv[0]!, linxArgv.slice(1), { cwd: new URL('..', import.meta.url) });

    let named = Infinity;
    let bare = Infinity;
    let proc = Infinity;
    let ip = Infinity;
    let bareNode = Infinity;
    // Alternating, so that each sees the same load: 5 warm-up rounds, then the best of 5.
    for (let round = 0; round < 10; round++) {
      const a = await bestOf(1, async () => (await rtnl.nexthops.list()).length);
      if (a.value !== total) throw new Error(`linx listed ${a.value} nexthops, not ${total}`);
      const b = await bestOf(1, async () => (await rtnl.nexthops.list({ names: false })).length);
      let start = performance.now();
      linxProcess();
      const p = performance.now() - start;
      start = performance.now();
      execFileSync(process.execPath, ['-e', '0']);
      const n = performance.now() - start;
      start = performance.now();
      ipList();
      const t = performance.now() - start;
      if (round >= 5) {
        named = Math.min(named, a.ms);
        bare = Math.min(bare, b.ms);
        proc = Math.min(proc, p);
        ip = Math.min(ip, t);
        bareNode = Math.min(bareNode, n);
      }
    }
    console.log(`  linx nexthops.list()            ${fmt(named)}  ${(ip / named).toFixed(1)}× faster than ip (in process, with dev names: one link dump too)`);
    console.log(`  linx, names: false              ${fmt(bare)}`);
    console.log(`  linx as a node process          ${fmt(proc)}  (start-up, import, open, list; node -e 0 alone: ${bareNode.toFixed(1)} ms)`);
    console.log(`  ip -j nexthop show              ${fmt(ip)}  (whole process)`);
    const ipFigure = { label: 'ip -j nexthop show (whole process)', ms: ip, rssMb: peakRssMb(['ip', '-n', ns.name, '-j', 'nexthop', 'show']) };
    report({
      scenario: `${total.toLocaleString('en')} nexthop objects (${singles.toLocaleString('en')} gateways, ${groups.toLocaleString('en')} groups of 4) listed, in process`,
      issue: 11,
      linx: { label: 'nexthops.list() (with dev names)', ms: named },
      references: [ipFigure],
    });
    report({
      scenario: `the same ${total.toLocaleString('en')} nexthops listed by a whole process`,
      issue: 11,
      linx: { label: 'node: import, open, nexthops.list()', ms: proc, rssMb: peakRssMb(linxArgv, { cwd: new URL('..', import.meta.url).pathname }) },
      references: [ipFigure, { label: 'node -e 0', ms: bareNode }],
    });
  } finally {
    rtnl.close();
    ns.remove();
  }
}

function fmt(ms: number): string {
  return `${ms.toFixed(1).padStart(8)} ms`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchNexthops();
