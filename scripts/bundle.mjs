// Bundles a package's compiled dist/ into one file per entry point, run in the package's folder after tsc
// (`tsc -p tsconfig.build.json && node ../../scripts/bundle.mjs`).
//
// Why: an ESM import costs a file read, a parse and a link per module, and @linx/rtnl alone was ~100 of
// them; node spent 100+ ms loading before the first line of user code ran. One file per entry point
// loads in a fraction of that.
//
// What it keeps:
// - every bare import of a package the package.json `dependencies` (or peer dependencies) name external
//   (and node builtins), so each package is bundled on its own and a user's install deduplicates the shared
//   ones (one @linx/netlink-wire for rtnl and nfnl alike); a private workspace tool a package uses at run
//   time, listed among its devDependencies since it is never published (@linx/ynl-gen, which
//   @linx/genl/spec runs on a spec loaded at run time), is bundled into the chunks that use it;
// - the entry points named by package.json `exports` and `bin` (JavaScript under ./dist), with the
//   modules two entry points share in one chunk both import (splitting), so a class stays one class
//   across them (`instanceof` holds between @linx/netlink-socket and @linx/netlink-socket/testing);
// - a dynamic `import()` in the sources as a chunk of its own, loaded when that import runs: code a
//   program may never call (rtnl's tc, bridge and nexthop verbs, see packages/rtnl/src/first-use.ts) is
//   then neither read nor compiled by `import('@linx/rtnl')`. Each chunk the entry point imports
//   statically is one more file to read, resolve and link on every import, and esbuild makes one shared
//   chunk per combination of entry points and dynamic imports that use a module: a package keeps its
//   dynamic imports few (one module of everything loaded on first use), or the import gets slower;
// - tsc's .d.ts files, untouched; the per-module .js files tsc wrote are removed (nothing imports them:
//   `exports` allows only the entry points);
// - no source maps: the tarball ships no sources for them to point at (tsconfig.package.json turns
//   them off in tsc; stale ones from older builds are removed here);
// - class names, without `keepNames`. esbuild writes a class that refers to itself as
//   `var X = class _X`, whose `.name` is then `_X` (and errors take their `name` from the class). keepNames
//   would fix that, but it wraps every named closure in a `__name()` call that runs each time the closure
//   is made, which made pipelined requests ~25% slower. Instead each such class gets its name back once,
//   in a static block at its definition; a class renamed for a clash between two modules (`X2`) fails the
//   build. scripts/check-packages.mjs checks every exported class's name on the installed packages.
//
// A command's code (a package with src/command.ts, @linx/cli) is also bundled as one CommonJS file,
// dist/command.cjs, with the @linx packages it uses inlined: the bin runs it through V8's code cache
// (packages/cli/src/start/code-cache.ts), which Node 20 offers only for scripts, not for ES modules. See
// commandBundle() below.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';

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
  external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})],
  keepNames: false,
  sourcemap: false,
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
  plugins: [oneImportPerDependency()],
});

/**
 * Each dependency imported once per bundle file, not once per source module. tsc's output imports
 * `@linx/netlink-wire` from every module that uses it, and esbuild keeps one import statement per module;
 * Node resolves each (file, specifier) pair through the package's `exports` on every start. Here every
 * bare import of a dependency (or one of its subpaths) goes through one module of this package's own,
 * `export { <the names this package imports from it> } from '<dependency>'`, which esbuild then places in
 * the chunk the importers share. import('@linx/rtnl') resolved 18 (file, specifier) pairs of its own before,
 * 6 after: 93.0 -> 89.0 ms CPU (median task-clock of 41 interleaved processes under chrt -f 50, node -e 0
 * 51.5, load 20). @linx/nfnl, already one file, did not change. The names are checked against the built
 * dependency (built before this package): one it does not export fails the build, as the import would
 * fail at load.
 */
