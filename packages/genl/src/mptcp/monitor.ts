import { compileMessage, type AttrsValue } from '@linx/netlink-codec';
import type { MulticastEvent, OverrunError, Subscription } from '@linx/netlink-socket';
import { formatIPv6 } from '@linx/netlink-wire';
import { DecodedEvents } from '../decoded-events.js';
import { GENL_HDRLEN, genlMessage } from '../header.js';
import { ipv4Text } from './endpoint.js';
import * as gen from './generated/mptcp_pm.js';

/** What an MPTCP event carries (MPTCP_ATTR_*; which ones depends on the event, see linux/mptcp_pm.h). */
export interface MptcpEventInfo {
  token?: number;
  /** AF_INET or AF_INET6. */
  family?: number;
  localId?: number;
  remoteId?: number;
  /** Source and destination addresses as text, ports in host order. */
  saddr?: string;
  daddr?: string;
  sport?: number;
  dport?: number;
  backup?: number;
  error?: number;
  flags?: number;
  timeout?: number;
  ifindex?: number;
  resetReason?: number;
  resetFlags?: number;
  serverSide?: number;
}

/** An event of the `mptcp_pm_events` group, or an overrun (events lost: re-read the endpoints). */
export type MptcpEvent = { type: gen.EventType; info: MptcpEventInfo } | { type: 'overrun'; error: OverrunError };

const eventMessage = genlMessage('mptcp_pm event', gen.eventAttrAttrs);
const eventNames = new Map<number, gen.EventType>(Object.entries(gen.eventTypeValues).map(([name, value]) => [value, name as gen.EventType]));


/** An event's attributes, named for users (addresses as text). */
export function eventInfo(a: AttrsValue<(typeof gen.eventAttrAttrs)['attributes']>): MptcpEventInfo {
  const info: MptcpEventInfo = {};
  const set = <K extends keyof MptcpEventInfo>(key: K, value: MptcpEventInfo[K] | undefined) => {
    if (value !== undefined) info[key] = value;
  };
  set('token', a.token);
  set('family', a.family);
  set('localId', a.locId);
  set('remoteId', a.remId);
  set('saddr', a.saddr4 !== undefined ? ipv4Text(a.saddr4) : a.saddr6 !== undefined ? formatIPv6(a.saddr6) : undefined);
  set('daddr', a.daddr4 !== undefined ? ipv4Text(a.daddr4) : a.daddr6 !== undefined ? formatIPv6(a.daddr6) : undefined);
  set('sport', a.sport);
  set('dport', a.dport);
  set('backup', a.backup);
  set('error', a.error);
  set('flags', a.flags);
  set('timeout', a.timeout);
  set('ifindex', a.ifIdx);
  set('resetReason', a.resetReason);
  set('resetFlags', a.resetFlags);
  set('serverSide', a.serverSide);
  return info;
}

/**
 * The path manager's events as an async iterator of `MptcpEvent`s; leaving a `for await` loop (or
 * `close()`) leaves the group. Events of types this version does not know are skipped.
 */
export class MptcpMonitor extends DecodedEvents<MptcpEvent> {
  constructor(
    subscription: Subscription,
    readonly familyId: number,
  ) {
    super(subscription, (event) => decodeEvent(event, familyId));
  }
}

function decodeEvent(event: MulticastEvent, familyId: number): MptcpEvent | undefined {
  if (event.kind === 'overrun') return { type: 'overrun', error: event.error };
  const { message } = event;
  if (message.type !== familyId || message.payload.length < GENL_HDRLEN) return undefined;
  const type = eventNames.get(message.payload[0]!);
  if (type === undefined) return undefined;
  return { type, info: eventInfo(compileMessage(eventMessage).decode(message.payload).attrs) };
}
