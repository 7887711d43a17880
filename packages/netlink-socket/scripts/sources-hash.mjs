// The fingerprint of what the prebuilt binaries are compiled from: native/* (binding.gyp and the code), and the
// node-addon-api version. `pnpm run prebuilds` writes it to prebuilds/SOURCES.sha256; a test fails when the
// sources changed and the prebuilds were not made again.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export function sourcesHash(root) {
  const hash = createHash('sha256');
  const files = readdirSync(join(root, 'native'), { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `native/${entry.name}`)
    .sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  const addonApi = createRequire(join(root, 'package.json'))('node-addon-api/package.json').version;
  hash.update(`node-addon-api@${addonApi}`);
  return hash.digest('hex');
}
