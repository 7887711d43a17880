// The Nfnl handle's lifetime: close (idempotent) closes the socket and fails calls in flight; `using` and
// `await using` close it at the end of the scope.
import { describe, expect, it } from 'vitest';
import { SocketClosedError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { Nfnl } from '../src/index.js';

describe('Nfnl', () => {
  it('close closes the socket and fails what is in flight; twice is fine', async () => {
    const kernel = new FakeKernel(() => undefined);
    const nfnl = new Nfnl(kernel);
    const pending = nfnl.nftables.generation();
    nfnl.close();
    await expect(pending).rejects.toBeInstanceOf(SocketClosedError);
    expect(kernel.closed).toBe(true);
    expect(() => nfnl.close()).not.toThrow();
  });

  it('using closes at the end of the scope', () => {
    const kernel = new FakeKernel();
    {
      using nfnl = new Nfnl(kernel);
      expect(nfnl.connection).toBeDefined();
      expect(kernel.closed).toBe(false);
    }
    expect(kernel.closed).toBe(true);
  });

  it('await using closes at the end of the scope', async () => {
    const kernel = new FakeKernel();
    {
      await using nfnl = new Nfnl(kernel);
      expect(kernel.closed).toBe(false);
      void nfnl;
    }
    expect(kernel.closed).toBe(true);
  });
});
