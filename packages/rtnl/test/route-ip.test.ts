// Addresses as text: every IPv4 address formats like the platform's own formatter, whatever the prefix
// cache holds (neighbouring /24s, and keys that share a cache slot).
import { isIPv4 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { formatAddressAt, formatRepeatedAt } from '../src/shared/ip-text.js';
import { ADDRESS_FAMILIES } from '../src/shared/names.js';

const AF_INET = ADDRESS_FAMILIES.inet;

describe('IPv4 addresses as text', () => {
  it('agree with the dotted quad for 200,000 addresses (runs of /24s, then random ones that collide in the cache)', () => {
    const bytes = new Uint8Array(8);
    const wrong: string[] = [];
    const check = (a: number, b: number, c: number, d: number) => {
      bytes.set([a, b, c, d], 4);
      const expected = `${a}.${b}.${c}.${d}`;
      const text = formatAddressAt(AF_INET, bytes, 4, 8);
      if (text !== expected || !isIPv4(text) || formatRepeatedAt(AF_INET, bytes, 4, 8) !== expected) wrong.push(`${expected} → ${text}`);
    };
    for (let i = 0; i < 100_000; i++) check(10, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    for (let i = 0; i < 100_000; i++) check(random(), random(), random(), random());
    expect(wrong).toEqual([]);
  });

  it('a prefix whose key is 0 (0.0.0.x) is not mistaken for an empty cache slot', () => {
    expect(formatAddressAt(AF_INET, Uint8Array.of(0, 0, 0, 5), 0, 4)).toBe('0.0.0.5');
    expect(formatAddressAt(AF_INET, Uint8Array.of(0, 0, 0, 0), 0, 4)).toBe('0.0.0.0');
  });
});
