// `links.set(dev, { address })` checks the new address's length against the link's before sending the
// change, as `ip link set … address` does ("Invalid address length 7 - must be 6 bytes"): the kernel
// would take the first dev->addr_len bytes of a longer one without a word. No kernel: a fake one answers
// the lookup with an Ethernet link (6-byte address and broadcast).
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/index.js';
import { fakeRtnl } from './helpers/link-golden.js';

const RTM_GETLINK = 18;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('links.set: a link-layer address must be as long as the link’s', () => {
  it('7 bytes for a 6-byte link: InvalidArgumentError naming address, and no change sent (only the lookup)', async () => {
    const { rtnl, kernel, changes } = fakeRtnl({ v0: 3 });
    const error = await rejection(rtnl.links.set('v0', { address: '02:00:00:00:00:00:01' }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'address' });
    expect((error as Error).message).toBe('address: "02:00:00:00:00:00:01" is 7 bytes; v0\'s link-layer addresses are 6 bytes');
    expect(changes()).toEqual([]);
    expect(kernel.requests.map((r) => r.type)).toEqual([RTM_GETLINK]);
  });

  it('shorter (5 bytes) by index, and a broadcast address of the wrong length, are refused the same way', async () => {
    const { rtnl, changes } = fakeRtnl({ v0: 3 });
    expect(await rejection(rtnl.links.set(3, { address: '02:00:00:00:01', mtu: 1400 }))).toMatchObject({ argument: 'address' });
    expect(await rejection(rtnl.links.set(3, { broadcast: 'ff:ff:ff:ff:ff:ff:ff:ff' }))).toMatchObject({
      argument: 'broadcast',
      message: 'broadcast: "ff:ff:ff:ff:ff:ff:ff:ff" is 8 bytes; v0\'s broadcast addresses are 6 bytes',
    });
    expect(changes()).toEqual([]);
  });

  it('6 bytes goes through: the lookup, then the change with IFLA_ADDRESS', async () => {
    const { rtnl, kernel, changes } = fakeRtnl({ v0: 3 });
    await rtnl.links.set('v0', { address: '02:00:00:00:00:09', broadcast: 'ff:ff:ff:ff:ff:fe' });
    expect(kernel.requests.map((r) => r.type)).toEqual([RTM_GETLINK, RTM_GETLINK, 16]);
    expect(changes()).toHaveLength(1);
  });

  it('a malformed address is refused before any lookup', async () => {
    const { rtnl, kernel } = fakeRtnl({ v0: 3 });
    expect(await rejection(rtnl.links.set('v0', { address: '02:00:00:00:00:0g' }))).toMatchObject({ argument: 'address' });
    expect(kernel.requests).toEqual([]);
  });
});
