import { describe, expect, it } from 'vitest';
import {
  EncodeError,
  MalformedError,
  formatIP,
  formatIPv4,
  formatIPv6,
  formatMAC,
  parseIP,
  parseIPv4,
  parseIPv6,
  parseMAC,
} from '../src/index.js';

// Address text at the edges of what inet_pton/inet_ntop (glibc, as `ip` uses them) accept and print;
// the expected canonical texts were checked with Python's socket.inet_ntop(inet_pton(...)).

const notText = [undefined, null, 1234, ['1.2.3.4']] as unknown as string[];

describe('IPv4', () => {
  it('refuses what is not a string with an EncodeError, quoting it', () => {
    for (const value of notText) expect(() => parseIPv4(value)).toThrow(EncodeError);
    expect(() => parseIPv4(1234 as unknown as string)).toThrow(new EncodeError('invalid IPv4 address: 1234'));
    expect(() => parseIPv4('1.2.3')).toThrow(new EncodeError('invalid IPv4 address: "1.2.3"'));
  });

  it('formats exactly 4 bytes', () => {
    expect(formatIPv4(Uint8Array.of(192, 0, 2, 1))).toBe('192.0.2.1');
    expect(() => formatIPv4(Uint8Array.of(192, 0, 2, 1, 9))).toThrow(new MalformedError('IPv4 address must be 4 bytes, not 5', 0));
    expect(() => formatIPv4(Uint8Array.of(192, 0, 2))).toThrow(MalformedError);
  });
});

describe('IPv6', () => {
  it.each([
    ['0:1::ffff:c000:201', '0:1::ffff:c000:201'], // zeros then ffff, but not the ::ffff:0:0/96 mapped prefix
    ['1::ffff:1:2', '1::ffff:1:2'],
    ['::ffff:0:1', '::ffff:0.0.0.1'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'], // '::' may stand for a single group
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], // 45 characters, the longest form
    ['::1.2.3.4', '::102:304'],
    ['1::0:0:0:1', '1::1'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'], // the longest run of zeros is compressed
    ['1:0:0:0:2:0:0:3', '1::2:0:0:3'], // the first of two equal runs
    ['0:0:1:0:0:0:0:0', '0:0:1::'],
  ])('%s → %s', (text, canonical) => {
    expect(formatIPv6(parseIPv6(text))).toBe(canonical);
  });

  it.each(['1:2:3:4::5:6:7:8', '1:2:3:4:5:6:7:8::1::2', '1:2:3:4:5:6:7:8::', '1:2:3:4:5:6:1.2.3.4::', '::1.2.3', '1::2:3:4:5:6:7:1.2.3.4'])(
    'refuses %j, as inet_pton does',
    (text) => {
      expect(() => parseIPv6(text)).toThrow(new EncodeError(`invalid IPv6 address: ${JSON.stringify(text)}`));
    },
  );

  it('refuses what is not a string with an EncodeError', () => {
    for (const value of notText) expect(() => parseIPv6(value)).toThrow(EncodeError);
  });

  it('formats exactly 16 bytes', () => {
    expect(() => formatIPv6(new Uint8Array(4))).toThrow(new MalformedError('IPv6 address must be 16 bytes, not 4', 0));
    expect(() => formatIPv6(new Uint8Array(17))).toThrow(MalformedError);
  });
});

describe('parseIP / formatIP', () => {
  it('refuses what is not a string with an EncodeError', () => {
    for (const value of notText) expect(() => parseIP(value)).toThrow(EncodeError);
  });
  it('formats 4 or 16 bytes, and says so for any other length', () => {
    expect(formatIP(new Uint8Array(16))).toBe('::');
    for (const n of [0, 5, 8, 15, 17]) {
      expect(() => formatIP(new Uint8Array(n))).toThrow(new MalformedError(`an IP address is 4 or 16 bytes, not ${n}`, 0));
    }
  });
});

describe('link-layer addresses', () => {
  it('takes 1 to 32 octets (MAX_ADDR_LEN in linux/netdevice.h is 32)', () => {
    expect(Array.from(parseMAC('0a'))).toEqual([0x0a]);
    const octets32 = Array.from({ length: 32 }, (_, i) => i);
    const text32 = octets32.map((b) => b.toString(16).padStart(2, '0')).join(':');
    expect(Array.from(parseMAC(text32))).toEqual(octets32);
    expect(formatMAC(parseMAC(text32))).toBe(text32);
    expect(() => parseMAC(`${text32}:20`)).toThrow(new EncodeError(`invalid link-layer address: "${text32}:20"`));
  });
  it('refuses what is not a string with an EncodeError', () => {
    for (const value of notText) expect(() => parseMAC(value)).toThrow(EncodeError);
  });
  it('formats no bytes as empty text', () => {
    expect(formatMAC(new Uint8Array(0))).toBe('');
  });
});
