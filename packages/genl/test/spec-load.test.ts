// @linx/genl/spec: a YNL spec loaded at run time becomes what the generator commits for it. Every genetlink
// spec kept in tools/ynl-gen/specs, loaded with the fixes the committed modules have, is compared export by
// export (attribute sets, structs, enums, commands, groups, operations) with its committed module; and
// what is not a genetlink spec, or not what the generator writes, is refused with SpecLoadError.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec, repoRoot, TARGETS } from '@linx/ynl-gen';
import { loadGenlSpec, parseGenlSpec, readGeneratedModule, SpecLoadError } from '../src/spec/index.js';

const SPECS = join(repoRoot(), 'tools', 'ynl-gen', 'specs');
const genetlink = TARGETS.filter((t) => t.out.startsWith('packages/genl/'));

/** A declaration as plain data: functions (thunks) resolved, a set met again inside another by its name only. */
function canonical(value: unknown, depth = 0): unknown {
  if (typeof value === 'function') return canonical((value as () => unknown)(), depth);
  if (Array.isArray(value)) return value.map((v) => canonical(v, depth));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (depth > 0 && (o.kind === 'attrset' || o.kind === 'structdecl')) return `${String(o.kind)}:${String(o.name)}`;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, canonical(v, depth + 1)]));
  }
  return value;
}

describe('loadGenlSpec', () => {
  it('covers every genetlink spec kept in tools/ynl-gen/specs', () => {
    const files = readdirSync(SPECS).filter((f) => f.endsWith('.yaml') && !/^(genetlink(-legacy|-c)?|netlink-raw)\.yaml$/.test(f));
    const genetlinkFiles = files.filter((f) => (parseSpec(readFileSync(join(SPECS, f), 'utf8'), f).spec.protocol ?? 'genetlink') !== 'netlink-raw');
    expect(genetlink.map((t) => t.spec).sort()).toEqual(genetlinkFiles.sort());
  });

  it.each(genetlink.map((t) => [t.spec, t.out]))('%s at run time equals its committed module (%s), export by export', async (spec, out) => {
    const loaded = loadGenlSpec(join(SPECS, spec), { fixes: true });
    const committed = (await import(join(repoRoot(), out))) as Record<string, unknown>;
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(committed).sort());
    for (const name of Object.keys(committed)) expect(canonical(loaded[name]), name).toEqual(canonical(committed[name]));
  });

  it('without fixes, the spec as it is (nlctrl: its notify group and notifications are the fixes)', () => {
    const asIs = loadGenlSpec(join(SPECS, 'nlctrl.yaml'));
    expect(Object.keys(asIs.groupNotifications)).toEqual([]);
    expect(Object.keys(loadGenlSpec(join(SPECS, 'nlctrl.yaml'), { fixes: true }).groupNotifications)).toEqual(['notify']);
  });

  it("reports what the generator could not follow through onWarning (ovs_flow's dp-ifindex, a member of its fixed header)", () => {
    const warnings: string[] = [];
    loadGenlSpec(join(SPECS, 'ovs_flow.yaml'), { onWarning: (w) => warnings.push(w) });
    expect(warnings).toContain('ovs_flow.yaml: get do request: dp-ifindex is not an attribute of flow-attrs; left out');
  });

  it('refuses what is not a genetlink spec with SpecLoadError', () => {
    const rtAddr = readFileSync(join(SPECS, 'rt-addr.yaml'), 'utf8');
    expect(() => parseGenlSpec(rtAddr, { file: 'rt-addr.yaml' })).toThrow(/rt-addr.yaml: a netlink-raw spec/);
    expect(() => parseGenlSpec('name: x\n', { file: 'x.yaml' })).toThrow(SpecLoadError);
    expect(() => parseGenlSpec('# SPDX-License-Identifier: MIT\nname: [unclosed\n')).toThrow(SpecLoadError);
    expect(() => parseGenlSpec('# SPDX-License-Identifier: MIT\nname: x\nattribute-sets: []\n')).toThrow(/has no "operations"/);
    expect(() => loadGenlSpec('/nonexistent/spec.yaml')).toThrow(/cannot read/);
  });
});

describe('readGeneratedModule', () => {
  it('calls only the DSL functions the module imports, names only what it declared above', () => {
    expect(readGeneratedModule("import { u8 } from '@linx/netlink-codec';\nexport const x = u8({ order: 'big' });\n")).toEqual({ x: expect.objectContaining({ kind: 'int', order: 'big' }) });
    expect(() => readGeneratedModule("import { u8 } from '@linx/netlink-codec';\nexport const x = compileMessage(1);\n")).toThrow(/"compileMessage" is not a function of the codec's DSL/);
    expect(() => readGeneratedModule('export const x = y;\n')).toThrow(/"y" is not declared before its use/);
    expect(() => readGeneratedModule('export let x = 1;\n')).toThrow(SpecLoadError);
    expect(() => readGeneratedModule("export const x = 'open\n")).toThrow(/line 1: unterminated string/);
  });
});
