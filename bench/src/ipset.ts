import { execFileSync, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { open } from '@linx/nfnl';
import { createBenchNetns, kernelBenchSkipReason } from './netns.js';
import { peakRssMb } from './peak-rss.js';
import { report } from './report.js';

/**
 * ipset: 20,000 addresses added to a hash:ip set in this process (`nfnl.ipset.add(name, elements)`: bulk
 * requests as `ipset restore` sends them) against `ipset restore` of the same lines (the whole process, as a
 * user runs it, started with `ip netns exec`), in the same run. The set is flushed before every run.
 */
export async function benchIpset(): Promise<void> {
  const count = 20_000;
  const skip = kernelBenchSkipReason() ?? (spawnSync('ipset', ['version'], { stdio: 'ignore' }).status !== 0 ? 'the ipset tool is not installed (Debian package ipset)' : undefined);
  if (skip) {
    console.log(`ipset: skipped (${skip})`);
    return;
  }
  console.log(`ipset: add ${count.toLocaleString('en')} addresses to a hash:ip set`);
  const ns = createBenchNetns();
  const nfnl = open({ netns: ns.name });
  const ipset = (...args: string[]) => execFileSync('ip', ['netns', 'exec', ns.name, 'ipset', ...args], { maxBuffer: 1 << 30 });
  try {
    ipset('create', 'bench', 'hash:ip', 'hashsize', '32768', 'maxelem', '100000');
    const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const elements = Array.from({ length: count }, (_, i) => ({ ip: ip(i) }));
    const members = () => Number(/Number of entries: (\d+)/.exec(ipset('list', '-t', 'bench').toString())?.[1]);

    const lines = `${elements.map((e) => `add bench ${e.ip}`).join('\n')}\n`;
    // Alternating, so that both see the same load: 5 warm-up rounds, then the best of 5.
    let linx = Infinity;
    let tool = Infinity;
    for (let round = 0; round < 10; round++) {
      ipset('flush', 'bench');
      let start = performance.now();
      await nfnl.ipset.add('bench', elements);
      if (round >= 5) linx = Math.min(linx, performance.now() - start);
      if (members() !== count) throw new Error(`linx added ${members()} elements, not ${count}`);
      ipset('flush', 'bench');
      start = performance.now();
      execFileSync('ip', ['netns', 'exec', ns.name, 'ipset', 'restore'], { input: lines });
      if (round >= 5) tool = Math.min(tool, performance.now() - start);
      if (members() !== count) throw new Error(`ipset restore added ${members()} elements, not ${count}`);
    }
    console.log(`  linx ipset.add()      ${fmt(linx)}  ${Math.round((count / linx) * 1000).toLocaleString('en')} elements/s (bulk requests; best of 5 after 5 warm-up rounds)`);
    console.log(`  ipset restore         ${fmt(tool)}  ${(tool / linx).toFixed(1)}× linx (whole process, text input; rounds alternate with linx's)`);
    ipset('flush', 'bench');
    report({
      scenario: `${count.toLocaleString('en')} addresses added to a hash:ip set`,
      issue: 15,
      linx: { label: 'ipset.add(name, elements) (in process)', ms: linx },
      references: [{ label: 'ipset restore (whole process)', ms: tool, rssMb: peakRssMb(['ip', 'netns', 'exec', ns.name, 'ipset', 'restore'], { input: lines }) }],
    });
  } finally {
    nfnl.close();
    ns.remove();
  }
}

function fmt(ms: number): string {
  return `${ms.toFixed(1).padStart(8)} ms`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchIpset();
