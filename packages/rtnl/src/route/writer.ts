import type { ByteWriter } from '@linx/netlink-wire';
import { HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import type { RoutePlan } from './request.js';
import { routeRequestAttrs } from './request-layout.js';

/**
 * The payload of a route request of the common shape (rtmsg, then addresses and 32-bit numbers),
 * written straight into a writer without the codec's generic walk. Bulk verbs write thousands of these
 * per call. The bytes are the codec's own (attributes in declaration order, which a test checks); a plan
 * with anything else (metrics, next hops, preference, expiry) is left to the codec: `writesPlainly`.
 */

const LE = HOST_LITTLE_ENDIAN;
const RTMSG_SIZE = 12;
const { dst, src, oif: oifAttr, gateway, priority, prefsrc, table, nhId } = routeRequestAttrs.attributes;
const PLAIN_KEYS = new Set(['dst', 'src', 'gateway', 'prefsrc', 'priority', 'table', 'nhId']);

/** Whether `writePlainRoute` can write this plan (else the codec encodes it). */
export function writesPlainly(plan: RoutePlan): boolean {
  if (plan.nexthops !== undefined) return false;
  for (const key in plan.attrs) if (!PLAIN_KEYS.has(key) && (plan.attrs as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}

function putAddress(w: ByteWriter, type: number, bytes: Uint8Array | undefined): void {
  if (bytes === undefined) return;
  const at = w.reserve(4 + bytes.length);
  w.view.setUint16(at, 4 + bytes.length, LE);
  w.view.setUint16(at + 2, type, LE);
  w.bytes.set(bytes, at + 4);
  w.pad();
}

/** Returns where the value was written (-1 if there was none). */
function putU32(w: ByteWriter, type: number, value: number | undefined): number {
  if (value === undefined) return -1;
  const at = w.reserve(8);
  w.view.setUint16(at, 8, LE);
  w.view.setUint16(at + 2, type, LE);
  w.view.setUint32(at + 4, value, LE);
  return at + 4;
}

/**
 * Writes the payload of a plan `writesPlainly` accepted, with `oif` as its output interface (the plan's
 * own, resolved by the caller). Returns where the oif value was written (-1 if the plan has none), for a
 * caller that writes a placeholder and patches it once the interface name is resolved.
 */
export function writePlainRoute(w: ByteWriter, plan: RoutePlan, oif: number): number {
  // planRoute makes every number a number (the codec's inputs also allow bigints).
  const h = plan.header as { readonly [K in keyof RoutePlan['header']]?: number };
  const at = w.reserve(RTMSG_SIZE);
  const b = w.bytes;
  b[at] = h.rtmFamily ?? 0;
  b[at + 1] = h.rtmDstLen ?? 0;
  b[at + 2] = h.rtmSrcLen ?? 0;
  b[at + 3] = h.rtmTos ?? 0;
  b[at + 4] = h.rtmTable ?? 0;
  b[at + 5] = h.rtmProtocol ?? 0;
  b[at + 6] = h.rtmScope ?? 0;
  b[at + 7] = (h.rtmType as number | undefined) ?? 0;
  w.view.setUint32(at + 8, h.rtmFlags ?? 0, LE);
  const a = plan.attrs as Omit<RoutePlan['attrs'], 'priority' | 'table' | 'nhId'> & { priority?: number; table?: number; nhId?: number };
  // By attribute id, the declaration's order: dst 1, src 2, oif 4, gateway 5, priority 6, prefsrc 7,
  // table 15, nh_id 30.
  putAddress(w, dst.id, a.dst);
  putAddress(w, src.id, a.src);
  const oifAt = plan.oif === undefined ? -1 : putU32(w, oifAttr.id, oif);
  putAddress(w, gateway.id, a.gateway);
  putU32(w, priority.id, a.priority);
  putAddress(w, prefsrc.id, a.prefsrc);
  putU32(w, table.id, a.table);
  putU32(w, nhId.id, a.nhId);
  return oifAt;
}
