import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kbToMb } from './report.js';

const TIME = '/usr/bin/time';

/**
 * The peak RSS (MB) of a command run once more, untimed, under GNU time (`-f %M`: the child's ru_maxrss
 * from wait4, which covers the descendants it waited for, so `ip netns exec … tool` reports the tool).
 * Run apart from the timed rounds so that time's own fork and exec are not in any time. undefined when
 * /usr/bin/time is missing (Debian package `time`) or the command fails.
 */
export function peakRssMb(argv: string[], options: { input?: string; cwd?: string } = {}): number | undefined {
  if (!existsSync(TIME)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'linx-bench-rss-'));
  try {
    const out = join(dir, 'rss');
    const r = spawnSync(TIME, ['-f', '%M', '-o', out, ...argv], { input: options.input, cwd: options.cwd, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'] });
    if (r.status !== 0) return undefined;
    const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
    return Number.isFinite(kb) ? kbToMb(kb) : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
