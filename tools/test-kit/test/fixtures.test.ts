import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixture } from '../src/fixtures.js';

describe('fixture', () => {
  it('finds the repository fixtures from a test copied deeper in the tree, as Stryker copies it', () => {
    // A file as Stryker would run it: packages/rtnl/.stryker-tmp/sandbox-1/test/x.test.ts (need not exist).
    const deep = new URL('../../../packages/rtnl/.stryker-tmp/sandbox-1/test/x.test.ts', import.meta.url);
    const found = fixture('pyroute2/nl0.pcap', deep);
    expect(found).toBe(new URL('../../../fixtures/pyroute2/nl0.pcap', import.meta.url).pathname);
    expect(existsSync(found)).toBe(true);
  });

  it('throws naming the fixture when no folder above has it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linx-fixture-'));
    try {
      mkdirSync(join(dir, 'test'));
      expect(() => fixture('pyroute2/none.pcap', pathToFileURL(join(dir, 'test', 'x.test.ts')))).toThrow(/fixture pyroute2\/none\.pcap: no fixtures\/pyroute2\/none\.pcap in any folder above/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
