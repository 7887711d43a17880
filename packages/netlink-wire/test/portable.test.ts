// The wire package must run in a browser: no Node built-in modules, no Node globals, no dependencies.
// (The build also compiles with `types: []`, so a Node type would not even type-check.)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('portability', () => {
  it.each(files(src).map((f) => [f.slice(src.length + 1), f]))('%s uses no Node-only API', (_, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    // Only relative imports: no Node built-in, no package.
    for (const [, spec] of code.matchAll(/from '([^']+)'/g)) expect(spec!.startsWith('.')).toBe(true);
    const withoutStrings = code.replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "''");
    expect(withoutStrings).not.toMatch(/\b(Buffer|process|require|__dirname|setImmediate|global)\b/);
  });

  it('has no dependencies', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.sideEffects).toBe(false);
  });
});
