import { describe, expect, it } from 'vitest';
import { darkBackground, paintFor } from '../src/output/color.js';
import { parseCommandLine } from '../src/options.js';
import { UsageError } from '../src/errors.js';

describe('--color', () => {
  it('is read as ip reads it: -c and --color alone mean always', () => {
    expect(parseCommandLine(['link']).options.color).toBe('never');
    expect(parseCommandLine(['-c', 'link']).options.color).toBe('always');
    expect(parseCommandLine(['--color', 'link']).options.color).toBe('always');
    expect(parseCommandLine(['-color=auto', 'link']).options.color).toBe('auto');
    expect(parseCommandLine(['--color=never', 'link']).options.color).toBe('never');
    expect(() => parseCommandLine(['--color=sometimes', 'link'])).toThrow(UsageError);
  });

  it('auto colours only a terminal; never never; always always', () => {
    expect(paintFor('auto', false, {}).on).toBe(false);
    expect(paintFor('auto', true, {}).on).toBe(true);
    expect(paintFor('never', true, {}).on).toBe(false);
    expect(paintFor('always', false, {}).ifname('v0')).toBe('\x1b[36mv0\x1b[0m');
  });

  it('takes a background 0-6 or 8 in COLORFGBG as dark (bold colours)', () => {
    expect(darkBackground('15;0')).toBe(true);
    expect(darkBackground('0;8')).toBe(true);
    expect(darkBackground('0;15')).toBe(false);
    expect(darkBackground('0;7')).toBe(false);
    expect(darkBackground(undefined)).toBe(false);
    expect(paintFor('always', false, { COLORFGBG: '15;0' }).inet6('::1')).toBe('\x1b[1;34m::1\x1b[0m');
  });
});
