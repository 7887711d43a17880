import { LinxError } from '../errors.js';

/**
 * Anything wrong with a capture file: a bad magic number, a header or record cut short, inconsistent
 * block lengths, a link type that does not carry netlink, or a corrupt netlink message inside a packet
 * (then the `MalformedError` is the `cause`). Capture readers throw nothing else on bad input, so one
 * `catch` with `instanceof CaptureError` (or `code === 'ERR_LINX_CAPTURE'`) covers every damaged file.
 */
export class CaptureError extends LinxError {
  /** The byte offset, from the start of the capture file, where the problem was found. */
  readonly offset: number;

  constructor(message: string, offset: number, options?: { cause?: unknown }) {
    super('ERR_LINX_CAPTURE', `${message} (at byte ${offset} of the capture)`, options);
    this.offset = offset;
  }
}
