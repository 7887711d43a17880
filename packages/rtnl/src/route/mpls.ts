// MPLS in routes: label stacks (RTA_DST and RTA_NEWDST of AF_MPLS routes, MPLS_IPTUNNEL_DST of an `encap
// mpls` on IPv4/IPv6 routes), RTA_VIA (struct rtvia: a family, then its address), and the requests of
// AF_MPLS routes (`ip -f mpls route add 100 as 200 via inet 10.0.0.2 dev eth0`), laid out as iproute2 lays
// them out. Facts from linux/mpls.h (struct mpls_label: label 20 bits, traffic class 3, bottom of stack 1,
// TTL 8, big-endian) and linux/rtnetlink.h (struct rtvia).
import { AF_INET, AF_INET6, parseMAC } from '@linx/netlink-wire';
import { InvalidArgumentError, checkIndex, checkIfname, checkInteger, parsePrefix, type InterfaceRef } from '../shared/arguments.js';
import { ADDRESS_FAMILIES, ROUTE_PROTOCOLS, SCOPES, TABLES } from '../shared/names.js';
import { ROUTE_TYPES } from './names.js';
import type { RoutePlan } from './request.js';

/** The largest MPLS label (20 bits). */
export const MPLS_LABEL_MAX = 0xf_ffff;
const MPLS_LS_LABEL_SHIFT = 12;
const MPLS_LS_S_SHIFT = 8;

/** An MPLS encapsulation of an IPv4/IPv6 route (`ip route add … encap mpls 100/200 [ttl N]`). */
export interface RouteMplsEncap {
  type: 'mpls';
  /** The label stack pushed, outermost first. */
  labels: readonly number[];
  /** The TTL of the pushed labels (MPLS_IPTUNNEL_TTL); the IP TTL is copied when absent. */
  ttl?: number;
}

/** An MPLS encapsulation to add: the labels as a label, a list or text ('100/200'). */
export type RouteMplsEncapSpec = Omit<RouteMplsEncap, 'labels'> & { labels: MplsLabels };

/** RTA_VIA as given: the next hop's family ('inet', 'inet6', or 'packet' for a link-layer address) and address. */
export interface RouteViaSpec {
  family: 'inet' | 'inet6' | 'packet';
  address: string;
}

/** A label stack: a label, a list of labels (outermost first), or text as ip writes it ('100/200'). */
export type MplsLabels = number | readonly number[] | string;

/** The labels of `value`, checked (1..16 labels, each 0..2^20-1). */
export function labelsOf(value: unknown, argument: string): number[] {
  let labels: unknown[];
  if (typeof value === 'number') labels = [value];
  else if (typeof value === 'string') labels = value.split('/').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  else if (Array.isArray(value)) labels = value;
  else throw new InvalidArgumentError(argument, `expected an MPLS label, a list of labels or text like "100/200", got ${value === null ? 'null' : typeof value}`);
  // MAX_NEW_LABELS in net/mpls/internal.h.
  if (labels.length === 0 || labels.length > 30) throw new InvalidArgumentError(argument, `expected 1 to 30 labels, got ${labels.length}`);
  return labels.map((label, i) => {
    if (typeof label !== 'number') throw new InvalidArgumentError(argument, `${JSON.stringify(label)} is not an MPLS label`);
    return checkInteger(label, labels.length === 1 ? argument : `${argument}[${i}]`, 0, MPLS_LABEL_MAX);
  });
}

/** A label stack on the wire: 4 bytes per label, big-endian, the bottom-of-stack bit on the last. */
export function encodeLabels(labels: readonly number[]): Uint8Array {
  const out = new Uint8Array(labels.length * 4);
  const view = new DataView(out.buffer);
  labels.forEach((label, i) => view.setUint32(i * 4, ((label << MPLS_LS_LABEL_SHIFT) | (i === labels.length - 1 ? 1 << MPLS_LS_S_SHIFT : 0)) >>> 0, false));
  return out;
}

/** The labels of a label stack on the wire (traffic class, bottom-of-stack bit and TTL left out). */
export function decodeLabels(bytes: Uint8Array): number[] {
  const labels: number[] = [];
  for (let at = 0; at + 4 <= bytes.length; at += 4) labels.push(((bytes[at]! << 12) | (bytes[at + 1]! << 4) | (bytes[at + 2]! >> 4)) >>> 0);
  return labels;
}

