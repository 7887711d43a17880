// The packed packages install with npm into an empty folder, with no compiler on PATH, and work: the
// prebuilt binary is used, nothing is compiled.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const wireRoot = join(root, '..', 'netlink-wire');

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? realpathSync(result.stdout.trim()) : undefined;
}

/** A tool from the nearest node_modules/.bin, walking up from the package (typescript is a root devDependency). */
function findBin(name: string): string {
  for (let dir = root; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} not found in any node_modules/.bin`);
  }
}

const npmCli = (() => {
  const npm = which('npm');
  if (!npm) return undefined;
  const cli = npm.endsWith('.js') ? npm : join(dirname(npm), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  return existsSync(cli) ? cli : undefined;
})();
const pnpm = which('pnpm');
const prebuildHere = existsSync(join(root, 'prebuilds', `linux-${process.arch}`));
const skipReason = !npmCli ? 'npm not found' : !pnpm ? 'pnpm not found' : !prebuildHere ? `no prebuild for ${process.arch}` : undefined;

describe.skipIf(skipReason !== undefined)('npm pack + install without a compiler', () => {
  const work = mkdtempSync(join(tmpdir(), 'linx-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs from the tarballs, uses the prebuild, and opens a socket', () => {
    // The packages' dist/ must be current: build both as their build scripts do, tsc then the bundle
    // (the TypeScript compile takes a second or two). The bundle is what finds the addon from dist/.
    const tsc = findBin('tsc');
    const bundle = join(root, '..', '..', 'scripts', 'bundle.mjs');
    for (const dir of [root, ...(existsSync(join(wireRoot, 'dist', 'index.js')) ? [] : [wireRoot])]) {
      execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'pipe' });
      execFileSync(process.execPath, [bundle], { cwd: dir, stdio: 'pipe' });
    }

    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    // pnpm pack rewrites `workspace:*` to the real version, which npm pack would not.
    for (const dir of [wireRoot, root]) execFileSync(pnpm!, ['pack', '--pack-destination', tarballs], { cwd: dir, stdio: 'pipe' });
    const packed = readdirSync(tarballs).sort();
    expect(packed).toEqual([expect.stringMatching(/^linx-netlink-socket-.*\.tgz$/), expect.stringMatching(/^linx-netlink-wire-.*\.tgz$/)]);

    const contents = execFileSync('tar', ['-tzf', join(tarballs, packed[0]!)], { encoding: 'utf8' }).split('\n');
    expect(contents).toEqual(expect.arrayContaining([
      'package/binding.gyp',
      'package/native/socket.cc',
      'package/prebuilds/linux-x64/node.napi.glibc.node',
      'package/prebuilds/linux-arm64/node.napi.glibc.node',
      'package/dist/index.js',
      'package/dist/index.d.ts',
      'package/dist/testing/index.js',
      'package/dist/native/index.js',
      'package/scripts/install.mjs',
    ]));
    expect(contents.some((f) => f.startsWith('package/build/') || f.startsWith('package/test/'))).toBe(false);
    // Bundled: no per-module files (dist/native/binding.js was where the addon used to be found from;
    // dist/native/index.js is the bundle of the /native entry point), and no source maps, whose sources
    // the tarball does not ship.
    expect(contents.filter((f) => f.startsWith('package/dist/native/') && f.endsWith('.js'))).toEqual(['package/dist/native/index.js']);
    expect(contents.filter((f) => f.endsWith('.map'))).toEqual([]);

    // An empty project, and a PATH with nothing but node: no compiler, no python, no make.
    const app = join(work, 'app');
    const bin = join(work, 'bin');
    mkdirSync(app);
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    // npm runs install scripts with `sh`: name it by absolute path, since PATH has only node.
    const env: NodeJS.ProcessEnv = { PATH: bin, HOME: process.env.HOME, npm_config_script_shell: '/bin/sh', npm_config_update_notifier: 'false' };
    const install = spawnSync(
      process.execPath,
      [npmCli!, 'install', '--no-audit', '--no-fund', '--prefer-offline', ...packed.map((f) => join(tarballs, f))],
      { cwd: app, env, encoding: 'utf8', timeout: 50_000 },
    );
    expect(install.stderr).not.toMatch(/gyp (info|ERR)/);
    expect(install.status, install.stderr).toBe(0);
    const installed = join(app, 'node_modules', '@linx', 'netlink-socket');
    expect(existsSync(join(installed, 'build'))).toBe(false); // nothing was compiled

    const script = `
      import { RawNetlinkSocket, datagrams } from '@linx/netlink-socket/native';
      import { FakeKernel } from '@linx/netlink-socket/testing';
      if (typeof FakeKernel !== 'function') throw new Error('@linx/netlink-socket/testing has no FakeKernel');
      import { encodeMessage, iterateMessages } from '@linx/netlink-wire';
      const socket = RawNetlinkSocket.open({ protocol: 0 });
      const links = [];
      socket.start({
        onBatch(data, meta) {
          for (const d of datagrams(data, meta)) for (const m of iterateMessages(d.bytes)) {
            if (m.type === 16) links.push(m);
            if (m.type === 3 || m.type === 2) { socket.close(); console.log(JSON.stringify({ portId: socket.portId, links: links.length })); }
          }
        },
        onOverrun() {}, onError(e) { throw e; },
      });
      socket.send(encodeMessage({ type: 18, flags: 0x301, seq: 1, payload: new Uint8Array(16) }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, env, encoding: 'utf8', timeout: 10_000 });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { portId: number; links: number };
    expect(out.portId).toBeGreaterThan(0);
    expect(out.links).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
