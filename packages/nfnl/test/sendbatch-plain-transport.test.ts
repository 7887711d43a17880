// sendBatch on its own, over a transport that is not Nfnl's BatchTransport: a Linux 6.10+ kernel ACKs
// BEGIN, so a batch needs no NOOP barrier; such a transport cannot report overruns, which must not matter
// even where the receive buffer cannot be raised. And message types by subsystem number.
import { expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { messageType, sendBatch } from '../src/protocol.js';
import { fakeNftKernel } from './helpers/fake-nft.js';

it('a batch over a plain transport with a buffer that cannot be raised', async () => {
  const kernel = Object.assign(fakeNftKernel({ beginAck: true }), {
    getReceiveBufferSize: () => 1000,
    setReceiveBufferSize: () => {
      throw new Error('EPERM');
    },
  });
  const connection = new Connection(kernel);
  const payload = Uint8Array.of(1, 0, 0, 0, 6, 0, 1, 0, 116, 0, 0, 0);
  expect(await sendBatch(connection, kernel, 'nftables', [{ type: 0xa00, flags: 0x400, payload }])).toEqual([[]]);
  expect(kernel.committed).toHaveLength(1);
  connection.close();
});

it('message types: subsystem << 8 | message, the subsystem by name or number', () => {
  expect(messageType(10, 6)).toBe(0xa06);
  expect(messageType('ctnetlink', 0)).toBe(0x100);
  expect(messageType(0x1ff, 0x1ff)).toBe(0xffff);
});
