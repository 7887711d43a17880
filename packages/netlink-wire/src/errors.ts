/**
 * The base of linx's error hierarchy. Every error linx throws on purpose is a `LinxError` with a stable
 * `code`: match on `code` (or `instanceof`), never on the message text. The higher layers (codec, socket,
 * families) extend this class with codes of their own.
 */
export class LinxError extends Error {
  /** A stable, machine-readable identifier such as `ERR_LINX_MALFORMED`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bytes that do not form valid netlink: a bad length, a truncated header, an attribute past its end. */
export class MalformedError extends LinxError {
  /** The byte offset, in the buffer that was being decoded, where the problem was found. */
  readonly offset: number;

  /** `code` is for subclasses that name a kind of malformed input (the codec's `ERR_LINX_TOO_DEEP`). */
  constructor(message: string, offset: number, code = 'ERR_LINX_MALFORMED') {
    super(code, `${message} (at byte ${offset})`);
    this.offset = offset;
  }
}

/** A value that cannot be written: out of range for its type, too long for a netlink length field, … */
export class EncodeError extends LinxError {
  constructor(message: string) {
    super('ERR_LINX_ENCODE', message);
  }
}
