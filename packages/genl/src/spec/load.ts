import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { generate, parseSpec } from '@linx/ynl-gen';
import type { GenlSpec } from '../spec-client/spec.js';
import { SpecLoadError } from './errors.js';
import { readGeneratedModule } from './module-reader.js';

/** Options of `parseGenlSpec` and `loadGenlSpec`. */
export interface LoadSpecOptions {
  /** The spec's file name (as the kernel names it, e.g. `netdev.yaml`), for messages and for `fixes`. */
  file?: string;
  /**
   * Apply linx's named corrections for a spec of that file name (tools/ynl-gen/src/fixes.ts), as the
   * shipped families have them (default false: the spec as it is). A correction the spec no longer needs
   * is an error.
   */
  fixes?: boolean;
  /** Called with each thing in the spec the generator could not follow or express (a missing reference, a type it has no declaration for), as tools/ynl-gen prints them. */
  onWarning?: (message: string) => void;
}

/**
 * A family's spec, loaded at run time: the declarations tools/ynl-gen generates from it (attribute sets,
 * structs, enums as `…Values`, commands, multicast groups; `operations`, `notifications`,
 * `groupNotifications` for `genlClient`), by the same generator that makes the shipped families'.
 */
export type LoadedGenlSpec = GenlSpec & { readonly family: { readonly name: string; readonly protocol: string } } & Readonly<Record<string, unknown>>;

/**
 * Reads a genetlink YNL spec from its YAML text into a spec for `genlClient` (`SpecLoadError` when it is not
 * YAML, not a genetlink spec, or not one the generator can follow). The spec's first line must be its
 * SPDX-License-Identifier line, as every kernel spec's is.
 */
export function parseGenlSpec(text: string, options: LoadSpecOptions = {}): LoadedGenlSpec {
  const file = options.file ?? 'spec.yaml';
  let code: string;
  try {
    const loaded = parseSpec(text, file);
    const protocol = loaded.spec.protocol ?? 'genetlink';
    if (protocol === 'netlink-raw') throw new SpecLoadError(`${file}: a netlink-raw spec (${loaded.spec.name}); only genetlink families are loaded here`);
    const generated = generate(loaded, { fixes: options.fixes ?? false });
    for (const warning of generated.warnings) options.onWarning?.(`${file}: ${warning}`);
    code = generated.code;
  } catch (error) {
    if (error instanceof SpecLoadError) throw error;
    throw new SpecLoadError(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return readGeneratedModule(code) as LoadedGenlSpec;
}

/** Reads a genetlink YNL spec file (see `parseGenlSpec`). */
export function loadGenlSpec(path: string, options: Omit<LoadSpecOptions, 'file'> = {}): LoadedGenlSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SpecLoadError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseGenlSpec(text, { ...options, file: basename(path) });
}
