// Addresses without a kernel: planAdd / planDelete (what addresses.add/replace/delete check and send) as
// plain functions, and decodeAddress on literal RTM_NEWADDR payloads. Numbers from linux/if_addr.h:
// struct ifaddrmsg (family, prefixlen, flags, scope u8; index u32), IFA_* ids (address 1, local 2, label 3,
// broadcast 4, anycast 5, cacheinfo 6, multicast 7, flags 8, rt_priority 9, proto 11), struct
// ifa_cacheinfo (prefered, valid, cstamp, tstamp u32; INFINITY_LIFE_TIME 0xffffffff), IFA_F_* (nodad 0x02,
// permanent 0x80, managetempaddr 0x100, noprefixroute 0x200).
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DecodeError, UNKNOWN } from '@linx/netlink-codec';
import { familyFilter, planAdd, planDelete, planDeleteListed, withIndex, type AddressSettings } from '../src/address/request.js';
import { decodeAddress, lifetime, type Address } from '../src/address/shape.js';
import { refusal, thrownAs } from './helpers/refusal.js';

const v4 = (...b: number[]) => b.join('.');
const add = (address: string, settings: AddressSettings = {}) => planAdd(address, settings);

describe('planAdd', () => {
  it('the prefix length: the address\'s, or the peer\'s when written there; both written must agree', () => {
    expect(add('10.0.0.1/24').header).toEqual({ ifaFamily: 2, ifaPrefixlen: 24, ifaFlags: 0, ifaScope: 0 });
    expect(add('10.0.0.1').header.ifaPrefixlen).toBe(32);
    expect(add('10.0.0.1', { peer: '10.0.0.2/30' })).toMatchObject({ header: { ifaPrefixlen: 30 }, attrs: { local: v4(10, 0, 0, 1), address: v4(10, 0, 0, 2) } });
    expect(add('10.0.0.1/30', { peer: '10.0.0.2' }).header.ifaPrefixlen).toBe(30);
    expect(add('10.0.0.1/30', { peer: '10.0.0.2/30' }).header.ifaPrefixlen).toBe(30);
    expect(add('fd00::1', { peer: 'fd00::2/64' }).header).toMatchObject({ ifaFamily: 10, ifaPrefixlen: 64 });
    expect(refusal(() => add('10.0.0.1/24', { peer: '10.0.0.2/30' })).message).toBe('peer: prefix lengths disagree: 10.0.0.1/24 and peer 10.0.0.2/30');
    expect(refusal(() => add('10.0.0.1', { peer: 'fd00::2' })).message).toBe('peer: fd00::2 and 10.0.0.1 are not of one family');
  });

  it('broadcast +: the prefix with every host bit set', () => {
    expect(add('10.1.2.3/8', { broadcast: true }).attrs.broadcast).toBe('10.255.255.255');
    expect(add('192.168.1.77/26', { broadcast: true }).attrs.broadcast).toBe('192.168.1.127');
    expect(add('192.168.1.77/30', { broadcast: true }).attrs.broadcast).toBe('192.168.1.79');
    expect(add('192.168.1.77/0', { broadcast: true }).attrs.broadcast).toBe('255.255.255.255');
    expect(add('172.16.0.1/12', { broadcast: true }).attrs.broadcast).toBe('172.31.255.255');
    expect(refusal(() => add('10.0.0.1/31', { broadcast: true })).message).toBe('broadcast: a /31 has no broadcast address');
    expect(refusal(() => add('10.0.0.1/32', { broadcast: true })).argument).toBe('broadcast');
  });

  it('broadcast given: an IPv4 address without a length', () => {
    expect(add('10.0.0.1/24', { broadcast: '10.0.0.255' }).attrs.broadcast).toBe('10.0.0.255');
    expect(refusal(() => add('10.0.0.1/24', { broadcast: 'fd00::ff' })).message).toBe('broadcast: fd00::ff is not an IPv4 address');
    expect(refusal(() => add('10.0.0.1/24', { broadcast: 'x' })).argument).toBe('broadcast');
    expect(refusal(() => add('10.0.0.1/24', { broadcast: '10.0.0.255/24' })).message).toBe('broadcast: 10.0.0.255/24 is not an IPv4 address');
    expect(refusal(() => add('fd00::1/64', { broadcast: 'fd00::ff' })).message).toBe('broadcast: broadcast addresses are IPv4 only');
  });

  it('labels: IPv4, 1..15 bytes, no NUL', () => {
    expect(add('10.0.0.1/24', { label: 'eth0:abcdefghij' }).attrs.label).toBe('eth0:abcdefghij');
    expect(add('10.0.0.1/24', { label: 'eth0:äbcdefghi' }).attrs.label).toBe('eth0:äbcdefghi'); // 15 bytes in 14 characters
    for (const bad of ['', 'eth0:abcdefghijk', 'a\0b', 7, 'eth0:äbcdefghij']) {
      expect(refusal(() => add('10.0.0.1/24', { label: bad as never })).message, String(bad)).toMatch(/^label: .* is not a label \(1\.\.15 bytes, no NUL\)$/);
    }
    expect(refusal(() => add('fd00::1/64', { label: 'x' })).message).toBe('label: labels are IPv4 only');
  });

  it('flags: in ifa_flags when they fit in 8 bits, else all of them in IFA_FLAGS and none in ifa_flags (as ip sends them)', () => {
    expect(add('10.0.0.1/24', { flags: ['nodad', 'permanent'] })).toMatchObject({ header: { ifaFlags: 0x82 } });
    expect(add('10.0.0.1/24', { flags: ['nodad', 'permanent'] }).attrs.flags).toBeUndefined();
    expect(add('10.0.0.1/24', { flags: ['nodad', 'noprefixroute'] })).toMatchObject({ header: { ifaFlags: 0 }, attrs: { flags: 0x202 } });
    expect(add('10.0.0.1/24', { flags: [0x100] })).toMatchObject({ header: { ifaFlags: 0 }, attrs: { flags: 0x100 } });
    expect(add('10.0.0.1/24', { flags: [0x8000_0000, 0x80] })).toMatchObject({ header: { ifaFlags: 0 }, attrs: { flags: 0x8000_0080 } });
    expect(add('10.0.0.1/24', { flags: [0xff] }).attrs.flags).toBeUndefined();
    expect(refusal(() => add('10.0.0.1/24', { flags: [2 ** 32] })).argument).toBe('flags[0]');
    expect(refusal(() => add('10.0.0.1/24', { flags: 'nodad' as never })).message).toBe('flags: expected a list of flag names, e.g. ["nodad"]');
    expect(refusal(() => add('10.0.0.1/24', { flags: ['nodad', 'sticky' as never] })).message).toMatch(/^flags\[1\]: unknown address flag "sticky"; expected some of secondary, nodad/);
  });

  it('lifetimes: either alone sets the other (valid forever; preferred as valid); IFA_CACHEINFO carries both', () => {
    const info = (settings: AddressSettings) => add('10.0.0.1/24', settings).attrs.cacheinfo;
    expect(info({})).toBeUndefined();
    expect(info({ validLifetime: 600 })).toEqual({ ifaPrefered: 600, ifaValid: 600, cstamp: 0, tstamp: 0 });
    expect(info({ preferredLifetime: 300 })).toEqual({ ifaPrefered: 300, ifaValid: 0xffff_ffff, cstamp: 0, tstamp: 0 });
    expect(info({ validLifetime: 'forever', preferredLifetime: 'forever' })).toEqual({ ifaPrefered: 0xffff_ffff, ifaValid: 0xffff_ffff, cstamp: 0, tstamp: 0 });
    expect(info({ validLifetime: 60, preferredLifetime: 60 })).toMatchObject({ ifaPrefered: 60, ifaValid: 60 });
    expect(info({ validLifetime: 0xffff_fffe })).toMatchObject({ ifaValid: 0xffff_fffe });
    expect(refusal(() => info({ validLifetime: 0 })).message).toBe('validLifetime: a valid lifetime of 0 would remove the address at once');
    expect(refusal(() => info({ validLifetime: 60, preferredLifetime: 61 })).message).toBe('preferredLifetime: 61 s is longer than the valid lifetime (60 s)');
    expect(refusal(() => info({ validLifetime: 60, preferredLifetime: 'forever' })).argument).toBe('preferredLifetime');
  });

  it('metric 0..2^32-1, proto 0..255, scope by name or number; 127/8 is host by default, IPv6 loopback left to the kernel', () => {
    expect(add('10.0.0.1/24', { rtPriority: 2 ** 32 - 1, proto: 255, scope: 'site' })).toMatchObject({ header: { ifaScope: 200 }, attrs: { rtPriority: 2 ** 32 - 1, proto: 255 } });
    expect(add('10.0.0.1/24', { rtPriority: 0, proto: 0, scope: 'global' })).toMatchObject({ header: { ifaScope: 0 }, attrs: { rtPriority: 0, proto: 0 } });
    expect(add('127.1.2.3/8').header.ifaScope).toBe(254);
    expect(add('127.1.2.3/8', { scope: 'link' }).header.ifaScope).toBe(253);
    expect(add('128.0.0.1/8').header.ifaScope).toBe(0);
    expect(add('::1/128').header.ifaScope).toBe(0);
    expect(refusal(() => add('10.0.0.1/24', { proto: -1 })).argument).toBe('proto');
    expect(refusal(() => add('10.0.0.1/24', { rtPriority: -1 })).argument).toBe('rtPriority');
  });

  it('settings are an object', () => {
    expect(refusal(() => planAdd('10.0.0.1/24', null as never)).message).toBe('settings: expected an object');
    expect(refusal(() => planAdd('10.0.0.1/24', 'x' as never)).argument).toBe('settings');
  });
});

