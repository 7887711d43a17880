import { describe, expect, it } from 'vitest';
import { isMissing } from '../src/run.js';

describe('isMissing', () => {
  it('tells a command on PATH from one that is not', () => {
    expect(isMissing('sh')).toBe(false);
    expect(isMissing('linx-no-such-command-here')).toBe(true);
  });

  it('throws, rather than answer "missing", when the shell did not run to its exit', () => {
    // The shell is killed before it exits: nothing is known of the command.
    expect(() => isMissing('sh; kill -9 $$')).toThrow(/cannot tell whether `sh; kill -9 \$\$` is installed: sh ended by SIGKILL/);
  });
});
