#!/usr/bin/env node
// Makes the prebuilt binaries: prebuilds/linux-x64 and prebuilds/linux-arm64 (glibc, Node-API, stripped),
// with prebuildify. The arm64 one is cross-compiled with Debian's g++-aarch64-linux-gnu (apt-get install
// g++-aarch64-linux-gnu); Node's headers are the same for both (/usr/include/node, see node-gyp-env.mjs).
//
// Each build runs in a scratch copy of binding.gyp + native/, so the workspace's own build/ (the
// from-source build that tests load first) is never replaced by a foreign-architecture binary.
//
//   pnpm run prebuilds                   both architectures (not `prebuild`: npm and pnpm would run that
//                                        before every `build`)
//   node scripts/prebuild.mjs            the same
//   node scripts/prebuild.mjs x64        only one
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGypEnv } from './node-gyp-env.mjs';
import { sourcesHash } from './sources-hash.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const prebuildify = join(dirname(require.resolve('prebuildify/package.json')), 'bin.js');
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');

const TARGETS = {
  x64: { env: {}, strip: 'strip' },
  arm64: {
    env: {
      CC: 'aarch64-linux-gnu-gcc',
      CXX: 'aarch64-linux-gnu-g++',
      LINK: 'aarch64-linux-gnu-g++',
      AR: 'aarch64-linux-gnu-ar',
    },
    strip: 'aarch64-linux-gnu-strip',
  },
};

const wanted = process.argv.slice(2);
const arches = wanted.length > 0 ? wanted : Object.keys(TARGETS);
for (const arch of arches) {
  const target = TARGETS[arch];
  if (!target) throw new Error(`unknown arch ${arch}; known: ${Object.keys(TARGETS).join(', ')}`);
  for (const tool of [target.env.CXX ?? 'g++', target.strip]) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) {
      console.error(`prebuild ${arch}: ${tool} is not installed${arch === 'arm64' ? ' (apt-get install g++-aarch64-linux-gnu)' : ''}`);
      process.exit(1);
    }
  }

  const scratch = mkdtempSync(join(tmpdir(), `linx-prebuild-${arch}-`));
  try {
    cpSync(join(root, 'binding.gyp'), join(scratch, 'binding.gyp'));
    cpSync(join(root, 'native'), join(scratch, 'native'), { recursive: true });
    cpSync(join(root, 'package.json'), join(scratch, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
    const out = join(root, 'prebuilds', `linux-${arch}`);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(dirname(out), { recursive: true });
    // Named node.napi.glibc.node: node-gyp-build reads the tags (Node-API, so any Node >= the Node-API
    // version in binding.gyp, and Electron too; glibc, so musl systems build from source instead).
    // --target only names the headers' version; node-gyp takes them from the nodedir.
    const args = [prebuildify, '--napi', '--strip', '--tag-libc', '--name=node.napi', `--target=node@${process.versions.node}`,
      `--arch=${arch}`, `--strip-bin=${target.strip}`, `--node-gyp=${nodeGyp}`, `--out=${root}`, `--cwd=${scratch}`];
    console.log(`prebuild ${arch}: prebuildify ${args.slice(1).join(' ')}`);
    const result = spawnSync(process.execPath, args, { cwd: scratch, stdio: 'inherit', env: { ...nodeGypEnv(), ...target.env } });
    if (result.status !== 0) process.exit(result.status ?? 1);
    console.log(`prebuild ${arch}: ${readdirSync(out).map((f) => join('prebuilds', `linux-${arch}`, f)).join(', ')}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
writeFileSync(join(root, 'prebuilds', 'SOURCES.sha256'), `${sourcesHash(root)}\n`);
