// ipset elements of every shape the kernel here has, sent as the `ipset` tool (7.17) sends them: the ADD and
// DEL payloads below were captured with `strace -f -e trace=sendto -e write=all ipset add …` in a throwaway
// namespace on Linux 6.18 (after nlmsghdr; the tool's IPSET_ATTR_LINENO, which linx does not send, taken out
// of the data nest). No root: a fake kernel answers the set's header. Also the elements' bad parts, each named
// with why, before anything is sent, and listed members read back into the same shape.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_EXCL, NLM_F_REQUEST, type NetlinkMessage } from '@linx/netlink-wire';
import { Nfnl, ipset, type IpsetElement } from '../src/index.js';
import { decodeElement, encodeElement } from '../src/ipset/element.js';

const hex = (text: string) => Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
const CMD = ipset.ipsetCmdValues;
const type = (cmd: keyof typeof CMD) => 0x600 | CMD[cmd];
const list = compileMessage(ipset.ipsetMessage);
const elementMessage = compileMessage(ipset.ipsetElementMessage);

/** A fake kernel that speaks ipset protocol 7 and answers HEADER and TYPE for one set; records every request. */
function ipsetKernel(set: { name: string; type: string; family: 'inet' | 'inet6' | 'unspec' }) {
  const requests: NetlinkMessage[] = [];
  const kernel = new FakeKernel((req, k) => {
    requests.push({ ...req, payload: req.payload.slice() });
    const reply = (attrs: Record<string, unknown>) => [{ messages: [k.reply(req, { type: req.type, flags: 0, payload: list.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs }) })] }, k.ack(req)];
    if (req.type === type('protocol')) return reply({ protocol: 7, protocolMin: 6 });
    if (req.type === type('header')) return reply({ protocol: 7, setname: set.name, typename: set.type, revision: 0, family: set.family });
    return k.ack(req);
  });
  return { nfnl: new Nfnl(kernel), of: (cmd: keyof typeof CMD) => requests.filter((r) => r.type === type(cmd)) };
}

/**
 * The tool's whole message (as strace dumped it) less nlmsghdr and its trailing IPSET_ATTR_LINENO
 * (08000940 00000000): the data nest, last in the message and starting after a 2-byte set name's
 * attributes (nfgenmsg 4 + protocol 8 + name 8), is 8 bytes shorter then.
 */
function withoutLineno(message: string): Uint8Array {
  const bytes = hex(message);
  expect([...bytes.subarray(-8)]).toEqual([0x08, 0x00, 0x09, 0x40, 0, 0, 0, 0]);
  const payload = bytes.slice(16, -8);
  const view = new DataView(payload.buffer);
  view.setUint16(20, view.getUint16(20, true) - 8, true);
  return payload;
}

