// The watch socket's wrapper: everything goes through to the socket except `ref`, so that the engine's
// ref on subscribing never keeps the process alive for the family cache.
import { describe, expect, it } from 'vitest';
import type { ReceiveHandlers, Transport } from '@linx/netlink-socket';
import { UnrefTransport } from '../src/unref-transport.js';

function recording(): { socket: Transport; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record =
    (name: string, result?: unknown) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return result;
    };
  const socket: Transport = {
    portId: 77,
    closed: false,
    send: record('send', 5) as Transport['send'],
    start: record('start'),
    pause: record('pause'),
    resume: record('resume'),
    addMembership: record('addMembership'),
    dropMembership: record('dropMembership'),
    close: record('close'),
    ref: record('ref'),
    unref: record('unref'),
    setExtendedAck: record('setExtendedAck'),
    setStrictCheck: record('setStrictCheck'),
    setCapAck: record('setCapAck'),
    setPacketInfo: record('setPacketInfo'),
    setReadAhead: record('setReadAhead'),
  };
  return { socket, calls };
}

describe('UnrefTransport', () => {
  it('unrefs the socket at once, never refs it, and passes everything else through', () => {
    const { socket, calls } = recording();
    const t = new UnrefTransport(socket);
    expect(calls).toEqual([['unref']]);
    t.ref();
    expect(calls).toEqual([['unref']]);
    const handlers = {} as ReceiveHandlers;
    const bytes = Uint8Array.of(1, 2);
    expect(t.send(bytes)).toBe(5);
    t.start(handlers);
    t.pause();
    t.resume();
    t.addMembership(16);
    t.dropMembership(16);
    t.setExtendedAck(true);
    t.setStrictCheck(false);
    t.setCapAck(true);
    t.setPacketInfo(true);
    t.setReadAhead(false);
    t.unref();
    t.close();
    expect(calls.slice(1)).toEqual([
      ['send', bytes],
      ['start', handlers],
      ['pause'],
      ['resume'],
      ['addMembership', 16],
      ['dropMembership', 16],
      ['setExtendedAck', true],
      ['setStrictCheck', false],
      ['setCapAck', true],
      ['setPacketInfo', true],
      ['setReadAhead', false],
      ['unref'],
      ['close'],
    ]);
    expect(t.portId).toBe(77);
    expect(t.closed).toBe(false);
  });

  it('a socket without the optional methods is fine', () => {
    const { socket } = recording();
    const bare: Transport = { ...socket, ref: undefined, unref: undefined, setExtendedAck: undefined, setStrictCheck: undefined, setCapAck: undefined, setPacketInfo: undefined, setReadAhead: undefined };
    const t = new UnrefTransport(bare);
    expect(() => {
      t.unref();
      t.setExtendedAck(true);
      t.setStrictCheck(true);
      t.setCapAck(true);
      t.setPacketInfo(true);
      t.setReadAhead(true);
    }).not.toThrow();
  });
});
