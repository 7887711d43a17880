import type { DecodedMessage } from '../nftables/common.js';
import type { expectFlagsValues, expectMessage } from './messages.js';
import { tupleFrom, type ConntrackFamily, type ConntrackTuple } from './tuple.js';

/** An expectation: a connection a helper (ftp, sip, …) expects because of one it tracks (`conntrack -L expect`). */
export interface ConntrackExpectation {
  family: ConntrackFamily;
  /** The connection it is expected from. */
  master: ConntrackTuple;
  /** The expected connection's tuple, and which of its parts must match (a zero part of the mask is any). */
  tuple: ConntrackTuple;
  mask: ConntrackTuple;
  /** Seconds left. */
  timeout?: number;
  id?: number;
  /** The helper that made it. */
  helper?: string;
  zone?: number;
  flags: (keyof typeof expectFlagsValues | number)[];
  class?: number;
  /** Where the expected connection will be NATed to. */
  nat?: { dir?: number; tuple?: ConntrackTuple };
  /** The helper's expectation function, by name. */
  fn?: string;
}

/** A decoded expectation message as a `ConntrackExpectation`. */
export function expectationFrom(message: DecodedMessage<typeof expectMessage>): ConntrackExpectation {
  const a = message.attrs;
  const out: ConntrackExpectation = {
    family: message.header.family as ConntrackFamily,
    master: tupleFrom(a.master ?? {}),
    tuple: tupleFrom(a.tuple ?? {}),
    mask: tupleFrom(a.mask ?? {}),
    flags: a.flags ?? [],
  };
  if (a.timeout !== undefined) out.timeout = a.timeout;
  if (a.id !== undefined) out.id = a.id;
  if (a.helpName !== undefined) out.helper = a.helpName;
  if (a.zone !== undefined) out.zone = a.zone;
  if (a.class !== undefined) out.class = a.class;
  if (a.nat !== undefined) out.nat = { ...(a.nat.dir !== undefined ? { dir: a.nat.dir } : {}), ...(a.nat.tuple ? { tuple: tupleFrom(a.nat.tuple) } : {}) };
  if (a.fn !== undefined) out.fn = a.fn;
  return out;
}
