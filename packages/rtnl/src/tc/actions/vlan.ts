import { tcaVlanActValues } from '../../generated/tc.js';
import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { ETH_PROTOCOLS } from '../filters/tc-words.js';
import { genParms } from './gen.js';
import type { TcVerdict } from './verdict.js';

/** vlan: pops the outer VLAN tag, pushes one, or changes its id (`tc … action vlan push id 100 …`). */
export interface VlanAction {
  kind: 'vlan';
  op: 'pop' | 'push' | 'modify';
  /** The VLAN id to push or set (0..4095). */
  id?: number;
  /** `'802.1q'` (the kernel's default) or `'802.1ad'`. */
  protocol?: '802.1q' | '802.1ad';
  /** The priority (PCP) to push or set (0..7). */
  priority?: number;
  /** What happens next: `tc`'s default is `pipe`. */
  then?: TcVerdict;
  index?: number;
}

export interface VlanInfo {
  op: 'pop' | 'push' | 'modify' | 'pop-eth' | 'push-eth' | number;
  id?: number;
  protocol?: string | number;
  priority?: number;
}

const KEYS = new Set(['kind', 'op', 'id', 'protocol', 'priority', 'then', 'index']);
const OPS = ['pop', 'push', 'modify'] as const;

export function vlanOptions(a: unknown, argument: string): Record<string, unknown> {
  const o = checkKeys(a, KEYS, argument, 'a vlan action') as Partial<VlanAction> as VlanAction;
  if (!OPS.includes(o.op)) throw new InvalidArgumentError(`${argument}.op`, `expected one of ${OPS.join(', ')}`);
  const out: Record<string, unknown> = { parms: { ...genParms(o.index, o.then, 'pipe', argument), vAction: tcaVlanActValues[o.op] } };
  if (o.op === 'pop') {
    for (const k of ['id', 'protocol', 'priority'] as const) if (o[k] !== undefined) throw new InvalidArgumentError(`${argument}.${k}`, 'a pop takes no id, protocol or priority');
    return out;
  }
  if (o.op === 'push' && o.id === undefined) throw new InvalidArgumentError(`${argument}.id`, 'a push takes the VLAN id');
  if (o.id !== undefined) out.pushVlanId = checkInteger(o.id, `${argument}.id`, 0, 4095);
  if (o.protocol !== undefined) {
    if (o.protocol !== '802.1q' && o.protocol !== '802.1ad') throw new InvalidArgumentError(`${argument}.protocol`, "expected '802.1q' or '802.1ad'");
    out.pushVlanProtocol = ETH_PROTOCOLS[o.protocol];
  }
  if (o.priority !== undefined) out.pushVlanPriority = checkInteger(o.priority, `${argument}.priority`, 0, 7);
  return out;
}

export function vlanInfo(v: Record<string, any>): VlanInfo {
  const op = (Object.keys(tcaVlanActValues) as (keyof typeof tcaVlanActValues)[]).find((k) => tcaVlanActValues[k] === v.parms?.vAction) ?? v.parms?.vAction;
  const out: VlanInfo = { op };
  if (v.pushVlanId !== undefined) out.id = v.pushVlanId;
  if (v.pushVlanProtocol !== undefined) out.protocol = Object.keys(ETH_PROTOCOLS).find((k) => ETH_PROTOCOLS[k] === v.pushVlanProtocol) ?? v.pushVlanProtocol;
  if (v.pushVlanPriority !== undefined) out.priority = v.pushVlanPriority;
  return out;
}
