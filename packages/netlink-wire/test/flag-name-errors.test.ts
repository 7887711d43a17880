import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, netlinkFlagNames } from '../src/index.js';

// What netlinkFlagNames says when it is misused: the message names the rule broken and the value.
describe('netlinkFlagNames errors', () => {
  it('names the value that is not a 16-bit flag word', () => {
    expect(() => netlinkFlagNames(0x10000)).toThrow(new InvalidArgumentError('', 'netlink flags must be an integer in 0..0xffff, got 65536'));
    expect(() => netlinkFlagNames(-1)).toThrow(new InvalidArgumentError('', 'netlink flags must be an integer in 0..0xffff, got -1'));
  });
  it('says that only one kind may be chosen', () => {
    expect(() => netlinkFlagNames(0x301, { get: true, new: true })).toThrow(
      new InvalidArgumentError('', 'netlinkFlagNames: set at most one of get, new, delete and ack'),
    );
  });
});
