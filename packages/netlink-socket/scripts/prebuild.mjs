#!/usr/bin/env node
// Makes the prebuilt binaries (Node-API, stripped) with prebuildify, for linux-x64 and linux-arm64, each
// for glibc and for musl (Alpine):
//   prebuilds/linux-x64/node.napi.glibc.node     the system's g++
//   prebuilds/linux-arm64/node.napi.glibc.node   Debian's g++-aarch64-linux-gnu (apt-get install g++-aarch64-linux-gnu)
//   prebuilds/linux-x64/node.napi.musl.node      zig c++ -target x86_64-linux-musl  (Zig is fetched into
//   prebuilds/linux-arm64/node.napi.musl.node    zig c++ -target aarch64-linux-musl  .tools/ on first use:
//                                                                                   see zig-toolchain.mjs)
// Node's headers are the same for all four (/usr/include/node, see node-gyp-env.mjs). The musl ones link
// libc++ statically (Zig's), so they need nothing but musl's libc (and Node's own symbols) at run time;
// each is then loaded under musl's dynamic linker by check-musl-load.mjs (musl-tools and qemu-user-static).
//
// Each build runs in a scratch copy of native/ (binding.gyp and the code), so the workspace's own
// native/build/ (the from-source build that is loaded first) is never replaced by a foreign binary.
//
//   pnpm run prebuilds                        all four (not `prebuild`: npm and pnpm would run that
//                                             before every `build`)
//   node scripts/prebuild.mjs                 the same
//   node scripts/prebuild.mjs x64 arm64-musl  only those
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGypEnv } from './node-gyp-env.mjs';
import { sourcesHash } from './sources-hash.mjs';
import { ensureZig } from './zig-toolchain.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const repoRoot = dirname(dirname(root));
const require = createRequire(import.meta.url);
const prebuildify = join(dirname(require.resolve('prebuildify/package.json')), 'bin.js');
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');

const gnuArm64 = { CC: 'aarch64-linux-gnu-gcc', CXX: 'aarch64-linux-gnu-g++', LINK: 'aarch64-linux-gnu-g++', AR: 'aarch64-linux-gnu-ar' };
/** arch: Node's name; libc: the prebuild's tag; env: the compilers node-gyp uses; zig: the musl target. */
const TARGETS = {
  x64: { arch: 'x64', libc: 'glibc', env: {}, strip: 'strip' },
  arm64: { arch: 'arm64', libc: 'glibc', env: gnuArm64, strip: 'aarch64-linux-gnu-strip', apt: 'g++-aarch64-linux-gnu' },
  'x64-musl': { arch: 'x64', libc: 'musl', zig: 'x86_64-linux-musl', strip: 'strip' },
  'arm64-musl': { arch: 'arm64', libc: 'musl', zig: 'aarch64-linux-musl', strip: 'aarch64-linux-gnu-strip', apt: 'binutils-aarch64-linux-gnu' },
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(TARGETS);
for (const name of names) {
  const target = TARGETS[name];
  if (!target) throw new Error(`unknown target ${name}; known: ${Object.keys(TARGETS).join(', ')}`);
  for (const tool of [target.env?.CXX ?? (target.zig ? undefined : 'g++'), target.strip].filter(Boolean)) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) {
      console.error(`prebuild ${name}: ${tool} is not installed${target.apt ? ` (apt-get install ${target.apt})` : ''}`);
      process.exit(1);
    }
  }

  const scratch = mkdtempSync(join(tmpdir(), `linx-prebuild-${name}-`));
  try {
    // native/ holds binding.gyp and the code; its build/ (the workspace's own) stays behind, and so does
    // the node_modules/ there (node-gyp's stamp of node-addon-api's target).
    cpSync(join(root, 'native'), scratch, { recursive: true, filter: (path) => !['build', 'node_modules'].some((dir) => path.startsWith(join(root, 'native', dir))) });
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
    let env = target.env ?? {};
    if (target.zig) {
      // node-gyp's Makefile calls $(CC), $(CXX), $(LINK) and $(AR) as single commands: small wrappers
      // give each its zig subcommand and target.
      const zig = ensureZig(repoRoot);
      const wrappers = join(scratch, 'zig-bin');
      mkdirSync(wrappers);
      const wrap = (file, line) => {
        writeFileSync(join(wrappers, file), `#!/bin/sh\nexec ${JSON.stringify(zig)} ${line} "$@"\n`);
        chmodSync(join(wrappers, file), 0o755);
        return join(wrappers, file);
      };
      const cxx = wrap('c++', `c++ -target ${target.zig}`);
      env = { CC: wrap('cc', `cc -target ${target.zig}`), CXX: cxx, LINK: cxx, AR: wrap('ar', 'ar') };
    }
    // Named node.napi.<libc>.node: node-gyp-build reads the tags (Node-API, so any Node >= the Node-API
    // version in binding.gyp, and Electron too; the libc, which it tells apart by /etc/alpine-release or
    // the LIBC environment variable). --target only names the headers' version; node-gyp takes them from
    // the nodedir. prebuildify replaces just this one file in prebuilds/linux-<arch>/.
    const args = [prebuildify, '--napi', '--strip', `--tag-libc=${target.libc}`, '--name=node.napi', `--target=node@${process.versions.node}`,
      `--arch=${target.arch}`, `--strip-bin=${target.strip}`, `--node-gyp=${nodeGyp}`, `--out=${root}`, `--cwd=${scratch}`];
    console.log(`prebuild ${name}: prebuildify ${args.slice(1).join(' ')}`);
    const result = spawnSync(process.execPath, args, { cwd: scratch, stdio: 'inherit', env: { ...nodeGypEnv(), ...env } });
    if (result.status !== 0) process.exit(result.status ?? 1);
    // A musl binary is then loaded under musl's dynamic linker (see check-musl-load.mjs for how and what not).
    if (target.libc === 'musl') {
      const file = join(root, 'prebuilds', `linux-${target.arch}`, 'node.napi.musl.node');
      const check = spawnSync(process.execPath, [join(root, 'scripts', 'check-musl-load.mjs'), file], { stdio: 'inherit' });
      if (check.status !== 0) process.exit(check.status ?? 1);
    }
    console.log(`prebuild ${name}: ${join('prebuilds', `linux-${target.arch}`, `node.napi.${target.libc}.node`)}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
// SOURCES.sha256 says all four binaries were made from these sources, so only a run that made all four
// writes it.
if (Object.keys(TARGETS).every((name) => names.includes(name))) {
  writeFileSync(join(root, 'prebuilds', 'SOURCES.sha256'), `${sourcesHash(root)}\n`);
} else {
  console.log('prebuild: SOURCES.sha256 left as it was (it is written when all four are made)');
}
