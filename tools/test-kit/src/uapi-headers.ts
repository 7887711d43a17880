// Constants checked against the kernel's UAPI headers by the C compiler: each `[C_EXPRESSION, value]` becomes
// a `_Static_assert(C_EXPRESSION == value)` that gcc checks with the headers in /usr/include (a constant's
// name, or `sizeof(struct x)`, `offsetof(struct x, y)` with stddef.h). For declarations written by hand or
// added by overlay (no YNL spec states them). No root.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why the check cannot run here (no gcc, or a header missing), or undefined. */
export function uapiSkipReason(headers: readonly string[]): string | undefined {
  if (spawnSync('gcc', ['--version'], { encoding: 'utf8' }).status !== 0) return 'gcc is not installed';
  if (!headers.every((h) => existsSync(join('/usr/include', h)))) return 'the kernel UAPI headers are not in /usr/include';
  return undefined;
}

/**
 * The constants gcc finds wrong ("NAME is not VALUE") or missing ("NAME is not in the headers"), and
 * gcc's status and output; an empty list and status 0 mean every one is the headers' value.
 */
export function uapiMismatches(headers: readonly string[], constants: readonly (readonly [string, number])[]): { failures: string[]; status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'linx-uapi-'));
  try {
    const file = join(dir, 'check.c');
    const lines = ['#include <linux/types.h>', ...headers.map((h) => `#include <${h}>`), ...constants.map(([name, value]) => `_Static_assert(${name} == ${value}, "${name} is not ${value}");`)];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const run = spawnSync('gcc', ['-fsyntax-only', '-fmax-errors=0', file], { encoding: 'utf8' });
    const failures = [...run.stderr.matchAll(/static assertion failed: "([^"]+)"|error: [‘'](\w+)[’'] undeclared/g)].map((m) => m[1] ?? `${m[2]} is not in the headers`);
    return { failures, status: run.status, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A declaration's name as its C constant's suffix: `ipTo` → `IP_TO`, `with-counters` → `WITH_COUNTERS`, `getStatsCpu` → `GET_STATS_CPU`. */
export const cName = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase();

/** Every attribute of `set` as `[PREFIX + C name, id]` (`rename` gives a C name outright). */
export function attributeConstants(set: { attributes: Readonly<Record<string, { id: number }>> }, prefix: string, rename: Record<string, string> = {}): [string, number][] {
  return Object.entries(set.attributes).map(([name, a]) => [rename[name] ?? `${prefix}${cName(name)}`, a.id]);
}

/** Every value of a name → number table as `[PREFIX + C name, value]`. */
export function valueConstants(map: Record<string, number>, prefix: string): [string, number][] {
  return Object.entries(map).map(([name, v]) => [`${prefix}${cName(name)}`, v]);
}
