import { align } from '../align.js';
import { viewOf } from '../endian.js';
import { CaptureError } from './errors.js';

/** One option of a pcapng block: a code, and a view of its value without padding. */
export interface PcapngOption {
  code: number;
  value: Uint8Array;
  /** Byte offset in the file of the option header. */
  offset: number;
}

const OPT_ENDOFOPT = 0;
const OPTION_HEADER_LENGTH = 4;

/**
 * Walks the options between `start` and `end` (file offsets, the end being where the block's trailing
 * length begins). Each is code u16, length u16, then the value padded to 4 bytes; opt_endofopt (code 0)
 * stops the walk, and so does reaching `end`, since writers may omit opt_endofopt. An option that runs
 * past `end` throws a `CaptureError`.
 */
export function* iterateOptions(bytes: Uint8Array, start: number, end: number, littleEndian: boolean): Generator<PcapngOption, void, undefined> {
  const view = viewOf(bytes);
  let offset = start;
  // The block checks made end - start a multiple of 4 and each step below keeps it one, so a whole
  // option header is always left here.
  while (offset < end) {
    const code = view.getUint16(offset, littleEndian);
    if (code === OPT_ENDOFOPT) return;
    const length = view.getUint16(offset + 2, littleEndian);
    const valueStart = offset + OPTION_HEADER_LENGTH;
    if (length > end - valueStart) {
      throw new CaptureError(`pcapng option ${code} of ${length} bytes runs past the end of its block`, offset);
    }
    yield { code, value: bytes.subarray(valueStart, valueStart + length), offset };
    offset = valueStart + align(length);
  }
}