function oneImportPerDependency() {
  const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
  const isDependency = (spec) => deps.some((d) => spec === d || spec.startsWith(d + '/'));
  const requireHere = createRequire(join(root, 'package.json'));
  // The names tsc's modules import from each dependency ('*' for a namespace import or a re-export of all),
  // so that the one import lists only those (an unused imported binding still costs its link).
  const importedNames = new Map();
  // (tsc's output: dist/chunks/ is the previous bundle's, removed below)
  for (const file of walk(dist).filter((f) => f.endsWith('.js') && !f.startsWith(join(dist, 'chunks') + sep))) {
    const text = readFileSync(file, 'utf8');
    for (const [, clause, spec] of text.matchAll(/^(?:import|export)\s+(\*(?:\s+as\s+\w+)?|\{[^}]*\}|\w+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+\w+))?)\s+from\s+['"]([^'"]+)['"]/gm)) {
      if (!isDependency(spec)) continue;
      const names = importedNames.get(spec) ?? new Set();
      importedNames.set(spec, names);
      if (!clause.startsWith('{')) names.add('*');
      else for (const part of clause.slice(1, -1).split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0];
        if (name !== '' && name !== 'type') names.add(name.replace(/^type\s+/, ''));
      }
    }
  }
  return {
    name: 'one-import-per-dependency',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => (args.namespace !== 'dependency' && args.kind === 'import-statement' && isDependency(args.path) ? { path: args.path, namespace: 'dependency' } : undefined));
      b.onResolve({ filter: /.*/, namespace: 'dependency' }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'dependency' }, async (args) => {
        const exported = Object.keys(await import(pathToFileURL(requireHere.resolve(args.path)).href));
        const wanted = importedNames.get(args.path);
        const names = wanted === undefined || wanted.has('*') ? exported.filter((n) => n !== 'default') : [...wanted];
        const missing = names.filter((n) => !exported.includes(n));
        if (missing.length > 0) throw new Error(`${pkg.name}: ${args.path} does not export ${missing.join(', ')}`);
        return { contents: `export { ${names.join(', ')} } from ${JSON.stringify(args.path)};`, loader: 'js', resolveDir: root };
      });
    },
  };
}

/**
 * `var X = class _X …{` → the same, with a static block that names the class `X` (see the top). Also
 * `X = class _X …{` without the `var` (the command bundle's lazily initialised modules assign their
 * declarations), unless the static block is there already (a dependency's bundle restored it).
 */
