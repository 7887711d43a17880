import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK, checkedAttributeLength } from './attribute.js';
import { formatIP, formatIPv4, formatIPv6, formatMAC } from './address.js';
import { align } from './align.js';
import { HOST_LITTLE_ENDIAN, viewOf } from './endian.js';
import { MalformedError } from './errors.js';

const textDecoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Walks an attribute set with typed getters, in the spirit of mdlayher/netlink's AttributeDecoder.
 * Getters never throw: the first problem (a payload too short for its type, bad lengths) is kept in
 * `error`, later getters return zero values, and `next()` stops. Check `error` (or call `finish()`,
 * which throws it) once at the end instead of after every getter.
 *
 *     const d = new AttributeDecoder(payload);
 *     while (d.next()) {
 *       if (d.type === IFLA_IFNAME) name = d.string();
 *       else if (d.type === IFLA_MTU) mtu = d.u32();
 *     }
 *     d.finish();
 */
export class AttributeDecoder {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly end: number;
  private readonly littleEndian: boolean;
  /** Offset of the next attribute to read. */
  private cursor: number;
  /** Start and end of the current attribute's payload. */
  private payloadStart = 0;
  private payloadEnd = 0;
  private rawType = 0;
  /** The first error met, if any. */
  error: MalformedError | undefined;

  constructor(bytes: Uint8Array, options: { littleEndian?: boolean } = {}) {
    this.bytes = bytes;
    this.view = viewOf(bytes);
    this.end = bytes.length;
    this.cursor = 0;
    this.littleEndian = options.littleEndian ?? HOST_LITTLE_ENDIAN;
  }

  /** Moves to the next attribute; false at the end or after an error. */
  next(): boolean {
    if (this.error || this.cursor >= this.end) return false;
    let length: number;
    try {
      length = checkedAttributeLength(this.view, this.cursor, this.end, this.littleEndian);
    } catch (e) {
      this.error = e as MalformedError;
      return false;
    }
    this.rawType = this.view.getUint16(this.cursor + 2, this.littleEndian);
    this.payloadStart = this.cursor + NLA_HDRLEN;
    this.payloadEnd = this.cursor + length;
    this.cursor += align(length);
    return true;
  }

  /** The current attribute's type, flag bits masked off. */
  get type(): number {
    return this.rawType & NLA_TYPE_MASK;
  }
  /** NLA_F_NESTED was set on the current attribute. */
  get nestedFlag(): boolean {
    return (this.rawType & NLA_F_NESTED) !== 0;
  }
  /** NLA_F_NET_BYTEORDER was set on the current attribute. */
  get netByteOrder(): boolean {
    return (this.rawType & NLA_F_NET_BYTEORDER) !== 0;
  }
  /** Length of the current attribute's payload. */
  get length(): number {
    return this.payloadEnd - this.payloadStart;
  }

  /** The current payload as a view (not a copy). */
  bytesView(): Uint8Array {
    return this.bytes.subarray(this.payloadStart, this.payloadEnd);
  }

  /** A copy of the current payload, safe to keep after the receive buffer is reused. */
  bytesCopy(): Uint8Array {
    return this.bytes.slice(this.payloadStart, this.payloadEnd);
  }

  private fail(message: string): void {
    this.error ??= new MalformedError(`attribute ${this.type}: ${message}`, this.payloadStart - NLA_HDRLEN);
  }

  /** Checks the payload holds at least `width` bytes; records an error when not. */
  private has(width: number, kind: string): boolean {
    if (this.error) return false;
    if (this.length >= width) return true;
    this.fail(`${kind} needs ${width} bytes, payload has ${this.length}`);
    return false;
  }

  u8(): number { return this.has(1, 'u8') ? this.view.getUint8(this.payloadStart) : 0; }
  s8(): number { return this.has(1, 's8') ? this.view.getInt8(this.payloadStart) : 0; }
  u16(): number { return this.has(2, 'u16') ? this.view.getUint16(this.payloadStart, this.order()) : 0; }
  s16(): number { return this.has(2, 's16') ? this.view.getInt16(this.payloadStart, this.order()) : 0; }
  u32(): number { return this.has(4, 'u32') ? this.view.getUint32(this.payloadStart, this.order()) : 0; }
  s32(): number { return this.has(4, 's32') ? this.view.getInt32(this.payloadStart, this.order()) : 0; }
  u64(): bigint { return this.has(8, 'u64') ? this.view.getBigUint64(this.payloadStart, this.order()) : 0n; }
  s64(): bigint { return this.has(8, 's64') ? this.view.getBigInt64(this.payloadStart, this.order()) : 0n; }
  be16(): number { return this.has(2, 'be16') ? this.view.getUint16(this.payloadStart, false) : 0; }
  be32(): number { return this.has(4, 'be32') ? this.view.getUint32(this.payloadStart, false) : 0; }
  be64(): bigint { return this.has(8, 'be64') ? this.view.getBigUint64(this.payloadStart, false) : 0n; }

  /** Native order, unless the attribute carries NLA_F_NET_BYTEORDER. */
  private order(): boolean {
    return this.netByteOrder ? false : this.littleEndian;
  }

  /** NLA_UINT: 4 or 8 bytes, as bigint. */
  uint(): bigint {
    if (this.length === 4) return BigInt(this.u32());
    if (this.length === 8) return this.u64();
    this.fail(`uint must be 4 or 8 bytes, not ${this.length}`);
    return 0n;
  }

  /** A NUL-terminated string: the bytes up to the first NUL (or all of them, if there is none). */
  string(): string {
    if (this.error) return '';
    const payload = this.bytesView();
    const nul = payload.indexOf(0);
    return textDecoder.decode(nul === -1 ? payload : payload.subarray(0, nul));
  }

  /** A zero-length flag attribute: its presence means true. */
  flag(): true {
    return true;
  }

  ipv4(): string { return this.address(4, formatIPv4); }
  ipv6(): string { return this.address(16, formatIPv6); }
  /** An IPv4 or IPv6 address, by the payload's length. */
  ip(): string {
    if (this.length !== 4 && this.length !== 16) {
      this.fail(`an IP address is 4 or 16 bytes, not ${this.length}`);
      return '';
    }
    return this.address(this.length, formatIP);
  }
  /** A link-layer address of any length, as colon-separated hex. */
  mac(): string {
    return this.error ? '' : formatMAC(this.bytesView());
  }

  private address(width: number, format: (b: Uint8Array) => string): string {
    if (this.error) return '';
    if (this.length !== width) {
      this.fail(`address must be ${width} bytes, not ${this.length}`);
      return '';
    }
    return format(this.bytesView());
  }

  /** A decoder over the current attribute's payload (a nested set). */
  nestedDecoder(): AttributeDecoder {
    return new AttributeDecoder(this.bytesView(), { littleEndian: this.littleEndian });
  }

  /**
   * Decodes the current payload as a nested set with `fn`; an error inside it becomes this decoder's
   * error (with the offset made relative to this decoder's buffer).
   */
  nested(fn: (inner: AttributeDecoder) => void): void {
    if (this.error) return;
    const inner = this.nestedDecoder();
    fn(inner);
    if (inner.error) this.error ??= new MalformedError(stripOffset(inner.error.message), inner.error.offset + this.payloadStart);
  }

  /** Throws the accumulated error, if any. */
  finish(): void {
    if (this.error) throw this.error;
  }
}

/** MalformedError appends " (at byte N)" to its message; a rebased error gets the new offset instead. */
function stripOffset(message: string): string {
  return message.slice(0, message.lastIndexOf(' (at byte '));
}

