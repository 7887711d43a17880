// The published declarations of @linx/rtnl, @linx/nfnl and @linx/genl, as a TypeScript consumer gets them:
// a project whose node_modules holds only those three (their own dependencies reachable only through
// them, as pnpm installs them), compiled by the workspace's tsc with `declaration: true`. A value whose
// type the consumer infers from linx must be nameable in the consumer's own declarations: a type a public
// signature uses but no entry point exports fails with TS2742/TS2883 (it did for `chain.hook`). The
// results print under their names (`Route`, `Chain`), not as `AttrsValue<{…}>`, and from the packages the
// consumer depends on (not `import("@linx/netlink-socket")`, which it cannot import). This package's tests
// run after the families are built (turbo's ^build), so dist/ is theirs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = realpathSync(fileURLToPath(new URL('../../..', import.meta.url)));
const tsc = join(root, 'node_modules', '.bin', 'tsc');

const consumer = `
import { open as openRtnl, type Rtnl } from '@linx/rtnl';
import { open as openNfnl, type Nfnl } from '@linx/nfnl';
import { open as openGenl, type Genl } from '@linx/genl';

export async function firstHook(nfnl: Nfnl) {
  const chains = await nfnl.nftables.chains.list();
  return chains[0]?.hook;
}
export const links = (rtnl: Rtnl) => rtnl.links.list();
export const addresses = (rtnl: Rtnl) => rtnl.addresses.list();
export const routes = (rtnl: Rtnl) => rtnl.routes.list();
export const neighbours = (rtnl: Rtnl) => rtnl.neighbours.list();
export const rules = (rtnl: Rtnl) => rtnl.rules.list();
export const routeEncap = async (rtnl: Rtnl) => (await rtnl.routes.list())[0]?.encap;
// Structs and nests inside a decoded object: they print as the objects they are, not StructValue<…>/AttrsValue<…>.
export const linkStats = async (rtnl: Rtnl) => (await rtnl.links.list())[0]?.stats;
export const addressCache = async (rtnl: Rtnl) => (await rtnl.addresses.list())[0]?.cacheinfo;
export const vxlanData = async (rtnl: Rtnl) => {
  const info = (await rtnl.links.list())[0]?.linkinfo;
  return info?.kind === 'vxlan' ? info.data : undefined;
};
// An nft expression's data narrowed by its name alone; an undeclared one's bytes under raw.
export const cmpData = async (nfnl: Nfnl) => {
  const e = (await nfnl.nftables.rules.list())[0]?.expressions[0];
  return e?.name === 'cmp' ? e.data : undefined;
};
export const undeclaredBytes = async (nfnl: Nfnl) => (await nfnl.nftables.rules.list())[0]?.expressions[0]?.raw;
export const expression = async (nfnl: Nfnl) => (await nfnl.nftables.rules.list())[0]?.expressions[0];
// More results and handles, each to be named through the package that returns it.
export const nftObjects = (nfnl: Nfnl) => nfnl.nftables.objects.list();
export const flowtables = (nfnl: Nfnl) => nfnl.nftables.flowtables.list();
export const ruleset = (nfnl: Nfnl) => nfnl.nftables.ruleset();
export const nftMonitor = (nfnl: Nfnl) => nfnl.nftables.monitor();
export const conntrackEntries = (nfnl: Nfnl) => nfnl.conntrack.list();
export const ipsets = (nfnl: Nfnl) => nfnl.ipset.list();
export const qdiscs = (rtnl: Rtnl) => rtnl.tc.qdiscs.list();
export const nexthops = (rtnl: Rtnl) => rtnl.nexthops.list();
export const fdb = (rtnl: Rtnl) => rtnl.bridge.fdb.list();
export const netconf = (rtnl: Rtnl) => rtnl.netconf.list();
export const tables = (nfnl: Nfnl) => nfnl.nftables.tables.list();
export const chains = (nfnl: Nfnl) => nfnl.nftables.chains.list();
export const nftRules = (nfnl: Nfnl) => nfnl.nftables.rules.list();
export const sets = (nfnl: Nfnl) => nfnl.nftables.sets.list();
export const rtnlGroups = (rtnl: Rtnl) => ({ links: rtnl.links, routes: rtnl.routes, tc: rtnl.tc, bridge: rtnl.bridge, nexthops: rtnl.nexthops, netconf: rtnl.netconf, stats: rtnl.stats });
export const tcGroups = (rtnl: Rtnl) => ({ qdiscs: rtnl.tc.qdiscs, classes: rtnl.tc.classes, filters: rtnl.tc.filters, actions: rtnl.tc.actions, chains: rtnl.tc.chains });
export const bridgeGroups = (rtnl: Rtnl) => ({ fdb: rtnl.bridge.fdb, mdb: rtnl.bridge.mdb, vlans: rtnl.bridge.vlans });
export const nftGroups = (nfnl: Nfnl) => ({ nftables: nfnl.nftables, tables: nfnl.nftables.tables, chains: nfnl.nftables.chains, rules: nfnl.nftables.rules, sets: nfnl.nftables.sets, elements: nfnl.nftables.elements, objects: nfnl.nftables.objects, flowtables: nfnl.nftables.flowtables, conntrack: nfnl.conntrack, ipset: nfnl.ipset, nfacct: nfnl.nfacct, nflog: nfnl.nflog, nfqueue: nfnl.nfqueue });
export const families = (genl: Genl) => genl.families();
export const handles = () => [openRtnl(), openNfnl(), openGenl()] as const;
`;

