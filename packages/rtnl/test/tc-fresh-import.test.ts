// Every check of tc-requests.test.ts and tc-dumps.test.ts again, on a freshly imported package. tc's code
// loads on first use, so its module-level values (the request and reply declarations, the kind and word
// tables) are computed once per test file, inside whichever test first calls a tc verb. Under mutation
// testing (`pnpm mutation`) a mutant in such a value is then tried only against that first test, and the
// checks that would catch it never run with it. Here each test resets the module registry and imports the
// checks (and through them the package) anew, so these values are computed within the test that checks them.
import { beforeEach, describe, expect, it, vi } from 'vitest';

beforeEach(() => {
  vi.resetModules();
});

describe('tc in a fresh import', () => {
  it("every request equals tc's, as captured", async () => {
    const { requestChecks } = await import('./helpers/tc-checks.js');
    for (const c of requestChecks()) await c.run();
  });

  it("every dump reads as tc's output, as captured", async () => {
    const { dumpChecks } = await import('./helpers/tc-checks.js');
    for (const c of dumpChecks()) await c.run();
  });

  it('the tc verb groups, lazily loaded, carry their real classes\' names and calls', async () => {
    const rtnl = await import('../src/index.js');
    const real = await import('../src/first-use.js');
    for (const name of ['Qdiscs', 'TcClasses', 'TcFilters', 'TcChains', 'TcActions'] as const) {
      expect(rtnl[name].name).toBe(name);
      const calls = (cls: { prototype: object }) => Object.getOwnPropertyNames(cls.prototype).filter((k) => k !== 'constructor').sort();
      expect(calls(rtnl[name])).toEqual(calls(real[name]));
    }
  });
});
