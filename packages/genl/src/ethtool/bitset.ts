import type { AttrsValue } from '@linx/netlink-codec';
import { HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import type { bitsetAttrs } from './generated/ethtool.js';

/** An ETHTOOL_A_BITSET_* nest as the codec decodes it. */
export type BitsetAttrs = AttrsValue<(typeof bitsetAttrs)['attributes']>;

/**
 * An ethtool bitset by name: `value` the bits that are set; `mask` the bits the kernel says the value
 * covers (supported link modes, say), absent when it sent a bitset without a mask (ETHTOOL_A_BITSET_NOMASK).
 */
export interface Bitset {
  /** Number of bits (ETHTOOL_A_BITSET_SIZE). */
  size: number;
  value: string[];
  mask: string[] | undefined;
}

function setBits(bytes: Uint8Array, size: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bits: number[] = [];
  for (let word = 0; word * 4 + 4 <= bytes.byteLength; word++) {
    // Compact bitsets are arrays of u32 words in host byte order (Documentation/networking/ethtool-netlink.rst, "Bit sets").
    const w = view.getUint32(word * 4, HOST_LITTLE_ENDIAN);
    if (w === 0) continue;
    for (let b = 0; b < 32; b++) {
      const index = word * 32 + b;
      if (index < size && (w >>> b) & 1) bits.push(index);
    }
  }
  return bits;
}

/**
 * Decodes either form of a bitset into names. The verbose form carries its names; the compact form
 * (ETHTOOL_A_BITSET_VALUE/MASK words) only indexes, named through `names` (the bits' string set) — a bit
 * the table does not name comes back as its index, in decimal.
 */
export function decodeBitset(attrs: BitsetAttrs, names: readonly string[] = []): Bitset {
  const nomask = attrs.nomask === true;
  const size = attrs.size ?? 0;
  const name = (index: number): string => names[index] ?? String(index);
  if (attrs.value !== undefined) {
    const value = setBits(attrs.value, size).map(name);
    const mask = nomask || attrs.mask === undefined ? undefined : setBits(attrs.mask, size).map(name);
    return { size, value, mask };
  }
  const bits = attrs.bits?.bit ?? [];
  const listed = bits.map((bit) => bit.name ?? (bit.index === undefined ? '' : name(bit.index)));
  // Verbose without a mask lists the bits that are set; with one it lists the mask's bits and flags the set ones.
  if (nomask) return { size, value: listed, mask: undefined };
  return { size, value: listed.filter((_, i) => bits[i]!.value === true), mask: listed };
}

/**
 * A verbose bitset with a mask that changes the named bits only: `true` sets, `false` clears, bits left out
 * keep their state (how ETHTOOL_MSG_FEATURES_SET and the other _SET requests take a change).
 */
export function bitsetChange(changes: ReadonlyMap<string, boolean>): { bits: { bit: { name: string; value?: boolean }[] } } {
  return { bits: { bit: [...changes].map(([name, on]) => (on ? { name, value: true } : { name })) } };
}
