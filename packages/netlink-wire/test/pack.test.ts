// The packed wire package installs alone (no dependency comes along) into an empty folder with npm, and
// decodes the real capture from there, in plain Node with no TypeScript or test tooling around.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const capture = fileURLToPath(new URL('../../../fixtures/pyroute2/nl0.pcap', import.meta.url));
const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const skipReason = !has('pnpm') ? 'pnpm not on PATH' : !has('npm') ? 'npm not on PATH' : undefined;

describe.skipIf(skipReason)(`the packed package${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const work = mkdtempSync(join(tmpdir(), 'linx-wire-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs alone from its tarball and decodes nl0.pcap', () => {
    if (!existsSync(join(root, 'dist', 'index.js'))) execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
    execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: root, stdio: 'pipe' });
    const [tarball] = readdirSync(work).filter((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^linx-netlink-wire-.*\.tgz$/);
    const files = execFileSync('tar', ['-tzf', join(work, tarball!)], { encoding: 'utf8' }).trim().split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts', 'package/README.md', 'package/LICENSE']));
    expect(files.some((f) => f.includes('/test/') || f.includes('/src/'))).toBe(false);

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(work, tarball!)], { cwd: app, stdio: 'pipe' });
    // Nothing but the package itself was installed.
    expect(readdirSync(join(app, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['@linx']);
    expect(readdirSync(join(app, 'node_modules', '@linx'))).toEqual(['netlink-wire']);

    writeFileSync(
      join(app, 'decode.mjs'),
      `import { readFileSync } from 'node:fs';
import { readCapture } from '@linx/netlink-wire/capture';
let packets = 0, messages = 0;
for (const packet of readCapture(new Uint8Array(readFileSync(process.argv[2])))) { packets++; messages += packet.messages.length; }
console.log(packets, messages);`,
    );
    const out = execFileSync(process.execPath, ['decode.mjs', capture], { cwd: app, encoding: 'utf8' });
    expect(out.trim()).toBe('19 34');
  // pnpm pack and an npm install are real work: at load 20 they took over vitest's 5 s default (a CI run
  // failed so), so the test has a minute, like the kernel tests of the other packages.
  }, 60_000);
});
