// The fake kernel writes in the host's byte order, as the kernel does (netlink is host-endian), never in a
// fixed one. This file runs the wire layer as on a big-endian host: its byte-order module is replaced,
// so every reader and writer of @linx/netlink-wire (and the engine on top) works big-endian here. A fake
// kernel that wrote a little-endian errno or length would be misread by the engine; one that writes
// through the wire layer's writers is read right. @linx/netlink-wire is taken from its source here, since
// its built dist/ is one bundled file with no byte-order module of its own to replace.
import { vi, describe, expect, it } from 'vitest';

// Paths held in variables, so the type-check does not take the other package's sources into this one.
const wire = vi.hoisted(() => ({
  index: new URL('../../../netlink-wire/src/index.ts', import.meta.url).pathname,
  endian: new URL('../../../netlink-wire/src/endian.ts', import.meta.url).pathname,
}));
vi.mock('@linx/netlink-wire', () => import(/* @vite-ignore */ wire.index));
vi.mock(wire.endian, async (original) => ({ ...(await original<object>()), HOST_LITTLE_ENDIAN: false }));

import { HOST_LITTLE_ENDIAN, NetlinkError, encodeMessage, parseMessages, viewOf } from '@linx/netlink-wire';
import { Connection } from '../../src/engine/connection.js';
import { FakeKernel, rtnetlinkReplyType } from '../../src/testing/index.js';

describe('on a big-endian host', () => {
  it('the wire layer really is big-endian in this file (else the tests below would prove nothing)', () => {
    expect(HOST_LITTLE_ENDIAN).toBe(false);
    expect([...encodeMessage({ type: 0x0102 }).subarray(0, 6)]).toEqual([0, 0, 0, 16, 0x01, 0x02]);
  });

  it('an error\'s errno and the echoed request length are big-endian', () => {
    const kernel = new FakeKernel();
    const request = parseMessages(encodeMessage({ type: 16, flags: 5, seq: 1, payload: new Uint8Array(8) }))[0]!;
    const payload = kernel.error(request, 22).messages[0]!.payload!;
    expect(viewOf(payload).getInt32(0, false)).toBe(-22);
    expect(viewOf(payload).getUint32(4, false)).toBe(24);
  });

  it('a DONE\'s errno is big-endian', () => {
    const kernel = new FakeKernel(undefined, { replyType: rtnetlinkReplyType });
    const request = parseMessages(encodeMessage({ type: 18, flags: 0x301, seq: 1 }))[0]!;
    const done = kernel.multipart(request, [], { errno: 4 })[0]!.messages[0]!;
    expect(viewOf(done.payload!).getInt32(0, false)).toBe(-4);
  });

  it('through the engine: an ACK resolves, an error is its errno, a dump ending in an errno fails with it', async () => {
    const kernel = new FakeKernel(
      (req, k) => (req.type === 18 ? k.multipart(req, [Uint8Array.of(1, 2, 3, 4)], { errno: 4 }) : req.type === 16 ? k.ack(req) : k.error(req, 95, { message: 'not here', offset: 16 })),
      { replyType: rtnetlinkReplyType },
    );
    const connection = new Connection(kernel);
    await expect(connection.request({ type: 16, payload: new Uint8Array(16) })).resolves.toEqual([]);
    const error = await connection.request({ type: 19, payload: new Uint8Array(16) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect(error).toMatchObject({ errnoName: 'EOPNOTSUPP', extAckMessage: 'not here' });
    await expect(connection.dumpAll({ type: 18 })).rejects.toMatchObject({ errnoName: 'EINTR' });
    connection.close();
  });
});
