#!/usr/bin/env node
// Checks that an x86-64 musl prebuild loads under musl's dynamic linker, on a glibc machine with no musl
// Node: a small C program built with musl-gcc (Debian's musl-tools) defines every Node symbol the addon
// imports (napi_*, uv_*) as a stub, dlopen()s the addon with RTLD_NOW (every other symbol must then come
// from musl's libc, and the addon's initialisers run: libc++'s included), and asks it its Node-API version.
// It cannot run the addon's code paths: that takes a musl Node (Alpine's), which is not to be had here.
//
//   node scripts/check-musl-load.mjs [file]   (default prebuilds/linux-x64/node.napi.musl.node)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const addon = resolve(process.argv[2] ?? join(root, 'prebuilds', 'linux-x64', 'node.napi.musl.node'));
if (spawnSync('sh', ['-c', 'command -v musl-gcc'], { stdio: 'ignore' }).status !== 0) {
  console.error('check-musl-load: musl-gcc is not installed (apt-get install musl-tools)');
  process.exit(1);
}

const symbols = execFileSync('readelf', ['-W', '--dyn-syms', addon], { encoding: 'utf8' })
  .split('\n')
  .map((line) => line.trim().split(/\s+/))
  .filter((fields) => fields[6] === 'UND' && /^(napi_|node_api_|uv_)/.test(fields[7] ?? ''))
  .map((fields) => fields[7].replace(/@.*/, ''));
const host = `#include <dlfcn.h>
#include <stdio.h>
${[...new Set(symbols)].map((name) => `int ${name}(void) { return 9; /* napi_generic_failure */ }`).join('\n')}
int main(int argc, char **argv) {
  void *handle = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!handle) { fprintf(stderr, "dlopen: %s\\n", dlerror()); return 1; }
  if (!dlsym(handle, "napi_register_module_v1")) { fprintf(stderr, "no napi_register_module_v1\\n"); return 1; }
  int (*version)(void) = (int (*)(void))dlsym(handle, "node_api_module_get_api_version_v1");
  printf("Node-API version %d\\n", version ? version() : -1);
  return 0;
}
`;
const scratch = mkdtempSync(join(tmpdir(), 'linx-musl-load-'));
try {
  writeFileSync(join(scratch, 'host.c'), host);
  execFileSync('musl-gcc', ['-rdynamic', '-o', join(scratch, 'host'), join(scratch, 'host.c'), '-ldl'], { stdio: 'inherit' });
  const run = spawnSync(join(scratch, 'host'), [addon], { encoding: 'utf8' });
  process.stdout.write(`check-musl-load: ${addon}: ${run.stdout}${run.stderr}`);
  process.exit(run.status ?? 1);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
