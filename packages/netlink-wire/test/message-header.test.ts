import { describe, expect, it } from 'vitest';
import { EncodeError, parseMessages, readHeader, writeHeader } from '../src/index.js';
import { bytesFrom } from './helpers/bytes.js';

// nlmsg_len is a __u32 that counts the 16-byte header itself (struct nlmsghdr, linux/netlink.h).

describe('writeHeader', () => {
  const view = () => new DataView(new ArrayBuffer(16));

  it('takes lengths from 16 to 0xffffffff', () => {
    const v = view();
    writeHeader(v, 0, 0xffff_ffff, { type: 1 }, true);
    expect(v.getUint32(0, true)).toBe(0xffff_ffff);
    writeHeader(v, 0, 16, { type: 1 }, true);
    expect(v.getUint32(0, true)).toBe(16);
  });

  it.each([15, 0, -16, 2 ** 32, 16.5, NaN])('refuses length %s', (length) => {
    expect(() => writeHeader(view(), 0, length, { type: 1 })).toThrow(new EncodeError(`message length ${length} does not fit nlmsg_len`));
  });
});

describe('byte order of the header fields', () => {
  // RTM_NEWLINK (16), flags 0x605, seq 7, pid 9, 20 bytes long, as a big-endian host would write it
  const bigEndian = bytesFrom('00 00 00 14 00 10 06 05 00 00 00 07 00 00 00 09 01 02 03 04');
  it('are read as given, in both directions', () => {
    expect(readHeader(bigEndian, 0, { littleEndian: false })).toEqual({ length: 20, type: 16, flags: 0x605, seq: 7, pid: 9 });
    const [message] = parseMessages(bigEndian, { littleEndian: false });
    expect(message).toMatchObject({ type: 16, flags: 0x605, seq: 7, pid: 9 });
    expect(Array.from(message!.payload)).toEqual([1, 2, 3, 4]);
    const littleEndian = bytesFrom('14 00 00 00 10 00 05 06 07 00 00 00 09 00 00 00 01 02 03 04');
    expect(parseMessages(littleEndian, { littleEndian: true })[0]).toMatchObject({ type: 16, flags: 0x605, seq: 7, pid: 9 });
  });
});