/** Compiles the consumer; returns tsc's output and the declarations it wrote. */
function compile(dir: string, options: Record<string, unknown>): { status: number | null; output: string; declarations: string } {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, declaration: true, emitDeclarationOnly: true, outDir: 'out', ...options },
      files: ['index.ts'],
    }),
  );
  rmSync(join(dir, 'out'), { recursive: true, force: true });
  const run = spawnSync(tsc, ['-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
  let declarations = '';
  try {
    declarations = readFileSync(join(dir, 'out', 'index.d.ts'), 'utf8');
  } catch {
    // Nothing written: the output says why.
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}`, declarations };
}

/** One `export declare const` of the consumer's declarations, up to the next. */
function declared(declarations: string, name: string): string {
  const start = declarations.indexOf(`export declare const ${name}:`);
  expect(start, name).toBeGreaterThanOrEqual(0);
  const next = declarations.indexOf('\nexport declare', start + 1);
  return declarations.slice(start, next === -1 ? undefined : next).trimEnd();
}

describe('the published declarations, in a consumer project that emits its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linx-consumer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'node_modules', '@linx'), { recursive: true });
  for (const name of ['rtnl', 'nfnl', 'genl']) symlinkSync(join(root, 'packages', name), join(dir, 'node_modules', '@linx', name), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(dir, 'index.ts'), consumer);

  it('with @types/node and skipLibCheck off: the declarations check, and every inferred type is named', () => {
    mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
    symlinkSync(realpathSync(join(root, 'node_modules', '@types', 'node')), join(dir, 'node_modules', '@types', 'node'), 'dir');
    try {
      const { status, output, declarations } = compile(dir, { types: ['node'], skipLibCheck: false });
      expect(output).toBe('');
      expect(status).toBe(0);
      // Each list's element type by its name, from the package the consumer depends on.
      for (const named of ['rtnl").Link', 'rtnl").Address', 'rtnl").Route', 'rtnl").Neighbour', 'rtnl").Rule', 'nfnl").Chain', 'nfnl").Table', 'nfnl").Rule', 'nfnl").NftSet', 'nfnl").HookName', 'nfnl").Expression', 'nfnl").NftObject', 'nfnl").Flowtable', 'nfnl").Ruleset', 'nfnl").NftMonitor', 'nfnl").ConntrackEntry', 'nfnl").IpsetSet', 'rtnl").Qdisc', 'rtnl").Nexthop', 'rtnl").FdbEntry', 'rtnl").Netconf']) {
        expect(declarations).toMatch(new RegExp(`import\\("@linx/${named.replace(/[.()]/g, '\\$&')}\\b`));
      }
      // Nested values as the objects they are, by field (a hover reads the same).
      expect(declarations).not.toContain('AttrsValue<');
      expect(declarations).not.toContain('StructValue<');
      expect(declared(declarations, 'linkStats')).toMatch(/Promise<\{\s+rxPackets: number;\s+txPackets: number;/);
      expect(declared(declarations, 'addressCache')).toMatch(/Promise<\{\s+ifaPrefered: number;\s+ifaValid: number;\s+cstamp: number;\s+tstamp: number;\s+\} \| undefined>;$/);
      expect(declared(declarations, 'vxlanData')).toMatch(/^\s+portRange\?: \{\s+low: number;\s+high: number;\s+\} \| undefined;$/m);
      // `e.name === 'cmp'` left cmp's attributes alone: none of payload's, no bytes.
      const cmp = declared(declarations, 'cmpData');
      expect(cmp).toMatch(/^\s+sreg\?: number \| undefined;$/m);
      expect(cmp).toMatch(/^\s+op\?: number \| "eq" \| "gt" \| "gte" \| "lt" \| "lte" \| "neq" \| undefined;$/m);
      expect(cmp).not.toMatch(/offset|dreg|Promise<Uint8Array/);
      expect(declared(declarations, 'undeclaredBytes')).toBe('export declare const undeclaredBytes: (nfnl: Nfnl) => Promise<Uint8Array<ArrayBufferLike> | undefined>;');
      // Only the packages the consumer installed: nothing from the layers below, which it cannot import,
      // and no path inside a package.
      expect(declarations).not.toMatch(/@linx\/netlink-/);
      for (const [, path] of declarations.matchAll(/import\("([^"]+)"\)/g)) expect(path).toMatch(/^@linx\/(rtnl|nfnl|genl)$/);
    } finally {
      rmSync(join(dir, 'node_modules', '@types'), { recursive: true, force: true });
    }
  });

  it('without @types/node, with skipLibCheck (the usual setting): the consumer compiles', () => {
    const { status, output } = compile(dir, { types: [], skipLibCheck: true });
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});
