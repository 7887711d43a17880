import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { genlClient, open } from '@linx/genl';
import { declarations, ethtool } from '@linx/genl/ethtool';
import { bestOf } from './measure.js';
import { createBenchNetns, kernelBenchSkipReason } from './netns.js';
import { peakRssMb } from './peak-rss.js';
import { report, type Figure } from './report.js';

const PAIRS = 500;

/** pyroute2's ethtool module over every interface of the namespace: `count ms` (timed after the import, family resolution included). */
const PYROUTE2 = `
import os, sys, time
from pyroute2 import Ethtool
start = time.perf_counter()
eth = Ethtool()
n = 0
for dev in sorted(os.listdir('/sys/class/net')):
    try:
        eth.get_link_info(dev, with_netlink=True)
        n += 1
    except Exception:
        pass
eth.close()
print(n, (time.perf_counter() - start) * 1000)
`;

/** linx in a process of its own: open, resolve, dump, print the count. */
const LINX_PROCESS = `
import { open } from '@linx/genl';
import { ethtool } from '@linx/genl/ethtool';
const genl = open();
console.log((await ethtool(genl).linkInfoAll()).length);
genl.close();
`;

/**
 * genl: family resolution plus an ethtool link-info dump (ETHTOOL_MSG_LINKINFO_GET with NLM_F_DUMP) over
 * 1,000 veth interfaces in one namespace, against a loop of the `ethtool DEV` command (a process per
 * interface, as a script does it: `ethtool DEV` shows the link info, and asks for link modes, link state,
 * WoL and debug too) and pyroute2's ethtool module (one get_link_info per interface: pyroute2 has no dump,
 * and its NlEthtool binds the family, which resolves it, on every call), in the same run.
 */
export async function benchGenl(): Promise<void> {
  const skip = kernelBenchSkipReason() ?? (spawnSync('ethtool', ['--version'], { stdio: 'ignore' }).status !== 0 ? 'the ethtool command is not installed (Debian package ethtool)' : undefined);
  if (skip) {
    console.log(`genl: skipped (${skip})`);
    return;
  }
  console.log(`genl: ethtool link info of ${(PAIRS * 2).toLocaleString('en')} veth interfaces (family resolution included)`);
  const ns = createBenchNetns();
  try {
    const lines: string[] = [];
    for (let i = 0; i < PAIRS; i++) lines.push(`link add e${i}a type veth peer name e${i}b`);
    ns.batch(lines);

    // A new handle per run: its family cache is empty, so each run resolves ethtool through nlctrl first.
    const linx = await bestOf(5, async () => {
      const genl = open({ netns: ns.name });
      try {
        return (await ethtool(genl).linkInfoAll()).length;
      } finally {
        genl.close();
      }
    });
    console.log(`  linx ethtool.linkInfoAll()           ${fmt(linx.ms)}  ${linx.value.toLocaleString('en')} interfaces (new handle per run: nlctrl lookup + dump; best of 5 after 5 warm-up runs)`);
    const typed = await bestOf(5, async () => {
      const genl = open({ netns: ns.name });
      try {
        return (await genlClient(genl, declarations).dump('linkinfo-get', { header: {} })).length;
      } finally {
        genl.close();
      }
    });
    console.log(`  linx typed client dump('linkinfo-get') ${fmt(typed.ms)}  ${typed.value.toLocaleString('en')} interfaces (the generated client; the policy fetched and checked first)`);
    const unchecked = await bestOf(5, async () => {
      const genl = open({ netns: ns.name });
      try {
        return (await genlClient(genl, declarations, { checkPolicy: false }).dump('linkinfo-get', { header: {} })).length;
      } finally {
        genl.close();
      }
    });
    console.log(`  the same, checkPolicy: false           ${fmt(unchecked.ms)}  ${unchecked.value.toLocaleString('en')} interfaces (no CTRL_CMD_GETPOLICY round trip)`);

    const here = dirname(fileURLToPath(import.meta.url));
    const linxArgv = ['ip', 'netns', 'exec', ns.name, 'node', '--input-type=module', '-e', LINX_PROCESS];
    const process = await bestOf(3, async () => Number(execFileSync(linxArgv[0]!, linxArgv.slice(1), { cwd: join(here, '..'), encoding: 'utf8' }).trim()));
    console.log(`  linx, whole node process             ${fmt(process.ms)}  ${process.value.toLocaleString('en')} interfaces (node start, imports, resolution, dump)`);

    const loop = `for d in $(ls /sys/class/net); do ethtool "$d" >/dev/null 2>&1; done`;
    const tool = await bestOf(1, async () => execFileSync('ip', ['netns', 'exec', ns.name, 'sh', '-c', loop]));
    console.log(`  ethtool DEV, in a shell loop         ${fmt(tool.ms)}  ${(tool.ms / process.ms).toFixed(1)}× linx's whole process (a process per interface)`);

    const inProcess: Figure = { label: 'ethtool.linkInfoAll() (in process, new handle)', ms: linx.ms };
    const linxProcess: Figure = { label: 'node: import, open, linkInfoAll()', ms: process.ms, rssMb: peakRssMb(linxArgv, { cwd: join(here, '..') }) };
    const toolLoop: Figure = { label: 'ethtool DEV in a shell loop', ms: tool.ms, rssMb: peakRssMb(['ip', 'netns', 'exec', ns.name, 'sh', '-c', loop]) };
    const rows = (py?: { inside: Figure; whole: Figure }) => {
      const scenario = `family resolution + ethtool link info of ${linx.value.toLocaleString('en')} veth interfaces`;
      report({ scenario: `${scenario}, in process`, issue: 13, linx: inProcess, references: py ? [py.inside] : [], note: 'pyroute2 has no dump: a get_link_info per interface' });
      report({ scenario: `${scenario}, whole process`, issue: 13, linx: linxProcess, references: [toolLoop, ...(py ? [py.whole] : [])], note: 'ethtool DEV also asks for link modes, link state, WoL and debug' });
    };
    const python = spawnSync('/usr/bin/python3', ['-c', 'import pyroute2'], { stdio: 'ignore' }).status === 0;
    if (!python) {
      console.log('  pyroute2: not measured (Debian: apt-get install python3-pyroute2)');
      rows();
      return;
    }
    let inside = Infinity;
    let counted = 0;
    const whole = await bestOf(1, async () => {
      const [n, ms] = execFileSync('ip', ['netns', 'exec', ns.name, '/usr/bin/python3', '-c', PYROUTE2], { encoding: 'utf8' }).trim().split(' ').map(Number) as [number, number];
      inside = Math.min(inside, ms);
      counted = n;
    });
    console.log(`  pyroute2 Ethtool.get_link_info loop  ${fmt(inside)}  ${counted.toLocaleString('en')} interfaces, ${(inside / linx.ms).toFixed(1)}× linx in-process (timed inside python, after the import)`);
    console.log(`  pyroute2, whole python process       ${fmt(whole.ms)}  ${(whole.ms / process.ms).toFixed(1)}× linx's whole process`);
    rows({
      inside: { label: 'pyroute2 Ethtool.get_link_info loop (in python)', ms: inside },
      whole: { label: 'pyroute2, whole python process', ms: whole.ms, rssMb: peakRssMb(['ip', 'netns', 'exec', ns.name, '/usr/bin/python3', '-c', PYROUTE2]) },
    });
  } finally {
    ns.remove();
  }
}

function fmt(ms: number): string {
  return `${ms.toFixed(1).padStart(8)} ms`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchGenl();
