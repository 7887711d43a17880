import { InvalidArgumentError, LinxError, MalformedError } from '@linx/netlink-wire';

/** Joins a path the way users write it: `linkinfo.data.peer.ifname`, `addresses[2]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

/**
 * A value that does not fit its declaration: out of range, too long, wrong type, unknown enum name.
 * Thrown by encoders before anything is sent; `path` names the attribute, e.g. `linkinfo.data.peer.ifname`.
 */
export class InvalidValueError extends InvalidArgumentError {
  /** Where the value sits, outermost first. */
  readonly path: readonly (string | number)[];
  /** The reason, without the path. */
  readonly reason: string;

  constructor(reason: string, path: readonly (string | number)[] = [], code = 'ERR_LINX_INVALID') {
    super(formatPath(path), reason, code);
    this.reason = reason;
    this.path = path;
  }

  /** The same error one level further out. */
  within(segment: string | number): InvalidValueError {
    return new InvalidValueError(this.reason, [segment, ...this.path]);
  }
}

/** Bytes that do not match their declaration (a u32 attribute of 2 bytes, …), with the attribute path. */
export class DecodeError extends MalformedError {
  readonly path: readonly (string | number)[];
  readonly reason: string;

  constructor(reason: string, offset: number, path: readonly (string | number)[] = [], code?: string) {
    super(path.length ? `${formatPath(path)}: ${reason}` : reason, offset, code);
    this.reason = reason;
    this.path = path;
  }

  within(segment: string | number): DecodeError {
    return new DecodeError(this.reason, this.offset, [segment, ...this.path]);
  }
}

/** The reason a too-deep nest gives, on decode and on encode. */
function tooDeep(limit: number): string {
  return `attribute sets nested more than ${limit} deep`;
}

/**
 * Bytes whose attribute sets nest deeper than the decoder's limit (`maxDepth`, by default
 * `NESTING_DEPTH_LIMIT` from @linx/netlink-wire): well-formed, but deeper than any real message, and
 * deep enough to overflow the stack if followed. Code `ERR_LINX_TOO_DEEP`; `path` leads to the attribute
 * whose payload would have been one set too many, `offset` is that payload's first byte.
 */
export class DecodeDepthError extends DecodeError {
  /** The limit that was exceeded: how many attribute sets may be open at once. */
  readonly limit: number;

  constructor(limit: number, offset: number, path: readonly (string | number)[] = []) {
    super(tooDeep(limit), offset, path, 'ERR_LINX_TOO_DEEP');
    this.limit = limit;
  }

  override within(segment: string | number): DecodeDepthError {
    return new DecodeDepthError(this.limit, this.offset, [segment, ...this.path]);
  }
}

/**
 * A value whose attribute sets nest deeper than `NESTING_DEPTH_LIMIT`: usually a value that contains
 * itself (a veth whose peer is the same object). Code `ERR_LINX_TOO_DEEP`, thrown before anything is sent.
 */
export class EncodeDepthError extends InvalidValueError {
  readonly limit: number;

  constructor(limit: number, path: readonly (string | number)[] = []) {
    super(tooDeep(limit), path, 'ERR_LINX_TOO_DEEP');
    this.limit = limit;
  }

  override within(segment: string | number): EncodeDepthError {
    return new EncodeDepthError(this.limit, [segment, ...this.path]);
  }
}

/** Adds `segment` to the path of a codec error escaping from a nested value; other errors are wrapped. */
export function rethrowWithin(error: unknown, segment: string | number): never {
  if (error instanceof InvalidValueError || error instanceof DecodeError) throw error.within(segment);
  if (error instanceof LinxError && error.code === 'ERR_LINX_ENCODE') throw new InvalidValueError(error.message, [segment]);
  if (error instanceof MalformedError) throw new DecodeError(error.message.replace(/ \(at byte \d+\)$/, ''), error.offset, [segment]);
  throw error;
}
