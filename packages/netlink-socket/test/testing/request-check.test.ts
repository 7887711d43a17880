// The fake kernel's assertions on what the code under test sends (nltest.CheckRequest's counterpart):
// each passes on the request it describes and fails, naming the request, the field and both values, on
// any other.
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REQUEST, encodeMessage, parseMessages, type NetlinkMessage } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { FakeKernel, RequestMismatchError, checkRequest, checkRequests, checkedHandler, rtnetlinkReplyType, type ExpectedRequest } from '../../src/testing/index.js';
import { RTM_GETLINK, RTM_NEWLINK } from '../helpers/rtnl.js';

const NEW = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
const GET_DUMP = NLM_F_REQUEST | NLM_F_DUMP;
const typeName = (type: number) => ({ [RTM_NEWLINK]: 'RTM_NEWLINK', [RTM_GETLINK]: 'RTM_GETLINK' })[type];

/** A request as it arrives: encoded and parsed back, as the fake kernel records it. */
const request = (type: number, flags: number, payload = Uint8Array.of(1, 2, 3, 4)): NetlinkMessage =>
  parseMessages(encodeMessage({ type, flags, seq: 7, pid: 0, payload }))[0]!;

/** The error `fn` throws (the test fails when it throws none). */
function mismatch(fn: () => void): RequestMismatchError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RequestMismatchError);
    return error as RequestMismatchError;
  }
  throw new Error('no RequestMismatchError was thrown');
}

