import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AttrSetDecl, MessageDecl, StructDecl } from '@linx/netlink-codec';
import { defaultSpecDir } from '../../src/targets.js';

/** Where the specs are (tools/ynl-gen/specs (copies of the kernel's specs), or $LINX_YNL_SPECS). */
export const SPEC_DIR = defaultSpecDir();

/** The schema documents among the specs, which describe the format and are not families. */
const SCHEMAS = new Set(['netlink-raw.yaml', 'genetlink.yaml', 'genetlink-c.yaml', 'genetlink-legacy.yaml']);

/** Every family spec (not the schemas), by file name. */
export const SPEC_FILES: string[] = readdirSync(SPEC_DIR)
  .filter((f) => f.endsWith('.yaml') && !SCHEMAS.has(f))
  .sort();

/** Where the tests write the generated modules (gitignored). */
export const GENERATED_DIR = fileURLToPath(new URL('../.generated/', import.meta.url));

export const generatedPath = (specFile: string): string => join(GENERATED_DIR, specFile.replace(/\.yaml$/, '.ts'));

export type GeneratedModule = Record<string, unknown>;

/** Imports the module generated from a spec (written by the global setup). */
export async function importGenerated(specFile: string): Promise<GeneratedModule> {
  return (await import(/* @vite-ignore */ pathToFileURL(generatedPath(specFile)).href)) as GeneratedModule;
}

const isObject = (v: unknown): v is { kind?: unknown } => typeof v === 'object' && v !== null;

/** The declarations a generated module exports, by kind. */
export function declarationsOf(mod: GeneratedModule): {
  sets: [string, AttrSetDecl][];
  structs: [string, StructDecl][];
  messages: [string, MessageDecl][];
} {
  const entries = Object.entries(mod).filter((e): e is [string, { kind?: unknown }] => isObject(e[1]));
  return {
    sets: entries.filter(([, v]) => v.kind === 'attrset') as [string, AttrSetDecl][],
    structs: entries.filter(([, v]) => v.kind === 'structdecl') as [string, StructDecl][],
    messages: entries.filter(([, v]) => v.kind === 'message') as [string, MessageDecl][],
  };
}
