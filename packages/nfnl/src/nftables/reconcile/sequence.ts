/** Above this many cells (after the common ends are taken off), the exact table is not worth its memory. */
const EXACT_LIMIT = 4_000_000;

/**
 * Pairs `[i, j]` of equal items of `a` and `b`, in increasing order of both: the longest common
 * subsequence when the part that differs is small (after the common start and end), otherwise a greedy
 * one (each item of `b` matched to the next equal item of `a`), which is common but may be shorter.
 * Reconcile keeps the observed rules of these pairs and deletes or adds the others.
 */
export function commonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < start; i++) pairs.push([i, i]);
  const n = endA - start;
  const m = endB - start;
  if (n > 0 && m > 0) pairs.push(...(n * m <= EXACT_LIMIT ? exact(a, b, start, n, m) : greedy(a, b, start, endA, endB)));
  for (let k = 0; endA + k < a.length; k++) pairs.push([endA + k, endB + k]);
  return pairs;
}

/** The longest common subsequence of a[start, start + n) and b[start, start + m), by dynamic programming. */
function exact(a: readonly string[], b: readonly string[], start: number, n: number, m: number): [number, number][] {
  // lengths[i * (m + 1) + j]: the longest common subsequence of the suffixes from i and from j.
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] = a[start + i] === b[start + j] ? lengths[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lengths[(i + 1) * (m + 1) + j]!, lengths[i * (m + 1) + j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[start + i] === b[start + j]) {
      pairs.push([start + i, start + j]);
      i++;
      j++;
    } else if (lengths[(i + 1) * (m + 1) + j]! >= lengths[i * (m + 1) + j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function greedy(a: readonly string[], b: readonly string[], start: number, endA: number, endB: number): [number, number][] {
  const positions = new Map<string, number[]>();
  for (let i = endA - 1; i >= start; i--) {
    const list = positions.get(a[i]!) ?? [];
    list.push(i); // descending, so the next one is at the end
    positions.set(a[i]!, list);
  }
  const pairs: [number, number][] = [];
  let after = start - 1;
  for (let j = start; j < endB; j++) {
    const list = positions.get(b[j]!);
    while (list?.length && list[list.length - 1]! <= after) list.pop();
    const i = list?.pop();
    if (i === undefined) continue;
    pairs.push([i, j]);
    after = i;
  }
  return pairs;
}
