#!/usr/bin/env node
// `pnpm mutation [package …]`: StrykerJS mutation testing, one package at a time (each package's
// stryker.config.mjs says what it mutates and the score it must reach), then one summary table read from
// each package's reports/mutation/mutation.json. Not part of CI: a full run takes many minutes.
//   pnpm mutation                     every package that has a stryker.config.mjs
//   pnpm mutation netlink-wire rtnl   only these (folder names under packages/)
//   pnpm mutation --report-only       summarise the reports already there, run nothing
//   pnpm mutation --survivors         also list every surviving and uncovered mutant (file:line, mutator,
//                                     what it became), the ones to kill with a test or show equivalent
//   pnpm mutation --fast netlink-socket
//                                     a package's stryker.fast.config.mjs instead, where it has one: the same
//                                     mutants and goal, tested by its fast tests only (see that file)
// Mutants known to be equivalent are disabled in the source with a `// Stryker disable …: reason`
// comment; the summary lists them with their reasons, so every one is accounted for.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const reportOnly = args.includes('--report-only');
const listSurvivors = args.includes('--survivors');
const fast = args.includes('--fast');
const named = args.filter((a) => !a.startsWith('--'));
const all = readdirSync(join(root, 'packages')).filter((name) => existsSync(join(root, 'packages', name, 'stryker.config.mjs')));
const unknown = named.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`mutation: no stryker.config.mjs in packages/${unknown.join(', packages/')} (have: ${all.join(', ')})`);
  process.exit(2);
}
const chosen = named.length > 0 ? named : all;

if (!reportOnly) {
  const build = spawnSync('turbo', ['run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  for (const name of chosen) {
    const dir = join(root, 'packages', name);
    const config = fast && existsSync(join(dir, 'stryker.fast.config.mjs')) ? ['stryker.fast.config.mjs'] : [];
    console.log(`\nmutation: packages/${name}${config.length > 0 ? ' (fast tests only)' : ''}`);
    spawnSync('stryker', ['run', ...config], { cwd: dir, stdio: 'inherit' });
  }
}

/** Stryker's own score: detected (killed, timed out) over everything valid that could have been. */
function summarise(name) {
  const file = join(root, 'packages', name, 'reports', 'mutation', 'mutation.json');
  if (!existsSync(file)) return { name, missing: true };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 };
  const ignored = [];
  const survivors = [];
  let statik = 0;
  for (const [path, { mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) {
      // Static mutants (module-level code: tables, constants) would each need the whole suite run
      // again, so `ignoreStatic` leaves them out; they are counted apart from the ones disabled by hand.
      if (mutant.status === 'Ignored' && /^Static mutant/.test(mutant.statusReason ?? '')) {
        statik++;
        continue;
      }
      count[mutant.status] = (count[mutant.status] ?? 0) + 1;
      if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
        const where = `${relative(root, join(root, 'packages', name, path))}:${mutant.location.start.line}`;
        survivors.push(`${where} ${mutant.status === 'NoCoverage' ? '(no coverage) ' : ''}${mutant.mutatorName}: ${JSON.stringify(mutant.replacement ?? '')}`);
      }
      if (mutant.status === 'Ignored') ignored.push(`${relative(root, join(root, 'packages', name, path))}:${mutant.location.start.line} ${mutant.mutatorName}: ${mutant.statusReason ?? ''}`);
    }
  }
  const detected = count.Killed + count.Timeout;
  const valid = detected + count.Survived + count.NoCoverage;
  const config = readFileSync(join(root, 'packages', name, 'stryker.config.mjs'), 'utf8');
  const goal = Number(/goal:\s*(\d+)/.exec(config)?.[1] ?? NaN);
  return { name, score: valid === 0 ? 100 : (100 * detected) / valid, goal, count, ignored, survivors, statik };
}

const rows = chosen.map(summarise);
console.log('\n| package | score | goal | killed | timeout | survived | no coverage | equivalent (disabled) | static (not run) |');
console.log('|---|---|---|---|---|---|---|---|---|');
let short = false;
for (const row of rows) {
  if (row.missing) {
    console.log(`| ${row.name} | no report | | | | | | | |`);
    short = true;
    continue;
  }
  const met = row.score >= row.goal;
  short ||= !met;
  const c = row.count;
  console.log(`| ${row.name} | ${row.score.toFixed(1)} % | ${row.goal} % ${met ? '✓' : '✗'} | ${c.Killed} | ${c.Timeout} | ${c.Survived} | ${c.NoCoverage} | ${c.Ignored} | ${row.statik} |`);
}
for (const row of rows) {
  if (!row.ignored?.length) continue;
  console.log(`\n${row.name}: mutants disabled as equivalent`);
  for (const line of row.ignored) console.log(`  ${line}`);
}
if (listSurvivors) {
  for (const row of rows) {
    if (!row.survivors?.length) continue;
    console.log(`\n${row.name}: surviving mutants`);
    for (const line of row.survivors) console.log(`  ${line}`);
  }
}
process.exit(short ? 1 : 0);
