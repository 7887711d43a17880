import { INT_WIDTH } from '@linx/netlink-wire';
import type { Codec } from '../codec.js';
import { DecodeError, InvalidValueError } from '../errors.js';
import type { FlagsDecl, IntDecl } from '../schema.js';
import { describe, intReader, intWriter } from './int.js';

/** Bit masks ↔ lists of names, in bit order; bits without a name are kept as numbers (their bit values). */
export interface BitNames {
  toNames(mask: number | bigint): (string | number)[];
  toMask(value: unknown): number | bigint;
}

export function bitNames(bits: { readonly [name: string]: number }, base: IntDecl, what = "flags"): BitNames {
  const entries = Object.entries(bits)
    .filter(([, bit]) => bit !== 0)
    .sort((a, b) => a[1] - b[1]);
  const byName = new Map(entries);
  // Flags that fit in 32 bits (almost all of them) are read with number operations: BigInt arithmetic on
  // every decoded header made decoding 10,000 nexthops spend ~9 ms here and more in the garbage collector.
  // Stryker disable next-line MethodExpression,ArrowFunction,ConditionalExpression,EqualityOperator: small only picks number operations over BigInt ones, and smallNames names the same bits of any mask of 32 bits whatever is declared (a declared bit past 32 bits is in no such mask, and both paths skip it)
  const small = entries.every(([, bit]) => bit <= 0xffff_ffff);
  // A signed base (s8..s64) reads a mask with its top bit set as a negative number: its flags are the bits
  // of that two's complement in the base's width (a negative BigInt has endless set bits, and the loops
  // below would never end), and encoding such a mask writes it back as the negative number it was.
  const width = INT_WIDTH[base.int] * 8;
  const signed = base.int.startsWith('s');
  return {
    toNames(mask) {
      if (mask < 0) mask = typeof mask === 'bigint' ? BigInt.asUintN(width, mask) : Number(BigInt.asUintN(width, BigInt(mask)));
      // Stryker disable next-line StringLiteral: a mask taken for a non-number goes the BigInt way, which names the same bits (flags-paths.test.ts compares both)
      if (small && typeof mask === 'number' && mask <= 0xffff_ffff) return smallNames(entries, mask);
      const out: (string | number)[] = [];
      let rest = BigInt(mask);
      for (const [name, bit] of entries) {
        const b = BigInt(bit);
        if ((rest & b) === b) {
          out.push(name);
          rest &= ~b;
        }
      }
      for (let bit = 1n; rest !== 0n; bit <<= 1n) {
        if (rest & bit) {
          out.push(Number(bit)); // a power of two is exact as a double
          rest &= ~bit;
        }
      }
      return out;
    },
    toMask(value) {
      if (typeof value === 'number' || typeof value === 'bigint') return value;
      if (!Array.isArray(value)) throw new InvalidValueError(`expected a list of ${what} names or a number, got ${describe(value)}`);
      let mask = 0n;
      for (const item of value) {
        if (typeof item === 'number' && Number.isInteger(item) && item >= 0) mask |= BigInt(item);
        else if (typeof item === 'string' && byName.has(item)) mask |= BigInt(byName.get(item)!);
        else {
          throw new InvalidValueError(
            `unknown ${what} name ${JSON.stringify(item)}; expected some of ${[...byName.keys()].slice(0, 12).join(', ')}${byName.size > 12 ? ', …' : ''}`,
          );
        }
      }
      if (signed && mask < 1n << BigInt(width)) mask = BigInt.asIntN(width, mask);
      return base.bigint ? mask : Number(mask);
    },
  };
}

/** `toNames` for a mask and bits of 32 bits at most, with number operations (`>>> 0` keeps bit 31 unsigned). */
function smallNames(entries: readonly (readonly [string, number])[], mask: number): (string | number)[] {
  const out: (string | number)[] = [];
  if (mask === 0) return out;
  let rest = mask >>> 0;
  for (const [name, bit] of entries) {
    if (((rest & bit) >>> 0) === bit) {
      out.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  for (let bit = 1; rest !== 0; bit *= 2) {
    if ((rest & bit) >>> 0 === bit) {
      out.push(bit);
      rest = (rest & ~bit) >>> 0;
    }
  }
  return out;
}

export function compileFlags(decl: FlagsDecl): Codec<(string | number)[]> {
  const size = INT_WIDTH[decl.base.int];
  const read = intReader(decl.base);
  const write = intWriter(decl.base);
  const names = bitNames(decl.bits, decl.base, decl.name ?? 'flag');
  return {
    size,
    decode(_bytes, view, start, end, state) {
      if (end - start < size) throw new DecodeError(`${decl.base.int} needs ${size} bytes, payload has ${end - start}`, start);
      if (end - start !== size) state.exact = false;
      return names.toNames(read(view, start));
    },
    encode(value, w) {
      const at = w.reserve(size);
      write(w.view, at, names.toMask(value));
    },
  };
}
