import { describe, expect, it } from 'vitest';
import { isMissing } from '../src/run.js';

describe('isMissing', () => {
  it('tells a command on PATH from one that is not', () => {
    expect(isMissing('sh')).toBe(false);
    expect(isMissing('linx-no-such-command-here')).toBe(true);
  });

  it('throws, rather than answer "missing", when the shell did not give command -v its answer', () => {
    // The shell exits 3 here: not command -v's "not found" (1), so nothing is known of the command.
    expect(() => isMissing('sh; exit 3')).toThrow(/cannot tell whether `sh; exit 3` is installed: sh exited with 3/);
  });
});
