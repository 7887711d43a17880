import { describe, expect, it } from 'vitest';
import {
  MalformedError,
  NLMSG_HDRLEN,
  EncodeError,
  encodeMessage,
  encodeMessages,
  encodedLength,
  iterateMessages,
  parseMessages,
  readHeader,
} from '../src/index.js';
import { concat, header } from './helpers/bytes.js';
import { eexistReply, vethPayload, vethRequest } from './golden.js';

describe('nlmsghdr', () => {
  it('encodes the request iproute2 sends, byte for byte', () => {
    const bytes = encodeMessage({ type: 16, flags: 0x605, seq: 1795814487, payload: vethPayload });
    expect(bytes).toEqual(vethRequest);
  });

  it('decodes header fields and gives the payload as a view, not a copy', () => {
    const [message] = parseMessages(vethRequest);
    expect(message).toMatchObject({ type: 16, flags: 0x605, seq: 1795814487, pid: 0 });
    expect(message!.payload).toEqual(vethPayload);
    expect(message!.payload.buffer).toBe(vethRequest.buffer);
    expect(readHeader(vethRequest)).toEqual({ length: 84, type: 16, flags: 0x605, seq: 1795814487, pid: 0 });
  });

  it('pads every message to 4 bytes but records the unpadded length', () => {
    const bytes = encodeMessage({ type: 0x20, payload: Uint8Array.of(1, 2, 3, 4, 5) });
    expect(bytes.length).toBe(24);
    expect(new DataView(bytes.buffer).getUint32(0, true)).toBe(21);
    expect(Array.from(bytes.subarray(21))).toEqual([0, 0, 0]);
    expect(parseMessages(bytes)[0]!.payload).toEqual(Uint8Array.of(1, 2, 3, 4, 5));
  });

  it('writes many messages into one buffer and splits them again', () => {
    const messages = [
      { type: 0x10, flags: 1, seq: 1, payload: Uint8Array.of(9) },
      { type: 0x11, flags: 2, seq: 2, pid: 7, payload: new Uint8Array(0) },
      { type: 0x12, flags: 3, seq: 3, payload: Uint8Array.of(1, 2, 3, 4, 5, 6, 7) },
    ];
    const bytes = encodeMessages(messages);
    expect(bytes.length).toBe(encodedLength(messages));
    expect(bytes.length).toBe(20 + 16 + 24);
    const back = parseMessages(bytes);
    expect(back.map((m) => [m.type, m.flags, m.seq, m.pid, Array.from(m.payload)])).toEqual([
      [0x10, 1, 1, 0, [9]],
      [0x11, 2, 2, 7, []],
      [0x12, 3, 3, 0, [1, 2, 3, 4, 5, 6, 7]],
    ]);
  });

  it('splits a real multi-message datagram (an error echoing a whole request)', () => {
    const datagram = concat(eexistReply, vethRequest);
    expect(parseMessages(datagram).map((m) => m.type)).toEqual([2, 16]);
  });

  it('accepts a final message without trailing padding', () => {
    const bytes = encodeMessages([{ type: 0x10, payload: Uint8Array.of(1) }, { type: 0x10, payload: Uint8Array.of(2) }]);
    const unpadded = bytes.subarray(0, bytes.length - 3);
    expect(parseMessages(unpadded).map((m) => Array.from(m.payload))).toEqual([[1], [2]]);
  });

  it('decodes big-endian headers when told the capture came from a big-endian host', () => {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setUint32(0, 16, false);
    new DataView(bytes.buffer).setUint16(4, 3, false);
    expect(parseMessages(bytes, { littleEndian: false })[0]!.type).toBe(3);
  });

  it('is empty for an empty buffer', () => {
    expect(parseMessages(new Uint8Array(0))).toEqual([]);
  });
});

describe('malformed messages name the offset', () => {
  const good = encodeMessage({ type: 0x10, payload: Uint8Array.of(1, 2, 3, 4) });

  function failure(bytes: Uint8Array): MalformedError {
    try {
      parseMessages(bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedError);
      return error as MalformedError;
    }
    throw new Error('expected a MalformedError');
  }

  it('length below the header size', () => {
    const error = failure(concat(good, header(8, 0x10, 0, 0, 0)));
    expect(error.offset).toBe(20);
    expect(error.code).toBe('ERR_LINX_MALFORMED');
    expect(error.message).toMatch(/shorter than the header.*at byte 20/);
  });

  it('length past the end', () => {
    const error = failure(concat(good, header(64, 0x10, 0, 0, 0)));
    expect(error.offset).toBe(20);
    expect(error.message).toMatch(/runs past the end/);
  });

  it('truncated header', () => {
    const error = failure(concat(good, Uint8Array.of(1, 2, 3)));
    expect(error.offset).toBe(20);
    expect(error.message).toMatch(/truncated nlmsghdr/);
  });

  it('the generator yields the good messages before the bad one', () => {
    const seen: number[] = [];
    expect(() => {
      for (const m of iterateMessages(concat(good, Uint8Array.of(1)))) seen.push(m.type);
    }).toThrow(MalformedError);
    expect(seen).toEqual([0x10]);
  });

  it('readHeader checks the same things', () => {
    expect(() => readHeader(new Uint8Array(10))).toThrow(MalformedError);
    expect(() => readHeader(good, 8)).toThrow(MalformedError);
  });
});

describe('encoding refuses what nlmsghdr cannot hold', () => {
  it.each([
    ['type', { type: 0x10000 }],
    ['type', { type: -1 }],
    ['flags', { type: 1, flags: 0x10000 }],
    ['seq', { type: 1, seq: 2 ** 32 }],
    ['pid', { type: 1, pid: 1.5 }],
  ])('%s out of range', (field, init) => {
    expect(() => encodeMessage(init)).toThrow(EncodeError);
    expect(() => encodeMessage(init)).toThrow(new RegExp(field));
  });

  it('header size constant', () => {
    expect(NLMSG_HDRLEN).toBe(16);
  });
});
