// The committed prebuilt binaries: both architectures, glibc and musl, present, of the right machine type,
// each linked against its C library, made from the current native sources, and the x64 glibc one loads
// and works (the musl ones need a musl Node: CONTRIBUTING.md says how they were checked).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourcesHash } from '../scripts/sources-hash.mjs';
import { NativeBinaryMissingError, NativeLoadError } from '../src/native/errors.js';
import type { NativeBinding } from '../src/native/index.js';
import { loadAddonFrom } from '../src/native/load-addon.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const EM_X86_64 = 62;
const EM_AARCH64 = 183;

function elfMachine(file: string): number {
  const header = readFileSync(file).subarray(0, 20);
  expect([...header.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]); // \x7fELF
  expect(header[4]).toBe(2); // 64-bit
  return header.readUInt16LE(18);
}

describe('prebuilds', () => {
  const binary = (arch: string, libc = 'glibc') => join(root, 'prebuilds', `linux-${arch}`, `node.napi.${libc}.node`);

  it('exist for linux-x64 and linux-arm64, glibc and musl (Node-API)', () => {
    expect(readdirSync(join(root, 'prebuilds')).sort()).toEqual(['SOURCES.sha256', 'linux-arm64', 'linux-x64']);
    for (const arch of ['x64', 'arm64']) {
      expect(readdirSync(join(root, 'prebuilds', `linux-${arch}`)).sort()).toEqual(['node.napi.glibc.node', 'node.napi.musl.node']);
    }
    for (const libc of ['glibc', 'musl']) {
      expect(elfMachine(binary('x64', libc))).toBe(EM_X86_64);
      expect(elfMachine(binary('arm64', libc))).toBe(EM_AARCH64);
    }
  });

  // A musl binary must not ask for glibc's versioned symbols (musl has none) nor glibc's libraries; a glibc
  // one needs libc.so.6. readelf is binutils', which is there wherever g++ is.
  it.skipIf(spawnSync('readelf', ['--version']).status !== 0)('each links against its own C library (readelf -d, -V)', () => {
    const readelf = (flag: string, file: string) => spawnSync('readelf', [flag, '-W', file], { encoding: 'utf8' }).stdout;
    const needed = (file: string) => [...readelf('-d', file).matchAll(/\(NEEDED\)\s+Shared library: \[(.+)\]/g)].map((m) => m[1]);
    for (const arch of ['x64', 'arm64']) {
      expect(needed(binary(arch, 'musl'))).toEqual(['libc.so']);
      expect(readelf('-V', binary(arch, 'musl'))).not.toMatch(/GLIBC/);
      expect(needed(binary(arch))).toContain('libc.so.6');
      expect(readelf('-V', binary(arch))).toMatch(/GLIBC_2\./);
    }
  });

  it.skipIf(spawnSync('file', ['--version']).status !== 0)('`file` agrees: an x86-64 and an aarch64 ELF', () => {
    const describe = (arch: string, libc: string) => spawnSync('file', ['-b', binary(arch, libc)], { encoding: 'utf8' }).stdout;
    for (const libc of ['glibc', 'musl']) {
      expect(describe('x64', libc)).toMatch(/ELF 64-bit LSB shared object, x86-64.*, stripped/);
      expect(describe('arm64', libc)).toMatch(/ELF 64-bit LSB shared object, ARM aarch64.*, stripped/);
    }
  });

  it('were made from the current native sources (else run `pnpm run prebuilds`, which makes all four)', () => {
    expect(readFileSync(join(root, 'prebuilds', 'SOURCES.sha256'), 'utf8').trim()).toBe(sourcesHash(root));
  });

  it.skipIf(process.arch !== 'x64')('the x64 one loads and opens a socket', () => {
    const binding = require(binary('x64')) as NativeBinding;
    const socket = new binding.NetlinkSocket(0);
    try {
      expect(socket.bind()).toBeGreaterThan(0);
    } finally {
      socket.close();
    }
  });

  // The built package (dist/, as the package's build makes it before its tests) in a process of its own,
  // whose /proc/self/maps shows which addon file it loaded.
  const distNative = join(root, 'dist', 'native', 'index.js');
  it.skipIf(!existsSync(distNative))('the loader picks the local build (native/build/Release) before the prebuild', () => {
    const code = `
      import { loadNative } from ${JSON.stringify(pathToFileURL(distNative).href)};
      import { readFileSync } from 'node:fs';
      loadNative();
      console.log(JSON.stringify(readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => l.endsWith('.node')).map((l) => l.slice(l.indexOf('/')))));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, LINX_NETLINK_ADDON: '' } });
    expect(run.stderr).toBe('');
    const loaded = [...new Set(JSON.parse(run.stdout) as string[])];
    const local = join(root, 'native', 'build', 'Release', 'linx_netlink.node');
    expect(loaded).toEqual([existsSync(local) ? local : binary(process.arch)]);
  });

  it('an installed copy (no build/) gets the glibc binary, or the musl one where node-gyp-build sees musl', () => {
    const copy = mkdtempSync(join(tmpdir(), 'linx-prebuilds-'));
    try {
      cpSync(join(root, 'prebuilds'), join(copy, 'prebuilds'), { recursive: true });
      writeFileSync(join(copy, 'package.json'), '{}');
      // node-gyp-build reads LIBC (else /etc/alpine-release) when it is loaded: a process each.
      const resolve = (libc?: string) => {
        const env = { ...process.env };
        delete env['LIBC'];
        if (libc) env['LIBC'] = libc;
        const code = `console.log(require(${JSON.stringify(require.resolve('node-gyp-build'))}).resolve(${JSON.stringify(copy)}))`;
        return spawnSync(process.execPath, ['-e', code], { env, encoding: 'utf8' }).stdout.trim();
      };
      const expectedLibc = existsSync('/etc/alpine-release') ? 'musl' : 'glibc';
      expect(resolve()).toBe(join(copy, 'prebuilds', `linux-${process.arch}`, `node.napi.${expectedLibc}.node`));
      expect(resolve('musl')).toBe(join(copy, 'prebuilds', `linux-${process.arch}`, 'node.napi.musl.node'));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  // The built package copied as it is installed (dist/, prebuilds/, package.json; no native/build): its
  // loader takes the prebuild node-gyp-build would pick, without loading node-gyp-build. The copy sits in
  // this package's folder so that dist/'s bare imports resolve as here.
  it.skipIf(!existsSync(distNative) || process.arch !== 'x64')('an installed copy loads the prebuild node-gyp-build would pick, without loading node-gyp-build', () => {
    const copy = mkdtempSync(join(root, '.installed-copy-'));
    try {
      for (const part of ['dist', 'prebuilds', 'package.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
      const code = `
        import { loadNative } from ${JSON.stringify(pathToFileURL(join(copy, 'dist', 'native', 'index.js')).href)};
        import { createRequire } from 'node:module';
        import { readFileSync } from 'node:fs';
        loadNative();
        const maps = readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => l.endsWith('.node')).map((l) => l.slice(l.indexOf('/')));
        const gyp = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('node-gyp-build'));
        console.log(JSON.stringify({ loaded: [...new Set(maps)], gyp }));
      `;
      const env: NodeJS.ProcessEnv = { ...process.env, LINX_NETLINK_ADDON: '' };
      delete env['LIBC'];
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env });
      expect(run.stderr).toBe('');
      const picked = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(require.resolve('node-gyp-build'))}).resolve(${JSON.stringify(copy)}))`], { env, encoding: 'utf8' }).stdout.trim();
      expect(JSON.parse(run.stdout)).toEqual({ loaded: [picked], gyp: [] });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('with no binary for the platform, NativeBinaryMissingError names it and the command that compiles one', () => {
    const empty = mkdtempSync(join(tmpdir(), 'linx-no-addon-'));
    try {
      writeFileSync(join(empty, 'package.json'), '{}');
      let thrown: unknown;
      try {
        loadAddonFrom(empty);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(NativeBinaryMissingError);
      expect(thrown).toBeInstanceOf(NativeLoadError);
      const libc = process.env['LIBC'] || (existsSync('/etc/alpine-release') ? 'musl' : 'glibc');
      expect(thrown).toMatchObject({
        code: 'ERR_LINX_NATIVE_MISSING',
        platform: 'linux',
        arch: process.arch,
        libc,
        packageDir: empty,
        command: `cd ${JSON.stringify(`${empty}/native`)} && npx --yes node-gyp rebuild`,
      });
      const message = (thrown as Error).message;
      expect(message).toContain(`linux-${process.arch} (${libc})`);
      expect(message).toContain(`with: cd ${JSON.stringify(`${empty}/native`)} && npx --yes node-gyp rebuild`);
      expect(String((thrown as Error).cause)).toMatch(/No native build was found/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a binary that is there but does not load is a NativeLoadError naming the file', () => {
    const broken = mkdtempSync(join(tmpdir(), 'linx-bad-addon-'));
    try {
      writeFileSync(join(broken, 'package.json'), '{}');
      cpSync(join(root, 'prebuilds', 'SOURCES.sha256'), join(broken, 'build', 'Release', 'linx_netlink.node'), { recursive: true });
      let thrown: unknown;
      try {
        loadAddonFrom(broken);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(NativeLoadError);
      expect(thrown).not.toBeInstanceOf(NativeBinaryMissingError);
      expect(thrown).toMatchObject({ code: 'ERR_LINX_NATIVE_LOAD' });
      expect((thrown as Error).message).toContain(join(broken, 'build', 'Release', 'linx_netlink.node'));
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
