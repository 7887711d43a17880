import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { open } from '@linx/rtnl';
import { bestOf } from './measure.js';
import { createBenchNetns, kernelBenchSkipReason } from './netns.js';
import { peakRssMb } from './peak-rss.js';
import { report } from './report.js';

/**
 * Links enslaved to masters (issue #11's row "1,000 links enslaved to VRFs or bridges"; this kernel has no
 * VRF, so bridges): 500 veth pairs, all 1,000 ends ports of 10 bridges (made with `ip -batch`), listed by
 * `rtnl.links.list()` in this process (with master names, as ip prints them), by linx as a whole `node`
 * process, and by `ip -j -d link show` (the whole process, as a user runs it: -d for the kinds' and ports'
 * data, which linx decodes too), in the same run, rounds alternating.
 */
export async function benchLinks(): Promise<void> {
  const bridges = 10;
  const pairs = 500;
  const skip = kernelBenchSkipReason();
  if (skip) {
    console.log(`links: skipped (${skip})`);
    return;
  }
  const ports = pairs * 2;
  console.log(`links: list ${ports.toLocaleString('en')} veths enslaved to ${bridges} bridges (${(ports + bridges + 1).toLocaleString('en')} links)`);
  const ns = createBenchNetns();
  const lines: string[] = [];
  for (let b = 0; b < bridges; b++) lines.push(`link add br${b} type bridge`);
  for (let i = 0; i < pairs; i++) {
    lines.push(`link add p${i}a type veth peer name p${i}b`);
    lines.push(`link set p${i}a master br${(2 * i) % bridges}`, `link set p${i}b master br${(2 * i + 1) % bridges}`);
  }
  ns.batch(lines);
  const total = ports + bridges + 1;
  const rtnl = open({ netns: ns.name });
  try {
    const ipList = () => execFileSync('ip', ['-n', ns.name, '-j', '-d', 'link', 'show'], { maxBuffer: 1 << 30 });
    const shown = JSON.parse(ipList().toString()) as { linkinfo?: { info_slave_kind?: string } }[];
    if (shown.length !== total) throw new Error(`ip lists ${shown.length} links, not ${total}`);
    if (shown.filter((l) => l.linkinfo?.info_slave_kind === 'bridge').length !== ports) throw new Error('not every veth is a bridge port');
    const script = `import { open } from '@linx/rtnl'; const r = open({ netns: ${JSON.stringify(ns.name)} }); const l = await r.links.list(); r.close(); if (l.length !== ${total}) throw new Error('listed ' + l.length);`;
    const linxArgv = [process.execPath, '--input-type=module', '-e', script];
    const linxProcess = () => execFileSync(linxArgv[0]!, linxArgv.slice(1), { cwd: new URL('..', import.meta.url) });

    let named = Infinity;
    let proc = Infinity;
    let ip = Infinity;
    let bareNode = Infinity;
    // Alternating, so that each sees the same load: 3 warm-up rounds, then the best of 5.
    for (let round = 0; round < 8; round++) {
      const a = await bestOf(1, async () => {
        const links = await rtnl.links.list();
        if (links.filter((l) => l.linkinfo?.slaveKind === 'bridge' && l.masterDev !== undefined).length !== ports) throw new Error('a port without its bridge data or master name');
        return links.length;
      });
      if (a.value !== total) throw new Error(`linx listed ${a.value} links, not ${total}`);
      let start = performance.now();
      linxProcess();
      const p = performance.now() - start;
      start = performance.now();
      execFileSync(process.execPath, ['-e', '0']);
      const n = performance.now() - start;
      start = performance.now();
      ipList();
      const t = performance.now() - start;
      if (round >= 3) {
        named = Math.min(named, a.ms);
        proc = Math.min(proc, p);
        ip = Math.min(ip, t);
        bareNode = Math.min(bareNode, n);
      }
    }
    console.log(`  linx links.list()               ${fmt(named)}  ${(ip / named).toFixed(1)}× faster than ip (in process, every kind's and port's data decoded, masters named)`);
    console.log(`  linx as a node process          ${fmt(proc)}  (start-up, import, open, list; node -e 0 alone: ${bareNode.toFixed(1)} ms)`);
    console.log(`  ip -j -d link show              ${fmt(ip)}  (whole process)`);
    const ipFigure = { label: 'ip -j -d link show (whole process)', ms: ip, rssMb: peakRssMb(['ip', '-n', ns.name, '-j', '-d', 'link', 'show']) };
    report({
      scenario: `${ports.toLocaleString('en')} links enslaved to ${bridges} bridges (${total.toLocaleString('en')} links) listed, in process`,
      issue: 11,
      linx: { label: 'links.list() (with master names)', ms: named },
      references: [ipFigure],
    });
    report({
      scenario: `the same ${total.toLocaleString('en')} links listed by a whole process`,
      issue: 11,
      linx: { label: 'node: import, open, links.list()', ms: proc, rssMb: peakRssMb(linxArgv, { cwd: new URL('..', import.meta.url).pathname }) },
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchLinks();
