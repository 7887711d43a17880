#!/usr/bin/env node
// Builds everything, type-checks every workspace (its sources, tests and vitest config, with tsc: the
// expectTypeOf and @ts-expect-error lines are checked only there, vitest does not run them), runs every
// package's tests through turbo (both uncached), checks the packed packages (scripts/check-packages.mjs),
// builds the API reference (tools/docs), then prints the outcome of the type-check, the package check and
// the reference, and one line over all packages,
// "tests: N passed, N failed, N skipped", read from each vitest JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const workspaces = ['packages', 'tools', 'examples', 'bench'].flatMap((dir) => {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  if (existsSync(join(full, 'package.json'))) return [full];
  return readdirSync(full).map((name) => join(full, name)).filter((p) => existsSync(join(p, 'package.json')));
});
const reportOf = (pkg) => join(pkg, '.vitest', 'results.json');
for (const pkg of workspaces) rmSync(reportOf(pkg), { force: true });

const turbo = (args) => spawnSync('turbo', args, { cwd: root, stdio: 'inherit' }).status ?? 1;
let status = turbo(['run', 'build', '--output-logs=errors-only']);
// The tests run even when the type-check fails, so one run reports both.
const typecheck = status === 0 ? turbo(['run', 'typecheck', '--continue', '--output-logs=errors-only']) : undefined;
if (status === 0) status = turbo(['run', 'test', '--concurrency=1', '--continue']);
// The packages as a user installs them: packed, linted, installed from the tarballs, imported (see the script).
const packages = typecheck === undefined ? undefined : spawnSync(process.execPath, [join(root, 'scripts', 'check-packages.mjs')], { cwd: root, stdio: 'inherit' }).status ?? 1;
// The API reference (pnpm docs): every published entry point documented, no {@link} to nothing.
const docs = typecheck === undefined ? undefined : spawnSync(process.execPath, [join(root, 'tools', 'docs', 'build.mjs')], { cwd: root, stdio: 'inherit' }).status ?? 1;

let passed = 0;
let failed = 0;
let skipped = 0;
for (const pkg of workspaces) {
  if (!existsSync(reportOf(pkg))) continue;
  const report = JSON.parse(readFileSync(reportOf(pkg), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
if (typecheck !== undefined) {
  console.log(`\ntypecheck: ${typecheck === 0 ? 'passed' : 'FAILED (the tsc errors and the failed workspaces are listed above)'}`);
}
if (packages !== undefined) console.log(`packages: ${packages === 0 ? 'passed' : 'FAILED (check-packages names the package above)'}`);
if (docs !== undefined) console.log(`docs: ${docs === 0 ? 'passed' : 'FAILED (TypeDoc says why above)'}`);
console.log(`${typecheck === undefined ? '\n' : ''}tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status !== 0 ? status : typecheck !== 0 ? 1 : packages !== 0 ? 1 : docs !== 0 ? 1 : failed > 0 ? 1 : 0);
