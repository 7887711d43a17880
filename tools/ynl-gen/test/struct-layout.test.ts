// The generated structs against the C compiler: for every spec struct that the UAPI headers declare
// (struct ifinfomsg, struct rtnl_link_stats64, struct nfgenmsg, …) the size and each member's offset must
// be what gcc computes, padding included. Needs gcc and the kernel headers; skipped without them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type StructDecl } from '@linx/netlink-codec';
import { compileStruct } from '@linx/netlink-codec/runtime';
import { applyFixes } from '../src/fixes.js';
import { loadSpec } from '../src/load.js';
import { camelCase, structIdent } from '../src/naming.js';
import { resolveFamily } from '../src/resolve.js';
import { SPEC_DIR, SPEC_FILES, importGenerated } from './helpers/specs.js';

const HEADERS: Record<string, string[]> = {
  'rt-link.yaml': ['linux/if_link.h', 'linux/if_bridge.h', 'linux/rtnetlink.h'],
  'rt-addr.yaml': ['linux/if_addr.h', 'linux/rtnetlink.h'],
  'rt-route.yaml': ['linux/rtnetlink.h'],
  'rt-neigh.yaml': ['linux/neighbour.h', 'linux/rtnetlink.h'],
  'rt-rule.yaml': ['linux/fib_rules.h', 'linux/rtnetlink.h'],
  'rt-nexthop.yaml': ['linux/nexthop.h'],
  'rt-netconf.yaml': ['linux/netconf.h'],
  'rt-mdb.yaml': ['linux/if_bridge.h'],
  'rt-vlan.yaml': ['linux/if_bridge.h'],
  'nftables.yaml': ['linux/netfilter/nfnetlink.h', 'linux/netfilter/nf_tables.h'],
  'conntrack.yaml': ['linux/netfilter/nfnetlink.h', 'linux/netfilter/nfnetlink_conntrack.h', 'linux/netfilter/nf_conntrack_tcp.h'],
  'tc.yaml': ['linux/filter.h', 'linux/pkt_sched.h', 'linux/pkt_cls.h', 'linux/rtnetlink.h', 'linux/gen_stats.h', 'linux/tc_act/tc_pedit.h', 'linux/tc_act/tc_mirred.h', 'linux/tc_act/tc_gact.h', 'linux/tc_act/tc_vlan.h', 'linux/tc_act/tc_nat.h', 'linux/tc_act/tc_skbedit.h', 'linux/tc_act/tc_tunnel_key.h', 'linux/tc_act/tc_mpls.h', 'linux/tc_act/tc_csum.h', 'linux/tc_act/tc_bpf.h', 'linux/tc_act/tc_ct.h', 'linux/tc_act/tc_connmark.h', 'linux/tc_act/tc_ctinfo.h', 'linux/tc_act/tc_gate.h', 'linux/tc_act/tc_ife.h', 'linux/tc_act/tc_sample.h', 'linux/tc_act/tc_skbmod.h'],
  'ethtool.yaml': ['linux/ethtool.h', 'linux/ethtool_netlink.h'],
  'wireguard.yaml': ['linux/time_types.h', 'linux/wireguard.h'],
  'taskstats.yaml': ['linux/taskstats.h'],
};

/**
 * Where the spec's layout is not the C one, as found: kept as the spec says (the codec keeps the bytes a
 * short struct does not cover, so these still round-trip), reported, and pinned here.
 */
const KNOWN: Record<string, string[]> = {
  // The spec lists 5 of the 8 members of struct rta_cacheinfo (rta_id, rta_ts, rta_tsage missing).
  'rt-route.yaml': ['size rta-cacheinfo'],
  // struct rtgenmsg is 1 byte in C; rt-rule's spec pads it to the 4 bytes it takes on the wire.
  'rt-rule.yaml': ['size rtgenmsg'],
  // struct netconfmsg is 1 byte in C; the kernel aligns it to 4 (NLMSG_ALIGN) where the attributes start.
  'rt-netconf.yaml': ['size netconfmsg'],
  'tc.yaml': [
    // band_drops and band_pkt_count are newer than the headers here.
    'size tc-fq-qd-stats',
    // C ends these with a flexible array (keys[], kcnts[]); the spec counts one element.
    'size tc-u32-sel',
    'size tc-u32-pcnt',
    'size tc-pedit-sel',
  ],
};

