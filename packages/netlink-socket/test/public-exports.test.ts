// The values each entry point of @linx/netlink-socket exports, pinned: an export added or
// removed by accident fails here. Removing one from a published entry point is a breaking change (say so
// in a changeset); adding one is an API to keep (document it in the README's "What this package exports").
import { describe, expect, it } from 'vitest';

describe('@linx/netlink-socket public value exports', () => {
  it('@linx/netlink-socket', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'AbortError', 'Connection', 'DumpInterruptedError', 'DumpSeries', 'InvalidArgumentError', 'MessageChunk', 'NETNS_RUN_DIR',
      'NativeBinaryMissingError', 'NativeError', 'NativeLoadError', 'NetnsExistsError', 'NetnsNotFoundError', 'OverrunError', 'PendingDump',
      'SocketClosedError', 'Subscription', 'TimeoutError', 'addNetns', 'checkNetnsName', 'checkOnInterrupt',
      'deleteNetns', 'dumpList', 'listNetns', 'readWholeDump', 'resolveNetns',
    ]);
  });

  it('@linx/netlink-socket/native', async () => {
    expect(Object.keys(await import('../src/native/index.js')).sort()).toEqual([
      'META_GROUP', 'META_LENGTH', 'META_NSID', 'META_OFFSET', 'META_PORT_ID', 'META_STRIDE', 'NO_NSID',
      'RawNetlinkSocket', 'bpfObjGet', 'datagramCount', 'datagrams', 'fromNativeError', 'loadNative',
    ]);
  });
});
