// Runs nft against an nfnetlink "kernel" of the test's own, through the LD_PRELOAD shim of
// fake-nft-preload.c (compiled here once, with gcc): what nft sends, as it builds it, and what it prints
// when its dumps are answered with `replies` (the NFT_MSG_NEW* messages a kernel would list). For what
// this kernel lacks (flowtables, the queue and flow_offload expressions), nft itself is still the oracle.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMessages, parseMessages, type MessageInit, type NetlinkMessage } from '@linx/netlink-wire';

const SOURCE = fileURLToPath(new URL('./fake-nft-preload.c', import.meta.url));
let shim: string | undefined;
const dir = mkdtempSync(join(tmpdir(), 'linx-fake-nft-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Why nft cannot be run against the shim here (not root, no gcc, no nft), or undefined. */
export function fakeNftSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (unshare -n)';
  for (const tool of ['gcc', 'nft', 'unshare']) if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  return undefined;
}

function compiled(): string {
  if (shim === undefined) {
    const out = join(dir, 'fake-nft.so');
    const r = spawnSync('gcc', ['-shared', '-fPIC', '-O1', '-Wall', '-Werror', '-o', out, SOURCE, '-ldl'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gcc: ${r.stderr}`);
    shim = out;
  }
  return shim;
}

export interface FakeNftRun {
  /** Every message nft sent, batch markers included. */
  sent: NetlinkMessage[];
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs `nft args…` with its nfnetlink socket answered from `replies`. */
export function runFakeNft(args: string[], replies: readonly MessageInit[] = []): FakeNftRun {
  const log = join(dir, 'sent.log');
  const answers = join(dir, 'replies.bin');
  rmSync(log, { force: true });
  writeFileSync(answers, encodeMessages(replies));
  // In a network namespace of its own (`unshare -n`, a throwaway one with only lo): should the shim ever
  // let a request through, it reaches no firewall of the host's.
  const r = spawnSync('unshare', ['-n', 'nft', ...args], { encoding: 'utf8', env: { ...process.env, LD_PRELOAD: compiled(), LINX_FAKE_NFT_LOG: log, LINX_FAKE_NFT_REPLIES: answers } });
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { sent: lines.flatMap((hex) => parseMessages(new Uint8Array(Buffer.from(hex, 'hex')))), stdout: r.stdout, stderr: r.stderr, status: r.status };
}
