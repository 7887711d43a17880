import { InvalidArgumentError } from '../native/errors.js';
import { AbortError, TimeoutError } from './errors.js';
import type { RequestOptions } from './request-types.js';

function noop(): void {}

/**
 * Arms a call's timeout and abort signal: `fail` runs once, with a TimeoutError or an AbortError.
 * Returns the disarm function (a shared no-op when there is nothing to arm).
 */
export function armCall(options: RequestOptions, what: string, fail: (error: Error) => void): () => void {
  // Stryker disable next-line ConditionalExpression: without this shortcut the code below arms nothing and returns a disarm that does nothing; it only saves the closures
  if (options.timeout === undefined && options.signal === undefined) return noop;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Firing disarms both sources, so `fail` runs once.
  const fire = (error: Error) => {
    disarm();
    fail(error);
  };
  const onAbort = () => fire(new AbortError(options.signal!.reason));
  const disarm = () => {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  };
  if (options.timeout !== undefined) {
    if (!(options.timeout >= 0)) throw new InvalidArgumentError('timeout', `${options.timeout} is not a number of milliseconds`);
    timer = setTimeout(() => fire(new TimeoutError(options.timeout!, what)), options.timeout);
  }
  options.signal?.addEventListener('abort', onAbort);
  return disarm;
}
