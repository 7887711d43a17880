import { existsSync, readFileSync } from 'node:fs';

/**
 * Reads the integer constants of kernel UAPI headers: the members of every `enum { … }` (implicit values
 * counted as C does) and object-like `#define NAME <integer expression>`. Enough of C for the netlink
 * headers in /usr/include/linux; a value it cannot work out is left out, never guessed.
 */
export function readHeaderConstants(paths: readonly string[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const path of paths) if (existsSync(path)) parseHeader(readFileSync(path, 'utf8'), values);
  return values;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
}

/** Evaluates a constant expression of integers, known names, ( ) ~ << >> | & + - *; undefined otherwise. */
export function evaluate(expr: string, values: ReadonlyMap<string, number>): number | undefined {
  let unknown = false;
  const substituted = expr
    .replace(/\b(0x[0-9a-fA-F]+|\d+)[uUlL]*\b/g, (_m, n: string) => String(Number(n)))
    .replace(/\b[A-Za-z_]\w*\b/g, (name) => {
      const v = values.get(name);
      if (v === undefined) unknown = true;
      return String(v);
    });
  if (unknown || !/^[\d\s()~<>|&+\-*]+$/.test(substituted)) return undefined;
  try {
    const v = Function(`"use strict"; return (${substituted});`)() as unknown;
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function parseHeader(source: string, values: Map<string, number>): void {
  const text = stripComments(source).replace(/\\\n/g, ' ');
  // #defines first (enums refer to them and they to enums: two rounds settle the usual cases).
  const defines: [string, string][] = [];
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([^\n]+)$/gm)) defines.push([m[1]!, m[2]!.trim()]);
  const enums = [...text.matchAll(/\benum\b\s*\w*\s*\{([^}]*)\}/g)].map((m) => m[1]!);
  for (let round = 0; round < 3; round++) {
    for (const [name, expr] of defines) {
      if (values.has(name)) continue;
      const v = evaluate(expr, values);
      if (v !== undefined) values.set(name, v);
    }
    for (const body of enums) {
      let next: number | undefined = 0;
      for (const raw of body.split(',')) {
        const entry = raw.replace(/^\s*#.*$/gm, '').trim();
        if (entry === '') continue;
        const m = /^([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+))?$/.exec(entry);
        if (!m) {
          next = undefined;
          continue;
        }
        const value: number | undefined = m[2] !== undefined ? evaluate(m[2], values) : next;
        if (value !== undefined && !values.has(m[1]!)) values.set(m[1]!, value);
        next = value === undefined ? undefined : value + 1;
      }
    }
  }
}

/** The C name of a spec name under a prefix: `ifla-` + `proto-down` → `IFLA_PROTO_DOWN`. */
export function cName(prefix: string, name: string): string {
  return `${prefix}${name}`.toUpperCase().replace(/-/g, '_');
}
