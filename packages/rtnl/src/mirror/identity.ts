import type { Address } from '../address/shape.js';
import type { Link } from '../link/link.js';
import type { Neighbour } from '../neighbour/shape.js';
import type { Route } from '../route/shape.js';
import type { Rule } from '../rule/shape.js';

/**
 * What makes two objects of a kind the same object for the kernel (the key a mirror files them under), and
 * which objects `list()` returns, so that the mirror holds exactly what a fresh `list()` would.
 */

/** A link is its index. */
export const linkKey = (link: Link): number => link.index;

/** An address: interface, family, local address and prefix length, and the peer (IPv4 keeps several with one local). */
export const addressKey = (a: Address): string => `${a.ifindex} ${a.family} ${a.local}/${a.prefixlen} ${a.address ?? ''}`;

/**
 * A route's place in its table: family, table, destination, source, tos, metric (the kernel's lookup key).
 * IPv4 keeps several routes with one (`ip route append`), IPv6 one per device for link routes: `routeKey`
 * adds the next hops to tell those apart.
 */
export const routeBaseKey = (r: Route): string => `${r.family} ${r.table} ${r.dst ?? ''}/${r.dstLen} ${r.src ?? ''}/${r.srcLen} ${r.tos} ${r.priority ?? ''}`;

/** A route: its place in the table, its type and its next hops. */
export function routeKey(r: Route): string {
  let hops = `${r.gateway ?? ''} ${r.oif ?? ''} ${r.via?.address ?? ''}`;
  if (r.multipath !== undefined) for (const hop of r.multipath) hops += ` ${hop.gateway ?? ''}@${hop.oif}`;
  return `${routeBaseKey(r)} ${r.type} ${hops}`;
}

/** A neighbour entry: family, interface and address. */
export const neighbourKey = (n: Neighbour): string => `${n.family} ${n.ifindex} ${n.dst ?? ''}`;

/** Flags the kernel changes in a rule without telling (an interface named by it came or went). */
const DETACHED = new Set(['iif-detached', 'oif-detached']);

/** A rule is everything it says (the kernel refuses two identical ones), but for its detached flags. */
export function ruleKey(rule: Rule): string {
  return canonical({ ...rule, flags: rule.flags.filter((f) => !DETACHED.has(f as string)) }, NO_SKIP);
}

/** Which notifications carry objects the kinds' `list()` returns (by default: what `ip` shows). */
export const listedLink = (link: Link): boolean => link.family === 'unspec';
export const listedRoute = (r: Route): boolean => (r.family === 'inet' || r.family === 'inet6') && !r.flags.includes('cloned');
export const listedNeighbour = (n: Neighbour): boolean => (n.family === 'inet' || n.family === 'inet6') && !n.flags.includes('proxy');
export const listedRule = (r: Rule): boolean => r.family === 'inet' || r.family === 'inet6';

const NO_SKIP: ReadonlySet<string> = new Set();

/**
 * Fields that change by themselves (counters, timers, lifetimes counting down): two observations of an
 * unchanged object differ in them, so they are left out when deciding whether an object changed.
 */
const MOVING = new Set(['stats', 'stats64', 'afSpec', 'cacheinfo', 'validLifetime', 'preferredLifetime', 'helloTimer', 'tcnTimer', 'topologyChangeTimer', 'gcTimer', 'carrierChanges', 'carrierUpCount', 'carrierDownCount']);

/** Whether two observations of one object say the same, counters and timers aside. */
export function sameObject(a: object, b: object): boolean {
  return canonical(a, MOVING) === canonical(b, MOVING);
}

/** A stable text of a value (object keys sorted, bigints and bytes spelled out), without the keys in `skip`. */
function canonical(value: unknown, skip: ReadonlySet<string>): string {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? `${value}n` : JSON.stringify(value) ?? 'undefined';
  if (value instanceof Uint8Array) return `<${Array.from(value).join(',')}>`;
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, skip)).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => !skip.has(k) && (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k], skip)}`).join(',')}}`;
}
