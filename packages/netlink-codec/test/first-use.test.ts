// onFirstUse defers a compile from import to the first call, runs it once, and hands back the same codec
// the compile functions would (their per-declaration cache and this agree).
import { describe, expect, it } from 'vitest';
import { attr, attrset, compileMessage, message, struct, u32, u8 } from '../src/index.js';
import { onFirstUse } from '../src/runtime.js';

describe('onFirstUse', () => {
  it('compiles nothing until called, then once, whatever the number of calls', () => {
    let compiles = 0;
    const decl = message('m', { header: struct('h', { x: u32() }), attrs: attrset('s', { a: attr(1, u8()) }) });
    const codec = onFirstUse(() => {
      compiles++;
      return compileMessage(decl);
    });
    expect(compiles).toBe(0);
    const first = codec();
    expect(codec()).toBe(first);
    expect(compiles).toBe(1);
    expect(first).toBe(compileMessage(decl));
    const back = first.decode(first.encode({ header: { x: 7 }, attrs: { a: 3 } }));
    expect([back.header.x, back.attrs.a]).toEqual([7, 3]);
  });

  it('keeps a value that is falsy, and tries again after a compile that threw', () => {
    let calls = 0;
    const zero = onFirstUse(() => (calls++, 0));
    expect([zero(), zero()]).toEqual([0, 0]);
    expect(calls).toBe(1);
    let fail = true;
    const flaky = onFirstUse(() => {
      if (fail) throw new Error('not yet');
      return 'ok';
    });
    expect(() => flaky()).toThrow('not yet');
    fail = false;
    expect(flaky()).toBe('ok');
  });
});
