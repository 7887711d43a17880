// Runtimes that forbid code generation from strings get the same codec, without generated loops: the
// same bytes decode to the same values and encode back identically. Checked in a Node started with
// --disallow-code-generation-from-strings, against the built package.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const script = `
import { attr, attrset, decode, encode, nest, string, struct, structType, u16, u32, u8, pad, subMessage, indexedArray } from './index.js';
let generated = true;
try { new Function('return 1'); } catch { generated = false; }
const point = struct('point', { x: u16(), pad: pad(2), y: u32() });
const inner = attrset('inner', { a: attr(1, u32()), b: attr(2, string()) });
const set = attrset('top', {
  kind: attr(1, string()),
  n: attr(2, u8()),
  list: attr(3, u32(), { multi: true }),
  pt: attr(4, structType(point)),
  in: attr(5, nest(inner)),
  arr: attr(6, indexedArray(nest(inner))),
  data: attr(7, subMessage('kind', { a: { attrs: inner } })),
});
const value = { kind: 'a', n: 7, list: [1, 2, 3], pt: { x: 5, y: 9 }, in: { a: 1, b: 'x' }, arr: [{ a: 2 }, { b: 'y' }], data: { a: 4 } };
const bytes = encode(set, value);
// Past the objects a set decodes interpreted before its code is generated (src/tier.ts), where allowed.
for (let i = 0; i < 100; i++) encode(set, decode(set, bytes));
const back = decode(set, bytes);
const again = encode(set, back);
let error = '';
try { decode(set, Uint8Array.of(4, 0, 2, 0)); } catch (e) { error = e.message; }
console.log(JSON.stringify({ generated, same: JSON.stringify(back) === JSON.stringify(value), identical: Buffer.compare(Buffer.from(bytes), Buffer.from(again)) === 0, error }));
`;

// It builds the package with its tsconfig.build.json, which a mutation sandbox does not copy (nor could a
// mutant be active in the child process): there it is skipped; the tests run on both variants of test/codec-variants.ts
// check the interpreted fallback in process.
const buildable = existsSync(join(root, 'tsconfig.build.json'));

describe.skipIf(!buildable)(`without code generation${buildable ? '' : ' (skipped: no tsconfig.build.json here)'}`, () => {
  it('decodes and encodes the same, with the same errors', () => {
    // Into a folder of its own, not dist/: dist/ is the bundle that other packages' tests, the bench and the
    // packed tarballs use, and tsc's per-module output written over it stayed there. Inside the package,
    // so the build's imports of @linx/netlink-wire resolve from the package's node_modules.
    const out = mkdtempSync(join(root, '.no-codegen-'));
    try {
      execFileSync(process.execPath, [fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.build.json', '--outDir', out, '--declaration', 'false'], { cwd: root });
      const run = (flags: string[]) => JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: out, encoding: 'utf8' }));
      const interpreted = run(['--disallow-code-generation-from-strings']);
      const generated = run([]);
      expect(interpreted.generated).toBe(false);
      expect(generated.generated).toBe(true);
      expect(interpreted).toEqual({ generated: false, same: true, identical: true, error: generated.error });
      expect(generated.same && generated.identical).toBe(true);
      expect(generated.error).toMatch(/^n: u8 needs 1 bytes/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    // A compile and two node processes: 2-3 s alone, over vitest's 5 s default at load 13 (failed once so).
  }, 60_000);
});
