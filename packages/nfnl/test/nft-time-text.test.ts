// Times as nft prints them, for what the corpora lack: days. nft 1.0.6 in a throwaway network namespace,
// `set s { type ipv4_addr; timeout 1d2h3m4s5ms; }` and `set u { …; timeout 2d; }`, listed them as
// `timeout 1d2h3m4s4ms` and `timeout 2d` (the kernel keeps a set's timeout in jiffies: at HZ 250 the 5 ms
// came back as 4, 93,784,004 ms).
import { describe, expect, it } from 'vitest';
import { nft } from '../src/index.js';

describe('times as nft prints them', () => {
  it('days, hours, minutes, seconds and milliseconds, each only when not zero', () => {
    expect(nft.timeText(93_784_004)).toBe('1d2h3m4s4ms');
    expect(nft.timeText(2 * 86_400_000)).toBe('2d');
  });
});
