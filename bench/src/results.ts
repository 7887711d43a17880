import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeRatio, type Figure, type Row } from './report.js';

// `pnpm bench --write`: the rows of this run into bench/RESULTS.md, with the machine, the date and the
// versions of everything compared. bench/results.json keeps the rows by area, so that `--only NAME
// --write` refreshes one area's rows and keeps the others' (each area's run date is shown).

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
const rootDir = dirname(benchDir);
const RESULTS_MD = join(benchDir, 'RESULTS.md');
const RESULTS_JSON = join(benchDir, 'results.json');

export interface AreaRun {
  date: string;
  /** Load average (1 min) when the area started and ended: the machine is shared. */
  load: [number, number];
  rows: Row[];
  /** Set when the area threw: its rows are those reported before. */
  error?: string;
}

interface Stored {
  machine: Record<string, string>;
  versions: Record<string, string>;
  areas: Record<string, AreaRun>;
  /** The order the areas ran in (run.ts's order). */
  order: string[];
}

function firstLine(command: string, args: string[], pick: (text: string) => string | undefined = (t) => t): string {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return 'not installed';
  const text = `${r.stdout}${r.stderr}`.trim().split('\n')[0] ?? '';
  return pick(text) ?? text;
}

export function machine(): Record<string, string> {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    CPU: model.trim(),
    cores: String(cpus().length),
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    kernel: `Linux ${release()}`,
  };
}

export function versions(): Record<string, string> {
  const linx: string[] = [];
  for (const dir of readdirSync(join(rootDir, 'packages'))) {
    const file = join(rootDir, 'packages', dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string };
    linx.push(`${pkg.name} ${pkg.version}`);
  }
  const npmNetlink = join(benchDir, 'node_modules', 'netlink', 'package.json');
  const match = (re: RegExp) => (t: string) => re.exec(t)?.[1];
  return {
    node: process.version,
    linx: linx.sort().join(', '),
    iproute2: firstLine('ip', ['-V'], match(/(iproute2-[\w.]+)/)),
    tc: firstLine('tc', ['-V'], match(/(iproute2-[\w.]+)/)),
    nft: firstLine('nft', ['--version'], match(/(v[\d.]+)/)),
    conntrack: firstLine('conntrack', ['--version'], match(/(v[\d.]+)/)),
    ipset: firstLine('ipset', ['version'], match(/(v[\d.]+)/)),
    ethtool: firstLine('ethtool', ['--version'], match(/version ([\d.]+)/)),
    pyroute2: firstLine('/usr/bin/python3', ['-c', 'import platform; from importlib.metadata import version; print(version("pyroute2"), "(Python " + platform.python_version() + ")")']),
    'npm netlink': existsSync(npmNetlink) ? (JSON.parse(readFileSync(npmNetlink, 'utf8')) as { version: string }).version : 'not installed',
    'C floor': firstLine('cc', ['--version']),
  };
}

function load(): number {
  return existsSync('/proc/loadavg') ? Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]) : NaN;
}

