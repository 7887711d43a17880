#!/usr/bin/env node
// The `linx` command. Its code is dist/command.cjs (src/command.ts and the @linx packages it uses, bundled
// by scripts/bundle.mjs), run through V8's code cache (start/code-cache.ts); without that file (a build
// by tsc alone), main is imported as an ES module, and each object's code when it is used.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCommandBundle } from './start/code-cache.js';

const bundle = fileURLToPath(new URL('./command.cjs', import.meta.url));
const { main } = existsSync(bundle) ? (runCommandBundle(bundle) as typeof import('./command.js')) : await import('./command.js');
process.exitCode = await main(process.argv.slice(2));
