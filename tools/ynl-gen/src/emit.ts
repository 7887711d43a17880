import { attrSetOrder, emitAttrSet, subMessagesOf } from './attrsets.js';
import { emitConsts, emitEnums, emitStructs } from './definitions.js';
import type { LoadedSpec } from './load.js';
import { attrSetIdent, enumBitsIdent, enumValuesIdent, formatsIdent, structIdent } from './naming.js';
import { emitCommands, emitFamily, emitMcastGroups, emitMessages, emitOperations } from './operations.js';
import { Output } from './output.js';
import { resolveFamily } from './resolve.js';
import { emitFormats } from './submessages.js';
import { applyFixes } from './fixes.js';
import type { TypeContext } from './types.js';

export interface GenerateOptions {
  /** Module the DSL is imported from (default `@linx/netlink-codec`). */
  codecImport?: string;
  /** Apply the corrections of src/fixes.ts (default true); false generates the spec exactly as it is. */
  fixes?: boolean;
  /**
   * Write the family's plain values (its name, consts, enum and flag values, multicast groups) into a
   * module of their own, imported from this specifier (`'./tc-constants.js'`), and re-export them from the
   * main module. Code that needs only a constant then imports the small module, and a bundle can leave the
   * declarations (which compile and run codec calls when loaded) to the code that decodes messages.
   */
  constantsModule?: string;
}

export interface GenerateResult {
  /** The TypeScript module. */
  code: string;
  /** What in the spec could not be expressed or followed (also written as comments where it happens). */
  warnings: string[];
  /** With `constantsModule`: that module's code (the plain values `code` re-exports). */
  constantsCode?: string;
}

export const GENERATOR = '@linx/ynl-gen';

