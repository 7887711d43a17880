import { createRequire } from 'node:module';

// Built-ins through `require`: an ES module import of each would be one more module for every start to load.
const nodeRequire = createRequire(import.meta.url);

/**
 * Runs the CommonJS bundle `file` (dist/command.cjs, see scripts/bundle.mjs) and returns its exports,
 * compiled with V8's code cache when one is kept for it.
 *
 * Why: most of the time a short command such as `linx addr` takes beyond node's own start is V8
 * compiling the code it loads, and Node 20 keeps no compiled code between runs for ES modules
 * (`module.enableCompileCache()` came in Node 22). A vm.Script takes a cache: after a command has run,
 * the code it compiled (the top level and every function it called) is written to the cache folder,
 * and the next start deserializes that instead of parsing and compiling again.
 *
 * The cache is the user's: `$XDG_CACHE_HOME/linx` or `~/.cache/linx`, a folder that must belong to the
 * user and be closed to others (a cache is code that runs), one file per bundle (by the hash on its first
 * line), Node version and architecture; writing one removes those of other bundles (older builds). V8 refuses a cache made by another V8 or with other flags, and the
 * code is then compiled as without one (and the cache rewritten). Writing is best effort and atomic (a
 * rename); `NODE_DISABLE_COMPILE_CACHE=1`, Node's own switch, turns reading and writing off.
 */
export function runCommandBundle(file: string): Record<string, unknown> {
  const fs = nodeRequire('node:fs') as typeof import('node:fs');
  const vm = nodeRequire('node:vm') as typeof import('node:vm');
  const Module = nodeRequire('node:module') as typeof import('node:module') & {
    wrap(source: string): string;
    _nodeModulePaths(dir: string): string[];
  };
  const { dirname } = nodeRequire('node:path') as typeof import('node:path');
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheFileFor(source);
  let cachedData: Buffer | undefined;
  if (cacheFile !== undefined) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // none yet
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // After the command, when the functions it ran are compiled and can be kept too.
    process.once('exit', () => writeCache(cacheFile, script));
  }
  const module = { exports: {} as Record<string, unknown>, filename: file, id: file, loaded: false, paths: Module._nodeModulePaths(dirname(file)) };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
  module.loaded = true;
  return module.exports;
}

/** The cache file for this bundle, Node and architecture; undefined when caching is off or has no safe folder. */
function cacheFileFor(source: string): string | undefined {
  if (process.env['NODE_DISABLE_COMPILE_CACHE']) return undefined;
  const hash = /^\/\/ linx-command-bundle ([0-9a-f]+)\n/.exec(source)?.[1];
  const folder = cacheFolder();
  if (hash === undefined || folder === undefined) return undefined;
  return `${folder}/command-${hash}-${process.version}-${process.arch}.v8`;
}

/**
 * `$XDG_CACHE_HOME/linx` (else `~/.cache/linx`), made if missing, but only inside a folder of the user's
 * own: root running with another user's HOME (`sudo -E`) would otherwise leave root-owned folders in that
 * user's home. Undefined unless the folder is the user's own and closed to others.
 */
function cacheFolder(): string | undefined {
  const fs = nodeRequire('node:fs') as typeof import('node:fs');
  const { homedir } = nodeRequire('node:os') as typeof import('node:os');
  const { dirname, isAbsolute, join } = nodeRequire('node:path') as typeof import('node:path');
  const xdg = process.env['XDG_CACHE_HOME'];
  let folder: string;
  try {
    folder = join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'linx');
    if (!fs.existsSync(folder)) {
      let existing = dirname(folder);
      while (!fs.existsSync(existing)) existing = dirname(existing);
      if (fs.statSync(existing).uid !== process.getuid?.()) return undefined;
    }
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stat = fs.statSync(folder);
    if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) return undefined;
  } catch {
    return undefined;
  }
  return folder;
}

/**
 * Writes the cache (a temporary file renamed over the old, so a concurrent start reads a whole file or
 * none), and removes the caches of other builds of linx, which no start reads again.
 */
function writeCache(cacheFile: string, script: import('node:vm').Script): void {
  const fs = nodeRequire('node:fs') as typeof import('node:fs');
  const { basename, dirname, join } = nodeRequire('node:path') as typeof import('node:path');
  const temporary = `${cacheFile}.${process.pid}`;
  try {
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temporary, cacheFile);
    const build = /^command-[0-9a-f]+-/.exec(basename(cacheFile))![0];
    for (const name of fs.readdirSync(dirname(cacheFile))) {
      if (/^command-[0-9a-f]+-.*\.v8$/.test(name) && !name.startsWith(build)) fs.rmSync(join(dirname(cacheFile), name), { force: true });
    }
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // best effort
    }
  }
}
