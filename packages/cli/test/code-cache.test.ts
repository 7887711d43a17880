// The built `linx` runs dist/command.cjs through V8's code cache (src/start/code-cache.ts): the first run
// writes the cache into the user's cache folder, later runs read it, and a cache V8 refuses (another
// Node, or damaged) is recompiled and rewritten, never trusted. No kernel needed: `linx help` and
// `linx decode` of a capture.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from './helpers/linx.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'linx-code-cache-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** `linx …args` with XDG_CACHE_HOME in the test's folder (and `env` added). */
function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', XDG_CACHE_HOME: home, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const cacheFolder = () => join(home, 'linx');
const cacheFiles = () => (existsSync(cacheFolder()) ? readdirSync(cacheFolder()) : []);

describe('the code cache of the linx command', () => {
  it('is the bundle the package builds: dist/command.cjs, its first line naming its hash', () => {
    const bundle = readFileSync(join(BIN, '..', 'command.cjs'), 'utf8');
    expect(bundle).toMatch(/^\/\/ linx-command-bundle [0-9a-f]{32}\n/);
  });

  it('is written by the first run into $XDG_CACHE_HOME/linx (closed to others), and the next run prints the same', () => {
    const first = run(['help']);
    expect(first.status).toBe(0);
    const files = cacheFiles();
    expect(files).toHaveLength(1);
    const hash = /^\/\/ linx-command-bundle ([0-9a-f]+)/.exec(readFileSync(join(BIN, '..', 'command.cjs'), 'utf8'))![1];
    expect(files[0]).toBe(`command-${hash}-${process.version}-${process.arch}.v8`);
    expect(statSync(cacheFolder()).mode & 0o077).toBe(0);
    expect(statSync(join(cacheFolder(), files[0]!)).mode & 0o077).toBe(0);
    const written = statSync(join(cacheFolder(), files[0]!)).mtimeMs;
    const second = run(['help']);
    expect(second).toEqual(first);
    // Accepted, so not rewritten.
    expect(statSync(join(cacheFolder(), files[0]!)).mtimeMs).toBe(written);
  });

  it('refused by V8 when damaged: the command runs as without one, and the cache is rewritten', () => {
    const clean = run(['help']);
    const file = join(cacheFolder(), cacheFiles()[0]!);
    const good = readFileSync(file);
    const damaged = Buffer.from(good);
    for (let i = 0; i < damaged.length; i += 97) damaged[i] = damaged[i]! ^ 0xff;
    writeFileSync(file, damaged);
    expect(run(['help'])).toEqual(clean);
    expect(readFileSync(file).equals(damaged)).toBe(false);
    expect(readFileSync(file).length).toBeGreaterThan(0);
  });

  it("replaces the caches of other builds of linx (not other Nodes' caches of this build) when it writes one", () => {
    mkdirSync(cacheFolder(), { recursive: true, mode: 0o700 });
    const hash = /^\/\/ linx-command-bundle ([0-9a-f]+)/.exec(readFileSync(join(BIN, '..', 'command.cjs'), 'utf8'))![1];
    const older = `command-${'0'.repeat(32)}-${process.version}-${process.arch}.v8`;
    const otherNode = `command-${hash}-v0.0.0-${process.arch}.v8`;
    writeFileSync(join(cacheFolder(), older), 'old');
    writeFileSync(join(cacheFolder(), otherNode), 'other');
    writeFileSync(join(cacheFolder(), 'notes.txt'), 'not a cache');
    expect(run(['help']).status).toBe(0);
    expect(cacheFiles().sort()).toEqual([`command-${hash}-${process.version}-${process.arch}.v8`, otherNode, 'notes.txt'].sort());
  });

  it('is neither read nor written with NODE_DISABLE_COMPILE_CACHE=1', () => {
    const result = run(['help'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(result.status).toBe(0);
    expect(cacheFiles()).toEqual([]);
  });

  it('is not used in a folder others may write to', () => {
    mkdirSync(cacheFolder(), { recursive: true });
    chmodSync(cacheFolder(), 0o777);
    expect(run(['help']).status).toBe(0);
    expect(cacheFiles()).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)('makes no folder in a home that is not the user\'s (root with another user\'s HOME, as sudo -E runs it; skipped unless root: it chowns a folder)', () => {
    // The test's folder plays another user's home (nobody's), without a cache folder yet.
    chownSync(home, 65534, 65534);
    expect(run(['help'], { XDG_CACHE_HOME: join(home, 'cache') }).status).toBe(0);
    expect(readdirSync(home)).toEqual([]);
  });

  it('leaves errors as they were: an unknown object exits 2 with the same message cached or not', () => {
    const uncached = run(['nosuchobject'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(uncached.status).not.toBe(0);
    expect(run(['nosuchobject'])).toEqual(uncached);
    expect(run(['nosuchobject'])).toEqual(uncached);
  });
});
