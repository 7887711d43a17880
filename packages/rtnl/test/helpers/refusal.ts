import { expect } from 'vitest';
import { InvalidArgumentError } from '../../src/arguments.js';

/** The InvalidArgumentError `fn` throws before anything is sent; fails the test when it throws none or another. */
export function refusal(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}
