/** Runs `fn` until `minMs` have passed (after a warm-up) and returns the best rate over `rounds` rounds. */
export function measure(fn: () => number, { rounds = 5, minMs = 300 } = {}): { perSecond: number; msPerRun: number } {
  for (let i = 0; i < 3; i++) fn();
  let best = 0;
  let bestMs = Infinity;
  for (let round = 0; round < rounds; round++) {
    let items = 0;
    let runs = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < minMs) {
      items += fn();
      runs++;
      elapsed = performance.now() - start;
    }
    best = Math.max(best, (items / elapsed) * 1000);
    bestMs = Math.min(bestMs, elapsed / runs);
  }
  return { perSecond: best, msPerRun: bestMs };
}

/** 1234567 → "1.23 M". */
export function rate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

/** The best time of `rounds` runs of an async `fn`, after as many warm-up runs (so the JIT has compiled the hot path). */
export async function bestOf<T>(rounds: number, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let ms = Infinity;
  let value!: T;
  for (let i = 0; i < rounds; i++) await fn();
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    value = await fn();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, value };
}
