// The generated modules committed in the repository are exactly what the generator writes from the specs
// now (run `pnpm --filter @linx/ynl-gen generate` after changing the generator, the codec's DSL or a spec).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/emit.js';
import { loadSpec } from '../src/load.js';
import { repoRoot, TARGETS } from '../src/targets.js';
import { SPEC_DIR } from './helpers/specs.js';

describe('committed outputs', () => {
  it('cover the rt-* and tc specs for @linx/rtnl and nftables for @linx/nfnl', () => {
    expect(TARGETS.map((t) => t.out)).toEqual([
      'packages/rtnl/src/generated/rt-link.ts',
      'packages/rtnl/src/generated/rt-addr.ts',
      'packages/rtnl/src/generated/rt-route.ts',
      'packages/rtnl/src/generated/rt-neigh.ts',
      'packages/rtnl/src/generated/rt-rule.ts',
      'packages/rtnl/src/generated/tc.ts',
      'packages/nfnl/src/nftables/generated/nftables.ts',
      'packages/genl/src/generated/nlctrl.ts',
      'packages/genl/src/ethtool/generated/ethtool.ts',
      'packages/nfnl/src/conntrack/generated/conntrack.ts',
      'packages/genl/src/mptcp/generated/mptcp_pm.ts',
      'packages/genl/src/tcp-metrics/generated/tcp_metrics.ts',
      'packages/genl/src/netdev/generated/netdev.ts',
      'packages/genl/src/wireguard/generated/wireguard.ts',
      'packages/genl/src/nl80211/generated/nl80211.ts',
    ]);
  });

  it.each(TARGETS.map((t) => [t.spec, t.out]))('%s → %s is up to date', (spec, out) => {
    const committed = readFileSync(join(repoRoot(), out), 'utf8');
    expect(committed).toBe(generate(loadSpec(join(SPEC_DIR, spec))).code);
  });
});
