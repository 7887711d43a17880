// The codec's bad-input errors are wire's one bad-input class (InvalidArgumentError), so a caller catches
// every refusal made before sending with one `instanceof`, whichever layer refused: the codec's
// InvalidValueError names the attribute path as the argument.
import { InvalidArgumentError, LinxError } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { EncodeDepthError, InvalidValueError } from '../src/errors.js';

describe('codec bad-input errors', () => {
  it('InvalidValueError is an InvalidArgumentError naming the attribute path', () => {
    const error = new InvalidValueError('string of 20 bytes is longer than 15', ['linkinfo', 'data', 'peer', 'ifname']);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toBeInstanceOf(LinxError);
    expect(error).toMatchObject({ code: 'ERR_LINX_INVALID', argument: 'linkinfo.data.peer.ifname', message: 'linkinfo.data.peer.ifname: string of 20 bytes is longer than 15' });
    const outer = error.within('attrs');
    expect(outer).toMatchObject({ argument: 'attrs.linkinfo.data.peer.ifname', reason: 'string of 20 bytes is longer than 15' });
  });

  it('without a path the message is the reason alone', () => {
    expect(new InvalidValueError('not an object')).toMatchObject({ argument: '', message: 'not an object' });
  });

  it('EncodeDepthError keeps its own code', () => {
    const error = new EncodeDepthError(32, ['peer']);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.code).toBe('ERR_LINX_TOO_DEEP');
  });
});
