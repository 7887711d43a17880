// No fd leak over many open/close cycles: in the caller's namespace (with and without a started poll
// handle, and through failures), and in another namespace (a native thread per open).
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETLINK_ROUTE } from '@linx/netlink-wire';
import { NativeError } from '../../src/index.js';
import { RawNetlinkSocket } from '../../src/native/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { sleep } from '../helpers/rtnl.js';

const fdCount = (): number => readdirSync('/proc/self/fd').length;
const handlers = { onBatch() {}, onOverrun() {}, onError() {} };

describe('fd leaks', () => {
  it('10,000 open/close cycles in the caller namespace leave the fd count unchanged', async () => {
    const before = fdCount();
    for (let i = 0; i < 10_000; i++) {
      const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE });
      if (i % 4 === 0) socket.start(handlers);
      if (i % 8 === 0) socket.addMembership(1);
      socket.close();
    }
    // Closed poll handles are freed on the next loop iteration.
    await sleep(10);
    expect(fdCount()).toBe(before);
  }, 60_000);

  it('failed opens leak nothing either', () => {
    const before = fdCount();
    for (let i = 0; i < 1_000; i++) {
      expect(() => RawNetlinkSocket.open({ protocol: 31 })).toThrow(NativeError);
      expect(() => RawNetlinkSocket.open({ protocol: 0, netns: { path: '/nonexistent/netns' } })).toThrow(NativeError);
      expect(() => RawNetlinkSocket.open({ protocol: 0, netns: { path: '/proc/self/ns/uts' } })).toThrow(NativeError);
    }
    expect(fdCount()).toBe(before);
  });

  describe.skipIf(kernelSkipReason !== undefined)('in a namespace', () => {
    let ns: TestNetns;
    beforeAll(() => {
      ns = createNetns();
    });
    afterAll(() => ns?.remove());

    it('10,000 open/close cycles through the namespace thread leave the fd count and thread count unchanged', async () => {
      const threads = (): number => readdirSync('/proc/self/task').length;
      const before = fdCount();
      const threadsBefore = threads();
      for (let i = 0; i < 10_000; i++) {
        const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: ns.name });
        if (i % 4 === 0) socket.start(handlers);
        socket.close();
      }
      await sleep(10);
      expect(fdCount()).toBe(before);
      expect(threads()).toBe(threadsBefore);
    }, 60_000);
  });
});
