import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../src/emit.js';
import { loadSpec } from '../src/load.js';
import { GENERATED_DIR, SPEC_DIR, SPEC_FILES, generatedPath } from './helpers/specs.js';

/** Generates every spec into test/.generated/ once, before the test files run. */
export default function setup(): void {
  rmSync(GENERATED_DIR, { recursive: true, force: true });
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const file of SPEC_FILES) {
    const { code } = generate(loadSpec(join(SPEC_DIR, file)));
    writeFileSync(generatedPath(file), code);
  }
  // A tsconfig to type-check the generated modules on their own (all-specs.test.ts runs tsc on it).
  writeFileSync(
    join(GENERATED_DIR, 'tsconfig.json'),
    `${JSON.stringify(
      {
        extends: '../../../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: [], lib: ['ES2022'], rootDir: '.' },
        include: ['*.ts'],
      },
      null,
      2,
    )}\n`,
  );
}
