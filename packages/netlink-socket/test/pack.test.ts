// The packed packages install with npm, and with pnpm, into an empty folder, with no compiler on PATH,
// print nothing about install scripts (the package has none, and no binding.gyp at its root, which pnpm
// would take for one), and work: the prebuilt binary is loaded, nothing is compiled. Without a binary for
// the platform, using it throws NativeBinaryMissingError with the command that compiles one.
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
      'package/native/binding.gyp',
      'package/native/socket.cc',
      'package/prebuilds/linux-x64/node.napi.glibc.node',
      'package/prebuilds/linux-arm64/node.napi.glibc.node',
      'package/prebuilds/linux-x64/node.napi.musl.node',
      'package/prebuilds/linux-arm64/node.napi.musl.node',
      'package/dist/index.js',
      'package/dist/index.d.ts',
      'package/dist/testing/index.js',
      'package/dist/native/index.js',
    ]));
    expect(contents.filter((f) => f.startsWith('package/scripts/') || f === 'package/binding.gyp')).toEqual([]);
    expect(contents.filter((f) => f.startsWith('package/native/build/') || f.startsWith('package/native/node_modules/'))).toEqual([]);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', join(tarballs, packed[0]!), 'package/package.json'], { encoding: 'utf8' })) as {
      scripts?: Record<string, string>;
      gypfile?: boolean;
    };
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => /^(pre|post)?install$/.test(name))).toEqual([]);
    expect(manifest.gypfile).toBe(false); // else npm runs `node-gyp rebuild` for a binding.gyp
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
      [npmCli!, 'install', '--no-audit', '--no-fund', '--prefer-offline', '--foreground-scripts', ...packed.map((f) => join(tarballs, f))],
      { cwd: app, env, encoding: 'utf8', timeout: 50_000 },
    );
    expect(install.status, install.stderr).toBe(0);
    // --foreground-scripts would show any install script npm ran, and its output.
    expect(`${install.stdout}${install.stderr}`).not.toMatch(/gyp|install script|node-gyp|@linx\/netlink-socket@[^\n]* (install|postinstall)/i);
    expect(install.stderr).toBe('');
    const installed = join(app, 'node_modules', '@linx', 'netlink-socket');
    expect(existsSync(join(installed, 'build'))).toBe(false); // nothing was compiled
    expect(existsSync(join(installed, 'native', 'build'))).toBe(false);

    // pnpm (10 and later) runs no dependency's build step unless allowed and says so; here it has nothing to say.
    const papp = join(work, 'pnpm-app');
    mkdirSync(papp);
    writeFileSync(join(papp, 'package.json'), JSON.stringify({ name: 'papp', private: true, type: 'module' }));
    // The socket tarball depends on @linx/netlink-wire, which the registry does not have: the wire tarball.
    writeFileSync(join(papp, 'pnpm-workspace.yaml'), `overrides:\n  "@linx/netlink-wire": ${JSON.stringify(`file:${join(tarballs, packed[1]!)}`)}\n`);
    const pnpmAdd = spawnSync(pnpm!, ['add', '--prefer-offline', ...packed.map((f) => join(tarballs, f))], {
      cwd: papp,
      env: { ...env, PATH: `${bin}:${dirname(pnpm!)}` },
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(pnpmAdd.status, `${pnpmAdd.stdout}${pnpmAdd.stderr}`).toBe(0);
    expect(`${pnpmAdd.stdout}${pnpmAdd.stderr}`).toMatch(/@linx\/netlink-socket/);
    expect(`${pnpmAdd.stdout}${pnpmAdd.stderr}`).not.toMatch(/build script|approve-builds|IGNORED_BUILDS|gyp/i);

    const script = `
      import { RawNetlinkSocket, datagrams } from '@linx/netlink-socket/native';
      import { FakeKernel } from '@linx/netlink-socket/testing';
      if (typeof FakeKernel !== 'function') throw new Error('@linx/netlink-socket/testing has no FakeKernel');
      import { encodeMessage, iterateMessages } from '@linx/netlink-wire';
      import { readFileSync } from 'node:fs';
      const socket = RawNetlinkSocket.open({ protocol: 0 });
      const links = [];
      socket.start({
        onBatch(data, meta) {
          for (const d of datagrams(data, meta)) for (const m of iterateMessages(d.bytes)) {
            if (m.type === 16) links.push(m);
            if (m.type === 3 || m.type === 2) {
              socket.close();
              // The addon file this process mapped: which binary node-gyp-build picked.
              const addons = [...new Set(readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => l.endsWith('.node')).map((l) => l.slice(l.indexOf('/'))))];
              console.log(JSON.stringify({ portId: socket.portId, links: links.length, addons }));
            }
          }
        },
        onOverrun() {}, onError(e) { throw e; },
      });
      socket.send(encodeMessage({ type: 18, flags: 0x301, seq: 1, payload: new Uint8Array(16) }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, env, encoding: 'utf8', timeout: 10_000 });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { portId: number; links: number; addons: string[] };
    expect(out.portId).toBeGreaterThan(0);
    expect(out.links).toBeGreaterThanOrEqual(1);
    const libc = existsSync('/etc/alpine-release') ? 'musl' : 'glibc';
    expect(out.addons).toEqual([realpathSync(join(installed, 'prebuilds', `linux-${process.arch}`, `node.napi.${libc}.node`))]);

    // The same from pnpm's layout.
    const pnpmRun = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: papp, env, encoding: 'utf8', timeout: 10_000 });
    expect(pnpmRun.stderr).toBe('');
    const pnpmInstalled = realpathSync(join(papp, 'node_modules', '@linx', 'netlink-socket'));
    expect((JSON.parse(pnpmRun.stdout) as { addons: string[] }).addons).toEqual([join(pnpmInstalled, 'prebuilds', `linux-${process.arch}`, `node.napi.${libc}.node`)]);

    // No binary for this platform (as on one no prebuild ships for): a typed error that says what to run.
    rmSync(join(installed, 'prebuilds', `linux-${process.arch}`), { recursive: true });
    const missing = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `
        import { RawNetlinkSocket } from '@linx/netlink-socket/native';
        try { RawNetlinkSocket.open({ protocol: 0 }); } catch (e) { console.log(JSON.stringify({ name: e.constructor.name, code: e.code, arch: e.arch, libc: e.libc, command: e.command, message: e.message })); }
      `],
      { cwd: app, env, encoding: 'utf8', timeout: 10_000 },
    );
    expect(missing.stderr).toBe('');
    const error = JSON.parse(missing.stdout) as Record<string, string>;
    const command = `cd ${JSON.stringify(`${realpathSync(installed)}/native`)} && npx --yes node-gyp rebuild`;
    expect(error).toEqual({
      name: 'NativeBinaryMissingError',
      code: 'ERR_LINX_NATIVE_MISSING',
      arch: process.arch,
      libc,
      command,
      message: `no linx netlink addon for linux-${process.arch} (${libc}): no prebuilt binary ships for it and none was compiled; compile it (needs python3, make and a C++17 compiler) with: ${command}`,
    });
  }, 90_000);
});
