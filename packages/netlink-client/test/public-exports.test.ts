// The values each entry point of @linx/netlink-client exports, pinned: an export added or
// removed by accident fails here. Removing one from a published entry point is a breaking change (say so
// in a changeset); adding one is an API to keep (document it in the README's "What this package exports").
import { describe, expect, it } from 'vitest';

describe('@linx/netlink-client public value exports', () => {
  it('@linx/netlink-client', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'FamilyClient', 'checkListOptions', 'decodeChunk', 'requestOptions', 'resolveMessageType',
    ]);
  });
});
