#!/usr/bin/env node
// The `linx` command. Its code is dist/command.cjs (src/command.ts and the @linx packages it uses, bundled
// by scripts/bundle.mjs), run through V8's code cache (start/code-cache.ts); without that file (a build
// by tsc alone), main is imported as an ES module, and each object's code when it is used.
//
// The package's `bin` is dist/bin.cjs, this file as CommonJS (scripts/bundle.mjs): run as an ES module,
// the command would first load Node's ES module loader, about 4 ms of every start that the CommonJS
// loader, already loaded by Node itself, does not cost. Hence no top-level await here.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCommandBundle } from './start/code-cache.js';

const bundle = fileURLToPath(new URL('./command.cjs', import.meta.url));
void (async () => {
  const { main } = existsSync(bundle) ? (runCommandBundle(bundle) as typeof import('./command.js')) : await import('./command.js');
  process.exitCode = await main(process.argv.slice(2));
})();
