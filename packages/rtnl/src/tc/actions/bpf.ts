import { checkKeys } from '../../link/checks.js';
import { bpfProgram, readBytecode, type ClassicBpfInstruction } from '../filters/bpf.js';
import { genParms } from './gen.js';
import type { TcVerdict } from './verdict.js';

/**
 * bpf (act_bpf): runs a program on the packet, its return value the verdict (`tc … action bpf bytecode
 * '1,6 0 0 0'`): classic `bytecode`, or an eBPF program's `fd` with the `name` tc shows.
 */
export interface BpfAction {
  kind: 'bpf';
  bytecode?: ClassicBpfInstruction[];
  fd?: number;
  name?: string;
  /** What happens next: `tc`'s default is `pipe`. */
  then?: TcVerdict;
  index?: number;
}

export interface BpfActionInfo {
  bytecode?: ClassicBpfInstruction[];
  name?: string;
  tag?: string;
  id?: number;
}

const KEYS = new Set(['kind', 'bytecode', 'fd', 'name', 'then', 'index']);

export function bpfActionOptions(a: unknown, argument: string): Record<string, unknown> {
  const o = checkKeys(a, KEYS, argument, 'a bpf action') as Partial<BpfAction> as BpfAction;
  return { parms: genParms(o.index, o.then, 'pipe', argument), ...bpfProgram(o, argument, 'a bpf action') };
}

export function bpfActionInfo(v: Record<string, any>): BpfActionInfo {
  const out: BpfActionInfo = {};
  if (v.ops instanceof Uint8Array) out.bytecode = readBytecode(v.ops);
  if (v.name !== undefined) out.name = v.name;
  if (v.tag instanceof Uint8Array) out.tag = Buffer.from(v.tag).toString('hex');
  if (typeof v.id === 'number') out.id = v.id;
  return out;
}
