import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The C receive loop (bench/native/dump-floor.c, the kernel's floor for a dump), compiled once. */
export function floorBinary(): string | undefined {
  const out = join(here, 'dump-floor');
  const source = join(here, '..', 'native', 'dump-floor.c');
  // Compiled again when the source is newer than the binary (a mode was added since it was built).
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(source).mtimeMs) {
    mkdirSync(here, { recursive: true });
    if (spawnSync('cc', ['-O2', '-o', out, source], { stdio: 'inherit' }).status !== 0) return undefined;
  }
  return out;
}