function restoreClassNames(text) {
  return text.replace(/(\b(?:var|let|const) |^[ \t]*)(\w+) = class _(\w+)((?: extends [\w$.]+)?) \{(?!\s*static \{\s*Object\.defineProperty\(this, "name")/gm, (whole, lead, name, inner, heritage) =>
    inner === name ? `${lead}${name} = class _${inner}${heritage} {\n  static { Object.defineProperty(this, "name", { value: "${name}", configurable: true }); }` : whole,
  );
}
const outputs = result.outputFiles.map((out) => ({ path: out.path, text: out.path.endsWith('.js') ? restoreClassNames(out.text) : out.text }));
/** Fails the build when a class in `text` (the bundle `path`) has a name other than its source's. */
function checkClassNames(path, text) {
  const classes = new Set([...text.matchAll(/\bclass (\w+)/g)].map((m) => m[1]));
  const renamed = [...classes].filter((name) => /\d$/.test(name) && classes.has(name.replace(/\d+$/, '')));
  const unnamed = [...text.matchAll(/= class _(\w+)[^{\n]*\{(\s*static \{\s*Object\.defineProperty\(this, "name")?/g)].filter((m) => m[2] === undefined).map((m) => m[1]);
  if (renamed.length > 0 || unnamed.length > 0) {
    console.error(`${pkg.name}: ${relative(root, path)}: classes whose name the bundle changed: ${[...renamed, ...unnamed.map((n) => '_' + n)].join(', ')}`);
    process.exit(1);
  }
}
for (const { path, text } of outputs) checkClassNames(path, text);

const command = existsSync(join(dist, 'command.js')) ? await commandBundle(join(dist, 'command.js')) : undefined;
// A command that `bin` names as ./dist/X.cjs is tsc's dist/X.js as CommonJS (see commonJsBin).
const cjsBins = Object.values(typeof pkg.bin === 'string' ? { bin: pkg.bin } : (pkg.bin ?? {})).filter((target) => target.startsWith('./dist/') && target.endsWith('.cjs'));
const bins = await Promise.all(cjsBins.map(async (target) => ({ path: join(root, target), text: await commonJsBin(join(root, target.replace(/\.cjs$/, '.js'))) })));

for (const file of walk(dist)) {
  if (file.endsWith('.js') || file.endsWith('.cjs') || file.endsWith('.map')) rmSync(file);
}
rmSync(join(dist, 'chunks'), { recursive: true, force: true });
for (const { path, text } of outputs) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
if (command !== undefined) writeFileSync(join(dist, 'command.cjs'), command);
for (const { path, text } of bins) writeFileSync(path, text);
const written = [...result.outputFiles.map((o) => o.path), ...(command === undefined ? [] : [join(dist, 'command.cjs')]), ...bins.map((b) => b.path)].map((p) => relative(root, p).split(sep).join('/'));
console.log(`${pkg.name}: bundled ${written.join(', ')}`);

/**
 * dist/command.cjs: the command's code (tsc's dist/command.js and everything it imports, the @linx
 * packages' built dist/ included) as one CommonJS file, which the bin compiles with vm.Script and V8's
 * code cache. What differs from the ES module bundles, and why:
 * - the @linx packages are inlined, not external: one file compiles once and its cache covers them all
 *   (the package still depends on them: they are what it imports when run without the cache, see below);
 *   other packages (node-gyp-build) stay external and are required at run time;
 * - `import()` becomes `require()` inside a promise: a vm.Script has no ES module loader to import with;
 * - `import.meta.url` of an inlined module is the URL its own package's file has at run time (the socket
 *   finds its addon from it), resolved through the command's dependencies as Node would resolve them;
 * - a dependency's chunks are bundled even where its package.json says `sideEffects: false` (a bare
 *   `import "./chunk.js"` in its dist sets up what the importer uses);
 * - no layout whitespace (esbuild's minifyWhitespace; names are kept): less text to read at each start;
 * - the first line names the hash of the rest, which keys the code cache: V8 checks a cache's source
 *   only by its length.
 */
async function commandBundle(entry) {
  const ownDist = dist + sep;
  // The package of an inlined module: its name, and the module's path inside it.
  const packageOf = (file) => {
    for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
      if (existsSync(join(dir, 'package.json'))) return { name: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, path: relative(dir, file).split(sep).join('/') };
    }
    throw new Error(`no package.json above ${file}`);
  };
  // `import.meta.url` of an inlined module of package `name`: resolved from this package when it depends on
  // `name`, else through the dependency that does.
  const direct = Object.keys(pkg.dependencies ?? {});
  const moduleUrlOf = ({ name, path }) => {
    if (direct.includes(name)) return `__linxModuleUrl(${JSON.stringify(path)}, ${JSON.stringify(name)})`;
    const via = direct.find((d) => Object.hasOwn(JSON.parse(readFileSync(join(root, 'node_modules', d, 'package.json'), 'utf8')).dependencies ?? {}, name));
    if (via === undefined) throw new Error(`${pkg.name}: ${name} is neither a dependency of it nor of one of its dependencies`);
    return `__linxModuleUrl(${JSON.stringify(path)}, ${JSON.stringify(name)}, ${JSON.stringify(via)})`;
  };
  const out = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false },
    external: ['node-gyp-build'],
    keepNames: false,
    sourcemap: false,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
    banner: {
      js: [
        '"use strict";',
        // The URL of the file `path` of package `name`, found as the command's own package finds it, or as its dependency `via` does (a dependency's dependency: with pnpm's strict node_modules only that one finds it).
        // The package's folder is looked for in the node_modules folders Node's lookup goes through (nearest first), once per package: its `exports` need not be read for a folder, and reading them runs Node's ES module resolver, which a CommonJS start has not loaded (3 ms of linx addr). Where no such folder has it (Yarn Plug'n'Play), Node's resolver finds the package's entry file.
        'const __linxPackageDirs = new Map();',
        'const __linxPackageDir = (name, from) => { for (const folder of require("node:module").createRequire(from).resolve.paths(name) ?? []) { const dir = require("node:path").join(folder, name); if (require("node:fs").existsSync(require("node:path").join(dir, "package.json"))) return require("node:fs").realpathSync(dir); } return undefined; };',
        'const __linxModuleUrl = (path, name, via) => { const key = `${name} ${via}`; if (!__linxPackageDirs.has(key)) { const viaDir = via === undefined ? undefined : __linxPackageDir(via, __filename); __linxPackageDirs.set(key, via === undefined ? __linxPackageDir(name, __filename) : viaDir && __linxPackageDir(name, require("node:path").join(viaDir, "package.json"))); } const dir = __linxPackageDirs.get(key); if (dir !== undefined) return require("node:url").pathToFileURL(require("node:path").join(dir, path)).href; const { createRequire } = require("node:module"); const own = createRequire(__filename); const from = via === undefined ? own : createRequire(own.resolve(via)); return require("node:url").pathToFileURL(from.resolve(name)).href; };',
      ].join('\n'),
    },
    plugins: [
      {
        name: 'command-bundle',
        setup(b) {
          b.onResolve({ filter: /^\.\.?\// }, (args) => (args.importer.startsWith(ownDist) ? undefined : { path: resolve(args.resolveDir, args.path), sideEffects: true }));
          b.onLoad({ filter: /\.js$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            if (!text.includes('import.meta.url')) return undefined;
            const own = args.path.startsWith(ownDist);
            const url = own ? 'require("node:url").pathToFileURL(__filename).href' : moduleUrlOf(packageOf(args.path));
            return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
          });
        },
      },
    ],
  });
  const named = restoreClassNames(out.outputFiles[0].text);
  checkClassNames(join(dist, 'command.cjs'), named);
  // Without the layout's whitespace (after the class names are checked, whose patterns need it): less text
  // to read and decode at every start. linx addr: 83.3 -> 75.4 and 74.0 -> 72.5 ms CPU (min of 21 and 31
  // processes in two runs; medians 87.1 -> 82.3, 80.9 -> 76.3). A bug's stack then points into one line.
  const text = (await transform(named, { minifyWhitespace: true, format: 'cjs', platform: 'node', target: 'node20', legalComments: 'none' })).code;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 32);
  return `// linx-command-bundle ${hash}\n${text}`;
}

/**
 * A command's `bin` file as CommonJS: tsc's `file` (the ES module dist/X.js) and the package's own modules
 * it imports, in one file. Why: run as an ES module, a command first loads Node's ES module loader (4 ms
 * of each `linx addr` on the bench machine, CPU time); Node has loaded its CommonJS loader anyway. Its
 * dynamic imports, packages and built-ins stay as they are (loaded when they run), and `import.meta.url`
 * is this file's URL.
 */
async function commonJsBin(file) {
  const out = await build({
    absWorkingDir: root,
    entryPoints: [file],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    keepNames: false,
    sourcemap: false,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
    plugins: [
      {
        name: 'commonjs-bin',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
          b.onLoad({ filter: /\.js$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            return text.includes('import.meta.url') ? { contents: text.replaceAll('import.meta.url', 'require("node:url").pathToFileURL(__filename).href'), loader: 'js' } : undefined;
          });
        },
      },
    ],
  });
  return out.outputFiles[0].text;
}
