#!/usr/bin/env node
// Builds the addon from source into native/build/Release with node-gyp (the workspace always does; a
// matching prebuild is only for installs), where the loader looks first. binding.gyp lives in native/, not
// at the package's root, where pnpm would take it for an install step to run (or refuse). Configures only
// when native/build/ has no Makefile or binding.gyp changed, so a rebuild after editing native/*.cc
// recompiles just what changed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGypEnv } from './node-gyp-env.mjs';

const native = join(dirname(dirname(fileURLToPath(import.meta.url))), 'native');
const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
const env = nodeGypEnv();

function nodeGypRun(...args) {
  const result = spawnSync(process.execPath, [nodeGyp, ...args], { cwd: native, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const makefile = join(native, 'build', 'Makefile');
const stale = !existsSync(makefile) || statSync(join(native, 'binding.gyp')).mtimeMs > statSync(makefile).mtimeMs;
if (stale) nodeGypRun('configure');
nodeGypRun('build', '--jobs', 'max');