describe('planDelete and planDeleteListed', () => {
  it('the address, its peer and label as written', () => {
    expect(planDelete('10.0.0.1/24', { peer: '10.0.0.2', label: 'eth0:1' })).toEqual({
      header: { ifaFamily: 2, ifaPrefixlen: 24 },
      attrs: { local: v4(10, 0, 0, 1), address: v4(10, 0, 0, 2), label: 'eth0:1' },
    });
    expect(planDelete('fd00::1/64', {}).header).toEqual({ ifaFamily: 10, ifaPrefixlen: 64 });
    expect(refusal(() => planDelete('10.0.0.1/24', null as never)).message).toBe('match: expected an object');
    expect(refusal(() => planDelete('10.0.0.1/24', 'eth0:1' as never)).message).toBe('match: expected an object');
    expect(refusal(() => planDelete('10.0.0.1/24', { label: '' })).argument).toBe('label');
  });

  it('a listed address: local/prefixlen, its peer with the same length, its interface index', () => {
    const listed = { family: 'inet', ifindex: 7, prefixlen: 32, scope: 'universe', flags: [], local: '10.2.0.1', address: '10.2.0.2', peer: '10.2.0.2' } as Address;
    expect(planDeleteListed(listed)).toEqual({ plan: { header: { ifaFamily: 2, ifaPrefixlen: 32 }, attrs: { local: v4(10, 2, 0, 1), address: v4(10, 2, 0, 2) } }, index: 7 });
    const plain = { family: 'inet6', ifindex: 2, prefixlen: 64, scope: 'universe', flags: [], local: 'fd00::1' } as Address;
    expect(planDeleteListed(plain).plan.attrs).toEqual({ local: 'fd00::1', address: 'fd00::1' });
    expect(refusal(() => planDeleteListed({ ...plain, ifindex: 0 })).argument).toBe('address.ifindex');
  });

  it('withIndex puts the interface index in the header; familyFilter turns names into numbers', () => {
    expect(withIndex(planDelete('10.0.0.1/24', {}), 9).header).toEqual({ ifaFamily: 2, ifaPrefixlen: 24, ifaIndex: 9 });
    expect(familyFilter(undefined)).toBe(0);
    expect(familyFilter('inet6')).toBe(10);
    expect(familyFilter(28)).toBe(28);
    expect(refusal(() => familyFilter('ipx')).argument).toBe('family');
  });
});