function importLines(names: Iterable<string>, from: string, typeOnly: boolean): string[] {
  const sorted = [...names].sort();
  if (sorted.length === 0) return [];
  const keyword = typeOnly ? 'import type' : 'import';
  const oneLine = `${keyword} { ${sorted.join(', ')} } from '${from}';`;
  if (oneLine.length <= 120) return [oneLine];
  const lines = [`${keyword} {`];
  let line = ' ';
  for (const name of sorted) {
    if (line.length + name.length + 2 > 118) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${name},`;
  }
  lines.push(line, `} from '${from}';`);
  return lines;
}

/** The specs in tools/ynl-gen/specs that linx wrote itself (see SOURCE.md there), not copies of the kernel's. */
const OWN_SPECS = new Set(['rt-nexthop.yaml', 'rt-netconf.yaml', 'rt-mdb.yaml', 'taskstats.yaml']);

/** Turns a loaded spec into a TypeScript module of codec declarations. */
export function generate(loaded: LoadedSpec, options: GenerateOptions = {}): GenerateResult {
  const { spec, applied } = options.fixes === false ? { spec: loaded.spec, applied: [] } : applyFixes(loaded.spec, loaded.file);
  const family = resolveFamily({ ...loaded, spec });
  const out = new Output();
  const warnings = family.warnings;
  const bits = new Set<string>();
  const setsWritten = new Set<string>();
  const ctx: TypeContext = {
    family,
    out,
    setRef(name) {
      if (!family.attrSets.has(name)) return undefined;
      const ident = attrSetIdent(name);
      // Written already, or a reference that closes a cycle: a thunk whose annotated return type keeps
      // TypeScript from inferring the set's type from itself.
      return setsWritten.has(name) ? ident : `(): ${out.useType('AttrSetDecl')} => ${ident}`;
    },
    formatsRef: (name) => (family.subMessages.has(name) ? formatsIdent(name) : undefined),
    structRef: (name) => (family.structs.has(name) ? structIdent(name) : undefined),
    enumRef(name, asBits) {
      if (asBits) bits.add(name);
      return asBits ? enumBitsIdent(name) : enumValuesIdent(name);
    },
    note: (message) => warnings.push(message),
  };

  const familyLines = emitFamily(ctx);
  const constLines = emitConsts(ctx);
  const structLines = emitStructs(ctx);

  for (const set of family.attrSets.values()) out.declare(attrSetIdent(set.name), `attribute set ${set.name}`);
  const setLines: string[] = [];
  const formatsWritten = new Set<string>();
  const writeFormats = (name: string) => {
    const sub = family.subMessages.get(name);
    if (!sub || formatsWritten.has(name)) return;
    formatsWritten.add(name);
    setLines.push(...emitFormats(ctx, sub));
  };
  for (const set of attrSetOrder(family)) {
    for (const sub of subMessagesOf(set)) writeFormats(sub);
    setLines.push(...emitAttrSet(ctx, set));
    setsWritten.add(set.name);
  }
  for (const sub of family.subMessages.keys()) writeFormats(sub);

  const messageLines = emitMessages(ctx);
  const commandLines = emitCommands(ctx);
  const mcastLines = emitMcastGroups(ctx);
  const operationLines = emitOperations(ctx);
  const enumLines = emitEnums(ctx, bits);

  const from = options.codecImport ?? '@linx/netlink-codec';
  const section = (title: string, lines: string[]) => (lines.length === 0 ? [] : [`// ---- ${title}`, '', ...lines]);
  const header = (what: string[]) => [
    `// SPDX-License-Identifier: ${family.license}`,
    OWN_SPECS.has(family.file)
      ? `// Generated by ${GENERATOR} from linx's own YNL spec ${family.file} (tools/ynl-gen/specs/${family.file}, written from the UAPI headers: the kernel has no spec for it).`
      : `// Generated by ${GENERATOR} from the kernel's YNL spec ${family.file} (Documentation/netlink/specs/${family.file}).`,
    ...what,
    '// Facts only: names, ids, types and values. Do not edit; regenerate with `pnpm --filter @linx/ynl-gen generate`.',
    ...(applied.length === 0
      ? []
      : ['// Corrected where the spec disagrees with the kernel (tools/ynl-gen/src/fixes.ts):', ...applied.map((a) => `//   ${a}`)]),
    '',
  ];
  // The plain values: no codec call, nothing but literals.
  const constantParts = [...familyLines, ...section('consts', constLines), ...section('enums and flags', enumLines), ...mcastLines];
  const declarationParts = [
    ...section('structs', structLines),
    ...section('attribute sets and sub-messages', setLines),
    ...section('messages', messageLines),
    ...commandLines,
    ...section('operations, notifications and groups (for a typed client)', operationLines),
  ];
  const finish = (lines: string[]) => {
    while (lines.at(-1) === '') lines.pop();
    return `${lines.join('\n')}\n`;
  };
  if (options.constantsModule !== undefined) {
    const at = options.constantsModule;
    const constants = finish([...header([`// The family's plain values; the declarations that use them are in the module that re-exports this one.`]), ...constantParts]);
    // The values the declarations refer to, imported by name (the rest is only re-exported).
    const body = declarationParts.join('\n');
    const valueNames = [...constants.matchAll(/^export const (\w+)/gm)].map((m) => m[1]!);
    const used = valueNames.filter((name) => new RegExp(`\\b${name}\\b`).test(body));
    const code = finish([
      ...header([`// Its plain values (name, consts, enums, multicast groups) are in ${at}, re-exported here.`]),
      ...importLines(out.imports, from, false),
      ...importLines(out.typeImports, from, true),
      ...importLines(used, at, false),
      '',
      `export * from '${at}';`,
      '',
      ...declarationParts,
    ]);
    return { code, constantsCode: constants, warnings: [...warnings] };
  }
  const code = [
    ...header([]),
    ...importLines(out.imports, from, false),
    ...importLines(out.typeImports, from, true),
    '',
    ...familyLines,
    ...section('consts', constLines),
    ...section('enums and flags', enumLines),
    ...section('structs', structLines),
    ...section('attribute sets and sub-messages', setLines),
    ...section('messages', messageLines),
    ...commandLines,
    ...mcastLines,
    ...section('operations, notifications and groups (for a typed client)', operationLines),
  ];
  return { code: finish(code), warnings: [...warnings] };
}
