// linx's errors across two copies of a package (two versions installed side by side, a bundle beside
// node_modules): `instanceof` must still hold for the class of the same name, and only for it. A second
// copy is made by importing the module again under another URL, which gives new class objects.
import { describe, expect, it } from 'vitest';
import { EncodeError, InvalidArgumentError, LinxError, MalformedError } from '../src/errors.js';

// @ts-expect-error: the query makes a second module instance; TypeScript does not resolve query strings
const copy = (await import('../src/errors.js?second-copy')) as typeof import('../src/errors.js');

describe('errors made by another copy of the package', () => {
  it('are two distinct sets of classes (the test would prove nothing otherwise)', () => {
    expect(copy.InvalidArgumentError).not.toBe(InvalidArgumentError);
    expect(Object.getPrototypeOf(new copy.InvalidArgumentError('a', 'b'))).not.toBe(InvalidArgumentError.prototype);
  });

  it('are instanceof the class of the same name and its linx ancestors', () => {
    const error = new copy.InvalidArgumentError('options.timeout', 'expected an integer');
    expect(error instanceof InvalidArgumentError).toBe(true);
    expect(error instanceof LinxError).toBe(true);
    const encode = new copy.EncodeError('too long');
    expect(encode instanceof EncodeError).toBe(true);
    expect(encode instanceof InvalidArgumentError).toBe(true);
    // and the other way round
    expect(new InvalidArgumentError('x', 'y') instanceof copy.InvalidArgumentError).toBe(true);
  });

  it('are not instanceof a linx class they do not descend from', () => {
    const error = new copy.InvalidArgumentError('x', 'y');
    expect(error instanceof MalformedError).toBe(false);
    expect(error instanceof EncodeError).toBe(false);
    expect(new copy.MalformedError('bad', 3) instanceof InvalidArgumentError).toBe(false);
  });

  it('a plain Error, or a class of another library with a linx name, is not a linx error', () => {
    class InvalidArgumentErrorLookalike extends Error {}
    Object.defineProperty(InvalidArgumentErrorLookalike, 'name', { value: 'InvalidArgumentError' });
    expect(new InvalidArgumentErrorLookalike('x') instanceof InvalidArgumentError).toBe(false);
    expect(new Error('x') instanceof LinxError).toBe(false);
    expect((null as unknown) instanceof LinxError).toBe(false);
    expect(('InvalidArgumentError' as unknown) instanceof InvalidArgumentError).toBe(false);
  });
});

describe('InvalidArgumentError, the one bad-input class', () => {
  it('names the argument in its message, code ERR_LINX_INVALID_ARGUMENT', () => {
    const error = new InvalidArgumentError('options.timeout', 'expected an integer');
    expect(error).toMatchObject({ name: 'InvalidArgumentError', code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'options.timeout', message: 'options.timeout: expected an integer' });
  });

  it('EncodeError is bad input too, with its own code and no argument prefix', () => {
    const error = new EncodeError('attribute 3: string contains a NUL character');
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ name: 'EncodeError', code: 'ERR_LINX_ENCODE', argument: '', message: 'attribute 3: string contains a NUL character' });
  });
});
