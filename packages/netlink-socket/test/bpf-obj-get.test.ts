// bpfObjGet's argument check, before the native call: an absolute path without NUL, else
// InvalidArgumentError. (Opening a pinned program, and ENOENT for a path with none, is tested live in
// @linx/rtnl's tc-filter.live.test.ts, which pins one.)
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/index.js';
import { bpfObjGet } from '../src/native/index.js';

describe('bpfObjGet', () => {
  it.each([[''], ['relative/path'], ['/sys/fs/bpf/a\0b'], [42], [undefined]])('refuses %j before any system call', (path) => {
    expect(() => bpfObjGet(path as string)).toThrow(InvalidArgumentError);
    expect(() => bpfObjGet(path as string)).toThrow(expect.objectContaining({ argument: 'path' }));
  });
});
