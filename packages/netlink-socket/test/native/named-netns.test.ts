// Bad namespace names are refused by addNetns/deleteNetns before anything native runs: as any user, with
// no /run/netns to write to, the error is the typed argument error, never a system call's.
import { describe, expect, it } from 'vitest';
import { addNetns, deleteNetns, InvalidArgumentError } from '../../src/index.js';

describe('named namespaces: names checked first', () => {
  const bad: [string, unknown][] = [
    ['empty', ''],
    ['with a slash', 'a/b'],
    ['a path', '/run/netns/x'],
    ['dot', '.'],
    ['dot-dot', '..'],
    ['with NUL', 'a\0b'],
    ['over 255 bytes', 'n'.repeat(256)],
    ['not a string', 42],
  ];
  for (const [what, name] of bad) {
    it(`${what}: InvalidArgumentError naming the argument`, () => {
      for (const verb of [addNetns, deleteNetns]) {
        let caught: unknown;
        try {
          verb(name as string);
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(InvalidArgumentError);
        expect(caught).toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'name' });
      }
    });
  }
});
