// The generated modules committed in the repository are exactly what the generator writes from the specs
// now (run `pnpm --filter @linx/ynl-gen generate` after changing the generator, the codec's DSL or a spec).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/emit.js';
import { loadSpec } from '../src/load.js';
import { constantsModuleOf, repoRoot, TARGETS } from '../src/targets.js';
import { SPEC_DIR } from './helpers/specs.js';

describe('committed outputs', () => {
  it('cover every family spec in specs/ once (the four schema files aside), genetlink ones in packages/genl', () => {
    const families = readdirSync(SPEC_DIR).filter((f) => f.endsWith('.yaml') && !/^(genetlink(-legacy|-c)?|netlink-raw)\.yaml$/.test(f));
    expect(TARGETS.map((t) => t.spec).sort()).toEqual(families.sort());
    for (const target of TARGETS) {
      const protocol = loadSpec(join(SPEC_DIR, target.spec)).spec.protocol ?? 'genetlink';
      if (protocol !== 'netlink-raw') expect(target.out, target.spec).toMatch(/^packages\/genl\/src\//);
    }
  });

  it.each(TARGETS.map((t) => [t.spec, t.out, t]))('%s → %s is up to date', (spec, out, target) => {
    const generated = generate(loadSpec(join(SPEC_DIR, spec)), { constantsModule: constantsModuleOf(target) });
    expect(readFileSync(join(repoRoot(), out), 'utf8')).toBe(generated.code);
    if (target.constants !== undefined) expect(readFileSync(join(repoRoot(), target.constants), 'utf8')).toBe(generated.constantsCode);
  });
});
