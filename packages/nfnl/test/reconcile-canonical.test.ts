// What reconcile compares desired and listed objects by (src/nftables/reconcile/normalize.ts): a canonical
// text that must tell apart any two values that differ and only those (key order and absent keys aside),
// and the element and set helpers built on it. Properties, not texts: no expected string is the code's own.
import { describe, expect, it } from 'vitest';
import { canonical, elementIdentity, isLeadingEnd, sortedFlags } from '../src/nftables/reconcile/normalize.js';

const differ: [unknown, unknown][] = [
  [[1, 23], [12, 3]],
  [[1, 2], [[1, 2]]],
  [[], [undefined]],
  [{ a: 1, b: 2 }, { a: 12 }],
  [{ a: { b: 1 } }, { a: { c: 1 } }],
  [{ ab: 1 }, { a: 'b1' }],
  [1n, 1],
  ['1', 1],
  ['undefined', undefined],
  [null, undefined],
  [null, 'null'],
  [true, 'true'],
  [Uint8Array.of(1, 2), Uint8Array.of(0x12)],
  [Uint8Array.of(0), Uint8Array.of()],
  [Uint8Array.of(1), [1]],
  [{}, []],
  [{ a: undefined, b: 1 }, { b: 2 }],
];
const same: [unknown, unknown][] = [
  [{ a: 1, b: 2 }, { b: 2, a: 1 }],
  [{ a: undefined, b: 1 }, { b: 1 }],
  [{ x: { q: 1, p: [Uint8Array.of(255)] } }, { x: { p: [Uint8Array.of(255)], q: 1 } }],
];

describe('canonical', () => {
  for (const [a, b] of differ) {
    it(`tells ${String(a)} from ${String(b)}`, () => expect(canonical(a)).not.toBe(canonical(b)));
  }
  for (const [a, b] of same) {
    it(`takes ${JSON.stringify(a)} as ${JSON.stringify(b)}`, () => expect(canonical(a)).toBe(canonical(b)));
  }
  it('bytes of every value tell apart', () => {
    const texts = new Set(Array.from({ length: 256 }, (_, i) => canonical(Uint8Array.of(i))));
    expect(texts.size).toBe(256);
  });
});

describe('elements', () => {
  const zero = Uint8Array.of(0, 0, 0, 0);
  it("an interval set's leading end at 0 (nft writes one in front of the first range) is recognised, nothing else", () => {
    expect(isLeadingEnd({ key: zero, flags: ['interval-end'] } as never)).toBe(true);
    expect(isLeadingEnd({ key: zero, flags: [] } as never)).toBe(false);
    expect(isLeadingEnd({ key: Uint8Array.of(0, 0, 0, 1), flags: ['interval-end'] } as never)).toBe(false);
    expect(isLeadingEnd({ key: zero, keyEnd: zero, flags: ['interval-end'] } as never)).toBe(false);
    expect(isLeadingEnd({ flags: ['interval-end'] } as never)).toBe(false);
  });
  it("an element is found by its key, range end and flags, the flags in any order", () => {
    const a = Uint8Array.of(10, 0, 0, 1);
    expect(elementIdentity({ key: a, flags: ['interval-end', 'catchall'] } as never)).toBe(elementIdentity({ key: a, flags: ['catchall', 'interval-end'] } as never));
    expect(elementIdentity({ key: a, flags: ['interval-end'] } as never)).not.toBe(elementIdentity({ key: a, flags: [] } as never));
    expect(elementIdentity({ key: a, flags: [] } as never)).not.toBe(elementIdentity({ keyEnd: a, flags: [] } as never));
  });
  it('flags sort alike whatever their order, none as no flags', () => {
    expect(sortedFlags(['b', 'a'])).toEqual(sortedFlags(['a', 'b']));
    expect(sortedFlags(undefined)).toEqual([]);
    expect(sortedFlags([2, 1])).toEqual(['1', '2']);
  });
});
