// Live kernel helpers for the tests: a throwaway network namespace, and the netlink bytes a command sends
// and receives, read with strace (until @linx/netlink-socket can ask the kernel itself). The same as
// packages/rtnl/test/helpers/live.ts, with nft.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function run(argv: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', input, timeout: 20_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Whether this process may create network namespaces and run `nft` in them: root, ip, nft. */
export function canRunNft(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  return run(['ip', '-V']).status === 0 && run(['nft', '--version']).status === 0;
}

/** Whether this process may create network namespaces and trace `nft`: root, ip, nft, strace. */
export function canRunLive(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  return run(['ip', '-V']).status === 0 && run(['nft', '--version']).status === 0 && run(['strace', '-V']).status === 0;
}

/** A fresh network namespace `linx-test-nft-<tag>-<random>`; `remove()` deletes it (call it in afterAll). */
export function createNamespace(tag: string): {
  name: string;
  ip: (...args: string[]) => string;
  nft: (ruleset: string) => void;
  /** `nft -j list ruleset` (or another listing) in the namespace, parsed. */
  nftJson: (...args: string[]) => { nftables: Record<string, any>[] };
  remove: () => void;
} {
  const name = `linx-test-nft-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const add = run(['ip', 'netns', 'add', name]);
  if (add.status !== 0) throw new Error(`ip netns add ${name}: ${add.stderr}`);
  return {
    name,
    ip(...args) {
      const r = run(['ip', '-n', name, ...args]);
      if (r.status !== 0) throw new Error(`ip -n ${name} ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
    nft(ruleset) {
      const r = run(['ip', 'netns', 'exec', name, 'nft', '-f', '-'], ruleset);
      if (r.status !== 0) throw new Error(`nft -f - in ${name}: ${r.stderr}`);
    },
    nftJson(...args) {
      const r = run(['ip', 'netns', 'exec', name, 'nft', '-j', ...(args.length ? args : ['list', 'ruleset'])]);
      if (r.status !== 0) throw new Error(`nft -j in ${name}: ${r.stderr}`);
      return JSON.parse(r.stdout) as { nftables: Record<string, any>[] };
    },
    remove() {
      run(['ip', 'netns', 'del', name]);
    },
  };
}

export interface Traced {
  /** The payloads of every sendmsg/sendto, in order (each one or more netlink messages). */
  sent: Uint8Array[];
  /** The payloads of every recvmsg/recvfrom that returned data (MSG_PEEK reads left out). */
  received: Uint8Array[];
  stdout: string;
}

/**
 * Runs a command under `strace -f -e read=all -e write=all` and collects the bytes of its netlink socket
 * calls from strace's hex dumps.
 */
export function traceNetlink(argv: string[]): Traced {
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
