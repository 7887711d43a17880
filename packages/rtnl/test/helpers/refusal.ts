import { expect } from 'vitest';
import { InvalidArgumentError } from '../../src/shared/arguments.js';

/** The error of class `kind` that `fn` throws; fails the test when it throws none or another. */
export function thrownAs<E extends Error>(kind: new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return error as E;
  }
  throw new Error(`expected a ${kind.name}`);
}

/** The InvalidArgumentError `fn` throws before anything is sent. */
export function refusal(fn: () => unknown): InvalidArgumentError {
  return thrownAs(InvalidArgumentError, fn);
}
