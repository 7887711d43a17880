import type { ByteWriter } from '@linx/netlink-wire';

/** Per-decode state shared down the tree. */
export interface DecodeState {
  /**
   * Cleared by a decoder whose value would not re-encode to the same bytes (a string without its NUL,
   * a u32 in 8 bytes, …). The attribute set then keeps the original payload for the round trip.
   */
  exact: boolean;
  /**
   * How many attribute sets may be open at once (see `DecodeOptions.maxDepth`); `NESTING_DEPTH_LIMIT`
   * when absent, which is how the hand-written decoders of the families leave it.
   */
  maxDepth?: number;
}

/** Options of a decode entry point (`decode`, `MessageCodec.decode`). */
export interface DecodeOptions {
  /**
   * How many attribute sets deep the bytes may nest, the message's own attributes being level 1; deeper
   * input throws `DecodeDepthError` (`ERR_LINX_TOO_DEEP`). Default `NESTING_DEPTH_LIMIT` (32) from
   * @linx/netlink-wire. The count includes the sets a custom decoder opens by calling `decode` itself.
   */
  maxDepth?: number;
}

/**
 * A compiled type: how to read its payload from `bytes[start, end)` and write it to a writer. Built once
 * per declaration (see `compileType`); the hot path only calls these closures.
 */
export interface Codec<V = unknown> {
  decode(bytes: Uint8Array, view: DataView, start: number, end: number, state: DecodeState): V;
  /** Validates `value` and appends its payload to `w`; throws `InvalidValueError`. */
  encode(value: unknown, w: ByteWriter): void;
  /** The payload size when it is fixed (struct members need one). */
  readonly size: number | undefined;
  /** NLA_F_NESTED is set on this type's attributes by default. */
  readonly nested?: boolean;
}

/** A codec whose format depends on a sibling attribute's value (sub-messages). */
export interface SelectedCodec {
  decode(selector: unknown, bytes: Uint8Array, view: DataView, start: number, end: number, state: DecodeState): unknown;
  encode(selector: unknown, value: unknown, w: ByteWriter): void;
  /** Whether a format is declared for this selector value. */
  knows(selector: unknown): boolean;
}
