// Sending: any Uint8Array view, a 1 MiB datagram (the send buffer grows to fit), typed errors; and
// receiving datagrams far larger than 64 KiB without truncation.
import { NETLINK_ROUTE, NLMSG_ERROR, NLMSG_NOOP, NLM_F_ACK, NLM_F_REQUEST, encodeMessage, encodeMessages } from '@linx/netlink-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeError, SocketClosedError } from '../../src/index.js';
import { RawNetlinkSocket, fromNativeError, loadNative } from '../../src/native/index.js';
import { socketSet } from '../helpers/sockets.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { collect, dumpLinks, errorOf, getLinkDump } from '../helpers/rtnl.js';
import { catchError } from '../helpers/errors.js';

const MiB = 1024 * 1024;

describe.skipIf(kernelSkipReason !== undefined)('send', () => {
  let ns: TestNetns;
  const sockets = socketSet(() => ns.name);

  beforeAll(() => {
    ns = createNetns();
  });

  afterAll(() => {
    sockets.closeAll();
    ns?.remove();
  });

  const open = () => sockets.open();

  const ackFor = (seq: number) => (all: { messages: { type: number; seq: number }[] }[]) =>
    all.some((d) => d.messages.some((m) => m.type === NLMSG_ERROR && m.seq === seq));

  it('sends from any view offset', async () => {
    const request = getLinkDump(5);
    const backing = new Uint8Array(request.length + 7);
    backing.set(request, 3);
    const socket = open();
    const links = dumpLinks(socket, backing.subarray(3, 3 + request.length));
    expect((await links).map((l) => l.name)).toEqual(['lo']);
  });

  it('a 1 MiB datagram of 65536 messages: the send buffer is raised to fit and the kernel processes all', async () => {
    const socket = open();
    expect(socket.getSendBufferSize()).toBeLessThan(MiB);
    const count = MiB / 16;
    const messages = Array.from({ length: count }, (_, i) => ({
      type: NLMSG_NOOP,
      flags: NLM_F_REQUEST | (i === count - 1 ? NLM_F_ACK : 0),
      seq: i,
    }));
    const bytes = encodeMessages(messages);
    expect(bytes.length).toBe(MiB);
    const acked = collect(socket, ackFor(count - 1));
    expect(socket.send(bytes)).toBe(MiB);
    expect(socket.getSendBufferSize()).toBeGreaterThanOrEqual(MiB + 32);
    const received = await acked;
    const acks = received.flatMap((d) => d.messages).filter((m) => m.type === NLMSG_ERROR);
    // Only the last message asked for an ACK, and a NOOP is never an error.
    expect(acks).toHaveLength(1);
    expect(errorOf(acks[0]!.payload)).toBe(0);
  });

  it('without raising the buffer, the addon fails with a typed EMSGSIZE', () => {
    const native = new (loadNative().NetlinkSocket)(NETLINK_ROUTE, ns.path);
    try {
      native.bind();
      const error = catchError(() => native.send(new Uint8Array(MiB)));
      expect(fromNativeError(error)).toBeInstanceOf(NativeError);
      expect(error).toMatchObject({ code: 'ERR_LINX_NATIVE', stage: 'send', errnoName: 'EMSGSIZE', errno: 90 });
    } finally {
      native.close();
    }
  });

  it('sending to a port nobody holds fails with ECONNREFUSED', () => {
    const native = new (loadNative().NetlinkSocket)(NETLINK_ROUTE, ns.path);
    try {
      expect(() => native.send(encodeMessage({ type: NLMSG_NOOP }), 0x7fff_fff0)).toThrow(
        expect.objectContaining({ stage: 'send', errnoName: 'ECONNREFUSED' }),
      );
    } finally {
      native.close();
    }
  });

  it('a reply datagram of ~192 KiB (an error echoing a big request) arrives whole, in one piece', async () => {
    const socket = open();
    const payload = new Uint8Array(192 * 1024).fill(0xab);
    const seq = 4242;
    // A message type rtnetlink does not have: EOPNOTSUPP, and the error echoes the whole request.
    const request = encodeMessage({ type: 0x7fff, flags: NLM_F_REQUEST | NLM_F_ACK, seq, payload });
    const replies = collect(socket, ackFor(seq));
    socket.send(request);
    const datagram = (await replies).find((d) => ackFor(seq)([d]))!;
    expect(datagram.bytes.length).toBe(16 + 4 + request.length);
    const error = datagram.messages[0]!;
    expect(-errorOf(error.payload)).toBe(95); // EOPNOTSUPP
    expect(Buffer.compare(error.payload.subarray(4), request)).toBe(0);
  });

  it('with NETLINK_CAP_ACK the same error echoes only the request header', async () => {
    const socket = open();
    socket.setCapAck(true);
    const seq = 4343;
    const request = encodeMessage({ type: 0x7fff, flags: NLM_F_REQUEST | NLM_F_ACK, seq, payload: new Uint8Array(192 * 1024) });
    const replies = collect(socket, ackFor(seq));
    socket.send(request);
    const datagram = (await replies).find((d) => ackFor(seq)([d]))!;
    expect(datagram.bytes.length).toBe(16 + 4 + 16);
  });

  it('an empty datagram: the kernel answers the send with ENODATA', () => {
    const socket = open();
    expect(() => socket.send(new Uint8Array(0))).toThrow(expect.objectContaining({ stage: 'send', errnoName: 'ENODATA' }));
  });

  it('send on a closed socket throws SocketClosedError; a non-Uint8Array is rejected', () => {
    const socket = open();
    expect(() => socket.send(new Uint16Array(8) as never)).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT' }));
    socket.close();
    expect(() => socket.send(getLinkDump(1))).toThrow(SocketClosedError);
  });
});
