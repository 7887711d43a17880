import { describe, expect, it } from 'vitest';
import { ipProtocolName, ipProtocolNumber, ipProtocolValues } from '../src/index.js';

describe('IP protocol numbers', () => {
  it('name and number both ways (IPPROTO_* of linux/in.h)', () => {
    expect([ipProtocolName(6), ipProtocolName(17), ipProtocolName(1), ipProtocolName(58), ipProtocolName(132), ipProtocolName(136)]).toEqual(['tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'udplite']);
    expect(ipProtocolName(253)).toBeUndefined();
    expect(ipProtocolNumber('gre')).toBe(47);
    expect(ipProtocolNumber(200)).toBe(200);
    expect(ipProtocolNumber('nope' as never)).toBeUndefined();
  });
  it('every name below 256 maps back to itself', () => {
    for (const [name, value] of Object.entries(ipProtocolValues)) if (value < 256) expect(ipProtocolName(value)).toBe(name);
  });
});
