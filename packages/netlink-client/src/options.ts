import { checkOnInterrupt, type OnInterrupt, type RequestOptions } from '@linx/netlink-socket';

/** Options every family verb takes: a timeout and an AbortSignal. */
export interface CallOptions {
  timeout?: number;
  signal?: AbortSignal;
}

/**
 * Options of the list verbs: a call's, and what to do when the kernel marks the dump interrupted by a
 * concurrent change (`onInterrupt`, from @linx/netlink-socket): `{ action: 'retry' }` (the default: dump
 * again with backoff for up to 5 seconds, then `DumpInterruptedError`), `{ action: 'accept' }` (the list
 * comes back with `interrupted: true`), or `{ action: 'fail' }`.
 */
export interface ListOptions extends CallOptions {
  onInterrupt?: OnInterrupt;
}

/** Checks a list verb's `onInterrupt` before anything is sent (`InvalidArgumentError`). */
export function checkListOptions(options: ListOptions): void {
  checkOnInterrupt(options.onInterrupt, 'options.onInterrupt');
}

/** The engine's options for a call: its timeout and signal, and the header length for naming attributes. */
export function requestOptions(options: CallOptions, headerLength: number): RequestOptions {
  const out: RequestOptions = { headerLength };
  if (options.timeout !== undefined) out.timeout = options.timeout;
  if (options.signal !== undefined) out.signal = options.signal;
  return out;
}
