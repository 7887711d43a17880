#!/usr/bin/env node
// The package's install step: node-gyp-build does nothing when a prebuilt binary (prebuilds/) or an
// earlier build loads, and otherwise compiles from source with node-gyp, here pointed at the system's
// Node headers when it has them (see node-gyp-env.mjs).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { nodeGypEnv } from './node-gyp-env.mjs';

const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve('node-gyp-build/package.json')), 'bin.js');
const result = spawnSync(process.execPath, [bin], { stdio: 'inherit', env: nodeGypEnv() });
process.exit(result.status ?? 1);
