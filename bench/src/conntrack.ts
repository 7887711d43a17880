import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { open, type ConntrackSpec } from '@linx/nfnl';
import { floorBinary } from './floor.js';
import { bestOf } from './measure.js';
import { createBenchNetns, kernelBenchSkipReason } from './netns.js';
import { peakRssMb } from './peak-rss.js';
import { atMost, kbToMb, report, type Figure } from './report.js';

/**
 * conntrack: 100,000 entries listed into typed objects in this process (`nfnl.conntrack.list()`) against
 * `conntrack -L` (the whole process, as a user runs it, started with `ip netns exec`), in the same run.
 * The entries are made with linx's own bulk create (`conntrack.createMany`, pipelined requests on one
 * socket through `Connection.requestAll`): `conntrack -I` in a loop starts a process per entry.
 */
export async function benchConntrack(): Promise<void> {
  const count = 100_000;
  const skip = kernelBenchSkipReason() ?? (spawnSync('conntrack', ['--version'], { stdio: 'ignore' }).status !== 0 ? 'the conntrack tool is not installed (Debian package conntrack)' : undefined);
  if (skip) {
    console.log(`conntrack: skipped (${skip})`);
    return;
  }
  console.log(`conntrack: list ${count.toLocaleString('en')} entries (UDP, IPv4) into typed objects`);
  const ns = createBenchNetns();
  const nfnl = open({ netns: ns.name });
  try {
    // Entries of the benchmark range 198.18.0.0/15 (RFC 2544) to one address; nothing is sent on any wire.
    const specs: ConntrackSpec[] = [];
    for (let i = 0; i < count; i++) {
      specs.push({ original: { src: `198.${18 + (i >> 16)}.${(i >> 8) & 0xff}.${i & 0xff}`, dst: '198.51.100.1', protocol: 'udp', sport: 1024 + (i % 50_000), dport: 53 }, timeout: 3600, mark: i & 0xff });
    }
    const made = performance.now();
    const results = await nfnl.conntrack.createMany(specs);
    const madeMs = performance.now() - made;
    const failed = results.filter((r) => r !== undefined);
    if (failed.length) throw new Error(`${failed.length} creates failed, the first: ${String(failed[0])}`);
    console.log(`  created with conntrack.createMany()  ${fmt(madeMs)}  ${Math.round((count / madeMs) * 1000).toLocaleString('en')} entries/s (pipelined NEW requests, one socket)`);

    // The floor: the same dump through the engine with no decoding at all (the kernel's share, and the socket's).
    const getType = nfnl.conntrack.client.type('get');
    const floor = await bestOf(5, async () => {
      let n = 0;
      for await (const chunk of nfnl.connection.dump({ type: getType, payload: new Uint8Array(4) }).chunks()) n += chunk.count;
      return n;
    });
    console.log(`  linx dump, no decoding              ${fmt(floor.ms)}  ${floor.value.toLocaleString('en')} messages (the engine's receive loop; no JS objects)`);
    const floorC = floorBinary();
    let floorCms: number | undefined;
    if (floorC) {
      const [messages, nanoseconds] = execFileSync(floorC, [ns.path, '5', 'conntrack'], { encoding: 'utf8' }).trim().split(' ').map(Number) as [number, number];
      floorCms = nanoseconds / 1e6;
      console.log(`  C receive loop (floor)               ${fmt(floorCms)}  ${messages.toLocaleString('en')} messages (native/dump-floor.c, the kernel's floor)`);
    }

    const linx = await bestOf(5, async () => (await nfnl.conntrack.list()).length);
    if (linx.value !== count) throw new Error(`linx listed ${linx.value} entries, not ${count}`);
    console.log(`  linx conntrack.list()                ${fmt(linx.ms)}  ${Math.round((count / linx.ms) * 1000).toLocaleString('en')} entries/s (best of 5 after 5 warm-up runs)`);

    const tool = await bestOf(3, async () => {
      const out = execFileSync('ip', ['netns', 'exec', ns.name, 'conntrack', '-L'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
      return out.toString('latin1').split('\n').length - 1;
    });
    if (tool.value !== count) throw new Error(`conntrack -L listed ${tool.value} entries, not ${count}`);
    console.log(`  conntrack -L                         ${fmt(tool.ms)}  ${(tool.ms / linx.ms).toFixed(1)}× linx (whole process, text output; goal ≥ 5×, at most ${(tool.ms / (floorCms ?? floor.ms)).toFixed(1)}× with the floor above)`);
    // linx's peak RSS: one list in a fresh node process (this one holds the bench's own garbage).
    const child = `import { open } from '@linx/nfnl'; const n = open({ netns: ${JSON.stringify(ns.name)} }); const l = await n.conntrack.list(); n.close(); console.log(l.length, process.resourceUsage().maxRSS);`;
    const fresh = execFileSync(process.execPath, ['--input-type=module', '-e', child], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' }).trim().split(' ').map(Number);
    const linxFigure: Figure = { label: 'conntrack.list() (in process; RSS of a fresh node process)', ms: linx.ms, rssMb: fresh[0] === count ? kbToMb(fresh[1]!) : undefined };
    const toolFigure: Figure = { label: 'conntrack -L (whole process)', ms: tool.ms, rssMb: peakRssMb(['ip', 'netns', 'exec', ns.name, 'conntrack', '-L']) };
    report({
      scenario: `${count.toLocaleString('en')} conntrack entries (UDP, IPv4) listed into typed objects`,
      issue: 15,
      linx: linxFigure,
      references: [toolFigure, ...(floorCms === undefined ? [] : [{ label: 'C receive loop (floor)', ms: floorCms }]), { label: 'linx dump, no decoding', ms: floor.ms }],
      goals: [atMost(0.2, toolFigure, linxFigure, '≥ 5× conntrack -L (≤ 0.2×)')],
      note: floorCms === undefined ? undefined : `the C floor alone took ${((floorCms / tool.ms) * 100).toFixed(0)}% of the tool's time, so no client can be 5× faster`,
    });
  } finally {
    nfnl.close();
    ns.remove();
  }
}

function fmt(ms: number): string {
  return `${ms.toFixed(1).padStart(8)} ms`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchConntrack();
