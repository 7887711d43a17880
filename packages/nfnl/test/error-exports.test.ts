// The errors the lower layers throw through this package's calls are exported from it, as the very same
// classes (so `instanceof` and `catch` work without importing wire, codec or socket).
import * as codec from '@linx/netlink-codec';
import * as socket from '@linx/netlink-socket';
import * as wire from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import * as pkg from '../src/index.js';

describe('error classes re-exported from the layers below', () => {
  it('are the same classes', () => {
    const exported = pkg as Record<string, unknown>;
    for (const name of ['LinxError', 'NetlinkError', 'MalformedError', 'InvalidArgumentError', 'NoSuchInterfaceError'] as const) {
      if (name in exported) expect(exported[name], name).toBe(wire[name]);
    }
    for (const name of ['LinxError', 'NetlinkError', 'MalformedError', 'InvalidArgumentError'] as const) expect(exported[name], name).toBe(wire[name]);
    for (const name of ['TimeoutError', 'AbortError', 'DumpInterruptedError', 'OverrunError', 'SocketClosedError', 'NativeError'] as const) expect(exported[name], name).toBe(socket[name]);
    for (const name of ['InvalidValueError', 'DecodeError'] as const) expect(exported[name], name).toBe(codec[name]);
  });
});
