/** Milliseconds as nft prints times: `1d2h3m4s5ms`, each unit only when not zero. */
export function timeText(ms: number): string {
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(ms / size);
    if (n) out += `${n}${unit}`;
    ms -= n * size;
  }
  return out || '0s';
}
