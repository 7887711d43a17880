// Runs a generic netlink tool (wg, iw) against a family this kernel lacks, through the LD_PRELOAD shim of
// fake-genl-preload.c (compiled here once, with gcc): its requests, as it builds them, and its output when
// its dumps are answered with `replies` (netlink messages built by the test from the spec).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMessages, parseMessages, type MessageInit, type NetlinkMessage } from '@linx/netlink-wire';

const SOURCE = fileURLToPath(new URL('./fake-genl-preload.c', import.meta.url));
let shim: string | undefined;
const dir = mkdtempSync(join(tmpdir(), 'linx-fake-genl-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function compiled(): string {
  if (shim === undefined) {
    const out = join(dir, 'fake-genl.so');
    const r = spawnSync('gcc', ['-shared', '-fPIC', '-O1', '-Wall', '-Werror', '-o', out, SOURCE, '-ldl'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gcc: ${r.stderr}`);
    shim = out;
  }
  return shim;
}

export interface FakeToolRun {
  /** Every message the tool sent on its generic netlink sockets, nlctrl's included. */
  sent: NetlinkMessage[];
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * Runs `argv` with family `family` resolved to `id`; dumps to it are answered with `replies`, other
 * requests with those of `doReplies` of their genetlink command (then an ACK).
 */
export function runFakeGenl(argv: string[], family: string, id: number, replies: MessageInit[] = [], doReplies: MessageInit[] = []): FakeToolRun {
  const log = join(dir, 'sent.log');
  const answers = join(dir, 'replies.bin');
  const doAnswers = join(dir, 'do-replies.bin');
  rmSync(log, { force: true });
  writeFileSync(answers, encodeMessages(replies));
  writeFileSync(doAnswers, encodeMessages(doReplies));
  // In a network namespace of its own (`unshare -n`, a throwaway one with only lo): should the shim ever
  // let a request through, it reaches no interface of the host's.
  const r = spawnSync('unshare', ['-n', ...argv], {
    encoding: 'utf8',
    env: { ...process.env, LD_PRELOAD: compiled(), LINX_FAKE_GENL_LOG: log, LINX_FAKE_GENL_FAMILY: family, LINX_FAKE_GENL_ID: String(id), LINX_FAKE_GENL_REPLIES: answers, LINX_FAKE_GENL_DO_REPLIES: doAnswers },
  });
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { sent: lines.flatMap((hex) => parseMessages(new Uint8Array(Buffer.from(hex, 'hex')))), stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** A file in the run's scratch folder (for a tool's configuration or key files). */
export function scratchFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}
