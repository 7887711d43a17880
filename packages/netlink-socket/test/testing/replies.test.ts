// What the fake kernel answers, read back with the wire layer's parsers (an ACK, an error with or without
// the echoed request and ext-ack, a dump's parts and DONE), and the type of a dump's parts: given per
// answer, by the kernel's replyType option, or refused when neither says.
import {
  NLM_F_ACK,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLM_F_REQUEST,
  NLMSG_DONE,
  encodeMessage,
  parseDoneMessage,
  parseErrorMessage,
  parseMessages,
  type NetlinkMessage,
} from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { InvalidArgumentError } from '../../src/native/errors.js';
import { FakeKernel, genlReplyType, rtnetlinkReplyType, type FakeDatagram } from '../../src/testing/index.js';

/** A request as the fake kernel records it. */
const request = (type: number, flags: number, payload: Uint8Array, seq = 9, pid = 0): NetlinkMessage =>
  parseMessages(encodeMessage({ type, flags, seq, pid, payload }))[0]!;
/** A datagram's messages as the receiving side parses them. */
const received = (datagram: FakeDatagram): NetlinkMessage[] => parseMessages(new Uint8Array(datagram.messages.flatMap((m) => [...encodeMessage(m)])));

const sent = request(16, NLM_F_REQUEST | NLM_F_ACK, Uint8Array.of(0, 0, 0, 0, 7, 0, 0, 0, 1, 2), 0x01020304, 0x0a0b0c0d);

describe('the fake kernel\'s control answers', () => {
  const kernel = new FakeKernel(undefined, { portId: 777 });

  it('an ACK: errno 0, the request\'s header echoed (its length the whole request\'s), capped, to the socket\'s port', () => {
    const [ack] = received(kernel.ack(sent));
    expect(ack).toMatchObject({ type: 2, flags: NLM_F_CAPPED, seq: 0x01020304, pid: 777 });
    const parsed = parseErrorMessage(ack!);
    expect(parsed.errno).toBe(0);
    expect(parsed.request).toEqual({ length: 26, type: 16, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0x01020304, pid: 0x0a0b0c0d });
    expect(parsed.capped).toBe(true);
    expect(ack!.payload).toHaveLength(20);
  });

  it('an error with ext-ack: the errno, the message and the offset, NLM_F_ACK_TLVS', () => {
    kernel.setCapAck(true);
    const [error] = received(kernel.error(sent, 22, { message: 'bad mtu', offset: 20 }));
    expect(error!.flags).toBe(NLM_F_CAPPED | NLM_F_ACK_TLVS);
    expect(parseErrorMessage(error!)).toMatchObject({ errno: 22, capped: true, extAck: { message: 'bad mtu', offset: 20 } });
  });

  it('an error without NETLINK_CAP_ACK echoes the whole request, as the kernel does', () => {
    const uncapped = new FakeKernel();
    const [error] = received(uncapped.error(sent, 1, { message: 'no' }));
    expect(error!.flags).toBe(NLM_F_ACK_TLVS);
    const parsed = parseErrorMessage(error!);
    expect(parsed).toMatchObject({ errno: 1, capped: false, extAck: { message: 'no' } });
    expect(parsed.requestPayload).toEqual(sent.payload);
  });

  it('a dump: NLM_F_MULTI parts, DONE with the errno, DUMP_INTR from the interrupted index on, perDatagram to a datagram', () => {
    const dump = request(18, NLM_F_REQUEST | NLM_F_DUMP, new Uint8Array(16));
    const datagrams = kernel.multipart(dump, [Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)], { type: 16, perDatagram: 2, interrupted: 2, errno: 4 });
    expect(datagrams).toHaveLength(2);
    const messages = datagrams.flatMap(received);
    expect(messages.map((m) => [m.type, m.flags, m.seq, m.pid])).toEqual([
      [16, NLM_F_MULTI, 9, 777],
      [16, NLM_F_MULTI, 9, 777],
      [16, NLM_F_MULTI | NLM_F_DUMP_INTR, 9, 777],
      [NLMSG_DONE, NLM_F_MULTI | NLM_F_DUMP_INTR, 9, 777],
    ]);
    expect(parseDoneMessage(messages[3]!).errno).toBe(4);
    expect(parseDoneMessage(kernel.multipart(dump, [], { type: 16 }).flatMap(received)[0]!).errno).toBe(0);
  });
});

describe('the type of a dump\'s parts', () => {
  const partTypes = (kernel: FakeKernel, req: NetlinkMessage, type?: number) =>
    kernel
      .multipart(req, [Uint8Array.of(0)], type === undefined ? {} : { type })
      .flatMap((d) => d.messages)
      .map((m) => m.type);

  it('with no type and no replyType, multipart refuses to guess: an InvalidArgumentError naming both ways to say it', () => {
    const kernel = new FakeKernel();
    const error = (() => {
      try {
        partTypes(kernel, request(18, NLM_F_REQUEST | NLM_F_DUMP, new Uint8Array(16)));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).message).toMatch(/request type 18.*\{ type \} to multipart.*\{ replyType \} to new FakeKernel/);
  });

  it('through the engine, the dump that asked rejects with that error instead of hanging', async () => {
    const kernel = new FakeKernel((req, k) => k.multipart(req, []));
    await expect(new Connection(kernel).dumpAll({ type: 18 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('replyType as a number, as a function of the request, and a type given per answer before either', () => {
    const get = request(0x1a, NLM_F_REQUEST | NLM_F_DUMP, new Uint8Array(4));
    expect(partTypes(new FakeKernel(undefined, { replyType: 0x1c }), get)).toEqual([0x1c, NLMSG_DONE]);
    expect(partTypes(new FakeKernel(undefined, { replyType: (r) => r.type + 100 }), get)).toEqual([0x1a + 100, NLMSG_DONE]);
    expect(partTypes(new FakeKernel(undefined, { replyType: 0x1c }), get, 0x99)).toEqual([0x99, NLMSG_DONE]);
  });

  it('rtnetlinkReplyType: each GET answered with its object\'s NEW (include/uapi/linux/rtnetlink.h)', () => {
    // RTM_GETLINK, GETADDR, GETROUTE, GETNEIGH, GETRULE, GETQDISC, GETNETCONF, GETSTATS, GETNEXTHOP.
    const gets = [18, 22, 26, 30, 34, 38, 82, 94, 106];
    expect(gets.map((type) => rtnetlinkReplyType(request(type, NLM_F_REQUEST | NLM_F_DUMP, new Uint8Array(4))))).toEqual([16, 20, 24, 28, 32, 36, 80, 92, 104]);
  });

  it('genlReplyType: the family id the request went to', () => {
    expect(genlReplyType(request(0x1d, NLM_F_REQUEST | NLM_F_DUMP, Uint8Array.of(1, 1, 0, 0)))).toBe(0x1d);
  });
});
