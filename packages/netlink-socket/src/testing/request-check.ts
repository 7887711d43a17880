// Assertions on the requests the code under test sends, in the spirit of mdlayher/netlink's
// nltest.CheckRequest: the type and the flags exactly, the payload optionally, and a failure that says
// which request differs, in which field, and how.
import { LinxError, netlinkFlagNames, type NetlinkMessage } from '@linx/netlink-wire';
import type { FakeHandler } from './fake-kernel.js';

/** What one request must be. */
export interface ExpectedRequest {
  /** nlmsg_type. */
  type: number;
  /** nlmsg_flags, all of them: `NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL`, not a subset. */
  flags: number;
  /**
   * The payload: these bytes exactly, or a function that throws when the payload is wrong (an
   * `expect(...)` inside it, a decode compared with what was meant). Unchecked when absent.
   */
  payload?: Uint8Array | ((payload: Uint8Array) => void);
}

export interface RequestCheckOptions {
  /** Names a message type in failure messages: 18 → 'RTM_GETLINK'. */
  typeName?: (type: number) => string | undefined;
}

/** Which part of a request did not match (`'count'`: more or fewer requests than expected). */
export type RequestMismatchField = 'type' | 'flags' | 'payload' | 'count';

/** A request the code under test sent is not the one expected, or one too many or too few was sent. */
export class RequestMismatchError extends LinxError {
  /** The position of the request in the list checked (for `FakeKernel.assertRequests`, in `kernel.requests`). */
  readonly index: number;
  readonly field: RequestMismatchField;

  constructor(index: number, field: RequestMismatchField, message: string, options?: { cause?: unknown }) {
    super('ERR_LINX_REQUEST_MISMATCH', message, options);
    this.index = index;
    this.field = field;
  }
}

/** Throws a `RequestMismatchError` unless `request` is `expected`; `index` names it in the message. */
export function checkRequest(request: NetlinkMessage, expected: ExpectedRequest, options: RequestCheckOptions & { index?: number } = {}): void {
  const index = options.index ?? 0;
  const which = `request ${index}`;
  if (request.type !== expected.type) {
    throw new RequestMismatchError(index, 'type', `${which}: type ${typeText(request.type, options)} where ${typeText(expected.type, options)} was expected`);
  }
  if (request.flags !== expected.flags) {
    const missing = expected.flags & ~request.flags;
    const extra = request.flags & ~expected.flags;
    const diff = [missing ? `${flagsText(missing)} missing` : '', extra ? `${flagsText(extra)} not expected` : ''].filter(Boolean).join(', ');
    throw new RequestMismatchError(
      index,
      'flags',
      `${which} (type ${typeText(request.type, options)}): flags ${flagsText(request.flags)} where ${flagsText(expected.flags)} was expected: ${diff}`,
    );
  }
  const payload = expected.payload;
  if (payload === undefined) return;
  const what = `${which} (type ${typeText(request.type, options)})`;
  if (typeof payload === 'function') {
    try {
      payload(request.payload);
    } catch (error) {
      throw new RequestMismatchError(index, 'payload', `${what}: payload check failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return;
  }
  const actual = request.payload;
  const at = firstDifference(actual, payload);
  if (at === undefined) return;
  const byte = (bytes: Uint8Array) => (at < bytes.length ? `0x${bytes[at]!.toString(16).padStart(2, '0')}` : 'the end');
  throw new RequestMismatchError(
    index,
    'payload',
    `${what}: payload of ${actual.length} bytes where ${payload.length} were expected, first differing at byte ${at}: ${byte(actual)} where ${byte(payload)} was expected`,
  );
}

/**
 * Throws a `RequestMismatchError` unless `requests` are `expected`, one for one and in order: the first
 * request that differs, or the first one too many or missing.
 */
export function checkRequests(requests: readonly NetlinkMessage[], expected: readonly ExpectedRequest[], options: RequestCheckOptions & { first?: number } = {}): void {
  const first = options.first ?? 0;
  const count = Math.min(requests.length, expected.length);
  for (let i = 0; i < count; i++) checkRequest(requests[i]!, expected[i]!, { ...options, index: first + i });
  if (requests.length > expected.length) {
    const extra = requests[expected.length]!;
    throw new RequestMismatchError(
      first + expected.length,
      'count',
      `${requestsText(requests.length)} where ${expected.length} ${were(expected.length)} expected; request ${first + expected.length} was not: type ${typeText(extra.type, options)} flags ${flagsText(extra.flags)}`,
    );
  }
  if (requests.length < expected.length) {
    const next = expected[requests.length]!;
    throw new RequestMismatchError(
      first + requests.length,
      'count',
      `${requestsText(requests.length)} where ${expected.length} ${were(expected.length)} expected; missing request ${first + requests.length}: type ${typeText(next.type, options)} flags ${flagsText(next.flags)}`,
    );
  }
}

/**
 * A handler that checks each request as it arrives against the next of `expected` before `handler`
 * answers it (mdlayher/netlink's nltest.CheckRequest). A request that does not match, or one beyond
 * `expected`, makes the send throw the `RequestMismatchError`, so the call of the code under test that
 * sent it rejects with it, rather than waiting for an answer that the handler would not give.
 */
export function checkedHandler(expected: readonly ExpectedRequest[], handler: FakeHandler, options: RequestCheckOptions = {}): FakeHandler {
  let next = 0;
  return (request, kernel) => {
    const index = next++;
    const want = expected[index];
    if (want === undefined) {
      throw new RequestMismatchError(
        index,
        'count',
        `request ${index} was not expected (${expected.length} ${were(expected.length)}): type ${typeText(request.type, options)} flags ${flagsText(request.flags)}`,
      );
    }
    checkRequest(request, want, { ...options, index });
    return handler(request, kernel);
  };
}

const requestsText = (n: number) => `${n} request${n === 1 ? '' : 's'}`;
const were = (n: number) => (n === 1 ? 'was' : 'were');

function typeText(type: number, options: RequestCheckOptions): string {
  const name = options.typeName?.(type);
  return name === undefined ? String(type) : `${type} (${name})`;
}

/** `0x305 (NLM_F_REQUEST|NLM_F_ACK|0x300)`: hex, then the names of the bits that mean the same in every message. */
function flagsText(flags: number): string {
  const names = netlinkFlagNames(flags);
  return names.length > 0 ? `0x${flags.toString(16)} (${names.join('|')})` : '0';
}

function firstDifference(a: Uint8Array, b: Uint8Array): number | undefined {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? undefined : n;
}
