// ipset's own errnos (above 4096, which strerror does not know) named and explained, from the numbers of
// enum ipset_errno (linux/netfilter/ipset/ip_set.h) and the type-specific ones of ip_set_hash.h,
// ip_set_bitmap.h and ip_set_list.h (each starts again at IPSET_ERR_TYPE_SPECIFIC, 4352); no root.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NetlinkError } from '@linx/netlink-wire';
import { IpsetError, IpsetProtocolError, Nfnl, ipset } from '../src/index.js';

const CMD = ipset.ipsetCmdValues;
const type = (cmd: keyof typeof CMD) => 0x600 | CMD[cmd];
const list = compileMessage(ipset.ipsetMessage);

/** A kernel whose DESTROY (and, for a hash:ip set, ADD) fails with `errno` and an optional ext-ack message. */
function failingKernel(errno: number, message?: string, protocol = { protocol: 7, protocolMin: 6 }) {
  const kernel = new FakeKernel((req, k) => {
    const reply = (attrs: Record<string, unknown>) => [{ messages: [k.reply(req, { type: req.type, flags: 0, payload: list.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs }) })] }, k.ack(req)];
    if (req.type === type('protocol')) return reply(protocol);
    if (req.type === type('header')) return reply({ protocol: 7, setname: 's', typename: 'hash:ip', revision: 6, family: 'inet' });
    return k.error(req, -errno, message === undefined ? {} : { message });
  });
  return new Nfnl(kernel);
}

describe('ipset errors', () => {
  it('are named and explained; the kind of set decides a type-specific number', async () => {
    const nfnl = failingKernel(4100); // IPSET_ERR_BUSY
    const busy = await nfnl.ipset.destroy('s').catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(IpsetError);
    expect((busy as IpsetError).message).toBe('destroy s: IPSET_ERR_BUSY (the set is in use and cannot be destroyed)');
    expect((busy as IpsetError).reason).toBe('IPSET_ERR_BUSY');
    expect((busy as IpsetError).cause).toBeInstanceOf(NetlinkError);
    expect((busy as IpsetError).index).toBeUndefined();
    nfnl.close();
    const full = failingKernel(4352, 'no room');
    const error = await full.ipset.add('s', { ip: '10.0.0.1' }).catch((e: unknown) => e);
    expect((error as IpsetError).message).toBe('add s: IPSET_ERR_HASH_FULL (the hash set is full (maxelem)): no room');
    // Without a set type (destroy names none) a type-specific number stays a number.
    const unknown = await full.ipset.destroy('s').catch((e: unknown) => e);
    expect((unknown as IpsetError).message).toBe('destroy s: IPSET_ERR_TYPE_SPECIFIC+0: no room');
    full.close();
  });

  it('type-specific numbers per kind of set, none for a kind linx does not know', () => {
    expect([4352, 4353, 4354, 4355, 4356, 4357].map((n) => ipset.ipsetErrnoName(n, 'hash:net'))).toEqual(['IPSET_ERR_HASH_FULL', 'IPSET_ERR_HASH_ELEM', 'IPSET_ERR_INVALID_PROTO', 'IPSET_ERR_MISSING_PROTO', 'IPSET_ERR_HASH_RANGE_UNSUPPORTED', 'IPSET_ERR_HASH_RANGE']);
    expect([4352, 4353].map((n) => ipset.ipsetErrnoName(n, 'bitmap:port'))).toEqual(['IPSET_ERR_BITMAP_RANGE', 'IPSET_ERR_BITMAP_RANGE_SIZE']);
    expect([4352, 4353, 4354, 4355, 4356, 4357].map((n) => ipset.ipsetErrnoName(n, 'list:set'))).toEqual(['IPSET_ERR_NAME', 'IPSET_ERR_LOOP', 'IPSET_ERR_BEFORE', 'IPSET_ERR_NAMEREF', 'IPSET_ERR_LIST_FULL', 'IPSET_ERR_REF_EXIST']);
    expect(ipset.ipsetErrnoName(4352, 'queue:x')).toBeUndefined();
    expect(ipset.ipsetErrnoName(4352)).toBeUndefined();
    expect(ipset.ipsetErrnoName(4103)).toBe('IPSET_ERR_EXIST');
    expect(ipset.ipsetErrnoName(4351)).toBeUndefined();
  });

  it('an ordinary errno stays the kernel\'s NetlinkError, IPSET_ERR_PRIVATE (4096) too', async () => {
    for (const errno of [2, 4096]) {
      const nfnl = failingKernel(errno);
      const error = await nfnl.ipset.destroy('s').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetlinkError);
      expect(error).not.toBeInstanceOf(IpsetError);
      expect((error as NetlinkError).errno).toBe(errno);
      nfnl.close();
    }
  });

  it('a kernel outside linx\'s protocol range fails the first verb with both ranges', async () => {
    const nfnl = failingKernel(0, undefined, { protocol: 5, protocolMin: 5 });
    const error = await nfnl.ipset.flushAll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpsetProtocolError);
    expect((error as Error).message).toBe('the kernel speaks ipset protocol 5…5, linx 6…7');
    nfnl.close();
  });
});
