#!/usr/bin/env node
// Checks that a musl prebuild loads under musl's dynamic linker, on a glibc machine with no musl Node: a
// small C program built against musl defines every Node symbol the addon imports (napi_*, uv_*) as a
// stub, dlopen()s the addon with RTLD_NOW (every other symbol must then come from musl's libc, and the
// addon's initialisers run: libc++'s included), and asks it its Node-API version. It cannot run the
// addon's code paths: that takes a musl Node (Alpine's), which is not to be had here.
//   x64:   built with musl-gcc (apt-get install musl-tools), run as it is
//   arm64: built with aarch64-linux-gnu-gcc against Debian's musl for arm64 (musl and musl-dev, arm64,
//          fetched with `apt-get download` into .tools/musl-arm64/ with a private package list, so the
//          system's apt configuration is left alone), run under qemu-aarch64-static (apt-get install
//          qemu-user-static) with that folder as its root
//
//   node scripts/check-musl-load.mjs [file …]   (default: both musl prebuilds)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const repoRoot = dirname(dirname(root));
const EM_X86_64 = 62;
const EM_AARCH64 = 183;

function need(tool, apt) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) {
    console.error(`check-musl-load: ${tool} is not installed (apt-get install ${apt})`);
    process.exit(1);
  }
}

/** Debian's musl for arm64, unpacked under .tools/musl-arm64 (its dynamic linker, libc.so, crt files, headers). */
function muslArm64Root() {
  const sysroot = join(repoRoot, '.tools', 'musl-arm64');
  if (existsSync(join(sysroot, 'lib', 'ld-musl-aarch64.so.1'))) return sysroot;
  const apt = join(repoRoot, '.tools', 'musl-arm64.apt');
  rmSync(apt, { recursive: true, force: true });
  for (const dir of ['lists/partial', 'cache/archives/partial', 'debs']) mkdirSync(join(apt, dir), { recursive: true });
  const options = ['-o', `Dir::State::Lists=${join(apt, 'lists')}`, '-o', `Dir::Cache=${join(apt, 'cache')}`,
    '-o', 'APT::Architectures::=arm64', '-o', 'APT::Architecture=arm64', '-o', 'Debug::NoLocking=1', '-qq'];
  console.log('check-musl-load: fetching Debian\'s musl and musl-dev for arm64 into .tools/musl-arm64');
  execFileSync('apt-get', [...options, 'update'], { stdio: 'inherit' });
  execFileSync('apt-get', [...options, 'download', 'musl:arm64', 'musl-dev:arm64'], { cwd: join(apt, 'debs'), stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(sysroot, { recursive: true, force: true });
  for (const deb of readdirSync(join(apt, 'debs'))) execFileSync('dpkg-deb', ['-x', join(apt, 'debs', deb), sysroot]);
  rmSync(apt, { recursive: true, force: true });
  return sysroot;
}

function check(addon) {
  const machine = readFileSync(addon).readUInt16LE(18);
  if (machine !== EM_X86_64 && machine !== EM_AARCH64) throw new Error(`${addon}: ELF machine ${machine}, neither x86-64 nor aarch64`);
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
    let command = [join(scratch, 'host'), addon];
    if (machine === EM_X86_64) {
      need('musl-gcc', 'musl-tools');
      execFileSync('musl-gcc', ['-rdynamic', '-o', join(scratch, 'host'), join(scratch, 'host.c'), '-ldl'], { stdio: 'inherit' });
    } else {
      need('aarch64-linux-gnu-gcc', 'gcc-aarch64-linux-gnu');
      need('qemu-aarch64-static', 'qemu-user-static');
      const sysroot = muslArm64Root();
      // Debian's musl-gcc specs for arm64, with the paths moved under the unpacked root.
      const specs = readFileSync(join(sysroot, 'usr', 'lib', 'aarch64-linux-musl', 'musl-gcc.specs'), 'utf8')
        .replaceAll('/usr/include/aarch64-linux-musl', join(sysroot, 'usr', 'include', 'aarch64-linux-musl'))
        .replaceAll('/usr/lib/aarch64-linux-musl', join(sysroot, 'usr', 'lib', 'aarch64-linux-musl'));
      writeFileSync(join(scratch, 'musl.specs'), specs);
      execFileSync('aarch64-linux-gnu-gcc', ['-specs', join(scratch, 'musl.specs'), '-rdynamic', '-o', join(scratch, 'host'),
        join(scratch, 'host.c'), `-L${join(sysroot, 'lib', 'aarch64-linux-musl')}`, '-lc'], { stdio: 'inherit' });
      command = ['qemu-aarch64-static', '-L', sysroot, ...command];
    }
    const run = spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
    process.stdout.write(`check-musl-load: ${addon}: ${run.stdout}${run.stderr}`);
    return run.status === 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const files = process.argv.length > 2
  ? process.argv.slice(2).map((file) => resolve(file))
  : ['x64', 'arm64'].map((arch) => join(root, 'prebuilds', `linux-${arch}`, 'node.napi.musl.node'));
let ok = true;
for (const file of files) ok = check(file) && ok;
process.exit(ok ? 0 : 1);