const gcc = spawnSync('gcc', ['--version'], { encoding: 'utf8' }).status === 0;
const work = mkdtempSync(join(tmpdir(), 'ynl-gen-layout-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The C name of a spec struct (`rtnl-link-stats64` → `rtnl_link_stats64`; `--kernel-timespec` → `__kernel_timespec`). */
const cIdent = (name: string) => name.replace(/-/g, '_');

interface Check {
  kind: 'size' | 'offset';
  struct: string;
  member?: string;
  expected: number;
}

/** Compiles static assertions; returns the failed ones and the members/structs C does not have. */
function compile(includes: string[], checks: Check[]): { failed: Check[]; missingMembers: Set<string>; missingStructs: Set<string> } {
  const lines = ['#include <stddef.h>', ...includes.map((h) => `#include <${h}>`)];
  checks.forEach((c, i) => {
    const what = c.kind === 'size' ? `sizeof(struct ${cIdent(c.struct)})` : `offsetof(struct ${cIdent(c.struct)}, ${cIdent(c.member!)})`;
    lines.push(`_Static_assert(${what} == ${c.expected}, "check ${i}");`);
  });
  const file = join(work, 'layout.c');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const run = spawnSync('gcc', ['-fsyntax-only', '-fmax-errors=0', file], { encoding: 'utf8' });
  const failed: Check[] = [];
  const missingMembers = new Set<string>();
  const missingStructs = new Set<string>();
  for (const m of run.stderr.matchAll(/static assertion failed: "check (\d+)"/g)) failed.push(checks[Number(m[1])]!);
  for (const m of run.stderr.matchAll(/struct (\w+)' has no member named '(\w+)'/g)) missingMembers.add(`${m[1]}.${m[2]}`);
  for (const m of run.stderr.matchAll(/(?:invalid application of 'sizeof' to incomplete type|invalid use of undefined type) 'struct (\w+)'/g)) missingStructs.add(m[1]!);
  return { failed, missingMembers, missingStructs };
}

describe.skipIf(!gcc || !existsSync('/usr/include/linux/if_link.h'))('struct layouts against gcc and the UAPI headers', () => {
  it.each(SPEC_FILES.filter((s) => HEADERS[s] !== undefined))('%s', async (spec) => {
    const loaded = loadSpec(join(SPEC_DIR, spec));
    const family = resolveFamily({ ...loaded, spec: applyFixes(loaded.spec, spec).spec });
    const mod = await importGenerated(spec);
    const checks: Check[] = [];
    for (const s of family.structs.values()) {
      const codec = compileStruct(mod[structIdent(s.name)] as StructDecl);
      checks.push({ kind: 'size', struct: s.name, expected: codec.size });
      for (const m of s.members) {
        if (m.type === 'pad') continue;
        const field = codec.fields.find((f) => f.name === camelCase(m.name));
        expect(field, `${s.name}.${m.name}`).toBeDefined();
        checks.push({ kind: 'offset', struct: s.name, member: m.name, expected: field!.offset });
      }
    }
    // First round: find what C does not declare (struct or member names that differ); then check the rest.
    const first = compile(HEADERS[spec]!, checks);
    const known = checks.filter(
      (c) => !first.missingStructs.has(cIdent(c.struct)) && !(c.member !== undefined && first.missingMembers.has(`${cIdent(c.struct)}.${cIdent(c.member)}`)),
    );
    const second = compile(HEADERS[spec]!, known);
    expect(second.missingStructs.size + second.missingMembers.size, 'the second round compiles').toBe(0);
    expect(second.failed.map((c) => (c.kind === 'size' ? `size ${c.struct}` : `offset ${c.struct}.${c.member}`))).toEqual(KNOWN[spec] ?? []);
    const sizes = known.filter((c) => c.kind === 'size').length;
    // Structs that C declares under the spec's name: enough that a broken mapping fails.
    const minimum: Record<string, number> = { 'rt-link.yaml': 20, 'rt-addr.yaml': 2, 'rt-route.yaml': 2, 'rt-neigh.yaml': 5, 'rt-rule.yaml': 3, 'nftables.yaml': 1, 'tc.yaml': 30, 'ethtool.yaml': 0 };
    expect(sizes).toBeGreaterThanOrEqual(minimum[spec] ?? 1);
  });
});
