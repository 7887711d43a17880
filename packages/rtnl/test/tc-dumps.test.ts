// tc dumps read as `tc -j -s -d` shows them, without root: the kernel's replies to tc's dump for each case
// of helpers/tc-dump-cases.ts (u32 and bpf filters with mirred actions and their counters, a hash table and
// a link, chains, a shared block, shared actions, qdiscs and htb classes with counters, tbf), captured with
// tc's output by tc-dumps.live.test.ts (test/fixtures/tc-dumps.json). A FakeKernel answers linx's dump with
// those replies (and its link dump with v0 and v1), and linx's list must compare equal to tc's output. The
// checks are in helpers/tc-checks.ts.
import { describe, it } from 'vitest';
import { dumpChecks } from './helpers/tc-checks.js';

describe('tc dumps, as captured, read as tc -j -s -d shows them', () => {
  it.each(dumpChecks().map((c) => [c.name, c] as const))('%s', async (_name, c) => c.run());
});
