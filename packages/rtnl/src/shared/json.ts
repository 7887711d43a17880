/**
 * Results as JSON. Most of a result is JSON already; two kinds of values are not: 64-bit counters
 * (`stats64`, `tunId`, tc's byte counts) are bigints, which `JSON.stringify` refuses with a TypeError, and
 * raw attribute payloads are Uint8Arrays, which it spells as an object of indexes. `jsonReplacer` turns
 * a bigint into a number, as `ip -j -s` prints counters, when it is exact as one (up to 2^53 - 1: a
 * counter passes that after 9 PB), else into its decimal string; bytes into lowercase hex. Symbol keys
 * (the codec's `UNKNOWN`) are left out by `JSON.stringify` itself.
 *
 *     JSON.stringify(await rtnl.links.list(), jsonReplacer)
 */

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A `JSON.stringify` replacer for rtnl's results (see above). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value <= MAX_EXACT && value >= -MAX_EXACT ? Number(value) : value.toString();
  if (value instanceof Uint8Array) {
    let text = '';
    for (const byte of value) text += HEX[byte];
    return text;
  }
  return value;
}
