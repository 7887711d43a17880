import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import type { RawSpec } from './spec.js';

/** A spec as read from its file: the parsed YAML, its SPDX license id and the file's name. */
export interface LoadedSpec {
  spec: RawSpec;
  /** The SPDX-License-Identifier of the spec's first line, e.g. "((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)". */
  license: string;
  /** The spec's file name, e.g. "rt-link.yaml". */
  file: string;
}

const SPDX = /^#\s*SPDX-License-Identifier:\s*(.+?)\s*$/;

/** Parses the text of a spec. Every kernel spec starts with its SPDX line; a spec without one is refused. */
export function parseSpec(text: string, file: string): LoadedSpec {
  const first = text.split('\n', 1)[0] ?? '';
  const license = SPDX.exec(first)?.[1];
  if (!license) throw new Error(`${file}: the first line must be the spec's "# SPDX-License-Identifier: ..." line`);
  // YAML 1.2 core schema: `no`, `on`, `off` stay strings (the specs quote the few that PyYAML would not).
  const spec = parse(text, { version: '1.2', schema: 'core', uniqueKeys: true }) as RawSpec;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new Error(`${file}: not a YAML mapping`);
  for (const key of ['name', 'attribute-sets', 'operations'] as const) {
    if (spec[key] === undefined) throw new Error(`${file}: the spec has no "${key}"`);
  }
  return { spec, license, file };
}

/** Reads and parses a spec file. */
export function loadSpec(path: string): LoadedSpec {
  return parseSpec(readFileSync(path, 'utf8'), basename(path));
}
