// The committed prebuilt binaries: both architectures present, of the right machine type, made from the
// current native sources, and the x64 one loads and works.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourcesHash } from '../scripts/sources-hash.mjs';
import type { NativeBinding } from '../src/native/index.js';

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
  const binary = (arch: string) => join(root, 'prebuilds', `linux-${arch}`, 'node.napi.glibc.node');

  it('exist for linux-x64 and linux-arm64 (glibc, Node-API)', () => {
    expect(readdirSync(join(root, 'prebuilds')).sort()).toEqual(['SOURCES.sha256', 'linux-arm64', 'linux-x64']);
    expect(elfMachine(binary('x64'))).toBe(EM_X86_64);
    expect(elfMachine(binary('arm64'))).toBe(EM_AARCH64);
  });

  it.skipIf(spawnSync('file', ['--version']).status !== 0)('`file` agrees: an x86-64 and an aarch64 ELF', () => {
    const describe = (arch: string) => spawnSync('file', ['-b', binary(arch)], { encoding: 'utf8' }).stdout;
    expect(describe('x64')).toMatch(/ELF 64-bit LSB shared object, x86-64.*stripped/);
    expect(describe('arm64')).toMatch(/ELF 64-bit LSB shared object, ARM aarch64.*stripped/);
  });

  it('were made from the current native sources (else run `pnpm run prebuilds`)', () => {
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

  it('node-gyp-build picks the local build first and the prebuild otherwise', () => {
    const load = require('node-gyp-build') as { resolve(dir: string): string };
    const resolved = load.resolve(root);
    if (existsSync(join(root, 'build', 'Release', 'linx_netlink.node'))) {
      expect(resolved).toBe(join(root, 'build', 'Release', 'linx_netlink.node'));
    } else {
      expect(resolved).toBe(binary(process.arch));
    }
  });
});
