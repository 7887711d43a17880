// The argument checks every verb shares (interface names as the kernel's dev_valid_name takes them,
// indexes, CIDR prefixes, families, bounded integers) and the name ↔ number tables, without a kernel.
// IFNAMSIZ is 16 (linux/if.h): a name has at most 15 bytes.
import { describe, expect, it } from 'vitest';
import { checkIfname, checkIndex, checkInteger, familyNumber, parsePrefix } from '../src/shared/arguments.js';
import { ROUTE_PROTOCOLS, TABLES, nameOf, numberOf } from '../src/shared/names.js';
import { ROUTE_FLAGS, bitNames } from '../src/route/names.js';
import { refusal } from './helpers/refusal.js';

describe('checkIfname', () => {
  it('1 to 15 bytes, counted as UTF-8', () => {
    expect(checkIfname('a')).toBe('a');
    expect(checkIfname('abcdefghijklmno')).toBe('abcdefghijklmno');
    expect(checkIfname('véth-1234567')).toBe('véth-1234567');
    expect(refusal(() => checkIfname('abcdefghijklmnop', 'dev')).message).toBe('dev: "abcdefghijklmnop" is 16 bytes; interface names have at most 15');
    expect(refusal(() => checkIfname('ééééééé12')).message).toBe('name: "ééééééé12" is 16 bytes; interface names have at most 15');
    expect(refusal(() => checkIfname('')).message).toBe('name: an interface name cannot be empty');
    expect(refusal(() => checkIfname(7, 'dev')).message).toBe('dev: an interface name is a string, not number');
  });

  it('not . or .., no /, :, NUL or whitespace', () => {
    expect(checkIfname('...')).toBe('...');
    expect(checkIfname('a.b')).toBe('a.b');
    for (const bad of ['.', '..']) expect(refusal(() => checkIfname(bad)).message).toBe(`name: ${JSON.stringify(bad)} is not a valid interface name`);
    for (const bad of ['a/b', 'a:b', 'a\0b', 'a b', 'a\tb', 'a\nb', ' a']) {
      expect(refusal(() => checkIfname(bad)).message, JSON.stringify(bad)).toBe(`name: ${JSON.stringify(bad)} contains a character interface names cannot have (/, :, NUL or whitespace)`);
    }
  });
});

describe('checkIndex and checkInteger', () => {
  it('an index is a positive 32-bit signed integer', () => {
    expect(checkIndex(1)).toBe(1);
    expect(checkIndex(0x7fff_ffff)).toBe(0x7fff_ffff);
    for (const bad of [0, -1, 0x8000_0000, 1.5, '1', Number.NaN]) expect(refusal(() => checkIndex(bad, 'dev')).argument).toBe('dev');
    expect(refusal(() => checkIndex(0)).message).toBe('index: 0 is not an interface index (a positive integer)');
  });

  it('an integer within both bounds, inclusive', () => {
    expect(checkInteger(3, 'n', 3, 5)).toBe(3);
    expect(checkInteger(5, 'n', 3, 5)).toBe(5);
    for (const bad of [2, 6, 4.5, '4', Number.POSITIVE_INFINITY]) expect(refusal(() => checkInteger(bad, 'n', 3, 5)).message).toBe(`n: ${String(bad)} is not an integer in 3..5`);
  });
});

describe('parsePrefix', () => {
  it('an address is a host prefix; a length 0..32 or 0..128 after a slash', () => {
    expect(parsePrefix('10.0.0.1')).toEqual({ family: 'inet', address: '10.0.0.1', bytes: Uint8Array.of(10, 0, 0, 1), prefixLength: 32 });
    expect(parsePrefix('10.0.0.0/0')).toMatchObject({ family: 'inet', prefixLength: 0 });
    expect(parsePrefix('2001:db8::/128')).toMatchObject({ family: 'inet6', address: '2001:db8::', prefixLength: 128 });
    expect(parsePrefix('2001:db8::1')).toMatchObject({ prefixLength: 128 });
    expect(parsePrefix('10.0.0.0/008')).toMatchObject({ prefixLength: 8 });
  });

  it('refuses bad lengths and bad addresses, naming the argument', () => {
    for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/1a', '10.0.0.0/0008', '10.0.0.0/-1', '10.0.0.0/ 8']) {
      expect(refusal(() => parsePrefix(bad, 'dst')).message, bad).toMatch(/^dst: ".*" has a bad prefix length \(0\.\.(32|128)\)$/);
    }
    expect(refusal(() => parsePrefix('10.0.0.0/33')).message).toBe('prefix: "10.0.0.0/33" has a bad prefix length (0..32)');
    expect(refusal(() => parsePrefix('::/129')).message).toBe('prefix: "::/129" has a bad prefix length (0..128)');
    expect(refusal(() => parsePrefix('10.0.0/8')).message).toBe('prefix: "10.0.0/8" is not an IPv4 or IPv6 address or prefix');
    expect(refusal(() => parsePrefix('gg::1')).argument).toBe('prefix');
    expect(refusal(() => parsePrefix(undefined)).message).toBe('prefix: expected a CIDR string like "10.0.0.1/24", got undefined');
  });
});

describe('familyNumber', () => {
  it('a name, or a number 0..255 as it is', () => {
    expect(familyNumber('inet6')).toBe(10);
    expect(familyNumber('bridge')).toBe(7);
    expect(familyNumber(0)).toBe(0);
    expect(familyNumber(255)).toBe(255);
    for (const bad of [256, -1, 1.5, 'ipx', 'toString']) expect(refusal(() => familyNumber(bad as never)).argument).toBe('family');
    expect(refusal(() => familyNumber('ipx' as never, 'filter.family')).message).toBe('filter.family: unknown address family "ipx"; expected unspec, unix, inet, bridge, inet6, netlink, packet, mpls, can or a number');
  });
});

describe('name tables', () => {
  it('nameOf: the name of a number, or the number; numberOf: the number of a name or number, undefined for others', () => {
    expect(nameOf(TABLES, 254)).toBe('main');
    expect(nameOf(TABLES, 0)).toBe('unspec');
    expect(nameOf(TABLES, 1000)).toBe(1000);
    expect(numberOf(ROUTE_PROTOCOLS, 'bgp')).toBe(186);
    expect(numberOf(ROUTE_PROTOCOLS, 77)).toBe(77);
    expect(numberOf(ROUTE_PROTOCOLS, 'pigeon')).toBeUndefined();
    expect(numberOf(ROUTE_PROTOCOLS, 'constructor')).toBeUndefined();
  });

  it('bitNames: named bits in table order, the others as numbers in bit order, the top bit included', () => {
    expect(bitNames(ROUTE_FLAGS, 0)).toEqual([]);
    expect(bitNames(ROUTE_FLAGS, 0x4 | 0x1)).toEqual(['dead', 'onlink']);
    expect(bitNames(ROUTE_FLAGS, 0x8000_0000 | 0x0001_0000 | 0x80 | 0x2000_0000 | 0x200)).toEqual(['cloned', 'rt-offload-failed', 0x80, 0x1_0000, 0x8000_0000]);
  });
});