describe.runIf(endianness() === 'LE')('decodeAddress', () => {
  /** ifaddrmsg: `family`, prefixlen 24, flags IFA_F_PERMANENT, scope link, index 3. */
  const ifaddrmsg = (family = 2) => [family, 24, 0x80, 253, 3, 0, 0, 0];
  function decode(...parts: number[][]) {
    const bytes = Uint8Array.from(parts.flat());
    return decodeAddress(bytes, new DataView(bytes.buffer), 0, bytes.length);
  }
  const decodeError = (...parts: number[][]): DecodeError => thrownAs(DecodeError, () => decode(...parts));

  it('the header, then IFA_LOCAL as local; IFA_ADDRESS differing from it is the peer', () => {
    expect(decode(ifaddrmsg(), [8, 0, 2, 0, 10, 0, 0, 1], [8, 0, 1, 0, 10, 0, 0, 2])).toEqual({
      family: 'inet', ifindex: 3, prefixlen: 24, scope: 'link', flags: ['permanent'], local: '10.0.0.1', address: '10.0.0.2', peer: '10.0.0.2', localPrefix: '10.0.0.1', peerPrefix: '10.0.0.2/24',
    });
    expect(decode(ifaddrmsg(), [8, 0, 2, 0, 10, 0, 0, 1], [8, 0, 1, 0, 10, 0, 0, 1])).toEqual({
      family: 'inet', ifindex: 3, prefixlen: 24, scope: 'link', flags: ['permanent'], local: '10.0.0.1', address: '10.0.0.1', localPrefix: '10.0.0.1/24',
    });
  });

  it('IFA_LOCAL alone: no peer', () => {
    expect(decode(ifaddrmsg(), [8, 0, 2, 0, 10, 0, 0, 1])).toStrictEqual({ family: 'inet', ifindex: 3, prefixlen: 24, scope: 'link', flags: ['permanent'], local: '10.0.0.1', localPrefix: '10.0.0.1/24' });
  });

  it('decodes a payload where it lies in a receive batch; unknown types 0 and 32 are two attributes', () => {
    const bytes = Uint8Array.from([9, 9, 9, ...ifaddrmsg(), 5, 0, 0, 0, 1, 0, 0, 0, 5, 0, 32, 0, 2, 0, 0, 0]);
    const view = new DataView(bytes.buffer);
    expect(decodeAddress(bytes, view, 3, bytes.length)[UNKNOWN]).toEqual([
      { type: 0, flags: 0, payload: Uint8Array.of(1) },
      { type: 32, flags: 0, payload: Uint8Array.of(2) },
    ]);
    expect(() => decodeAddress(bytes, view, 3, 10)).toThrow(/ifaddrmsg needs 8 bytes, payload has 7/);
  });

  it('without IFA_LOCAL the address is IFA_ADDRESS (IPv6), else the zero address, else empty', () => {
    expect(decode(ifaddrmsg(10), [20, 0, 1, 0, 0xfe, 0x80, ...new Array(13).fill(0), 1])).toMatchObject({ family: 'inet6', local: 'fe80::1', address: 'fe80::1' });
    expect(decode(ifaddrmsg(10)).local).toBe('::');
    expect(decode(ifaddrmsg(2)).local).toBe('0.0.0.0');
    expect(decode(ifaddrmsg(7)).local).toBe('');
    expect('peer' in decode(ifaddrmsg(10), [20, 0, 1, 0, 0xfe, 0x80, ...new Array(13).fill(0), 1])).toBe(false);
  });

  it('IFA_FLAGS (32 bits) replaces ifa_flags; IFA_CACHEINFO gives the lifetimes, 0xffffffff as forever', () => {
    const a = decode(ifaddrmsg(10), [8, 0, 8, 0, 0x82, 0x02, 0, 0], [20, 0, 6, 0, 0x2c, 0x01, 0, 0, 0xff, 0xff, 0xff, 0xff, 5, 0, 0, 0, 6, 0, 0, 0]);
    expect(a.flags).toEqual(['nodad', 'permanent', 'noprefixroute']);
    expect(a).toMatchObject({ preferredLifetime: 300, validLifetime: 'forever', cacheinfo: { ifaPrefered: 300, ifaValid: 0xffff_ffff, cstamp: 5, tstamp: 6 } });
    expect(lifetime(0xffff_fffe)).toBe(0xffff_fffe);
    expect(lifetime(0)).toBe(0);
  });

  it('label, broadcast, anycast, multicast, metric, proto; a repeated attribute keeps its first value; unknown ones kept', () => {
    const a = decode(
      ifaddrmsg(),
      [11, 0, 3, 0, 0x76, 0x30, 0x3a, 0x61, 0x62, 0x63, 0, 0], [8, 0, 3, 0, 0x78, 0x79, 0, 0], // IFA_LABEL "v0:abc", then "xy"
      [8, 0, 4, 0, 10, 0, 0, 255], [8, 0, 5, 0, 10, 0, 0, 9], [8, 0, 7, 0, 224, 0, 0, 1],
      [8, 0, 9, 0, 100, 0, 0, 0], [5, 0, 11, 0, 4, 0, 0, 0], [6, 0, 60, 0x80, 1, 2, 0, 0],
    );
    expect(a).toMatchObject({ label: 'v0:abc', broadcast: '10.0.0.255', anycast: '10.0.0.9', multicast: '224.0.0.1', rtPriority: 100, proto: 4 });
    expect(a[UNKNOWN]).toEqual([{ type: 60, flags: 0x8000, payload: Uint8Array.of(1, 2) }]);
  });

  it('what is malformed is a DecodeError saying where', () => {
    expect(decodeError([2, 24, 0, 0, 3, 0, 0]).message).toMatch(/ifaddrmsg needs 8 bytes, payload has 7/);
    expect(decodeError([2, 24, 0, 0, 3, 0, 0]).path).toEqual(['header']);
    expect(decodeError(ifaddrmsg(), [8, 0, 2]).message).toMatch(/truncated attribute header: 3 bytes left/);
    expect(decodeError(ifaddrmsg(), [3, 0, 2, 0]).message).toMatch(/bad attribute length 3 \(4 bytes left\)/);
    expect(decodeError(ifaddrmsg(), [12, 0, 2, 0, 10, 0, 0, 1]).message).toMatch(/bad attribute length 12 \(8 bytes left\)/);
    expect(decodeError(ifaddrmsg(), [7, 0, 8, 0, 1, 2, 3, 0]).path).toEqual(['flags']);
    expect(decodeError(ifaddrmsg(), [7, 0, 8, 0, 1, 2, 3, 0]).message).toMatch(/u32 needs 4 bytes, payload has 3/);
    expect(decodeError(ifaddrmsg(), [6, 0, 9, 0, 1, 2, 0, 0]).path).toEqual(['rtPriority']);
    // Exactly to the end is fine.
    expect(decode(ifaddrmsg(), [4, 0, 10, 0]).targetNetnsid).toEqual(new Uint8Array(0));
  });
});
