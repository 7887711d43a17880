import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The directory where `createTestNetns` records the name of every namespace it creates (one empty file
 * each), set by the global setup for the whole test run: vitest's workers and the processes they start
 * inherit it. Names are recorded rather than compared with what exists before and after, because other
 * test runs on the same machine create and delete namespaces of the same prefix meanwhile.
 */
export const NETNS_LEDGER_ENV = 'LINX_TEST_NETNS_LEDGER';

const NETNS_DIR = '/run/netns';

/** Records `name` in the run's ledger (nothing when no ledger is set). Returns a function that forgets it again. */
export function recordTestNetns(name: string): () => void {
  const dir = process.env[NETNS_LEDGER_ENV];
  if (!dir) return () => {};
  const entry = join(dir, name);
  writeFileSync(entry, '');
  return () => rmSync(entry, { force: true });
}

/** The namespaces `ip netns` knows: the bind mounts under /run/netns. */
function namespaces(): Set<string> {
  return new Set(existsSync(NETNS_DIR) ? readdirSync(NETNS_DIR) : []);
}

/**
 * Starts a ledger for one test run: notes the namespaces that exist now and sets NETNS_LEDGER_ENV.
 * `check()` returns the namespaces recorded since that still exist (a test file that did not delete its
 * own), leaving out any that existed before the run started; `close()` removes the ledger.
 */
export function startNetnsLedger(): { check(): string[]; close(): void } {
  const before = namespaces();
  const dir = mkdtempSync(join(tmpdir(), 'linx-netns-ledger-'));
  process.env[NETNS_LEDGER_ENV] = dir;
  return {
    check() {
      const now = namespaces();
      return readdirSync(dir)
        .filter((name) => now.has(name) && !before.has(name))
        .sort();
    },
    close() {
      if (process.env[NETNS_LEDGER_ENV] === dir) delete process.env[NETNS_LEDGER_ENV];
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
