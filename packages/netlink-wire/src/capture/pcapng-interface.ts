import { viewOf } from '../endian.js';
import { CaptureError } from './errors.js';
import { iterateOptions } from './pcapng-options.js';

/** What a pcapng Interface Description Block says about the packets captured on that interface. */
export interface PcapngInterface {
  /** LINKTYPE_* of the interface's packets (253 = LINKTYPE_NETLINK). */
  linkType: number;
  /** The most bytes of each packet kept; 0 means no limit. */
  snapLength: number;
  /** Timestamp ticks per second, from if_tsresol: 10^6 unless the option says otherwise. */
  unitsPerSecond: bigint;
  /** Seconds to add to every timestamp, from if_tsoffset; 0 when the option is absent. */
  offsetSeconds: bigint;
}

const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;
/** Bytes before the options: link type u16, reserved u16, snap length u32. */
const IDB_FIXED_LENGTH = 8;

/** The ticks per second an if_tsresol byte stands for: the top bit picks base 2, otherwise base 10. */
function unitsFromResolution(resolution: number): bigint {
  const exponent = BigInt(resolution & 0x7f);
  return (resolution & 0x80) !== 0 ? 2n ** exponent : 10n ** exponent;
}

/**
 * Decodes the body of an Interface Description Block, which runs from `start` to `end` (file offsets,
 * without the block type, length and trailing length). The caller has checked that `end - start` is at
 * least the 8 fixed bytes.
 */
export function readInterfaceBody(bytes: Uint8Array, start: number, end: number, littleEndian: boolean): PcapngInterface {
  const view = viewOf(bytes);
  const result: PcapngInterface = {
    linkType: view.getUint16(start, littleEndian),
    snapLength: view.getUint32(start + 4, littleEndian),
    unitsPerSecond: 1_000_000n,
    offsetSeconds: 0n,
  };
  for (const option of iterateOptions(bytes, start + IDB_FIXED_LENGTH, end, littleEndian)) {
    if (option.code === IF_TSRESOL) {
      if (option.value.length !== 1) {
        throw new CaptureError(`if_tsresol option of ${option.value.length} bytes, 1 expected`, option.offset);
      }
      result.unitsPerSecond = unitsFromResolution(option.value[0]!);
    } else if (option.code === IF_TSOFFSET) {
      if (option.value.length !== 8) {
        throw new CaptureError(`if_tsoffset option of ${option.value.length} bytes, 8 expected`, option.offset);
      }
      result.offsetSeconds = viewOf(option.value).getBigInt64(0, littleEndian);
    }
  }
  return result;
}