/** struct rtvia: __kernel_sa_family_t rtvia_family (host order), then the address. */
export function encodeVia(via: unknown, argument: string): Uint8Array {
  if (typeof via !== 'object' || via === null) throw new InvalidArgumentError(argument, 'expected { family, address }, e.g. { family: "inet", address: "10.0.0.2" }');
  const { family, address } = via as { family?: unknown; address?: unknown };
  if (typeof address !== 'string') throw new InvalidArgumentError(`${argument}.address`, `expected an address string, got ${typeof address}`);
  let bytes: Uint8Array;
  let number: number;
  if (family === 'packet') {
    try {
      bytes = parseMAC(address);
    } catch {
      throw new InvalidArgumentError(`${argument}.address`, `${JSON.stringify(address)} is not a link-layer address`);
    }
    number = ADDRESS_FAMILIES.packet;
  } else if (family === 'inet' || family === 'inet6') {
    const parsed = parsePrefix(address, `${argument}.address`);
    if (parsed.family !== family || address.includes('/')) throw new InvalidArgumentError(`${argument}.address`, `${address} is not an ${family === 'inet' ? 'IPv4' : 'IPv6'} address`);
    bytes = parsed.bytes;
    number = family === 'inet' ? AF_INET : AF_INET6;
  } else {
    throw new InvalidArgumentError(`${argument}.family`, `expected 'inet', 'inet6' or 'packet', got ${JSON.stringify(family)}`);
  }
  const out = new Uint8Array(2 + bytes.length);
  new DataView(out.buffer).setUint16(0, number, true);
  out.set(bytes, 2);
  return out;
}

/** The encap attributes of an IPv4/IPv6 route with `encap`: RTA_ENCAP (an MPLS_IPTUNNEL_* nest) and RTA_ENCAP_TYPE. */
export function mplsEncap(encap: unknown): { encap: { dst: Uint8Array; ttl?: number }; encapType: number } {
  if (typeof encap !== 'object' || encap === null) throw new InvalidArgumentError('encap', 'expected { type: "mpls", labels }');
  const e = encap as { type?: unknown; labels?: unknown; ttl?: unknown };
  if (e.type !== 'mpls') throw new InvalidArgumentError('encap.type', `only 'mpls' encapsulation is supported, got ${JSON.stringify(e.type)}`);
  const labels = labelsOf(e.labels, 'encap.labels');
  const out: { dst: Uint8Array; ttl?: number } = { dst: encodeLabels(labels) };
  if (e.ttl !== undefined) out.ttl = checkInteger(e.ttl, 'encap.ttl', 1, 255);
  // LWTUNNEL_ENCAP_MPLS (generated lwtunnel-encap-types).
  return { encap: out, encapType: 1 };
}

/** What an AF_MPLS route takes: the incoming label, and what to do with it. */
export interface MplsRouteSpec {
  family: 'mpls';
  /** The incoming label (`ip -f mpls route add 100 …`). */
  dst: number | string;
  /** Labels to swap it for (`as 200`, `as 300/400`); none: pop. */
  newdst?: MplsLabels;
  /** The next hop (`via inet 10.0.0.2`, `via inet6 …`, `via link 02:…`). */
  via?: RouteViaSpec;
  dev?: InterfaceRef;
  oif?: number;
}

/**
 * The request of an AF_MPLS route, as `ip -f mpls route add|del` sends it: rtmsg family AF_MPLS, dst_len
 * 20, table main (MPLS has one table), unicast; on add protocol boot, scope universe; RTA_DST the label
 * (bottom of stack), RTA_NEWDST, RTA_VIA, RTA_OIF.
 */
export function planMplsRoute(spec: MplsRouteSpec, op: 'add' | 'delete'): RoutePlan {
  const dstLabels = labelsOf(spec.dst, 'dst');
  if (dstLabels.length !== 1) throw new InvalidArgumentError('dst', 'an MPLS route is for one incoming label');
  const attrs: RoutePlan['attrs'] = { dst: encodeLabels(dstLabels) };
  if (spec.newdst !== undefined) attrs.newdst = encodeLabels(labelsOf(spec.newdst, 'newdst'));
  if (spec.via !== undefined) attrs.via = encodeVia(spec.via, 'via');
  const ref = spec.oif ?? spec.dev;
  const oif = ref === undefined ? undefined : typeof ref === 'number' ? checkIndex(ref, spec.oif !== undefined ? 'oif' : 'dev') : checkIfname(ref, 'dev');
  if (op === 'add' && spec.via === undefined && oif === undefined) throw new InvalidArgumentError('via', 'an MPLS route needs a next hop (via) or an interface (dev)');
  return {
    header: {
      rtmFamily: ADDRESS_FAMILIES.mpls,
      rtmDstLen: 20,
      rtmSrcLen: 0,
      rtmTos: 0,
      rtmTable: TABLES.main,
      rtmProtocol: op === 'add' ? ROUTE_PROTOCOLS.boot : 0,
      rtmScope: SCOPES.universe,
      rtmType: ROUTE_TYPES.unicast,
      rtmFlags: 0,
    },
    attrs,
    oif,
    nexthops: undefined,
  };
}
