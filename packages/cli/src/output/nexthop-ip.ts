// A nexthop object (rtnl's `Nexthop`) as `ip -j nexthop show` prints it, and as `ip nexthop show` prints it
// in text (ipnexthop.c's print_nexthop: one source for both outputs, as ip-json.ts and text.ts are for the
// other objects).
import type { Nexthop, NexthopBucket } from '@linx/rtnl';
import { ROUTE_FLAG_ORDER, scopeName, type IpObject } from './ip-json.js';

/** `ip`'s `%g` of a time in seconds (the resilient group's timers): six significant digits, no trailing zeros. */
function seconds(value: number): number {
  return Number(value.toPrecision(6));
}

/**
 * One element of `ip -j nexthop show`, its fields in ip's order: id, group (a member's weight only when not
 * 1), type and resilient_args (resilient groups), gateway, dev, scope (unless global, or with `-d`),
 * blackhole, protocol (unless unspec, or with `-d`), flags, fdb, and with `-d` hw_stats where the kernel
 * reports it.
 */
export function nexthopToIp(n: Nexthop, o: { details: boolean }): IpObject {
  const out: IpObject = { id: n.id };
  if (n.group !== undefined) out.group = n.group.map((m) => (m.weight === 1 ? { id: m.id } : { id: m.id, weight: m.weight }));
  // ip leaves out the type of an mpath group ("in order not to break existing output").
  if (n.groupType !== undefined && n.groupType !== 'mpath') out.type = typeof n.groupType === 'number' ? '<unknown type>' : n.groupType;
  if (n.resilient !== undefined) {
    const r = n.resilient;
    out.resilient_args = { buckets: r.buckets, idle_timer: seconds(r.idleTimer), unbalanced_timer: seconds(r.unbalancedTimer), unbalanced_time: seconds(r.unbalancedTime) };
  }
  if (n.gateway !== undefined) out.gateway = n.gateway;
  if (n.oif !== undefined) out.dev = n.dev ?? `if${n.oif}`;
  if (n.scope !== 'universe' || o.details) out.scope = scopeName(n.scope);
  if (n.blackhole) out.blackhole = null;
  if (n.protocol !== 'unspec' || o.details) out.protocol = n.protocol;
  const flags = n.flags as (string | number)[];
  out.flags = ROUTE_FLAG_ORDER.filter((f) => flags.includes(f));
  if (n.fdb) out.fdb = null;
  if (o.details && n.hwStatsEnable !== undefined) out.hw_stats = { enabled: n.hwStatsEnable, used: n.hwStatsUsed === true };
  return out;
}

/** A nexthop as `ip nexthop show` prints it, from its `ip -j` object (without the trailing space ip leaves). */
export function nexthopText(o: IpObject): string {
  const words = [`id ${String(o.id)}`];
  const group = o.group as { id: number; weight?: number }[] | undefined;
  if (group !== undefined) words.push(`group ${group.map((m) => (m.weight === undefined ? String(m.id) : `${m.id},${m.weight}`)).join('/')}`);
  if (o.type !== undefined) words.push(`type ${String(o.type)}`);
  const r = o.resilient_args as Record<string, number> | undefined;
  if (r !== undefined) words.push(`buckets ${r.buckets} idle_timer ${r.idle_timer} unbalanced_timer ${r.unbalanced_timer} unbalanced_time ${r.unbalanced_time}`);
  if (o.gateway !== undefined) words.push(`via ${String(o.gateway)}`);
  if (o.dev !== undefined) words.push(`dev ${String(o.dev)}`);
  if (o.scope !== undefined) words.push(`scope ${String(o.scope)}`);
  if (o.blackhole !== undefined) words.push('blackhole');
  if (o.protocol !== undefined) words.push(`proto ${String(o.protocol)}`);
  words.push(...(o.flags as string[]));
  if (o.fdb !== undefined) words.push('fdb');
  const hw = o.hw_stats as { enabled: boolean; used: boolean } | undefined;
  if (hw !== undefined) words.push(`hw_stats ${hw.enabled ? 'on' : 'off'} used ${hw.used ? 'on' : 'off'}`);
  return words.join(' ');
}

/** A resilient group's bucket as one element of `ip -j nexthop bucket show`. */
export function nexthopBucketToIp(b: NexthopBucket): IpObject {
  const flags = b.flags as (string | number)[];
  return { id: b.id, bucket: { index: b.index, idle_time: seconds(b.idleTime), nhid: b.nhId }, flags: ROUTE_FLAG_ORDER.filter((f) => flags.includes(f)) };
}

/** A bucket as `ip nexthop bucket show` prints it, from its `ip -j` object. */
export function nexthopBucketText(o: IpObject): string {
  const b = o.bucket as { index: number; idle_time: number; nhid: number };
  return [`id ${String(o.id)} index ${b.index} idle_time ${b.idle_time} nhid ${b.nhid}`, ...(o.flags as string[])].join(' ');
}
