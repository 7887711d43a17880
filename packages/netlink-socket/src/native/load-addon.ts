import { createRequire } from 'node:module';
import { NativeBinaryMissingError, NativeLoadError } from './errors.js';

// Built-ins through `require` when the addon is first loaded, not imported (see binding.ts: an ESM import
// of a built-in costs every import of this package).
const nodeRequire = createRequire(import.meta.url);

interface NodeGypBuild {
  (dir: string): unknown;
  /** The path of the binary that `load(dir)` would require; throws "No native build was found …". */
  resolve(dir: string): string;
}

/**
 * The C library node-gyp-build matches prebuilt binaries against: the LIBC environment variable when set,
 * musl on Alpine (it has /etc/alpine-release), glibc elsewhere.
 */
export function prebuildLibc(): string {
  const { existsSync } = nodeRequire('node:fs') as typeof import('node:fs');
  return process.env['LIBC'] || (existsSync('/etc/alpine-release') ? 'musl' : 'glibc');
}

/**
 * The addon of the package in `packageDir`: a local build (`native/build/Release`, compiled there by hand
 * or by this repository's build) first, else the prebuilt binary for this platform, arch and C library
 * under `prebuilds/`, as node-gyp-build picks it. There is no install step: the package ships binaries
 * for linux-x64 and linux-arm64 (glibc and musl), and elsewhere the error says how to compile one.
 */
export function loadAddonFrom(packageDir: string): unknown {
  const { existsSync } = nodeRequire('node:fs') as typeof import('node:fs');
  const { join } = nodeRequire('node:path') as typeof import('node:path');
  // binding.gyp is in native/ (at the root, pnpm would take it for an install step), so a local build is
  // native/build/Release, which node-gyp-build does not look at: it looks for prebuilds/ here.
  const local = join(packageDir, 'native', 'build', 'Release', 'linx_netlink.node');
  // The prebuild node-gyp-build would pick for this platform (the package ships these names), taken
  // without loading node-gyp-build (a CommonJS module and its lookups, on every start) when there is no
  // build/ folder, which node-gyp-build would look in first. Anything else is node-gyp-build's to resolve.
  const prebuilt = join(packageDir, 'prebuilds', `${process.platform}-${process.arch}`, `node.napi.${prebuildLibc()}.node`);
  let file: string;
  try {
    if (existsSync(local)) file = local;
    else if (!existsSync(join(packageDir, 'build')) && existsSync(prebuilt)) file = prebuilt;
    else file = (nodeRequire('node-gyp-build') as NodeGypBuild).resolve(packageDir);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('No native build was found')) {
      throw new NativeBinaryMissingError(process.platform, process.arch, prebuildLibc(), packageDir, { cause: error });
    }
    throw new NativeLoadError(`cannot find the linx netlink addon in ${packageDir}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return nodeRequire(file);
  } catch (error) {
    throw new NativeLoadError(`cannot load the linx netlink addon ${file}: ${(error as Error).message}`, { cause: error });
  }
}
