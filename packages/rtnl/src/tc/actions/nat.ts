import { AF_INET } from '@linx/netlink-wire';
import { tcaNatFlagValues } from '../../generated/tc.js';
import { formatAddressAt } from '../../shared/ip-text.js';
import { InvalidArgumentError, parsePrefix } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { genParms } from './gen.js';
import type { TcVerdict } from './verdict.js';

/**
 * nat: stateless IPv4 address translation (`tc … action nat ingress 10.0.0.0/24 192.168.0.0`): on
 * `ingress` the destination, on `egress` the source; addresses in `old` (a prefix) become `new`.
 */
export interface NatAction {
  kind: 'nat';
  direction: 'ingress' | 'egress';
  old: string;
  new: string;
  /** What happens next: `tc`'s default is `ok`. */
  then?: TcVerdict;
  index?: number;
}

export interface NatInfo {
  direction: 'ingress' | 'egress';
  old: string;
  new: string;
}

const KEYS = new Set(['kind', 'direction', 'old', 'new', 'then', 'index']);

const toNumber = (b: Uint8Array): number => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
const toText = (n: number): string => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return formatAddressAt(AF_INET, b, 0, 4);
};
const maskLength = (mask: number): number => (mask === 0 ? 0 : 32 - Math.log2((~mask >>> 0) + 1));

function ipv4(value: unknown, argument: string): { addr: number; bits: number } {
  const p = parsePrefix(value, argument);
  if (p.family !== 'inet') throw new InvalidArgumentError(argument, 'nat translates IPv4 addresses');
  return { addr: toNumber(p.bytes), bits: p.prefixLength };
}

export function natOptions(a: unknown, argument: string): Record<string, unknown> {
  const o = checkKeys(a, KEYS, argument, 'a nat action') as Partial<NatAction> as NatAction;
  if (o.direction !== 'ingress' && o.direction !== 'egress') throw new InvalidArgumentError(`${argument}.direction`, "expected 'ingress' or 'egress'");
  const old = ipv4(o.old, `${argument}.old`);
  const to = ipv4(o.new, `${argument}.new`);
  if (to.bits !== 32) throw new InvalidArgumentError(`${argument}.new`, 'the new address takes no prefix length (the old one\'s applies)');
  const mask = old.bits === 0 ? 0 : (0xffff_ffff << (32 - old.bits)) >>> 0;
  return { parms: { ...genParms(o.index, o.then, 'ok', argument), oldAddr: old.addr, newAddr: to.addr, mask, flags: o.direction === 'egress' ? tcaNatFlagValues.egress : 0 } };
}

export function natInfo(v: Record<string, any>): NatInfo {
  const p = v.parms ?? {};
  const bits = maskLength(p.mask >>> 0);
  return { direction: (p.flags & tcaNatFlagValues.egress) !== 0 ? 'egress' : 'ingress', old: `${toText(p.oldAddr)}/${bits}`, new: toText(p.newAddr) };
}
