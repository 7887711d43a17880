import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The path of a file in the repository's `fixtures/` folder (`fixture('pyroute2/nl0.pcap')`), found by
 * walking up from `from` (a test's `import.meta.url`), not by a fixed number of `../`: Stryker runs a
 * package's tests from a copy of it deeper in the tree (packages/PKG/.stryker-tmp/sandbox-…/test/), where
 * a relative URL would point into the package.
 */
export function fixture(path: string, from: string | URL): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const candidate = join(dir, 'fixtures', path);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`fixture ${path}: no fixtures/${path} in any folder above ${fileURLToPath(from)}`);
    dir = parent;
  }
}