/** What one area's run looked like, for `record`. */
export function startArea(): { finish(rows: Row[]): AreaRun } {
  const start = load();
  return { finish: (rows) => ({ date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', load: [start, load()], rows }) };
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

function rate(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}

function figure(f: Figure): string {
  const amount = f.ms !== undefined ? `${ms(f.ms)} ms` : f.perSecond !== undefined ? `${rate(f.perSecond)} ${f.unit ?? '/s'}` : '—';
  return `${f.label}: **${amount}**`;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function tableRow(row: Row): string {
  const references = row.references.map((r) => figure(r)).join('<br>') || '—';
  const ratios = row.references.map((r) => {
    const ratio = timeRatio(row.linx, r);
    return ratio === undefined ? '—' : `${ratio < 0.1 ? ratio.toFixed(3) : ratio.toFixed(2)}×`;
  }).join('<br>') || '—';
  const rss = [row.linx, ...row.references]
    .filter((f) => f.rssMb !== undefined)
    .map((f) => `${f === row.linx ? 'linx' : f.label.split(/[ :(,]/)[0]} ${f.rssMb!.toFixed(0)} MB`)
    .join('<br>') || '—';
  const goals = (row.goals ?? []).map((g) => `${g.text}: ${g.met === undefined ? 'not judged' : g.met ? '**met**' : '**not met**'}`).join('<br>') || '—';
  const scenario = row.note ? `${row.scenario} <sub>(${row.note})</sub>` : row.scenario;
  return `| ${[scenario, `#${row.issue}`, figure(row.linx), references, ratios, rss, goals].map(cell).join(' | ')} |`;
}

function render(stored: Stored): string {
  const lines: string[] = [];
  lines.push('# linx benchmark results', '');
  lines.push('Written by `pnpm bench --write` (bench/src/results.ts); `pnpm bench --only NAME --write` refreshes one area.');
  lines.push('Every row compares linx with the reference tools **measured in the same run, on the same machine**;');
  lines.push('how each scenario is measured is in [bench/README.md](README.md). The machine is a shared 2-core VM:');
  lines.push('the load average is given per area, and figures move with it (by ±10% on a quiet machine, more under load).', '');
  lines.push('## Machine', '');
  for (const [key, value] of Object.entries(stored.machine)) lines.push(`- ${key}: ${value}`);
  lines.push('', '## Versions', '');
  for (const [key, value] of Object.entries(stored.versions)) lines.push(`- ${key}: ${value}`);
  lines.push('', '## Runs', '');
  for (const area of stored.order) {
    const run = stored.areas[area];
    if (run) lines.push(`- ${area}: ${run.date}, load average ${run.load[0].toFixed(1)} → ${run.load[1].toFixed(1)}, ${run.rows.length} row${run.rows.length === 1 ? '' : 's'}${run.error ? `; FAILED: ${run.error}` : ''}`);
  }
  lines.push('', '## Results', '');
  lines.push('linx ÷ reference is linx\'s time over the reference\'s (for rates, the reference\'s rate over linx\'s): below 1');
  lines.push('linx is faster. Peak RSS is the maximum resident set of the process that did the work (linx: a fresh');
  lines.push('`node` process where RSS is shown; tools: `/usr/bin/time -f %M`), in MB. Goals are the issues\' own.');
  lines.push('Each figure is a best (or median) of its own rounds, taken at its own moment of the run: under load a C');
  lines.push('floor can come out slower than linx, which says how the load moved, not that linx beat the kernel.', '');
  lines.push('| scenario | issue | linx | reference (same run) | linx ÷ reference | peak RSS | goal |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const area of stored.order) for (const row of stored.areas[area]?.rows ?? []) lines.push(tableRow(row));
  lines.push('');
  return lines.join('\n');
}

/**
 * The short version for the root README, between its `<!-- bench:start -->` and `<!-- bench:end -->`
 * markers: each row's scenario, linx, its first reference and the goals' verdicts, from the same rows.
 */
function shortTable(stored: Stored): string {
  const lines = ['| scenario | linx | compared with (same run) | linx ÷ it | goal |', '| --- | --- | --- | --- | --- |'];
  for (const area of stored.order) {
    for (const row of stored.areas[area]?.rows ?? []) {
      const reference = row.references[0];
      const ratio = reference ? timeRatio(row.linx, reference) : undefined;
      const goals = (row.goals ?? []).map((g) => `${g.text}: ${g.met === undefined ? 'not judged' : g.met ? 'met' : 'not met'}`).join('; ') || '—';
      lines.push(`| ${[row.scenario, figure(row.linx), reference ? figure(reference) : '—', ratio === undefined ? '—' : `${ratio < 0.1 ? ratio.toFixed(3) : ratio.toFixed(2)}×`, goals].map(cell).join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

function updateReadme(stored: Stored): void {
  const readme = join(rootDir, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf('<!-- bench:start -->');
  const end = text.indexOf('<!-- bench:end -->');
  if (start < 0 || end < start) return;
  const dates = stored.order.map((a) => stored.areas[a]?.date).filter((d): d is string => d !== undefined).sort();
  const when = dates.length ? `Measured ${dates[0]}${dates.at(-1) !== dates[0] ? ` to ${dates.at(-1)}` : ''} on ${stored.machine['cores']} cores (${stored.machine['CPU']}), Linux ${stored.machine['kernel']?.replace('Linux ', '')}; the full table, with peak RSS, machine and versions, is [bench/RESULTS.md](bench/RESULTS.md).` : '';
  writeFileSync(readme, `${text.slice(0, start)}<!-- bench:start -->\n${when}\n\n${shortTable(stored)}\n${text.slice(end)}`);
}

/** Stores this run's areas (replacing those areas' earlier rows) and writes RESULTS.md. */
export function writeResults(runs: Record<string, AreaRun>, order: string[]): string {
  const previous: Stored | undefined = existsSync(RESULTS_JSON) ? (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Stored) : undefined;
  const stored: Stored = {
    machine: machine(),
    versions: versions(),
    areas: { ...(previous?.areas ?? {}), ...runs },
    order,
  };
  writeFileSync(RESULTS_JSON, `${JSON.stringify(stored, null, 2)}\n`);
  writeFileSync(RESULTS_MD, render(stored));
  updateReadme(stored);
  return RESULTS_MD;
}
