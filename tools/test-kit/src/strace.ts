import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertKernelTest } from './kernel-test-guard.js';
import { run } from './run.js';

export interface Traced {
  /** The payloads of every sendmsg/sendto, in order (each one or more netlink messages). */
  sent: Uint8Array[];
  /** The payloads of every recvmsg/recvfrom that returned data (MSG_PEEK reads left out). */
  received: Uint8Array[];
  stdout: string;
}

/**
 * Runs a command under `strace -f -e read=all -e write=all` and collects the bytes of its netlink socket
 * calls from strace's hex dumps. Only from a kernel test file (*.live.test.ts): see kernel-test-guard.ts.
 */
export function traceNetlink(argv: string[]): Traced {
  assertKernelTest('traceNetlink');
  const dir = mkdtempSync(join(tmpdir(), 'linx-strace-'));
  try {
    const out = join(dir, 'trace');
    const r = run(['strace', '-f', '-qq', '-o', out, '-e', 'trace=sendmsg,recvmsg,sendto,recvfrom', '-e', 'read=all', '-e', 'write=all', ...argv]);
    if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
    const traced: Traced = { sent: [], received: [], stdout: r.stdout };
    let current: number[] | undefined;
    let target: Uint8Array[] | undefined;
    const flush = () => {
      if (current && target && current.length > 0) target.push(Uint8Array.from(current));
      current = undefined;
      target = undefined;
    };
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      const call = /^\d+\s+(sendmsg|recvmsg|sendto|recvfrom)\(.*\)\s+=\s+(-?\d+)/.exec(line);
      if (call) {
        flush();
        const peek = line.includes('MSG_PEEK');
        if (Number(call[2]) > 0 && !peek) {
          current = [];
          target = call[1]!.startsWith('send') ? traced.sent : traced.received;
        }
        continue;
      }
      const dump = /^ \| [0-9a-f]{5}  (.{48})/.exec(line);
      if (dump && current) for (const h of dump[1]!.matchAll(/[0-9a-f]{2}/g)) current.push(parseInt(h[0], 16));
      else if (!line.startsWith(' * ') && !dump) flush();
    }
    flush();
    return traced;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
