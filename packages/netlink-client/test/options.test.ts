// The option helpers families use around their own calls (rtnl's route lists and bulk adds).
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { checkListOptions, requestOptions } from '../src/index.js';

describe('requestOptions', () => {
  it('carries the header length, and the timeout and signal only when given', () => {
    expect(requestOptions({}, 4)).toStrictEqual({ headerLength: 4 });
    const signal = new AbortController().signal;
    expect(requestOptions({ timeout: 250, signal }, 16)).toStrictEqual({ headerLength: 16, timeout: 250, signal });
    // So spread over defaults it keeps them, rather than overwriting them with undefined.
    expect({ timeout: 5000, signal, ...requestOptions({}, 12) }).toStrictEqual({ timeout: 5000, signal, headerLength: 12 });
  });
});

describe('checkListOptions', () => {
  it('refuses a bad onInterrupt, naming it as options.onInterrupt, and passes a good one or none', () => {
    expect(() => checkListOptions({})).not.toThrow();
    expect(() => checkListOptions({ onInterrupt: { action: 'accept' } })).not.toThrow();
    const error = (() => {
      try {
        checkListOptions({ onInterrupt: { action: 'retry', deadline: -1 } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('options.onInterrupt.deadline');
  });
});
