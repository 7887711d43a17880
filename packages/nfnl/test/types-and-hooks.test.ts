// Set key/data types and base chain hooks as numbers: nft's `enum datatypes` (nftables include/datatype.h)
// packed 6 bits per concatenated field (nft 1.0.6 sends `ipv4_addr . inet_service` as NFTA_SET_KEY_TYPE
// 0x1cd), hooks by family (linux/netfilter.h enum nf_inet_hooks and nf_dev_hooks, linux/netfilter_arp.h
// NF_ARP_*), and the standard priorities as nft(8) lists them.
import { describe, expect, it } from 'vitest';
import { nft } from '../src/index.js';

describe('set data types', () => {
  it('names and concatenations pack like nft; spacing around the dots does not matter', () => {
    expect(nft.datatypeId('ipv4_addr . inet_service')).toBe(0x1cd);
    expect(nft.datatypeId('ipv4_addr.inet_service')).toBe(0x1cd);
    expect(nft.datatypeId(' ipv4_addr .  inet_service ')).toBe(0x1cd);
    expect(nft.datatypeId('ifname . ipv6_addr . mark')).toBe((41 << 12) | (8 << 6) | 19);
    // Empty parts (a stray or trailing dot) are no fields.
    expect(nft.datatypeId('ipv4_addr . inet_service .')).toBe(0x1cd);
    expect(nft.fieldSizes('. ipv4_addr')).toEqual([4]);
  });

  it('a number passes through; "verdict" is NFT_DATA_VERDICT only as map data', () => {
    expect(nft.datatypeId(0x1234)).toBe(0x1234);
    expect(nft.datatypeId(0x1234, true)).toBe(0x1234);
    expect(nft.datatypeId('verdict')).toBe(1); // TYPE_VERDICT, as a key type
    expect(nft.datatypeId('verdict', true)).toBe(0xffff_ff00);
    expect(nft.datatypeId('ipv4_addr', true)).toBe(7);
  });

  it('an unknown part is refused by name', () => {
    expect(() => nft.datatypeId('ipv4_addr . port')).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'keyType', message: 'keyType: unknown nft data type "port"' }));
  });

  it('six fields overflow into the sign bit: the id stays an unsigned 32-bit number, and reads back', () => {
    const type = 'nf_proto . ipv4_addr . ipv4_addr . ipv4_addr . ipv4_addr . ipv4_addr';
    const id = nft.datatypeId(type);
    expect(id).toBe(2 * 2 ** 30 + ((7 << 24) | (7 << 18) | (7 << 12) | (7 << 6) | 7));
    expect(nft.datatypeName(id)).toBe(type);
  });

  it('numbers read back as names, 0 and unknown ids as numbers', () => {
    expect(nft.datatypeName(7)).toBe('ipv4_addr');
    expect(nft.datatypeName((7 << 6) | 0)).toBe('ipv4_addr . invalid');
    expect(nft.datatypeName((63 << 6) | 7)).toBe((63 << 6) | 7);
    expect(nft.datatypeName(0)).toBe(0);
    expect(nft.datatypeName(1)).toBe('verdict');
    expect(nft.datatypeName(1, true)).toBe('verdict');
    // NFT_DATA_VERDICT means a verdict map only as data; as a key it is no type nft knows.
    expect(nft.datatypeName(0xffff_ff00)).toBe(0xffff_ff00);
    expect(nft.datatypeName(13, true)).toBe('inet_service');
  });

  it('field sizes: fixed-size types only', () => {
    expect(nft.fieldSizes('ipv4_addr')).toEqual([4]);
    expect(nft.fieldSizes('ether_addr . inet_proto')).toEqual([6, 1]);
    expect(nft.fieldSizes('ipv4_addr . integer')).toBeUndefined();
    expect(nft.fieldSizes('no_such_type')).toBeUndefined();
    expect(nft.fieldSizes(7)).toBeUndefined();
  });

  it('key lengths: one field as it is, concatenations padded to 4 bytes per field', () => {
    expect(nft.keyLength([1])).toBe(1);
    expect(nft.keyLength([6])).toBe(6);
    expect(nft.keyLength([1, 1])).toBe(8);
    expect(nft.keyLength([4, 2])).toBe(8); // nft 1.0.6: `ipv4_addr . inet_service` has NFTA_SET_KEY_LEN 8
    expect(nft.keyLength([6, 16])).toBe(24);
  });
});

describe('hooks', () => {
  it('by family: inet and ip number them as enum nf_inet_hooks, arp as NF_ARP_*, netdev as nf_dev_hooks', () => {
    expect(['prerouting', 'input', 'forward', 'output', 'postrouting'].map((h) => nft.hookNumber('ip', h as nft.HookName))).toEqual([0, 1, 2, 3, 4]);
    expect(nft.hookNumber('inet', 'ingress')).toBe(5); // NF_INET_INGRESS
    expect(['input', 'output', 'forward'].map((h) => nft.hookNumber('arp', h as nft.HookName))).toEqual([0, 1, 2]);
    expect(nft.hookNumber('netdev', 'ingress')).toBe(0);
  });

  it('a number passes through', () => {
    expect(nft.hookNumber('ip', 7)).toBe(7);
  });

  it('a hook the family has not is refused, naming those it has', () => {
    expect(() => nft.hookNumber('arp', 'prerouting')).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'hook', message: 'hook: arp has no hook "prerouting" (it has input, output, forward)' }));
    expect(() => nft.hookNumber('unspec', 'input')).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', message: 'hook: unspec has no hook "input" (it has none)' }));
  });

  it('numbers read back as names for the family, or stay numbers', () => {
    expect(nft.hookName('ip6', 4)).toBe('postrouting');
    expect(nft.hookName('netdev', 1)).toBe('egress');
    expect(nft.hookName('netdev', 4)).toBe(4);
    expect(nft.hookName(99, 1)).toBe(1);
  });
});

describe('priorities', () => {
  it('standard names per family (nft(8): raw -300 … srcnat 100; bridge dstnat -300 … srcnat 300)', () => {
    expect(nft.priorityNumber('inet', 'raw')).toBe(-300);
    expect(nft.priorityNumber('ip', 'dstnat')).toBe(-100);
    expect(nft.priorityNumber('bridge', 'dstnat')).toBe(-300);
    expect(nft.priorityNumber('bridge', 'filter')).toBe(-200);
    expect(nft.priorityNumber('netdev', 'filter')).toBe(0);
  });

  it('a number passes through; a name the family does not have is refused', () => {
    expect(nft.priorityNumber('ip', -5)).toBe(-5);
    expect(() => nft.priorityNumber('bridge', 'raw')).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'priority', message: 'priority: no standard priority "raw" for bridge (one of dstnat, filter, out, srcnat, or a number)' }));
    expect(() => nft.priorityNumber('ip', 'out')).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', message: 'priority: no standard priority "out" for ip (one of raw, mangle, dstnat, filter, security, srcnat, or a number)' }));
  });
});
