import { describe, expect, it } from 'vitest';
import { EncodeError, MalformedError, formatIP, formatIPv6, formatMAC, parseIP, parseIPv4, parseIPv6, parseMAC } from '../src/index.js';

describe('IPv4', () => {
  it('parses and formats dotted quads', () => {
    expect(Array.from(parseIPv4('192.0.2.255'))).toEqual([192, 0, 2, 255]);
    expect(formatIP(Uint8Array.of(10, 0, 0, 1))).toBe('10.0.0.1');
  });
  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '', ' 1.2.3.4', '1.2.3.4/24'])('refuses %j', (text) => {
    expect(() => parseIPv4(text)).toThrow(EncodeError);
  });
});

describe('IPv6', () => {
  // Expected texts follow RFC 5952 and agree with inet_ntop (and so with `ip`).
  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::', 'fe80::'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['FE80::ABCD', 'fe80::abcd'],
  ])('%s → %s', (input, canonical) => {
    expect(formatIPv6(parseIPv6(input))).toBe(canonical);
    expect(formatIP(parseIP(input))).toBe(canonical);
  });
  it.each(['1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', ':1::', '12345::', 'g::', '1.2.3.4', '::1%eth0', '::256.1.1.1'])(
    'refuses %j',
    (text) => {
      expect(() => parseIPv6(text)).toThrow(EncodeError);
    },
  );
  it('refuses the wrong length when formatting', () => {
    expect(() => formatIP(new Uint8Array(5))).toThrow(MalformedError);
  });
});

describe('link-layer addresses', () => {
  it('parses and formats MACs as ip prints them', () => {
    expect(formatMAC(parseMAC('02:0A:b:00:ff:01'))).toBe('02:0a:0b:00:ff:01');
    expect(formatMAC(parseMAC('02-00-00-00-00-01'))).toBe('02:00:00:00:00:01');
    expect(parseMAC('00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33').length).toBe(20);
  });
  it.each(['', '02:00:00:00:00:0g', '02:00:000:00:00:01', 'hello'])('refuses %j', (text) => {
    expect(() => parseMAC(text)).toThrow(EncodeError);
  });
});
