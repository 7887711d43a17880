import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMissing } from './run.js';
import { assertKernelTest } from './kernel-test-guard.js';

// Runs a netlink tool (nft, tc) against a netlink "kernel" of the test's own, through the LD_PRELOAD shim
// of fake-netlink-preload.c (compiled once per process, with gcc; read from src/ whether this runs from
// src/ or dist/): what the tool sends, as it builds it, and what it prints when its dumps are answered
// with `replies` (the messages a kernel would list). For what this kernel lacks, the tool itself stays
// the oracle.

const SOURCE = fileURLToPath(new URL('../src/fake-netlink-preload.c', import.meta.url));
let shim: string | undefined;
let dir: string | undefined;

function scratch(): string {
  if (dir === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'linx-fake-netlink-'));
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  return dir;
}

function compiled(): string {
  if (shim === undefined) {
    const out = join(scratch(), 'fake-netlink.so');
    const r = spawnSync('gcc', ['-shared', '-fPIC', '-O1', '-Wall', '-Werror', '-o', out, SOURCE, '-ldl'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gcc: ${r.stderr}`);
    shim = out;
  }
  return shim;
}

/** Why a tool cannot be run against the shim here (not root, no gcc, the tool missing), or undefined. */
export function fakeNetlinkSkipReason(tools: readonly string[]): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (unshare -n)';
  for (const tool of ['gcc', 'unshare', ...tools]) if (isMissing(tool)) return `${tool} is not installed`;
  return undefined;
}

export interface FakeNetlinkRun {
  /** Every message the tool sent on the faked sockets, one netlink message each. */
  sent: Uint8Array[];
  stdout: string;
  stderr: string;
  status: number | null;
}

export interface FakeNetlinkOptions {
  /** The netlink protocol whose sockets are faked: 12 NETLINK_NETFILTER, 0 NETLINK_ROUTE, 16 NETLINK_GENERIC. */
  protocol: number;
  /** Raw netlink messages, back to back, answering dumps (and, unless `doReplies` is given, other requests). */
  replies?: Uint8Array;
  /** Generic netlink: nlctrl resolves this family's name to `id` itself (other names: ENOENT). */
  genlFamily?: { name: string; id: number };
  /** Generic netlink: the messages answering requests that are not dumps, each by its genetlink command. */
  doReplies?: Uint8Array;
}

/** A file of `content` in the shim's scratch folder (readable by its owner only), for a tool's configuration or keys. */
export function fakeNetlinkFile(name: string, content: string): string {
  const path = join(scratch(), name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

/**
 * Runs `argv` with its netlink sockets of `protocol` (12: NETLINK_NETFILTER, 0: NETLINK_ROUTE, 16:
 * NETLINK_GENERIC, whose replies are matched to requests by type alone: nlctrl's to GENL_ID_CTRL) answered
 * from `replies` (raw netlink messages, back to back), in a throwaway network namespace (`unshare -n`:
 * should the shim ever let a request through, it reaches nothing of the host's). Only from a kernel test
 * file (*.live.test.ts), as it needs root: see kernel-test-guard.ts.
 */
export function runWithFakeNetlink(argv: readonly string[], options: FakeNetlinkOptions): FakeNetlinkRun {
  assertKernelTest('runWithFakeNetlink');
  const log = join(scratch(), 'sent.log');
  const answers = join(scratch(), 'replies.bin');
  rmSync(log, { force: true });
  writeFileSync(answers, options.replies ?? new Uint8Array());
  const env: NodeJS.ProcessEnv = { ...process.env, LD_PRELOAD: compiled(), LINX_FAKE_NETLINK_PROTOCOL: String(options.protocol), LINX_FAKE_NETLINK_LOG: log, LINX_FAKE_NETLINK_REPLIES: answers };
  if (options.genlFamily !== undefined) env['LINX_FAKE_NETLINK_GENL_FAMILY'] = `${options.genlFamily.name}:${options.genlFamily.id}`;
  if (options.doReplies !== undefined) {
    const doAnswers = join(scratch(), 'do-replies.bin');
    writeFileSync(doAnswers, options.doReplies);
    env['LINX_FAKE_NETLINK_DO_REPLIES'] = doAnswers;
  }
  const r = spawnSync('unshare', ['-n', ...argv], { encoding: 'utf8', env });
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { sent: lines.map((hex) => new Uint8Array(Buffer.from(hex, 'hex'))), stdout: r.stdout, stderr: r.stderr, status: r.status };
}
