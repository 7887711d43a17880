#!/usr/bin/env node
// One entry point for a fresh machine that has only Node 20 and npm:
//   node scripts/setup.mjs [task]
// It makes sure the pinned pnpm is there (installing it into .tools/ when it is not on PATH), installs
// the workspace from the lockfile, installs the Debian packages the kernel tests need when it runs as root
// and they are missing, then runs the root script named by `task` (`main` or `test:all`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const task = process.argv[2];

function versionOf(command) {
  try {
    return execFileSync(command, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The pinned pnpm: the one on PATH if it is that version, else a private copy under .tools/. */
function ensurePnpm() {
  if (versionOf('pnpm') === pinned) return { bin: 'pnpm', path: process.env.PATH };
  const tools = join(root, '.tools');
  const bin = join(tools, 'node_modules', '.bin');
  if (versionOf(join(bin, 'pnpm')) !== pinned) {
    mkdirSync(tools, { recursive: true });
    console.log(`setup: installing pnpm ${pinned} into .tools/`);
    run('npm', ['install', '--no-save', '--no-package-lock', '--prefix', tools, `pnpm@${pinned}`]);
  }
  return { bin: join(bin, 'pnpm'), path: `${bin}:${process.env.PATH}` };
}

/** Debian packages the kernel tests (and pnpm bench's comparisons) use; installed only as root on a Debian-like system. */
function ensureSystemPackages() {
  const wanted = { ip: 'iproute2', nft: 'nftables', strace: 'strace', ipset: 'ipset', nfacct: 'nfacct', conntrack: 'conntrack', iptables: 'iptables', ethtool: 'ethtool', wg: 'wireguard-tools', iw: 'iw', 'pyroute2-cli': 'python3-pyroute2', time: 'time' };
  // Files without a command: the C library pnpm bench's nfqueue floor is built against.
  const wantedFiles = { '/usr/include/libnetfilter_queue/libnetfilter_queue.h': 'libnetfilter-queue-dev' };
  const missing = [
    ...Object.entries(wanted)
      .filter(([command]) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status !== 0)
      .map(([, pkg]) => pkg),
    ...Object.entries(wantedFiles)
      .filter(([file]) => !existsSync(file))
      .map(([, pkg]) => pkg),
  ];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.log(`setup: kernel tests want ${missing.join(', ')}; install them (as root) or those tests will say why they skip`);
    return;
  }
  console.log(`setup: apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], env);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], env);
}

const pnpm = ensurePnpm();
const env = { ...process.env, PATH: pnpm.path, ...(!process.env.npm_config_nodedir && existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {}) };
run(pnpm.bin, ['install', '--frozen-lockfile'], env);
if (task === 'test:all') ensureSystemPackages();
if (task) run(pnpm.bin, ['run', '--silent', task], env);
