#!/usr/bin/env node
// Builds the addon from source into build/Release with node-gyp (the workspace always does; a matching
// prebuild is only for installs). Configures only when build/ has no Makefile or binding.gyp changed,
// so a rebuild after editing native/*.cc recompiles just what changed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGypEnv } from './node-gyp-env.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
const env = nodeGypEnv();

function nodeGypRun(...args) {
  const result = spawnSync(process.execPath, [nodeGyp, ...args], { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const makefile = join(root, 'build', 'Makefile');
const stale = !existsSync(makefile) || statSync(join(root, 'binding.gyp')).mtimeMs > statSync(makefile).mtimeMs;
if (stale) nodeGypRun('configure');
nodeGypRun('build', '--jobs', 'max');
