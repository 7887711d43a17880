import { AF_INET, AF_INET6 } from '@linx/netlink-wire';
import { tcaTunnelKeyActValues } from '../../generated/tc.js';
import { formatAddressAt } from '../../shared/ip-text.js';
import { InvalidArgumentError, checkInteger, parsePrefix } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { genParms } from './gen.js';
import type { TcVerdict } from './verdict.js';

/**
 * tunnel_key: sets the tunnel metadata a collect_md tunnel device (vxlan, geneve external) encapsulates
 * with (`set`), or drops it after decapsulation (`unset`): `tc … action tunnel_key set src_ip … id 42`.
 */
export interface TunnelKeyAction {
  kind: 'tunnel_key';
  op: 'set' | 'unset';
  /** The outer addresses, both IPv4 or both IPv6. */
  srcIp?: string;
  dstIp?: string;
  /** The tunnel id (VNI): a u32. */
  id?: number;
  dstPort?: number;
  ttl?: number;
  tos?: number;
  /** No UDP checksum on the outer header (tc's `nocsum`). */
  noCsum?: boolean;
  /** What happens next: `tc`'s default is `pipe`. */
  then?: TcVerdict;
  index?: number;
}

export interface TunnelKeyInfo {
  op: 'set' | 'unset' | number;
  srcIp?: string;
  dstIp?: string;
  id?: number;
  dstPort?: number;
  ttl?: number;
  tos?: number;
  noCsum?: boolean;
}

const KEYS = new Set(['kind', 'op', 'srcIp', 'dstIp', 'id', 'dstPort', 'ttl', 'tos', 'noCsum', 'then', 'index']);
const SET_ONLY = ['srcIp', 'dstIp', 'id', 'dstPort', 'ttl', 'tos'] as const;

function address(value: unknown, argument: string, which: 'Src' | 'Dst', out: Record<string, unknown>): 'inet' | 'inet6' {
  const p = parsePrefix(value, argument);
  if (p.prefixLength !== (p.family === 'inet' ? 32 : 128)) throw new InvalidArgumentError(argument, 'an address, not a prefix');
  if (p.family === 'inet') out[`encIpv4${which}`] = ((p.bytes[0]! << 24) | (p.bytes[1]! << 16) | (p.bytes[2]! << 8) | p.bytes[3]!) >>> 0;
  else out[`encIpv6${which}`] = Uint8Array.from(p.bytes);
  return p.family;
}

export function tunnelKeyOptions(a: unknown, argument: string): Record<string, unknown> {
  const o = checkKeys(a, KEYS, argument, 'a tunnel_key action') as Partial<TunnelKeyAction> as TunnelKeyAction;
  if (o.op !== 'set' && o.op !== 'unset') throw new InvalidArgumentError(`${argument}.op`, "expected 'set' or 'unset'");
  const out: Record<string, unknown> = { parms: { ...genParms(o.index, o.then, 'pipe', argument), tAction: tcaTunnelKeyActValues[o.op === 'set' ? 'set' : 'release'] } };
  if (o.noCsum !== undefined && typeof o.noCsum !== 'boolean') throw new InvalidArgumentError(`${argument}.noCsum`, 'expected true or false');
  // tc sends TCA_TUNNEL_KEY_NO_CSUM always, 0 or 1.
  out.noCsum = o.noCsum ? 1 : 0;
  if (o.op === 'unset') {
    for (const k of SET_ONLY) if (o[k] !== undefined) throw new InvalidArgumentError(`${argument}.${k}`, 'an unset takes no tunnel keys');
    return out;
  }
  if (o.srcIp === undefined && o.dstIp === undefined && o.id === undefined) throw new InvalidArgumentError(argument, 'a set takes at least one of srcIp, dstIp, id');
  const src = o.srcIp === undefined ? undefined : address(o.srcIp, `${argument}.srcIp`, 'Src', out);
  const dst = o.dstIp === undefined ? undefined : address(o.dstIp, `${argument}.dstIp`, 'Dst', out);
  if (src !== undefined && dst !== undefined && src !== dst) throw new InvalidArgumentError(`${argument}.dstIp`, 'the source and destination are of one family');
  if (o.id !== undefined) out.encKeyId = checkInteger(o.id, `${argument}.id`, 0, 0xffff_ffff);
  if (o.dstPort !== undefined) out.encDstPort = checkInteger(o.dstPort, `${argument}.dstPort`, 0, 0xffff);
  if (o.ttl !== undefined) out.encTtl = checkInteger(o.ttl, `${argument}.ttl`, 0, 255);
  if (o.tos !== undefined) out.encTos = checkInteger(o.tos, `${argument}.tos`, 0, 255);
  return out;
}

/** An address attribute as text: IPv4 ones come decoded as the big-endian u32. */
const v4 = (n: number): string => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return formatAddressAt(AF_INET, b, 0, 4);
};
const v6 = (b: Uint8Array): string => formatAddressAt(AF_INET6, b, 0, b.length);

export function tunnelKeyInfo(v: Record<string, any>): TunnelKeyInfo {
  const t = v.parms?.tAction;
  const out: TunnelKeyInfo = { op: t === tcaTunnelKeyActValues.set ? 'set' : t === tcaTunnelKeyActValues.release ? 'unset' : t };
  if (v.encIpv4Src !== undefined) out.srcIp = v4(v.encIpv4Src);
  if (v.encIpv4Dst !== undefined) out.dstIp = v4(v.encIpv4Dst);
  if (v.encIpv6Src instanceof Uint8Array) out.srcIp = v6(v.encIpv6Src);
  if (v.encIpv6Dst instanceof Uint8Array) out.dstIp = v6(v.encIpv6Dst);
  if (v.encKeyId !== undefined) out.id = v.encKeyId;
  if (v.encDstPort !== undefined) out.dstPort = v.encDstPort;
  if (v.encTtl !== undefined) out.ttl = v.encTtl;
  if (v.encTos !== undefined) out.tos = v.encTos;
  if (v.noCsum !== undefined) out.noCsum = v.noCsum !== 0;
  return out;
}
