// The common subsequence reconcile keeps rules by: pairs of equal items in increasing order of both
// sides, as long as a plain dynamic-programming LCS on small inputs (the greedy fallback for huge ones
// still common, never longer).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commonSubsequence } from '../src/nftables/reconcile/sequence.js';

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return t[a.length]![b.length]!;
}
function isCommon(a: readonly string[], b: readonly string[], pairs: [number, number][]): boolean {
  return pairs.every(([i, j], k) => a[i] === b[j] && (k === 0 || (i > pairs[k - 1]![0] && j > pairs[k - 1]![1])));
}
const items = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 30 });

describe('commonSubsequence', () => {
  it('is common to both and as long as the longest', () => {
    fc.assert(
      fc.property(items, items, (a, b) => {
        const pairs = commonSubsequence(a, b);
        expect(isCommon(a, b, pairs)).toBe(true);
        expect(pairs).toHaveLength(lcsLength(a, b));
      }),
    );
  });

  it('keeps everything of equal sequences, and nothing of disjoint ones', () => {
    expect(commonSubsequence(['x', 'y', 'z'], ['x', 'y', 'z'])).toEqual([[0, 0], [1, 1], [2, 2]]);
    expect(commonSubsequence(['x', 'y'], ['p', 'q'])).toEqual([]);
  });

  it('past the exact limit (3,000 × 3,000 differing rules), still a common subsequence, found greedily', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `r${i % 7}`);
    const b = Array.from({ length: 3000 }, (_, i) => `r${(i * 3) % 7}`);
    const pairs = commonSubsequence(['start', ...a, 'end'], ['start', ...b, 'end']);
    expect(isCommon(['start', ...a, 'end'], ['start', ...b, 'end'], pairs)).toBe(true);
    expect(pairs[0]).toEqual([0, 0]);
    expect(pairs.at(-1)).toEqual([3001, 3001]);
    expect(pairs.length).toBeGreaterThan(1000);
  });
});
