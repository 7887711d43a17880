#!/usr/bin/env node
// Checks the packages as a user gets them, from their tarballs: `pnpm pack` each publishable package
// (after `pnpm build`), check that its README links only absolutely, lint each tarball with publint and @arethetypeswrong/cli (ESM-only: the
// packages have no CommonJS build, so the CJS and node10 rows are not errors), install them all with
// npm into an empty project, import every entry point each package's `exports` names, open rtnl and
// list this namespace's links (read-only), and run each installed command (`bin`) with --help. Exits
// non-zero on the first failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return !pkg.private && pkg.exports;
    } catch {
      return false;
    }
  });

const work = mkdtempSync(join(tmpdir(), 'linx-check-packages-'));
try {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const entryPoints = [];
  const commands = [];
  for (const dir of packages) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    // pnpm pack rewrites `workspace:*` to the real version, which npm pack would not.
    const out = execFileSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir, encoding: 'utf8' });
    const tarball = join(tarballs, out.trim().split('\n').pop().split('/').pop());
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    const maps = files.filter((f) => f.endsWith('.map'));
    if (maps.length > 0) throw new Error(`${pkg.name}: the tarball ships source maps: ${maps.join(', ')}`);
    // The registry's page resolves a README's relative links against `repository`, which the packages
    // do not name: every link must be absolute (or an anchor on the page).
    const readme = execFileSync('tar', ['-xzOf', tarball, 'package/README.md'], { encoding: 'utf8' });
    const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^(https:|mailto:|#)/.test(target));
    if (relative.length > 0) throw new Error(`${pkg.name}: README.md links to ${relative.join(', ')}, which the registry's page cannot resolve`);
    execFileSync(bin('publint'), ['run', tarball, '--strict'], { stdio: 'inherit' });
    execFileSync(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'table-flipped'], { stdio: 'inherit' });
    for (const key of Object.keys(pkg.exports)) if (key !== './package.json') entryPoints.push(pkg.name + key.slice(1));
    if (pkg.bin) commands.push(...Object.keys(typeof pkg.bin === 'string' ? { [pkg.name.split('/').pop()]: pkg.bin } : pkg.bin));
  }

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...readdirSync(tarballs).map((f) => join(tarballs, f))], {
    cwd: app,
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);

  const script = `
    const entryPoints = ${JSON.stringify(entryPoints)};
    for (const name of entryPoints) {
      const module = await import(name);
      if (Object.keys(module).length === 0) throw new Error(name + ' exports nothing');
      // The bundles keep class names (errors take their name from the class): every exported class is
      // named as it is exported, unless it is exported under a second name too.
      for (const [key, value] of Object.entries(module)) {
        if (typeof value !== 'function' || !/^class\b/.test(Function.prototype.toString.call(value))) continue;
        if (value.name !== key && module[value.name] !== value) throw new Error(name + ': the class exported as ' + key + ' is named ' + value.name);
      }
    }
    const { open } = await import('@linx/rtnl');
    const rtnl = open();
    const links = await rtnl.links.list();
    rtnl.close();
    if (!links.some((link) => link.ifname === 'lo')) throw new Error('links.list() found no lo');
    console.log('imported ' + entryPoints.join(', ') + '; rtnl listed ' + links.length + ' links');
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the installed packages failed:\n${run.stderr}`);
  console.log(run.stdout.trim());
  for (const command of commands) {
    const help = spawnSync(join(app, 'node_modules', '.bin', command), ['--help'], { cwd: app, encoding: 'utf8' });
    if (help.status !== 0 || help.stdout.length === 0) throw new Error(`${command} --help failed (${help.status}):\n${help.stderr}`);
    console.log(`${command} --help: ${help.stdout.split('\n')[0]}`);
  }
  // linx opens a socket from its one-file bundle, which finds the socket's addon in the installed
  // @linx/netlink-socket: list the links (read-only), without and then with its code cache (kept here).
  if (commands.includes('linx')) {
    for (const round of ['first run', 'from the code cache']) {
      const links = spawnSync(join(app, 'node_modules', '.bin', 'linx'), ['-j', 'link', 'show'], { cwd: app, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: join(work, 'cache') } });
      if (links.status !== 0 || !JSON.parse(links.stdout).some((link) => link.ifname === 'lo')) throw new Error(`linx -j link show (${round}) failed (${links.status}):\n${links.stderr}`);
      console.log(`linx -j link show, ${round}: lo listed`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