const cases: { what: string; set: { name: string; type: string; family: 'inet' | 'inet6' | 'unspec' }; element: IpsetElement; tool: string }[] = [
  {
    what: 'ipset add s1 10.0.0.1,udp:53,10.1.0.0/16 nomatch (hash:ip,port,net)',
    set: { name: 's1', type: 'hash:ip,port,net', family: 'inet' },
    element: { ip: '10.0.0.1', port: 53, proto: 'udp', ip2: '10.1.0.0/16', nomatch: true },
    tool: '680000000906050297a1136b000000000200000005000100070000000700020073310000440007800c000180080001400a0000010600044000350000050007001100000008000840000000040c001480080001400a01000005001500100000000800094000000000',
  },
  {
    what: 'ipset add s2 10.0.0.0/8,physdev:eth0 (hash:net,iface)',
    set: { name: 's2', type: 'hash:net,iface', family: 'inet' },
    element: { ip: '10.0.0.0/8', iface: 'eth0', physdev: true },
    tool: '580000000906050297a1136b000000000200000005000100070000000700020073320000340007800c000180080001400a000000050003000800000008000840000000020900170065746830000000000800094000000000',
  },
  {
    what: 'ipset add s5 s1 before s2 (list:set)',
    set: { name: 's5', type: 'list:set', family: 'unspec' },
    element: { name: 's1', before: 's2' },
    tool: '480000000906050297a1136b000000000200000005000100070000000700020073350000240007800800084000000001070012007331000007001300733200000800094000000000',
  },
  {
    what: 'ipset add s5 s6 after s2 (list:set)',
    set: { name: 's5', type: 'list:set', family: 'unspec' },
    element: { name: 's6', after: 's2' },
    tool: '400000000906050297a1136b0000000002000000050001000700000007000200733500001c000780070012007336000007001300733200000800094000000000',
  },
  {
    what: 'ipset add s6 80-90 (bitmap:port)',
    set: { name: 's6', type: 'bitmap:port', family: 'unspec' },
    element: { port: 80, portTo: 90 },
    tool: '400000000906050297a1136b0000000002000000050001000700000007000200733600001c000780060004400050000006000540005a00000800094000000000',
  },
  {
    what: 'ipset add s7 10.0.0.1-10.0.0.5 timeout 5 (hash:ip with timeout)',
    set: { name: 's7', type: 'hash:ip', family: 'inet' },
    element: { ip: '10.0.0.1', ipTo: '10.0.0.5', timeout: 5 },
    tool: '500000000906050297a1136b0000000002000000050001000700000007000200733700002c0007800c000180080001400a0000010c000280080001400a00000508000640000000050800094000000000',
  },
  {
    what: 'ipset add s8 2001:db8::/32 skbmark 0x10/0xff skbprio 1:2 skbqueue 3 (hash:net family inet6 skbinfo)',
    set: { name: 's8', type: 'hash:net', family: 'inet6' },
    element: { ip: '2001:db8::/32', skbmark: { mark: 0x10, mask: 0xff }, skbprio: { major: 1, minor: 2 }, skbqueue: 3 },
    tool: '6c0000000906050297a1136b00000000020000000500010007000000070002007338000048000780180001801400024020010db800000000000000000000000005000300200000000c001b4000000010000000ff08001c400001000206001d40000300000800094000000000',
  },
];

describe('ipset elements as the ipset tool sends them', () => {
  for (const { what, set, element, tool } of cases) {
    it(what, async () => {
      const { nfnl, of } = ipsetKernel(set);
      await nfnl.ipset.add(set.name, element);
      const [add] = of('add');
      expect(add!.payload).toEqual(withoutLineno(tool));
      expect(add!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL);
      nfnl.close();
    });
  }

  it('ipset del s1 10.0.0.1,udp:53,10.1.0.0/16: IPSET_CMD_DEL, with NLM_F_EXCL as the tool sends it', async () => {
    const { nfnl, of } = ipsetKernel({ name: 's1', type: 'hash:ip,port,net', family: 'inet' });
    await nfnl.ipset.del('s1', { ip: '10.0.0.1', port: 53, proto: 'udp', ip2: '10.1.0.0/16' });
    const [del] = of('del');
    expect(del!.payload).toEqual(withoutLineno('600000000a06050297a1136b0000000002000000050001000700000007000200733100003c0007800c000180080001400a000001060004400035000005000700110000000c001480080001400a01000005001500100000000800094000000000'));
    // The tool asks for NLM_F_EXCL on a delete too: an element that is not there is an error (IPSET_ERR_EXIST).
    expect(del!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL);
    nfnl.close();
  });
});

