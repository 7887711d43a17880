/**
 * Marks linx's error classes, so that `instanceof` holds across two copies of a linx package (two
 * versions installed side by side, or a bundle beside node_modules): a registered symbol is the same in
 * every copy, and each class keeps its name.
 */
const BRAND = Symbol.for('@linx/error');

/**
 * The base of linx's error hierarchy. Every error linx throws on purpose is a `LinxError` with a stable
 * `code`: match on `code` (or `instanceof`), never on the message text. The higher layers (codec, socket,
 * families) extend this class with codes of their own.
 *
 * `error instanceof SomeLinxError` also holds for an error made by another copy of the package that
 * declares `SomeLinxError` (the class of that name in the error's own chain of linx classes).
 */
export class LinxError extends Error {
  /** A stable, machine-readable identifier such as `ERR_LINX_MALFORMED`. */
  readonly code: string;

  static readonly [BRAND] = true;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null) return false;
    // Another copy's classes: the same names, each linx class marked by the registered symbol.
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      const ctor: unknown = Object.hasOwn(proto, 'constructor') ? proto.constructor : undefined;
      if (typeof ctor === 'function' && (ctor as { [BRAND]?: boolean })[BRAND] === true && ctor.name === this.name) return true;
    }
    return false;
  }
}

/**
 * Bad input, refused before anything is sent: the one base class of every such error in linx (an
 * argument of the wrong type or range, a value that does not fit its attribute, a name the kernel would
 * refuse). `argument` names what was refused, as the caller wrote it (`'options.timeout'`,
 * `'linkinfo.data.peer.ifname'`); empty when the message says it.
 */
export class InvalidArgumentError extends LinxError {
  /** The name of the rejected argument, such as `'netns.name'` or `'group'`. */
  readonly argument: string;

  /** `code` is for subclasses that name a kind of bad input (the codec's `ERR_LINX_INVALID`). */
  constructor(argument: string, message: string, code = 'ERR_LINX_INVALID_ARGUMENT') {
    super(code, argument ? `${argument}: ${message}` : message);
    this.argument = argument;
  }
}

/**
 * An interface named in a call does not exist in the namespace the handle works in (the kernel's ENODEV,
 * or a lookup by name that found none): one class for every family that takes interface names.
 */
export class NoSuchInterfaceError extends LinxError {
  /** The interface as the caller gave it: a name, or an index. */
  readonly interface: string | number;
  constructor(ref: string | number, options?: { cause?: unknown }) {
    super('ERR_LINX_NO_SUCH_INTERFACE', `no interface ${typeof ref === 'number' ? `with index ${ref}` : JSON.stringify(ref)}`, options);
    this.interface = ref;
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
export class EncodeError extends InvalidArgumentError {
  constructor(message: string) {
    super('', message, 'ERR_LINX_ENCODE');
  }
}
