#!/usr/bin/env node
/**
 * Regenerates every committed output (TARGETS) from the specs; `--check` only compares and fails when a
 * committed file is not what the generator writes now. `--specs DIR` (or $LINX_YNL_SPECS) says where the
 * specs are.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generate } from './emit.js';
import { loadSpec } from './load.js';
import { constantsModuleOf, defaultSpecDir, repoRoot, TARGETS } from './targets.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const specsAt = args.indexOf('--specs');
const specDir = specsAt >= 0 && args[specsAt + 1] ? args[specsAt + 1]! : defaultSpecDir();
const root = repoRoot();

let stale = 0;
for (const target of TARGETS) {
  const { code, constantsCode, warnings } = generate(loadSpec(join(specDir, target.spec)), { constantsModule: constantsModuleOf(target) });
  for (const w of warnings) process.stderr.write(`ynl-gen: ${target.spec}: ${w}\n`);
  const outputs: [string, string][] = [[target.out, code]];
  if (target.constants !== undefined && constantsCode !== undefined) outputs.push([target.constants, constantsCode]);
  for (const [out, text] of outputs) {
    const path = join(root, out);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === text) {
      process.stdout.write(`unchanged ${out}\n`);
    } else if (check) {
      process.stdout.write(`STALE     ${out}\n`);
      stale++;
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      process.stdout.write(`wrote     ${out}\n`);
    }
  }
}
if (stale > 0) {
  process.stderr.write(`ynl-gen: ${stale} generated file(s) differ from their specs; run pnpm --filter @linx/ynl-gen generate\n`);
  process.exit(1);
}
