// The addon loads, its compiled-in numbers agree with the TypeScript constants, and its errors convert.
import { describe, expect, it } from 'vitest';
import * as batch from '../../src/native/receive-batch.js';
import * as options from '../../src/native/socket-options.js';
import {
  NativeError,
  SocketClosedError,
} from '../../src/index.js';
import {
  META_STRIDE,
  RawNetlinkSocket,
  datagramCount,
  datagrams,
  fromNativeError,
  loadNative,
} from '../../src/native/index.js';
import { catchError } from '../helpers/errors.js';

describe('native binding', () => {
  it('exports the socket class and constants matching options.ts and batch.ts', () => {
    const { constants, NetlinkSocket } = loadNative();
    expect(typeof NetlinkSocket).toBe('function');
    for (const [name, value] of Object.entries(options)) {
      expect(constants[name as keyof typeof constants], name).toBe(value);
    }
    expect(constants.META_STRIDE).toBe(META_STRIDE);
    expect(constants.META_NO_NSID).toBe(batch.NO_NSID);
    expect(constants.AF_NETLINK).toBe(16);
  });

  it('opens a socket in the current namespace (no privileges needed) with a nonzero port id', () => {
    const socket = RawNetlinkSocket.open({ protocol: 0 });
    try {
      expect(socket.portId).toBeGreaterThan(0);
      expect(socket.fd).toBeGreaterThan(2);
      expect(socket.protocol).toBe(0);
      expect(socket.closed).toBe(false);
    } finally {
      socket.close();
    }
  });

  it('reports a protocol the kernel lacks at stage socket', () => {
    const error = catchError(() => RawNetlinkSocket.open({ protocol: 31 }));
    expect(error).toBeInstanceOf(NativeError);
    expect(error).toMatchObject({ code: 'ERR_LINX_NATIVE', stage: 'socket', errnoName: 'EPROTONOSUPPORT', errno: 93 });
  });

  it('rejects bad arguments in the addon too (TypeError/RangeError, never a crash)', () => {
    const { NetlinkSocket } = loadNative();
    const Ctor = NetlinkSocket as unknown as new (...args: unknown[]) => unknown;
    expect(() => new Ctor()).toThrow(TypeError);
    expect(() => new Ctor('0')).toThrow(TypeError);
    expect(() => new Ctor(0, {})).toThrow(TypeError);
    expect(() => new Ctor(0, '')).toThrow(TypeError);
    expect(() => new Ctor(-1)).toThrow(RangeError);
    const socket = new NetlinkSocket(0);
    try {
      expect(() => socket.send('abc' as never)).toThrow(TypeError);
      expect(() => socket.send(new Uint16Array(2) as never)).toThrow(TypeError);
      expect(() => socket.setOption(1, 8, 1.5)).toThrow(RangeError);
      expect(() => socket.start(null as never, () => {}, () => {})).toThrow(TypeError);
      expect(() => socket.start(() => {}, () => {}, () => {}, 0)).toThrow(RangeError);
    } finally {
      socket.close();
    }
  });

  it('converts raw addon errors', () => {
    const raw = Object.assign(new Error('bind failed: Permission denied (EACCES)'), {
      code: 'ERR_LINX_NATIVE',
      stage: 'bind',
      errno: 13,
      errnoName: 'EACCES',
    });
    const converted = fromNativeError(raw);
    expect(converted).toBeInstanceOf(NativeError);
    expect(converted).toMatchObject({ stage: 'bind', errno: 13, errnoName: 'EACCES', message: raw.message, cause: raw });
    expect(fromNativeError(Object.assign(new Error('x'), { code: 'ERR_LINX_CLOSED' }))).toBeInstanceOf(SocketClosedError);
    const other = new TypeError('nope');
    expect(fromNativeError(other)).toBe(other);
  });

  it('walks a batch', () => {
    const data = new Uint8Array([1, 2, 3, 4, 0, 0, 0, 0, 5, 6]);
    const meta = new Uint32Array([0, 4, 0, 0, batch.NO_NSID, 8, 2, 77, 3, 5]);
    expect(datagramCount(meta)).toBe(2);
    const all = [...datagrams(data, meta)];
    expect(all.map((d) => [...d.bytes])).toEqual([[1, 2, 3, 4], [5, 6]]);
    expect(all.map((d) => [d.portId, d.group, d.nsid])).toEqual([[0, 0, undefined], [77, 3, 5]]);
  });
});
