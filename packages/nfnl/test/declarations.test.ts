// The nftables declarations and helpers, without a kernel: every expression round-trips through bytes
// by name, unknown expressions stay raw, verdict codes are signed, set types pack and unpack like nft's,
// user data comments, value helpers, subsystem message types.
import { describe, expect, it } from 'vitest';
import { compileMessage, decode, encode } from '@linx/netlink-codec';
import { nft, value, verdict, type ExpressionInput } from '../src/index.js';
import { messageType, subsystemOf, subsystemValues } from '../src/protocol.js';

const rule = compileMessage(nft.messages.ruleMessage);
const roundTrip = (expressions: ExpressionInput[]) => {
  const bytes = rule.encode({ header: { family: 'inet' }, attrs: { table: 't', chain: 'c', expressions: { elem: expressions as never } } });
  const back = rule.decode(bytes);
  expect(rule.encode(back)).toEqual(bytes);
  return back.attrs.expressions!.elem!;
};

describe('nftables declarations', () => {
  it('subsystem ids and message types (linux/netfilter/nfnetlink.h)', () => {
    expect(subsystemValues).toMatchObject({ ctnetlink: 1, ctnetlinkExp: 2, queue: 3, ulog: 4, osf: 5, ipset: 6, acct: 7, ctnetlinkTimeout: 8, cthelper: 9, nftables: 10, nftCompat: 11 });
    expect(messageType('nftables', 6)).toBe(0xa06);
    expect(subsystemOf(0xa06)).toBe(10);
    expect(nft.nftType('getgen')).toBe(0xa10);
    expect(nft.nftType('destroytable')).toBe(0xa1a);
  });

  it('the header: nfgenmsg with the family by name and a big-endian res_id', () => {
    const table = compileMessage(nft.messages.tableMessage);
    expect([...table.encode({ header: { family: 'ip6', resId: 0x1234 }, attrs: {} })]).toEqual([10, 0, 0x12, 0x34]);
    expect(table.decode(Uint8Array.of(7, 0, 0, 1)).header).toEqual({ family: 'bridge', version: 0, resId: 1 });
  });

  it('every declared expression encodes and decodes by name, byte for byte', () => {
    const all: ExpressionInput[] = [
      { name: 'immediate', data: { dreg: 0, data: verdict('jump', 'other') } },
      { name: 'cmp', data: { sreg: 1, op: 'gte', data: { value: value.be16(1024) } } },
      { name: 'payload', data: { dreg: 1, base: 'link', offset: 12, len: 2 } },
      { name: 'payload', data: { sreg: 1, base: 'network', offset: 10, len: 2, csumType: 'inet', csumOffset: 10, csumFlags: ['l4-pseudohdr'] } },
      { name: 'meta', data: { key: 'iifname', dreg: 1 } },
      { name: 'bitwise', data: { sreg: 1, dreg: 1, len: 4, op: 'lshift', data: { value: value.u32(8) } } },
      { name: 'ct', data: { key: 'proto-dst', dreg: 1, direction: 'reply' } },
      { name: 'lookup', data: { set: '__set0', setId: 3, sreg: 1, flags: ['inv'] } },
      { name: 'counter', data: { bytes: 10n, packets: 1n } },
      { name: 'limit', data: { rate: 1024n, unit: 60n, burst: 0, type: 'pkt-bytes', flags: ['inv'] } },
      { name: 'quota', data: { bytes: 1n << 30n, flags: ['inv', 'depleted'], consumed: 5n } },
      { name: 'log', data: { group: 2, snaplen: 64, qthreshold: 10, prefix: 'p' } },
      { name: 'log', data: { level: 'audit', flags: ['tcp-seq', 'uid'] } },
      { name: 'reject', data: { type: 'tcp-rst' } },
      { name: 'nat', data: { type: 'snat', family: 'ip6', regAddrMin: 1, regAddrMax: 2, flags: ['map-ips', 'persistent'] } },
      { name: 'masq', data: { flags: ['proto-random-fully'], regProtoMin: 1, regProtoMax: 2 } },
      { name: 'redir', data: { regProtoMin: 1 } },
      { name: 'dynset', data: { setName: 'meter', op: 'update', sregKey: 1, timeout: 30_000n, flags: ['expr'], expressions: { elem: [{ name: 'limit', data: { rate: 10n, unit: 1n } }] } } },
      { name: 'objref', data: { setSreg: 1, setName: 'objmap' } },
      { name: 'range', data: { sreg: 1, op: 'eq', fromData: { value: value.u8(1) }, toData: { value: value.u8(9) } } },
      { name: 'fib', data: { dreg: 1, result: 'oif', flags: ['saddr', 'iif', 'present'] } },
      { name: 'exthdr', data: { dreg: 1, type: 43, offset: 0, len: 1, op: 'ipv6', flags: ['present'] } },
      { name: 'notrack' },
      { name: 'byteorder', data: { sreg: 1, dreg: 1, op: 'hton', len: 4, size: 4 } },
      { name: 'queue', data: { num: 3, total: 2, flags: ['bypass'] } },
      { name: 'connlimit', data: { count: 10, flags: ['inv'] } },
      { name: 'last', data: { set: 1, msecs: 5n } },
      { name: 'rt', data: { dreg: 1, key: 'tcpmss' } },
      { name: 'socket', data: { key: 'cgroupv2', dreg: 1, level: 2 } },
      { name: 'hash', data: { sreg: 1, dreg: 1, len: 4, modulus: 10, seed: 7, type: 'jenkins' } },
      { name: 'numgen', data: { dreg: 1, modulus: 2, type: 'random' } },
    ];
    const back = roundTrip(all);
    expect(back.map((e) => e.name)).toEqual(all.map((e) => e.name));
    back.forEach((e, i) => {
      if (e.name === 'notrack') return expect(e.data).toBeUndefined();
      expect(e.data, e.name).toEqual(all[i]!.data);
    });
  });

  it('an expression linx does not declare keeps its data as bytes under raw (never data), and writes them back', () => {
    // NFTA_TUNNEL_KEY (1) = NFT_TUNNEL_ID (1), big-endian: nft_tunnel's attributes, which linx does not declare.
    const raw = Uint8Array.of(8, 0, 1, 0, 0, 0, 0, 1);
    const [listed] = roundTrip([{ name: 'tunnel', raw }]);
    expect(listed).toEqual({ name: 'tunnel', raw });
    expect(listed).not.toHaveProperty('data');
    // Given under `data` (as before `raw` existed), the same bytes are sent and read back under `raw`.
    expect(roundTrip([{ name: 'tunnel', data: raw }])).toEqual([{ name: 'tunnel', raw }]);
    // Bytes under `raw` for a declared name are sent as given and read back as that expression's data.
    expect(roundTrip([{ name: 'counter', raw: Uint8Array.of(12, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5) } as never])).toEqual([{ name: 'counter', data: { bytes: 5n } }]);
  });

  it('verdict codes are signed (NFT_JUMP is -3 on the wire), unknown codes stay numbers', () => {
    const bytes = encode(nft.verdictAttrs, { code: 'jump', chain: 'x' });
    expect([...bytes.subarray(0, 8)]).toEqual([8, 0, 1, 0, 0xff, 0xff, 0xff, 0xfd]);
    expect(decode(nft.verdictAttrs, bytes)).toEqual({ code: 'jump', chain: 'x' });
    expect(decode(nft.verdictAttrs, encode(nft.verdictAttrs, { code: 0x20003 }))).toEqual({ code: 0x20003 });
  });

  it('set data types pack six bits per field, as nft does', () => {
    expect(nft.datatypeId('ipv4_addr')).toBe(7);
    expect(nft.datatypeId('ipv4_addr . inet_service')).toBe((7 << 6) | 13);
    expect(nft.datatypeName((7 << 6) | 13)).toBe('ipv4_addr . inet_service');
    expect(nft.datatypeName(0xffff_ff00, true)).toBe('verdict');
    expect(nft.datatypeId('verdict', true)).toBe(0xffff_ff00);
    expect(nft.datatypeName(63)).toBe(63);
    expect(nft.fieldSizes('ipv6_addr . inet_service . ifname')).toEqual([16, 2, 16]);
    expect(nft.keyLength([16, 2, 16])).toBe(36);
    expect(nft.keyLength([2])).toBe(2);
    expect(() => nft.datatypeId('nope')).toThrow(/unknown nft data type/);
  });

  it('a set spec: lengths, flags and the concatenation worked out from the types', () => {
    const set = compileMessage(nft.messages.setMessage);
    const op = nft.setOps.add({ family: 'inet', table: 't', name: 's', keyType: 'ipv4_addr . inet_service', flags: ['interval'], dataType: 'verdict' });
    const attrs = set.decode(set.encode(op.value as never)).attrs;
    expect(attrs).toMatchObject({ keyType: 461, keyLen: 8, dataType: 0xffff_ff00, desc: { concat: { elem: [{ len: 4 }, { len: 2 }] } } });
    expect(attrs.flags).toEqual(expect.arrayContaining(['interval', 'map', 'concat']));
    expect(attrs.id).toBeGreaterThan(0);
    expect(() => nft.setOps.add({ family: 'inet', table: 't', name: 's', keyType: 'integer' })).toThrow(/give keyLen/);
  });

  it('comments in user data, as nft writes them', () => {
    const userdata = nft.withComment('hello', nft.commentTypes.rule);
    expect([...userdata]).toEqual([0, 6, 104, 101, 108, 108, 111, 0]);
    expect(nft.commentOf(userdata, 0)).toBe('hello');
    const set = nft.withComment('s', nft.commentTypes.set, Uint8Array.of(0, 4, 1, 0, 0, 0));
    expect(nft.parseUserdata(set)!.map((i) => i.type)).toEqual([0, 7]);
    expect(nft.commentOf(Uint8Array.of(9), 0)).toBeUndefined();
  });

  it('value helpers: byte orders, interface names, concatenations, prefixes', () => {
    expect([...value.be16(22)]).toEqual([0, 22]);
    expect([...value.ifname('lo')]).toEqual([108, 111, ...Array(14).fill(0)]);
    expect([...value.concat(value.ipv4('10.0.0.1'), value.be16(22))]).toEqual([10, 0, 0, 1, 0, 22, 0, 0]);
    expect([...value.next(Uint8Array.of(10, 0, 0, 255))]).toEqual([10, 0, 1, 0]);
    const { first, last } = value.prefix('10.1.2.3/16');
    expect([...first, ...last]).toEqual([10, 1, 0, 0, 10, 1, 255, 255]);
    expect(value.prefix('2001:db8::/32').last.subarray(4).every((b) => b === 255)).toBe(true);
  });

  it('hooks and priorities by family', () => {
    expect(nft.hookNumber('inet', 'ingress')).toBe(5);
    expect(nft.hookNumber('netdev', 'egress')).toBe(1);
    expect(nft.hookName('arp', 2)).toBe('forward');
    expect(() => nft.hookNumber('netdev', 'input')).toThrow(/netdev has no hook "input"/);
    expect(nft.priorityNumber('ip', 'srcnat')).toBe(100);
    expect(nft.priorityNumber('bridge', 'srcnat')).toBe(300);
  });
});
