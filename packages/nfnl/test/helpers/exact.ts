// `toEqual` ignores properties whose value is undefined; the friendly objects leave out what the kernel
// did not send. This checks both: equal values, and exactly the expected properties, at every level.
import { expect } from 'vitest';

function keysOf(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => keysOf(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const key of Object.keys(value).sort()) {
      out.push(`${path}.${key}`);
      keysOf((value as Record<string, unknown>)[key], `${path}.${key}`, out);
    }
  }
}

export function expectExactly(actual: unknown, expected: unknown): void {
  expect(actual).toEqual(expected);
  const a: string[] = [];
  const e: string[] = [];
  keysOf(actual, '', a);
  keysOf(expected, '', e);
  expect(a).toEqual(e);
}

/** The same for each of a list. */
export function expectEachExactly(actual: readonly unknown[], expected: readonly unknown[]): void {
  expectExactly(actual, expected);
}
