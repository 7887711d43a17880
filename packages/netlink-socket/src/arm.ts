import { InvalidArgumentError } from './errors.js';
import { AbortError, TimeoutError } from './request-errors.js';
import type { RequestOptions } from './request-types.js';

function noop(): void {}

/**
 * Arms a call's timeout and abort signal: `fail` runs once, with a TimeoutError or an AbortError.
 * Returns the disarm function (a shared no-op when there is nothing to arm).
 */
export function armCall(options: RequestOptions, what: string, fail: (error: Error) => void): () => void {
  if (options.timeout === undefined && options.signal === undefined) return noop;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fired = false;
  const fire = (error: Error) => {
    if (fired) return;
    fired = true;
    disarm();
    fail(error);
  };
  const onAbort = () => fire(new AbortError(options.signal?.reason));
  const disarm = () => {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  };
  if (options.timeout !== undefined) {
    if (!(options.timeout >= 0)) throw new InvalidArgumentError('timeout', `${options.timeout} is not a number of milliseconds`);
    timer = setTimeout(() => fire(new TimeoutError(options.timeout!, what)), options.timeout);
  }
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return disarm;
}