describe('elements read back', () => {
  it('a listed member has the parts it was added with', () => {
    const data = elementMessage.decode(withoutLineno(cases[0]!.tool)).attrs.data!;
    expect(decodeElement(data as never)).toEqual({ ip: '10.0.0.1', port: 53, proto: 'udp', ip2: '10.1.0.0', cidr2: 16, nomatch: true });
    const iface = elementMessage.decode(withoutLineno(cases[1]!.tool)).attrs.data!;
    expect(decodeElement(iface as never)).toEqual({ ip: '10.0.0.0', cidr: 8, iface: 'eth0', physdev: true });
    const skb = elementMessage.decode(withoutLineno(cases[6]!.tool)).attrs.data!;
    expect(decodeElement(skb as never)).toEqual({ ip: '2001:db8::', cidr: 32, skbmark: { mark: 0x10, mask: 0xff }, skbprio: { major: 1, minor: 2 }, skbqueue: 3 });
    const range = elementMessage.decode(withoutLineno(cases[5]!.tool)).attrs.data!;
    expect(decodeElement(range as never)).toEqual({ ip: '10.0.0.1', ipTo: '10.0.0.5', timeout: 5 });
    const ports = elementMessage.decode(withoutLineno(cases[4]!.tool)).attrs.data!;
    expect(decodeElement(ports as never)).toEqual({ port: 80, portTo: 90 });
    const set = elementMessage.decode(withoutLineno(cases[3]!.tool)).attrs.data!;
    expect(decodeElement(set as never)).toEqual({ name: 's6' });
  });
});

