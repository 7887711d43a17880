// The values each entry point of @linx/cli exports, pinned: an export added or
// removed by accident fails here. Removing one from a published entry point is a breaking change (say so
// in a changeset); adding one is an API to keep (document it in the README's "What this package exports").
import { describe, expect, it } from 'vitest';

describe('@linx/cli public value exports', () => {
  it('@linx/cli', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'EXIT', 'NoSuchNamespaceError', 'UsageError', 'addressToIp', 'linkToIp', 'main', 'neighbourToIp',
      'parseCommandLine', 'qdiscToTc', 'routeToIp', 'ruleToIp',
    ]);
  });
});
