// Byte order of the codec's integer types against literal bytes, written out by hand: big-endian is the
// most significant byte first (network byte order), host order is little-endian on the machines these run
// on, and struct nlattr is { u16 nla_len; u16 nla_type } (linux/netlink.h). Where a value is one a real
// request carries, the bytes are those of a capture of iproute2 6.1 / nftables 1.0.6 (made with
// `strace -f -e trace=sendmsg -e write=all <command>` in a throwaway network namespace; the command is
// named at each use). Round trips alone pass an encoder and a decoder that agree on the wrong order.
//
// Each check runs twice: with the generated decoders (the `new Function` loops and struct readers), and
// with a fresh copy of the codec loaded while code generation is refused, so the interpreted fallback
// (what runtimes that forbid generating code from strings get) is pinned to the same bytes.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { variants } from './codec-variants.js';

describe.runIf(endianness() === 'LE').each(variants)('integer byte order, byte for byte (%s)', (_, load) => {
  it('be16 / be32 / be64 and u16/s16/u32/s32/u64 { order: "big" } attributes', async () => {
    const c = await load();
    const set = c.attrset('be', {
      sport: c.attr(28, c.be16()),
      dport: c.attr(29, c.u16({ order: 'big' })),
      hooknum: c.attr(1, c.be32()),
      priority: c.attr(2, c.s32({ order: 'big' })),
      tunId: c.attr(12, c.be64()),
      handle: c.attr(4, c.u64({ order: 'big' })),
      delta: c.attr(5, c.s16({ order: 'big' })),
    });
    const value = { sport: 22, dport: 443, hooknum: 3, priority: -150, tunId: 0x1234n, handle: 0x0102030405060708n, delta: -2 };
    // RTA_SPORT 22 / RTA_DPORT 443 as `ip route get 10.7.0.1 ipproto tcp sport 22 dport 443` sends them;
    // NFTA_HOOK_HOOKNUM 3 as in `nft add chain inet t c2 { type filter hook output … }`; priority -150
    // (nft's `mangle`) as two's complement ff ff ff 6a; FRA_TUN_ID as `ip rule add tun_id 0x1234 …` sends it.
    const expected = [
      0x06, 0x00, 0x1c, 0x00, 0x00, 0x16, 0x00, 0x00,
      0x06, 0x00, 0x1d, 0x00, 0x01, 0xbb, 0x00, 0x00,
      0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x03,
      0x08, 0x00, 0x02, 0x00, 0xff, 0xff, 0xff, 0x6a,
      0x0c, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34,
      0x0c, 0x00, 0x04, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
      0x06, 0x00, 0x05, 0x00, 0xff, 0xfe, 0x00, 0x00,
    ];
    expect([...c.encode(set, value)]).toEqual(expected);
    expect({ ...c.decode(set, Uint8Array.from(expected)) }).toEqual(value);
  });

  it('host order and explicit little-endian stay least significant byte first', async () => {
    const c = await load();
    const set = c.attrset('le', { a: c.attr(1, c.u16()), b: c.attr(2, c.u32({ order: 'little' })), d: c.attr(3, c.u64()), e: c.attr(4, c.s32()) });
    const expected = [6, 0, 1, 0, 0x34, 0x12, 0, 0, 8, 0, 2, 0, 4, 3, 2, 1, 12, 0, 3, 0, 8, 7, 6, 5, 4, 3, 2, 1, 8, 0, 4, 0, 0x6a, 0xff, 0xff, 0xff];
    const value = { a: 0x1234, b: 0x01020304, d: 0x0102030405060708n, e: -150 };
    expect([...c.encode(set, value)]).toEqual(expected);
    expect({ ...c.decode(set, Uint8Array.from(expected)) }).toEqual(value);
  });

  it('a struct with a big-endian field (nfgenmsg: family, version, be16 res_id)', async () => {
    const c = await load();
    const nfgenmsg = c.struct('nfgenmsg', { family: c.u8(), version: c.u8(), resId: c.be16() });
    const msg = c.compileMessage(c.message('m', { header: nfgenmsg, attrs: c.attrset('none', {}) }));
    // The BEGIN of every nft batch: AF_UNSPEC, NFNETLINK_V0, res_id NFNL_SUBSYS_NFTABLES (10) → 00 00 00 0a.
    expect([...msg.encode({ header: { family: 0, version: 0, resId: 10 } })]).toEqual([0x00, 0x00, 0x00, 0x0a]);
    // Distinct values in every field: family 2, version 1, res_id 0x1234.
    expect({ ...msg.decode(Uint8Array.of(2, 1, 0x12, 0x34)).header }).toEqual({ family: 2, version: 1, resId: 0x1234 });
    expect([...msg.encode({ header: { family: 2, version: 1, resId: 0x1234 } })]).toEqual([2, 1, 0x12, 0x34]);
  });

  it('struct fields of every width and order at their offsets, whole, longer and shorter than the struct', async () => {
    const c = await load();
    const s = c.struct('mixed', { a: c.u8(), b: c.be16(), pad: c.pad(1), c: c.u32(), d: c.be32(), e: c.be64() });
    const codec = c.compileStruct(s);
    const whole = [0x11, 0x22, 0x33, 0x00, 0x04, 0x03, 0x02, 0x01, 0x0a, 0x0b, 0x0c, 0x0d, 1, 2, 3, 4, 5, 6, 7, 8];
    const value = { a: 0x11, b: 0x2233, c: 0x01020304, d: 0x0a0b0c0d, e: 0x0102030405060708n };
    const decodeAll = (b: number[]) => {
      const bytes = Uint8Array.from(b);
      return { ...codec.decode(bytes, new DataView(bytes.buffer), 0, bytes.length, { exact: true }) };
    };
    expect(decodeAll(whole)).toEqual(value);
    // A longer payload (a newer kernel's struct) goes through the field-by-field reader.
    expect(decodeAll([...whole, 0xee, 0xee, 0xee, 0xee])).toEqual(value);
    // A shorter one decodes the fields that fit.
    expect(decodeAll(whole.slice(0, 12))).toEqual({ a: 0x11, b: 0x2233, c: 0x01020304, d: 0x0a0b0c0d });
    const attrs = c.attrset('st', { s: c.attr(1, c.structType(s)) });
    expect([...c.encode(attrs, { s: value })]).toEqual([24, 0, 1, 0, ...whole]);
  });

  it('enums, flags and packed arrays over big-endian integers', async () => {
    const c = await load();
    const set = c.attrset('named', {
      // NF_DROP 0 / NF_ACCEPT 1 as a chain policy, be32 (NFTA_CHAIN_POLICY).
      policy: c.attr(5, c.enumOf(c.be32(), { drop: 0, accept: 1, queue: 3 })),
      flags: c.attr(10, c.flagsOf(c.be32(), { base: 1, 'hw-offload': 2, binding: 4, late: 0x100 })),
      ports: c.attr(3, c.packed(c.be16())),
      proto: c.attr(6, c.enumOf(c.be16(), { ip: 0x0800, arp: 0x0806, ipv6: 0x86dd })),
    });
    const expected = [
      8, 0, 5, 0, 0, 0, 0, 3,
      8, 0, 10, 0, 0, 0, 0x01, 0x05,
      10, 0, 3, 0, 0x00, 0x16, 0x01, 0xbb, 0x12, 0xb5, 0, 0,
      6, 0, 6, 0, 0x86, 0xdd, 0, 0,
    ];
    const value = { policy: 'queue' as const, flags: ['base' as const, 'binding' as const, 'late' as const], ports: [22, 443, 4789], proto: 'ipv6' as const };
    expect([...c.encode(set, value)]).toEqual(expected);
    expect({ ...c.decode(set, Uint8Array.from(expected)) }).toEqual(value);
    // An unnamed value read big-endian: 00 00 01 00 is 256, not 65536.
    expect(c.decode(set, Uint8Array.of(8, 0, 5, 0, 0, 0, 1, 0)).policy).toBe(256);
  });

  it('a struct carried in a nest, inside a list: every level reads the same order', async () => {
    const c = await load();
    const range = c.struct('range', { low: c.be16(), high: c.be16() });
    const item = c.attrset('item', { range: c.attr(1, c.structType(range)), id: c.attr(2, c.be32()) });
    const top = c.attrset('top', { items: c.attr(1, c.nest(item), { multi: true }) });
    const expected = [20, 0, 1, 0x80, 8, 0, 1, 0, 0x00, 0x16, 0x01, 0xbb, 8, 0, 2, 0, 0xde, 0xad, 0xbe, 0xef];
    expect([...c.encode(top, { items: [{ range: { low: 22, high: 443 }, id: 0xdeadbeef }] })]).toEqual(expected);
    const back = c.decode(top, Uint8Array.from(expected));
    expect(back.items!.map((i) => ({ range: { ...i.range }, id: i.id }))).toEqual([{ range: { low: 22, high: 443 }, id: 0xdeadbeef }]);
  });

  it('attr(…, { netByteOrder: true }) sets NLA_F_NET_BYTEORDER (0x4000) in nla_type', async () => {
    const c = await load();
    const set = c.attrset('nbo', { port: c.attr(1, c.be16(), { netByteOrder: true }) });
    expect([...c.encode(set, { port: 22 })]).toEqual([6, 0, 1, 0x40, 0x00, 0x16, 0, 0]);
    expect(c.decode(set, Uint8Array.of(6, 0, 1, 0x40, 0x00, 0x16, 0, 0)).port).toBe(22);
  });
});
