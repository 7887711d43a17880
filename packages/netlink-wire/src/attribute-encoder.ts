import { NLA_HDRLEN, NLA_MAX_PAYLOAD, attributeTypeField, type AttributeFlags } from './attribute.js';
import { parseIP, parseIPv4, parseIPv6, parseMAC } from './address.js';
import { HOST_LITTLE_ENDIAN } from './endian.js';
import { EncodeError } from './errors.js';
import { INT_WIDTH, writeInt, type IntKind } from './int.js';
import { ByteWriter } from './writer.js';

const textEncoder = new TextEncoder();

/**
 * Builds an attribute set, in the spirit of mdlayher/netlink's AttributeEncoder: typed writers that
 * validate their values (an `EncodeError` is thrown at once, before anything could be sent), nested
 * sections, and one `finish()` for the bytes.
 *
 *     const attrs = new AttributeEncoder()
 *       .string(IFLA_IFNAME, 'veth0')
 *       .u32(IFLA_MTU, 1500)
 *       .nested(IFLA_LINKINFO, (info) => info.string(IFLA_INFO_KIND, 'veth'))
 *       .finish();
 */
export class AttributeEncoder {
  readonly writer: ByteWriter;

  /** Appends to `writer` when given, so a message header and its attributes share one buffer. */
  constructor(writer: ByteWriter = new ByteWriter()) {
    this.writer = writer;
  }

  /** Writes an attribute whose payload is written by `fill` (called with the offset of the payload). */
  private attribute(type: number, payloadLength: number, flags: AttributeFlags, fill: (at: number) => void): this {
    const field = attributeTypeField(type, flags);
    if (payloadLength > NLA_MAX_PAYLOAD) {
      throw new EncodeError(`attribute ${type}: payload of ${payloadLength} bytes exceeds the ${NLA_MAX_PAYLOAD}-byte limit of nla_len`);
    }
    const w = this.writer;
    const at = w.reserve(NLA_HDRLEN + payloadLength);
    w.view.setUint16(at, NLA_HDRLEN + payloadLength, HOST_LITTLE_ENDIAN);
    w.view.setUint16(at + 2, field, HOST_LITTLE_ENDIAN);
    fill(at + NLA_HDRLEN);
    w.pad();
    return this;
  }

  /** Raw payload bytes. */
  bytes(type: number, payload: Uint8Array, flags: AttributeFlags = {}): this {
    return this.attribute(type, payload.length, flags, (at) => this.writer.bytes.set(payload, at));
  }

  /** An integer of `kind`, range-checked, in native order or (with `netByteOrder`) big-endian. */
  int(type: number, kind: IntKind, value: number | bigint, flags: AttributeFlags = {}): this {
    return this.attribute(type, INT_WIDTH[kind], flags, (at) =>
      writeInt(this.writer.view, at, kind, value, flags.netByteOrder ? false : HOST_LITTLE_ENDIAN),
    );
  }

  u8(type: number, value: number): this { return this.int(type, 'u8', value); }
  u16(type: number, value: number): this { return this.int(type, 'u16', value); }
  u32(type: number, value: number): this { return this.int(type, 'u32', value); }
  u64(type: number, value: bigint | number): this { return this.int(type, 'u64', value); }
  s8(type: number, value: number): this { return this.int(type, 's8', value); }
  s16(type: number, value: number): this { return this.int(type, 's16', value); }
  s32(type: number, value: number): this { return this.int(type, 's32', value); }
  s64(type: number, value: bigint | number): this { return this.int(type, 's64', value); }

  /**
   * Big-endian integers. By default the NLA_F_NET_BYTEORDER bit is not set, since most big-endian
   * attributes (ports, netfilter data) don't carry it; pass `{ netByteOrder: true }` to set it.
   */
  be16(type: number, value: number, flags: AttributeFlags = {}): this { return this.bigEndian(type, 'u16', value, flags); }
  be32(type: number, value: number, flags: AttributeFlags = {}): this { return this.bigEndian(type, 'u32', value, flags); }
  be64(type: number, value: bigint | number, flags: AttributeFlags = {}): this { return this.bigEndian(type, 'u64', value, flags); }

  private bigEndian(type: number, kind: IntKind, value: number | bigint, flags: AttributeFlags): this {
    return this.attribute(type, INT_WIDTH[kind], flags, (at) => writeInt(this.writer.view, at, kind, value, false));
  }

  /** A NUL-terminated UTF-8 string. Refuses strings containing NUL, and (if given) longer than `maxLength` bytes. */
  string(type: number, value: string, maxLength?: number): this {
    if (typeof value !== 'string') throw new EncodeError(`attribute ${type}: ${String(value)} is not a string`);
    if (value.includes('\0')) throw new EncodeError(`attribute ${type}: string contains a NUL character`);
    const encoded = textEncoder.encode(value);
    if (encoded.length > (maxLength ?? Infinity)) {
      throw new EncodeError(`attribute ${type}: string of ${encoded.length} bytes is longer than ${maxLength}`);
    }
    return this.attribute(type, encoded.length + 1, {}, (at) => this.writer.bytes.set(encoded, at));
  }

  /** A zero-length attribute, present for `true`; nothing is written for `false`. */
  flag(type: number, value = true): this {
    return value ? this.attribute(type, 0, {}, () => {}) : this;
  }

  ipv4(type: number, address: string): this { return this.bytes(type, parseIPv4(address)); }
  ipv6(type: number, address: string): this { return this.bytes(type, parseIPv6(address)); }
  /** An IPv4 or IPv6 address, whichever the text is. */
  ip(type: number, address: string): this { return this.bytes(type, parseIP(address)); }
  mac(type: number, address: string): this { return this.bytes(type, parseMAC(address)); }

  /**
   * A nested attribute set written by `build`. NLA_F_NESTED is set unless `{ nested: false }`, since some
   * older rtnetlink nests are parsed by the kernel either way but strict families require the bit.
   */
  nested(type: number, build: (inner: AttributeEncoder) => void, flags: AttributeFlags = { nested: true }): this {
    const field = attributeTypeField(type, flags);
    const w = this.writer;
    const at = w.reserve(NLA_HDRLEN);
    build(new AttributeEncoder(w));
    const length = w.length - at;
    // nla_len is 16 bits. (A nest's length is a multiple of 4, its attributes being padded: at most 0xfffc.)
    if (length >= 0x1_0000) {
      throw new EncodeError(`nested attribute ${type}: ${length} bytes exceed the 65535-byte limit of nla_len`);
    }
    w.view.setUint16(at, length, HOST_LITTLE_ENDIAN);
    w.view.setUint16(at + 2, field, HOST_LITTLE_ENDIAN);
    return this;
  }

  /** The encoded attributes, as a new buffer sized exactly. */
  finish(): Uint8Array {
    return this.writer.finish();
  }
}

