// Bundles a package's compiled dist/ into one file per entry point, run in the package's folder after tsc
// (`tsc -p tsconfig.build.json && node ../../scripts/bundle.mjs`).
//
// Why: an ESM import costs a file read, a parse and a link per module, and @linx/rtnl alone was ~100 of
// them; node spent 100+ ms loading before the first line of user code ran. One file per entry point
// loads in a fraction of that.
//
// What it keeps:
// - every bare import external (node builtins, and the other @linx packages and third-party
//   dependencies), so each package is bundled on its own and a user's install deduplicates the shared
//   ones (one @linx/netlink-wire for rtnl and nfnl alike);
// - the entry points named by package.json `exports` and `bin` (JavaScript under ./dist), with the
//   modules two entry points share in one chunk both import (splitting), so a class stays one class
//   across them (`instanceof` holds between @linx/netlink-socket and @linx/netlink-socket/testing);
// - tsc's .d.ts files, untouched; the per-module .js files tsc wrote are removed (nothing imports them:
//   `exports` allows only the entry points);
// - no source maps: the tarball ships no sources for them to point at (tsconfig.package.json turns
//   them off in tsc; stale ones from older builds are removed here);
// - names: `keepNames`. esbuild writes a class that refers to itself as `var X = class _X`, whose
//   `.name` is then `_X` (errors take their `name` from the class: `_NetlinkError`); keepNames restores
//   it. It costs on hot paths: every named closure is wrapped in a `__name()` call each time it is made
//   (pipelined route adds measured ~25% slower bundled than unbundled). Still to do: keep class names
//   without keepNames.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { build } from 'esbuild';

const root = process.cwd();
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The JavaScript files under ./dist/ that package.json `exports` (its non-`types` targets) or `bin` name. */
function entryPoints(exportsField) {
  const found = new Set();
  const visit = (value, key) => {
    if (typeof value === 'string') {
      if (key !== 'types' && value.startsWith('./dist/') && value.endsWith('.js')) found.add(value);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(exportsField, undefined);
  return [...found];
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// The package's commands (`bin`) are entry points too: a command's start is what its user waits for.
const entries = [...new Set([...entryPoints(pkg.exports), ...entryPoints(pkg.bin)])];
if (entries.length === 0) throw new Error(`${pkg.name}: package.json exports and bin name no ./dist/*.js entry point`);

// Bundle from tsc's output (its .js files are what the package ships today, checked by its tests and
// types), into memory first: the inputs are deleted before the bundles are written over them.
const result = await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(entries.map((e) => [e.slice('./dist/'.length, -'.js'.length), e])),
  outdir: dist,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  keepNames: true,
  sourcemap: false,
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
});

for (const file of walk(dist)) {
  if (file.endsWith('.js') || file.endsWith('.map')) rmSync(file);
}
rmSync(join(dist, 'chunks'), { recursive: true, force: true });
for (const out of result.outputFiles) {
  mkdirSync(dirname(out.path), { recursive: true });
  writeFileSync(out.path, out.contents);
}
const written = result.outputFiles.map((o) => relative(root, o.path).split(sep).join('/'));
console.log(`${pkg.name}: bundled ${written.join(', ')}`);
