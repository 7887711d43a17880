// ethtool bitsets (ETHTOOL_A_BITSET_*) decoded from bytes built by hand, attribute by attribute, in both
// forms the kernel writes (Documentation/networking/ethtool-netlink.rst, "Bit sets"): compact (u32 words of
// value and mask, host byte order) and verbose (one ETHTOOL_A_BITSETS_BIT nest per bit, with its name).
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { encodeAttribute, HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import { genlMessage } from '../src/index.js';
import { bitsetChange, declarations, decodeBitset } from '../src/ethtool/index.js';

const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const u32 = (...words: number[]) => {
  const out = new Uint8Array(words.length * 4);
  words.forEach((w, i) => new DataView(out.buffer).setUint32(i * 4, w, HOST_LITTLE_ENDIAN));
  return out;
};
const str = (s: string) => new TextEncoder().encode(`${s}\0`);
const nest = (type: number, ...children: Uint8Array[]) => encodeAttribute(type, concat(...children), { nested: true });
// ETHTOOL_A_BITSET_NOMASK 1, _SIZE 2, _BITS 3, _VALUE 4, _MASK 5; ETHTOOL_A_BITSET_BITS_BIT 1;
// ETHTOOL_A_BITSET_BIT_INDEX 1, _NAME 2, _VALUE 3 (linux/ethtool_netlink.h).
const bit = (index: number, name: string, on: boolean) => nest(1, encodeAttribute(1, u32(index)), encodeAttribute(2, str(name)), ...(on ? [encodeAttribute(3, new Uint8Array())] : []));

/** An ETHTOOL_MSG_FEATURES_GET reply whose ETHTOOL_A_FEATURES_ACTIVE (4) is `bitset`, decoded by the generated declarations. */
function activeOf(bitset: Uint8Array[]) {
  const payload = concat(new Uint8Array([11, 1, 0, 0]), nest(4, ...bitset));
  const reply = compileMessage(genlMessage('features', declarations.featuresAttrs)).decode(payload);
  return reply.attrs.active!;
}

const names = Array.from({ length: 40 }, (_, i) => `f${i}`);

describe('decodeBitset', () => {
  it('compact with a mask: set bits of the value words and of the mask words, across a word boundary, named by the string set', () => {
    const set = activeOf([encodeAttribute(2, u32(40)), encodeAttribute(4, u32(0b101, 1 << 7)), encodeAttribute(5, u32(0b1111, 0xff))]);
    expect(decodeBitset(set, names)).toEqual({ size: 40, value: ['f0', 'f2', 'f39'], mask: ['f0', 'f1', 'f2', 'f3', 'f32', 'f33', 'f34', 'f35', 'f36', 'f37', 'f38', 'f39'] });
  });

  it('compact without a mask (NOMASK); bits past SIZE are ignored; unnamed bits come back as their index', () => {
    const set = activeOf([encodeAttribute(1, new Uint8Array()), encodeAttribute(2, u32(34)), encodeAttribute(4, u32(0x80000001, 0xffffffff))]);
    expect(decodeBitset(set, ['a'])).toEqual({ size: 34, value: ['a', '31', '32', '33'], mask: undefined });
  });

  it('verbose with a mask: the listed bits are the mask, those flagged VALUE the value', () => {
    const set = activeOf([encodeAttribute(2, u32(3)), nest(3, bit(0, 'rx-checksum', true), bit(1, 'highdma', false), bit(2, 'rx-gro', true))]);
    expect(decodeBitset(set)).toEqual({ size: 3, value: ['rx-checksum', 'rx-gro'], mask: ['rx-checksum', 'highdma', 'rx-gro'] });
  });

  it('verbose without a mask: every listed bit is set', () => {
    const set = activeOf([encodeAttribute(1, new Uint8Array()), encodeAttribute(2, u32(64)), nest(3, bit(5, 'tx-scatter-gather', true), bit(63, 'rx-gro-list', true))]);
    expect(decodeBitset(set)).toEqual({ size: 64, value: ['tx-scatter-gather', 'rx-gro-list'], mask: undefined });
  });

  it('an empty verbose bitset with a mask: no bits set, an empty mask', () => {
    expect(decodeBitset(activeOf([encodeAttribute(2, u32(0))]))).toEqual({ size: 0, value: [], mask: [] });
  });
});

describe('bitsetChange', () => {
  it('encodes as a verbose bitset with a mask: BITS, one BIT per name, VALUE only for those set', () => {
    const payload = compileMessage(genlMessage('features', declarations.featuresAttrs)).encode({ header: { cmd: 12, version: 1, reserved: 0 }, attrs: { wanted: bitsetChange(new Map([['rx-gro', true], ['highdma', false]])) } });
    const bitNamed = (name: string, on: boolean) => nest(1, encodeAttribute(2, str(name)), ...(on ? [encodeAttribute(3, new Uint8Array())] : []));
    expect([...payload]).toEqual([...concat(new Uint8Array([12, 1, 0, 0]), nest(3, nest(3, bitNamed('rx-gro', true), bitNamed('highdma', false))))]);
  });
});
