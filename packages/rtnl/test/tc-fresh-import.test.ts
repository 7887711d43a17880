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

  it('the unit tables: every unit tc(8) names, as bytes per second, bytes and microseconds', async () => {
    const { parseRate, parseSize, parseTime } = await import('../src/index.js');
    // tc(8) RATES: bit/kbit/mbit/gbit/tbit decimal bits, kibit… binary bits, bps… bytes (decimal), kibps… binary bytes.
    const rates: [string, number][] = [
      ['8bit', 1], ['1kbit', 125], ['1mbit', 125e3], ['1gbit', 125e6], ['1tbit', 125e9], ['1kibit', 128], ['1mibit', 131_072], ['1gibit', 134_217_728], ['1tibit', 137_438_953_472],
      ['1bps', 1], ['1kbps', 1e3], ['1mbps', 1e6], ['1gbps', 1e9], ['1tbps', 1e12], ['1kibps', 1024], ['1mibps', 1_048_576], ['1gibps', 1_073_741_824], ['1tibps', 1_099_511_627_776],
      ['1e3kbit', 125e3], ['2.5E2kbit', 31_250], ['.5mbit', 62_500], [' 2mbit', 250e3],
    ];
    for (const [text, bytes] of rates) expect([text, parseRate(text, 'rate')]).toEqual([text, bytes]);
    // tc(8) SIZES: b, k/kb, m/mb, g/gb binary bytes; kbit, mbit, gbit binary bits.
    const sizes: [string, number][] = [['1b', 1], ['1k', 1024], ['1kb', 1024], ['1m', 1_048_576], ['1mb', 1_048_576], ['1g', 1_073_741_824], ['1gb', 1_073_741_824], ['1kbit', 128], ['1mbit', 131_072], ['1gbit', 134_217_728]];
    for (const [text, bytes] of sizes) expect([text, parseSize(text, 'size')]).toEqual([text, bytes]);
    // tc(8) TIMES: s/sec/secs, ms/msec/msecs, us/usec/usecs.
    const times: [string, number][] = [['1s', 1e6], ['1sec', 1e6], ['1secs', 1e6], ['1ms', 1e3], ['1msec', 1e3], ['1msecs', 1e3], ['1us', 1], ['1usec', 1], ['1usecs', 1]];
    for (const [text, us] of times) expect([text, parseTime(text, 'time')]).toEqual([text, us]);
  });
});
