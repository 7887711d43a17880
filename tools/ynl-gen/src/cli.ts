#!/usr/bin/env node
/**
 * ynl-gen SPEC.yaml OUT.ts [--codec-import MODULE] [--no-fixes]
 *
 * Writes the codec declarations of one YNL spec to OUT.ts ("-" for standard output). What the spec has
 * that the output cannot express is printed to standard error (and commented in the output). The
 * corrections of src/fixes.ts are applied unless --no-fixes is given.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generate } from './emit.js';
import { loadSpec } from './load.js';

function usage(message?: string): never {
  if (message) process.stderr.write(`ynl-gen: ${message}\n`);
  process.stderr.write('usage: ynl-gen SPEC.yaml OUT.ts [--codec-import MODULE] [--no-fixes]\n');
  process.exit(2);
}

const positional: string[] = [];
let codecImport: string | undefined;
let fixes = true;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--codec-import') {
    codecImport = args[++i];
    if (codecImport === undefined) usage('--codec-import needs a module name');
  } else if (arg.startsWith('--codec-import=')) {
    codecImport = arg.slice('--codec-import='.length);
  } else if (arg === '--no-fixes') {
    fixes = false;
  } else if (arg === '-h' || arg === '--help') {
    usage();
  } else if (arg.startsWith('--')) {
    usage(`unknown option ${arg}`);
  } else {
    positional.push(arg);
  }
}
if (positional.length !== 2) usage('expected a spec and an output file');
const [specPath, outPath] = positional as [string, string];

try {
  const { code, warnings } = generate(loadSpec(specPath), codecImport === undefined ? { fixes } : { codecImport, fixes });
  for (const w of warnings) process.stderr.write(`ynl-gen: ${specPath}: ${w}\n`);
  if (outPath === '-') process.stdout.write(code);
  else {
    mkdirSync(dirname(outPath), { recursive: true });
    writeFileSync(outPath, code);
  }
} catch (error) {
  process.stderr.write(`ynl-gen: ${specPath}: ${(error as Error).message}\n`);
  process.exit(1);
}
