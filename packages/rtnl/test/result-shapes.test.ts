// The convention of rtnl's results, without a kernel: prefix strings beside the parts (routes, rules,
// addresses) for the cases ip spells differently (default, hosts, IPv6, peers, a family without lengths),
// table names from the one table of names, `dev` on neighbour notifications, and jsonReplacer.
import { AttributeEncoder, ByteWriter, encodeMessage, parseMessages } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { decodeRoute } from '../src/route/shape.js';
import { decodeAddress } from '../src/address/shape.js';
import { toRule, type RuleMessageValue } from '../src/rule/shape.js';
import { NotificationDecoder } from '../src/monitor/decode.js';
import { TABLES, jsonReplacer, tableName } from '../src/index.js';
import { rtLink, rtNeigh } from '../src/protocol.js';

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** rtmsg of `family` with `dstLen` in table `table` (rtm_table, and RTA_TABLE), then RTA_DST when given. */
function route(family: number, dstLen: number, dst: number[] | undefined, table = 254, src?: { bytes: number[]; length: number }): ReturnType<typeof decodeRoute> {
  const w = new ByteWriter(128);
  const at = w.reserve(12);
  w.bytes.set([family, dstLen, src?.length ?? 0, 0, Math.min(table, 252), 3, 0, 1], at);
  const attrs = new AttributeEncoder(w).u32(15, table);
  if (dst) attrs.bytes(1, Uint8Array.from(dst));
  if (src) attrs.bytes(2, Uint8Array.from(src.bytes));
  const bytes = w.finish();
  return decodeRoute(bytes, view(bytes), 0, bytes.length);
}

const v6 = (...head: number[]) => [...head, ...new Array<number>(16 - head.length).fill(0)];

describe('route prefixes and table names', () => {
  it('dstPrefix as ip -j route prints dst: default, a prefix, a host bare', () => {
    expect(route(2, 0, undefined).dstPrefix).toBe('default');
    expect(route(10, 0, undefined).dstPrefix).toBe('default');
    expect(route(2, 24, [10, 1, 2, 0]).dstPrefix).toBe('10.1.2.0/24');
    expect(route(2, 32, [10, 1, 2, 3]).dstPrefix).toBe('10.1.2.3');
    expect(route(10, 64, v6(0x20, 0x01, 0x0d, 0xb8)).dstPrefix).toBe('2001:db8::/64');
    expect(route(10, 128, v6(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)).dstPrefix).toBe('2001:db8::1');
    // A length that is not the host's, in IPv6, keeps its length even at 32.
    expect(route(10, 32, v6(0x20, 0x01, 0x0d, 0xb8)).dstPrefix).toBe('2001:db8::/32');
  });

  it('the parts stay beside the prefix; a source prefix (IPv6 source routing) gets srcPrefix', () => {
    const r = route(10, 64, v6(0x20, 0x01, 0x0d, 0xb8), 254, { bytes: v6(0xfd, 0), length: 48 });
    expect({ dst: r.dst, dstLen: r.dstLen, dstPrefix: r.dstPrefix, src: r.src, srcLen: r.srcLen, srcPrefix: r.srcPrefix }).toEqual({ dst: '2001:db8::', dstLen: 64, dstPrefix: '2001:db8::/64', src: 'fd00::', srcLen: 48, srcPrefix: 'fd00::/48' });
    expect('srcPrefix' in route(2, 24, [10, 1, 2, 0])).toBe(false);
  });

  it('tableName: the kernel\'s names, else the number; `table` stays the number', () => {
    expect([254, 255, 253, 100, 1000, 2 ** 32 - 1].map((t) => { const r = route(2, 24, [10, 0, 0, 0], t); return [r.table, r.tableName]; })).toEqual([
      [254, 'main'], [255, 'local'], [253, 'default'], [100, 100], [1000, 1000], [2 ** 32 - 1, 2 ** 32 - 1],
    ]);
    for (const [name, number] of Object.entries(TABLES)) expect(tableName(number)).toBe(name);
  });
});

describe('rule prefixes', () => {
  const rule = (family: number, srcLen: number, dstLen: number, attrs: RuleMessageValue['attrs']) =>
    toRule({ header: { family, dstLen, srcLen, tos: 0, table: 0, action: 'to-tbl', flags: 0 }, attrs } as unknown as RuleMessageValue);

  it('srcPrefix/dstPrefix as ip rule prints from/to; absent without an address (from all)', () => {
    const r = rule(2, 8, 32, { src: '10.0.0.0', dst: '192.0.2.1', table: 100 } as never);
    expect({ srcPrefix: r.srcPrefix, dstPrefix: r.dstPrefix, src: r.src, srcLen: r.srcLen, table: r.table }).toEqual({ srcPrefix: '10.0.0.0/8', dstPrefix: '192.0.2.1', src: '10.0.0.0', srcLen: 8, table: 100 });
    const six = rule(10, 128, 56, { src: 'fd00::1', dst: '2001:db8::', table: 254 } as never);
    expect([six.srcPrefix, six.dstPrefix, six.table]).toEqual(['fd00::1', '2001:db8::/56', 'main']);
    const all = rule(2, 0, 0, { table: 255 } as never);
    expect(['srcPrefix' in all, 'dstPrefix' in all, all.table]).toEqual([false, false, 'local']);
  });
});

