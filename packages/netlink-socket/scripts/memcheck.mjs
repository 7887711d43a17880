#!/usr/bin/env node
// Runs test/memcheck/smoke.mjs (every addon path once, in a network namespace; needs root) under a memory
// checker, against the unstripped local build (native/build/Release):
//   node scripts/memcheck.mjs valgrind   memcheck with leak checking; fails on any error outside Node's
//                                         known noise (test/memcheck/node.supp) and on any definite leak
//   node scripts/memcheck.mjs asan       the addon rebuilt with -fsanitize=address in a scratch folder and
//                                         loaded through LINX_NETLINK_ADDON, libasan preloaded into node
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGypEnv } from './node-gyp-env.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const smoke = join(root, 'test', 'memcheck', 'smoke.mjs');
const mode = process.argv[2] ?? 'valgrind';

function findBin(name) {
  for (let dir = root; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} not found`);
  }
}

// The smoke test imports dist/: make sure it is current, and built as it ships (tsc, then the bundle).
execFileSync(findBin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [join(root, '..', '..', 'scripts', 'bundle.mjs')], { cwd: root, stdio: 'inherit' });

if (mode === 'valgrind') {
  if (!existsSync(join(root, 'native', 'build', 'Release', 'linx_netlink.node'))) {
    execFileSync(process.execPath, [join(root, 'scripts', 'build-native.mjs')], { cwd: root, stdio: 'inherit' });
  }
  const log = join(tmpdir(), `linx-valgrind-${process.pid}.log`);
  const args = [
    '--leak-check=full',
    '--show-leak-kinds=definite,indirect,possible',
    '--errors-for-leak-kinds=definite',
    '--error-exitcode=1',
    '--num-callers=40',
    `--suppressions=${join(root, 'test', 'memcheck', 'node.supp')}`,
    `--log-file=${log}`,
    process.execPath,
    '--expose-gc',
    '--jitless', // valgrind and V8's JIT code do not mix well; the addon's code is the same either way
    smoke,
  ];
  const started = Date.now();
  const result = spawnSync('valgrind', args, { cwd: root, stdio: 'inherit' });
  const text = readFileSync(log, 'utf8');
  const summary = text.split('\n').filter((line) => /ERROR SUMMARY|definitely lost|indirectly lost|possibly lost/.test(line));
  console.log(summary.map((line) => line.replace(/^==\d+==\s*/, '')).join('\n'));
  // Every stack frame valgrind printed belongs to a reported error or a shown leak record.
  const frames = text.split('\n').filter((line) => /^==\d+==\s+(at|by) /.test(line));
  const ours = frames.some((line) => /linx|linx_netlink\.node/.test(line));
  console.log(`valgrind: exit ${result.status}, ${((Date.now() - started) / 1000).toFixed(1)} s, log ${log}`);
  if (ours) console.log('valgrind: a report mentions the addon: see the log');
  process.exit(result.status === 0 && !ours ? 0 : 1);
} else if (mode === 'asan') {
  const libasan = execFileSync('g++', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).trim();
  const scratch = mkdtempSync(join(tmpdir(), 'linx-asan-'));
  try {
    cpSync(join(root, 'native'), scratch, { recursive: true, filter: (path) => !['build', 'node_modules'].some((dir) => path.startsWith(join(root, 'native', dir))) });
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
    const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
    const env = { ...nodeGypEnv(), CXXFLAGS: '-fsanitize=address -fno-omit-frame-pointer -g', LDFLAGS: '-fsanitize=address' };
    execFileSync(process.execPath, [nodeGyp, 'rebuild', '--jobs', 'max', '--loglevel=warn'], { cwd: scratch, stdio: ['ignore', 'ignore', 'inherit'], env });
    const addon = join(scratch, 'build', 'Release', 'linx_netlink.node');
    const needed = execFileSync('readelf', ['-d', addon], { encoding: 'utf8' });
    if (!needed.includes('libasan')) throw new Error('the ASan build does not link libasan');
    console.log(`asan: built ${addon} with -fsanitize=address`);
    const result = spawnSync(process.execPath, ['--expose-gc', smoke], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        LD_PRELOAD: libasan,
        LINX_NETLINK_ADDON: addon,
        // Node itself is not built for LeakSanitizer, so leaks are valgrind's job; ASan checks accesses.
        ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=0:halt_on_error=1:exitcode=1',
      },
    });
    console.log(`asan: exit ${result.status}`);
    process.exit(result.status ?? 1);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
} else {
  console.error(`unknown mode ${mode}: valgrind or asan`);
  process.exit(2);
}