describe('checkRequest', () => {
  const sent = request(RTM_NEWLINK, NEW);

  it('passes on the type and flags sent, with the exact payload or a payload check that does not throw', () => {
    checkRequest(sent, { type: RTM_NEWLINK, flags: NEW });
    checkRequest(sent, { type: RTM_NEWLINK, flags: NEW, payload: Uint8Array.of(1, 2, 3, 4) });
    let seen: number[] = [];
    checkRequest(sent, { type: RTM_NEWLINK, flags: NEW, payload: (p) => (seen = [...p]) });
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('another type: field "type", both types named', () => {
    const error = mismatch(() => checkRequest(sent, { type: RTM_GETLINK, flags: NEW }, { index: 3, typeName }));
    expect(error).toMatchObject({ code: 'ERR_LINX_REQUEST_MISMATCH', field: 'type', index: 3 });
    expect(error.message).toBe('request 3: type 16 (RTM_NEWLINK) where 18 (RTM_GETLINK) was expected');
  });

  it('flags that differ by one bit either way: field "flags", the missing and the unexpected bits named', () => {
    const missing = mismatch(() => checkRequest(request(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL), { type: RTM_NEWLINK, flags: NEW }));
    expect(missing.field).toBe('flags');
    expect(missing.message).toBe(
      'request 0 (type 16): flags 0x601 (NLM_F_REQUEST|0x600) where 0x605 (NLM_F_REQUEST|NLM_F_ACK|0x600) was expected: 0x4 (NLM_F_ACK) missing',
    );
    const extra = mismatch(() => checkRequest(request(RTM_NEWLINK, NEW | NLM_F_ECHO), { type: RTM_NEWLINK, flags: NEW }));
    expect(extra.message).toMatch(/: 0x8 \(NLM_F_ECHO\) not expected$/);
    // A subset is not enough: the flags are compared whole.
    expect(mismatch(() => checkRequest(sent, { type: RTM_NEWLINK, flags: NLM_F_REQUEST })).message).toMatch(/0x604 \(NLM_F_ACK\|0x600\) not expected$/);
  });

  it('payload bytes that differ, or are longer or shorter: field "payload", where they first differ', () => {
    const other = mismatch(() => checkRequest(sent, { type: RTM_NEWLINK, flags: NEW, payload: Uint8Array.of(1, 2, 9, 4) }));
    expect(other.field).toBe('payload');
    expect(other.message).toBe('request 0 (type 16): payload of 4 bytes where 4 were expected, first differing at byte 2: 0x03 where 0x09 was expected');
    const longer = mismatch(() => checkRequest(sent, { type: RTM_NEWLINK, flags: NEW, payload: Uint8Array.of(1, 2, 3, 4, 5) }));
    expect(longer.message).toMatch(/payload of 4 bytes where 5 were expected, first differing at byte 4: the end where 0x05 was expected$/);
    const shorter = mismatch(() => checkRequest(sent, { type: RTM_NEWLINK, flags: NEW, payload: Uint8Array.of(1, 2, 3) }));
    expect(shorter.message).toMatch(/first differing at byte 3: 0x04 where the end was expected$/);
  });

  it('a payload check that throws: field "payload", its message, and the error as the cause', () => {
    const inner = new Error('ifi_index 1, not 2');
    const error = mismatch(() =>
      checkRequest(sent, {
        type: RTM_NEWLINK,
        flags: NEW,
        payload: () => {
          throw inner;
        },
      }),
    );
    expect(error.field).toBe('payload');
    expect(error.message).toBe('request 0 (type 16): payload check failed: ifi_index 1, not 2');
    expect(error.cause).toBe(inner);
    // An expect() inside fails the same way.
    expect(mismatch(() => checkRequest(sent, { type: RTM_NEWLINK, flags: NEW, payload: (p) => expect(p[0]).toBe(2) })).field).toBe('payload');
  });
});

describe('checkRequests', () => {
  const sent = [request(RTM_GETLINK, GET_DUMP), request(RTM_NEWLINK, NEW)];
  const expected: ExpectedRequest[] = [
    { type: RTM_GETLINK, flags: GET_DUMP },
    { type: RTM_NEWLINK, flags: NEW },
  ];

  it('passes when the requests are the expected ones, in order', () => {
    checkRequests(sent, expected);
    checkRequests([], []);
  });

  it('the same requests in another order: the first that differs, by its index', () => {
    expect(mismatch(() => checkRequests([...sent].reverse(), expected))).toMatchObject({ index: 0, field: 'type' });
  });

  it('one too many or one missing: field "count", naming the extra or the missing request', () => {
    const extra = mismatch(() => checkRequests(sent, expected.slice(0, 1), { typeName }));
    expect(extra).toMatchObject({ field: 'count', index: 1 });
    expect(extra.message).toBe('2 requests where 1 was expected; request 1 was not: type 16 (RTM_NEWLINK) flags 0x605 (NLM_F_REQUEST|NLM_F_ACK|0x600)');
    const missing = mismatch(() => checkRequests(sent.slice(0, 1), expected));
    expect(missing).toMatchObject({ field: 'count', index: 1 });
    expect(missing.message).toBe('1 request where 2 were expected; missing request 1: type 16 flags 0x605 (NLM_F_REQUEST|NLM_F_ACK|0x600)');
  });
});

describe('FakeKernel.assertRequests', () => {
  it('checks what the code sent through the engine, step by step: each call the requests since the last', async () => {
    const kernel = new FakeKernel((req, k) => ((req.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(req, []) : k.ack(req)), { replyType: rtnetlinkReplyType });
    const connection = new Connection(kernel);
    await connection.dumpAll({ type: RTM_GETLINK, payload: new Uint8Array(16) });
    kernel.assertRequests({ type: RTM_GETLINK, flags: GET_DUMP, payload: new Uint8Array(16) });
    await connection.request({ type: RTM_NEWLINK, flags: NLM_F_CREATE | NLM_F_EXCL, payload: Uint8Array.of(5, 0, 0, 0) });
    kernel.assertRequests({ type: RTM_NEWLINK, flags: NEW, payload: Uint8Array.of(5, 0, 0, 0) });
    // Nothing more was sent.
    kernel.assertRequests();
    expect(kernel.requests).toHaveLength(2);
  });

  it('fails on a request that is not the expected one, by its index in kernel.requests, with the kernel\'s type names', async () => {
    const kernel = new FakeKernel((req, k) => k.ack(req), { typeName });
    const connection = new Connection(kernel);
    await connection.request({ type: RTM_NEWLINK });
    kernel.assertRequests({ type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_ACK });
    await connection.request({ type: RTM_NEWLINK, flags: NLM_F_CREATE });
    const error = mismatch(() => kernel.assertRequests({ type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE }));
    expect(error).toMatchObject({ index: 1, field: 'type' });
    expect(error.message).toBe('request 1: type 16 (RTM_NEWLINK) where 18 (RTM_GETLINK) was expected');
  });

  it('fails when the code sent nothing, or more than expected', async () => {
    const kernel = new FakeKernel((req, k) => k.ack(req));
    expect(mismatch(() => kernel.assertRequests({ type: RTM_NEWLINK, flags: NEW })).field).toBe('count');
    const connection = new Connection(kernel);
    await Promise.all([connection.request({ type: RTM_NEWLINK }), connection.request({ type: RTM_NEWLINK })]);
    expect(mismatch(() => kernel.assertRequests({ type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_ACK }))).toMatchObject({ field: 'count', index: 1 });
  });
});

describe('checkedHandler (nltest.CheckRequest)', () => {
  it('answers the expected requests through the wrapped handler', async () => {
    const kernel = new FakeKernel(checkedHandler([{ type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_ACK }], (req, k) => k.ack(req)));
    await expect(new Connection(kernel).request({ type: RTM_NEWLINK })).resolves.toEqual([]);
  });

  it('a request that is not the expected one: the call that sent it rejects with the mismatch, and the handler never sees it', async () => {
    const seen: number[] = [];
    const kernel = new FakeKernel(
      checkedHandler([{ type: RTM_NEWLINK, flags: NEW }], (req, k) => {
        seen.push(req.type);
        return k.ack(req);
      }),
    );
    const error = await new Connection(kernel).request({ type: RTM_NEWLINK, flags: NLM_F_CREATE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestMismatchError);
    expect(error).toMatchObject({ field: 'flags', index: 0 });
    expect(seen).toEqual([]);
  });

  it('a request beyond the expected ones rejects too (field "count")', async () => {
    const kernel = new FakeKernel(checkedHandler([{ type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_ACK }], (req, k) => k.ack(req)));
    const connection = new Connection(kernel);
    await connection.request({ type: RTM_NEWLINK });
    await expect(connection.request({ type: RTM_NEWLINK })).rejects.toMatchObject({ code: 'ERR_LINX_REQUEST_MISMATCH', field: 'count', index: 1 });
  });
});