describe('address prefixes', () => {
  /** ifaddrmsg (family, prefixlen) on interface 3, then IFA_ADDRESS (1) and IFA_LOCAL (2) when given. */
  function address(family: number, prefixlen: number, local: number[] | undefined, peer: number[] | undefined) {
    const w = new ByteWriter(96);
    const at = w.reserve(8);
    w.bytes.set([family, prefixlen, 0, 0], at);
    w.view.setUint32(at + 4, 3, true);
    const attrs = new AttributeEncoder(w);
    if (peer) attrs.bytes(1, Uint8Array.from(peer));
    if (local) attrs.bytes(2, Uint8Array.from(local));
    const bytes = w.finish();
    return decodeAddress(bytes, view(bytes), 0, bytes.length);
  }

  it('localPrefix always has the length, as ip addr prints it; with a peer the length goes with the peer', () => {
    expect(address(2, 24, [10, 0, 0, 1], [10, 0, 0, 1]).localPrefix).toBe('10.0.0.1/24');
    expect(address(2, 32, [10, 0, 0, 1], [10, 0, 0, 1]).localPrefix).toBe('10.0.0.1/32');
    // IPv6 without a peer: IFA_ADDRESS only.
    expect(address(10, 64, undefined, v6(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)).localPrefix).toBe('2001:db8::1/64');
    const p = address(2, 32, [10, 0, 0, 1], [10, 0, 0, 2]);
    expect({ local: p.local, peer: p.peer, localPrefix: p.localPrefix, peerPrefix: p.peerPrefix }).toEqual({ local: '10.0.0.1', peer: '10.0.0.2', localPrefix: '10.0.0.1', peerPrefix: '10.0.0.2/32' });
  });
});

describe('neighbour notifications', () => {
  it('get `dev` from the decoder\'s names, like list()', () => {
    const w = new ByteWriter(64);
    const at = w.reserve(12);
    w.bytes[at] = 2;
    w.view.setInt32(at + 4, 7, true);
    w.view.setUint16(at + 8, 0x80, true);
    // NDA_DST, NDA_IFINDEX (8: a VXLAN FDB entry's way out), NDA_MASTER (9).
    new AttributeEncoder(w).bytes(1, Uint8Array.of(10, 0, 0, 2)).u32(8, 4).u32(9, 3);
    const payload = w.finish();
    const msg = parseMessages(encodeMessage({ type: rtNeigh.neighbourMessage.types.newneigh, payload }))[0]!;
    expect(new NotificationDecoder(new Map([[7, 'eth7'], [4, 'uplink'], [3, 'br0']])).decode(msg)).toMatchObject({
      type: 'new', kind: 'neighbour', object: { ifindex: 7, dev: 'eth7', dst: '10.0.0.2', viaIfindex: 4, viaDev: 'uplink', master: 3, masterDev: 'br0' },
    });
    const unnamed = new NotificationDecoder(undefined).decode(msg);
    expect(unnamed?.kind === 'neighbour' && 'dev' in unnamed.object).toBe(false);
  });
});

describe('link notifications', () => {
  /** ifinfomsg for index 5 named p0, with IFLA_MASTER 3 and IFLA_LINK 6 (and IFLA_LINK_NETNSID when given). */
  function linkMessage(netnsid?: number) {
    const w = new ByteWriter(96);
    const at = w.reserve(16);
    w.view.setInt32(at + 4, 5, true);
    const attrs = new AttributeEncoder(w).string(3, 'p0').u32(10, 3).u32(5, 6);
    if (netnsid !== undefined) attrs.u32(37, netnsid);
    return parseMessages(encodeMessage({ type: rtLink.linkMessage.types.newlink, payload: w.finish() }))[0]!;
  }

  it('name the master and the parent (not a parent in another namespace) from the decoder\'s names', () => {
    const names = new Map([[3, 'br0'], [6, 'p1']]);
    expect(new NotificationDecoder(names).decode(linkMessage())).toMatchObject({ kind: 'link', object: { ifname: 'p0', master: 3, masterDev: 'br0', link: 6, linkDev: 'p1' } });
    const other = new NotificationDecoder(names).decode(linkMessage(1));
    expect(other?.kind === 'link' && [other.object.masterDev, 'linkDev' in other.object]).toEqual(['br0', false]);
  });
});

describe('jsonReplacer', () => {
  it('bigints as numbers while exact, beyond 2^53 - 1 as decimal strings; bytes as hex; the rest untouched', () => {
    const value = {
      stats64: { rxBytes: 1234n, txBytes: 0n, max: 2n ** 53n - 1n, over: 2n ** 53n, u64: 2n ** 64n - 1n, negative: -5n },
      raw: Uint8Array.of(0, 1, 0xab, 0xff),
      list: [1n, 'a', null, true],
      [Symbol('unknown')]: [1],
    };
    expect(() => JSON.stringify(value)).toThrow(TypeError);
    expect(JSON.parse(JSON.stringify(value, jsonReplacer))).toStrictEqual({
      stats64: { rxBytes: 1234, txBytes: 0, max: 2 ** 53 - 1, over: '9007199254740992', u64: '18446744073709551615', negative: -5 },
      raw: '0001abff',
      list: [1, 'a', null, true],
    });
  });
});