describe('bad elements', () => {
  const encode = (element: unknown, setType: string, family: 'inet' | 'inet6' | 'unspec' = 'inet') => () => encodeElement(element as IpsetElement, setType, family, 'element');
  const message = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      return (error as Error).message;
    }
    return 'nothing thrown';
  };

  it('name the part and say why', () => {
    expect(message(encode(null, 'hash:ip'))).toBe('element: an element is an object');
    expect(message(encode({ ip: '10.0.0.1' }, 'hash:nope'))).toBe('element: linx does not know the elements of set type hash:nope');
    expect(message(encode({ ip: '10.0.0.1', port: 1 }, 'hash:ip'))).toBe('element.port: hash:ip elements have no port (they have ip, cidr, ipTo)');
    expect(message(encode({ port: 1 }, 'hash:ip,port'))).toBe('element.ip: hash:ip,port elements need ip, port');
    expect(message(encode({ ip: 7 }, 'hash:ip'))).toBe('element.ip: "7" is not an IPv4 or IPv6 address');
    expect(message(encode({ ip: 'nowhere' }, 'hash:ip'))).toBe('element.ip: "nowhere" is not an IPv4 or IPv6 address');
    expect(message(encode({ ip: '::1' }, 'hash:ip'))).toBe('element.ip: ::1 is IPv6, the set is family inet');
    expect(message(encode({ ip: '10.0.0.1' }, 'hash:ip', 'inet6'))).toBe('element.ip: 10.0.0.1 is IPv4, the set is family inet6');
    expect(message(encode({ ip: '10.0.0.0/8', cidr: 9 }, 'hash:net'))).toBe('element.cidr: 9 contradicts 10.0.0.0/8');
    expect(message(encode({ ip: '10.0.0.0/x' }, 'hash:net'))).toBe('element.ip: "10.0.0.0/x" has no valid prefix length');
    expect(message(encode({ ip: '10.0.0.0/33' }, 'hash:net'))).toBe('element.cidr: an integer from 0 to 32, not 33');
    expect(message(encode({ ip: '::/129' }, 'hash:net', 'inet6'))).toBe('element.cidr: an integer from 0 to 128, not 129');
    expect(message(encode({ ip: '10.0.0.0/8', mac: '00:11:22:33:44:55' }, 'hash:ip,mac'))).toBe('element.ip: hash:ip,mac elements take no prefix length');
    expect(message(encode({ ip: '10.0.0.0/8', ipTo: '10.0.0.9' }, 'hash:ip'))).toBe('element.ipTo: a range is ip…ipTo or a prefix, not both');
    expect(message(encode({ ip: '10.0.0.0', cidr: 8, ipTo: '10.0.0.9' }, 'hash:ip'))).toBe('element.ipTo: a range is ip…ipTo or a prefix, not both');
    expect(message(encode({ ip: '10.0.0.1', ipTo: '::2' }, 'hash:ip'))).toBe('element.ipTo: ::2 is IPv6, the set is family inet');
    expect(message(encode({ ip: '10.0.0.1', port: 65536 }, 'hash:ip,port'))).toBe('element.port: an integer from 0 to 65535, not 65536');
    expect(message(encode({ ip: '10.0.0.1', port: 1, portTo: -1 }, 'hash:ip,port'))).toBe('element.portTo: an integer from 0 to 65535, not -1');
    expect(message(encode({ ip: '10.0.0.1', port: 1, proto: 256 }, 'hash:ip,port'))).toBe('element.proto: an integer from 0 to 255, not 256');
    expect(message(encode({ ip: '10.0.0.1', port: 1, proto: 'ospf' }, 'hash:ip,port'))).toBe('element.proto: "ospf" is not a protocol linx knows by name (give its number)');
    expect(message(encode({ ip: '10.0.0.1', port: 1, ip2: '10.0.0.0/8' }, 'hash:ip,port,ip'))).toBe('element.ip2: hash:ip,port,ip elements take no second prefix length');
    expect(message(encode({ ip: '10.0.0.1', port: 1, ip2: '10.0.0.0/40' }, 'hash:ip,port,net'))).toBe('element.cidr2: an integer from 0 to 32, not 40');
    expect(message(encode({ ip: '10.0.0.1', iface: '' }, 'hash:net,iface'))).toBe('element.iface: an interface name of 1 to 15 bytes, not ""');
    expect(message(encode({ ip: '10.0.0.1', iface: 'x'.repeat(16) }, 'hash:net,iface'))).toBe(`element.iface: an interface name of 1 to 15 bytes, not "${'x'.repeat(16)}"`);
    expect(message(encode({ ip: '10.0.0.1', iface: 5 }, 'hash:net,iface'))).toBe('element.iface: an interface name of 1 to 15 bytes, not 5');
    expect(message(encode({ ip: '10.0.0.1', mac: '00:11:22' }, 'hash:ip,mac'))).toBe('element.mac: "00:11:22" is not a MAC address');
    expect(message(encode({ ip: '10.0.0.1', mac: 'zz' }, 'hash:ip,mac'))).toBe('element.mac: "zz" is not a MAC address');
    expect(message(encode({ ip: '10.0.0.1', mark: 2 ** 32 }, 'hash:ip,mark'))).toBe('element.mark: an integer from 0 to 4294967295, not 4294967296');
    expect(message(encode({ name: '' }, 'list:set', 'unspec'))).toBe('element.name: a set name is a non-empty string without NUL, not ""');
    expect(message(encode({ name: 'a\0' }, 'list:set', 'unspec'))).toBe('element.name: a set name is a non-empty string without NUL, not "a\\u0000"');
    expect(message(encode({ name: 'x'.repeat(32) }, 'list:set', 'unspec'))).toBe(`element.name: "${'x'.repeat(32)}" is 32 bytes; the kernel keeps 31 at most`);
    expect(message(encode({ name: 'a', before: 'b', after: 'c' }, 'list:set', 'unspec'))).toBe('element.before: before or after, not both');
    expect(message(encode({ name: 'a', after: '' }, 'list:set', 'unspec'))).toMatch(/^element\.after: /);
    expect(message(encode({ name: 'a', before: '' }, 'list:set', 'unspec'))).toMatch(/^element\.before: /);
    expect(message(encode({ ip: '10.0.0.1', timeout: 2147484 }, 'hash:ip'))).toBe('element.timeout: an integer from 0 to 2147483, not 2147484');
    expect(message(encode({ ip: '10.0.0.1', packets: -1n }, 'hash:ip'))).toBe('element.packets: a counter is an integer from 0 to 2^64-1, not -1');
    expect(message(encode({ ip: '10.0.0.1', bytes: 2n ** 64n }, 'hash:ip'))).toBe('element.bytes: a counter is an integer from 0 to 2^64-1, not 18446744073709551616');
    expect(message(encode({ ip: '10.0.0.1', bytes: 1.5 }, 'hash:ip'))).toBe('element.bytes: a counter is an integer from 0 to 2^64-1, not 1.5');
    expect(message(encode({ ip: '10.0.0.1', comment: 'x'.repeat(256) }, 'hash:ip'))).toBe('element.comment: a comment is a string of at most 255 bytes without NUL');
    expect(message(encode({ ip: '10.0.0.1', comment: 'a\0b' }, 'hash:ip'))).toBe('element.comment: a comment is a string of at most 255 bytes without NUL');
    expect(message(encode({ ip: '10.0.0.1', comment: 5 }, 'hash:ip'))).toBe('element.comment: a comment is a string of at most 255 bytes without NUL');
    expect(message(encode({ ip: '10.0.0.1', skbmark: { mask: 1 } }, 'hash:ip'))).toBe('element.skbmark.mark: an integer from 0 to 4294967295, not undefined');
    expect(message(encode({ ip: '10.0.0.1', skbmark: { mark: 1, mask: -1 } }, 'hash:ip'))).toBe('element.skbmark.mask: an integer from 0 to 4294967295, not -1');
    expect(message(encode({ ip: '10.0.0.1', skbprio: { minor: 1 } }, 'hash:ip'))).toBe('element.skbprio.major: an integer from 0 to 65535, not undefined');
    expect(message(encode({ ip: '10.0.0.1', skbprio: { major: 1, minor: 65536 } }, 'hash:ip'))).toBe('element.skbprio.minor: an integer from 0 to 65535, not 65536');
    expect(message(encode({ ip: '10.0.0.1', skbqueue: 65536 }, 'hash:ip'))).toBe('element.skbqueue: an integer from 0 to 65535, not 65536');
  });

  it('the limits themselves are accepted', () => {
    expect(encodeElement({ ip: '10.0.0.1', timeout: 2147483, packets: 2n ** 64n - 1n, bytes: Number.MAX_SAFE_INTEGER as unknown as bigint, comment: 'x'.repeat(255), skbmark: { mark: 0xffffffff, mask: 0 }, skbprio: { major: 0xffff, minor: 0xffff }, skbqueue: 0xffff }, 'hash:ip', 'inet', 'e')).toEqual({
      ip: { ipv4: '10.0.0.1' },
      timeout: 2147483,
      packets: 2n ** 64n - 1n,
      bytes: BigInt(Number.MAX_SAFE_INTEGER),
      comment: 'x'.repeat(255),
      skbmark: 0xffffffff00000000n,
      skbprio: 0xffffffff,
      skbqueue: 0xffff,
    });
    // A mark without a mask is the whole mark; a port without a protocol is tcp's, as ipset takes it.
    expect(encodeElement({ ip: '10.0.0.1', skbmark: { mark: 5 } as never }, 'hash:ip', 'inet', 'e').skbmark).toBe(0x5ffffffffn);
    expect(encodeElement({ ip: '10.0.0.1', port: 22 }, 'hash:ip,port', 'inet', 'e').proto).toBe(6);
    expect(encodeElement({ name: 'x'.repeat(31) }, 'list:set', 'unspec', 'e')).toEqual({ name: 'x'.repeat(31) });
    expect(encodeElement({ ip: '10.0.0.1', iface: 'x'.repeat(15), wildcard: true }, 'hash:net,iface', 'inet', 'e')).toEqual({ ip: { ipv4: '10.0.0.1' }, iface: 'x'.repeat(15), cadtFlags: ['iface-wildcard'] });
    expect(encodeElement({ ip: '10.0.0.1', mac: '00:11:22:33:44:55' }, 'hash:ip,mac', 'inet', 'e')).toEqual({ ip: { ipv4: '10.0.0.1' }, ether: '00:11:22:33:44:55' });
    expect(encodeElement({ ip: '10.0.0.1', mark: 0xffffffff }, 'hash:ip,mark', 'inet', 'e')).toEqual({ ip: { ipv4: '10.0.0.1' }, mark: 0xffffffff });
    // A family-less set (bitmap:port, list:set) takes an address of either family where its type has one.
    expect(encodeElement({ ip: '::1' }, 'hash:ip', 'unspec', 'e')).toEqual({ ip: { ipv6: '::1' } });
    // A part left undefined is no part.
    expect(encodeElement({ ip: '10.0.0.1', port: undefined }, 'hash:ip', 'inet', 'e')).toEqual({ ip: { ipv4: '10.0.0.1' } });
  });
});
