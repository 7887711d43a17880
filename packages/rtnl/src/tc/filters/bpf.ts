import { compileStruct, onFirstUse } from '@linx/netlink-codec/runtime';
import { ByteWriter } from '@linx/netlink-wire';
import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { parseHandle, formatHandle, type TcHandle } from '../handles.js';
import { TCA_BPF_FLAG_ACT_DIRECT } from './tc-words.js';
import { bpfMaxinsns as BPF_MAXINSNS, clsFlagsValues, sockFilter } from '../../generated/tc.js';

/** Where a request's options hold the path of a pinned program, opened (BPF_OBJ_GET) just before sending. */
export const PINNED = Symbol('pinned program');

/** struct sock_filter: one classic BPF instruction (TCA_BPF_OPS is an array of them). Compiled on first use, not at import. */
const sockFilterCodec = onFirstUse(() => compileStruct(sockFilter));

/** One classic BPF instruction: `[code, jt, jf, k]`, as `tc … bpf bytecode` and `tcpdump -ddd` write them. */
export type ClassicBpfInstruction = [code: number, jt: number, jf: number, k: number];

/**
 * bpf's options (cls_bpf): a classic program (`bytecode`), an eBPF program already loaded (`fd`, with the
 * `name` tc shows), or one pinned on a bpffs (`pinned`: opened with bpf(2) BPF_OBJ_GET just before the
 * request and closed after it, as `tc … bpf object-pinned PATH`). Loading an object file is not done here.
 */
export interface BpfOptions {
  bytecode?: ClassicBpfInstruction[];
  /** An eBPF program's file descriptor (BPF_PROG_TYPE_SCHED_CLS). */
  fd?: number;
  /** The path of an eBPF program pinned on a bpffs (tc's `object-pinned`); its name defaults to tc's `FILE:[*fsobj]`. */
  pinned?: string;
  /** The name `tc` shows for the program (TCA_BPF_NAME). */
  name?: string;
  /** The program's return value is the action (`tc`'s `da`, direct-action). */
  directAction?: boolean;
  /** The class a match selects (tc's `classid` / `flowid`). */
  classid?: TcHandle;
  skipHw?: boolean;
  skipSw?: boolean;
}

/** bpf's options as listed. */
export interface BpfInfo {
  classid?: string;
  /** A classic program's instructions. */
  bytecode?: ClassicBpfInstruction[];
  /** An eBPF program's name, tag (hex, as tc prints it) and id. */
  name?: string;
  tag?: string;
  id?: number;
  directAction: boolean;
  /** TCA_BPF_FLAGS_GEN: skip_hw, skip_sw, in_hw, not_in_hw. */
  flagsGen?: number;
}

const KEYS = new Set(['bytecode', 'fd', 'pinned', 'name', 'directAction', 'classid', 'skipHw', 'skipSw']);

/**
 * A program as cls_bpf and act_bpf both take it: classic `bytecode` (TCA_*_OPS_LEN and TCA_*_OPS, an array
 * of struct sock_filter), or an eBPF program's `fd` with the `name` tc shows. `what` names the caller.
 */
export function bpfProgram(opts: { bytecode?: unknown; fd?: unknown; name?: unknown; pinned?: unknown }, argument: string, what: string): Record<string | symbol, unknown> {
  const out: Record<string | symbol, unknown> = {};
  const given = [opts.bytecode, opts.fd, opts.pinned].filter((v) => v !== undefined).length;
  if (given !== 1) throw new InvalidArgumentError(argument, `${what} takes one of bytecode (classic BPF), fd or pinned (an eBPF program)`);
  if (opts.pinned !== undefined) {
    if (typeof opts.pinned !== 'string' || !opts.pinned.startsWith('/') || opts.pinned.includes('\0')) throw new InvalidArgumentError(`${argument}.pinned`, 'expected the absolute path of a program pinned on a bpffs');
    out[PINNED] = opts.pinned;
    // tc names a pinned program by its file's name: "NAME:[*fsobj]".
    out.name = opts.name ?? `${opts.pinned.slice(opts.pinned.lastIndexOf('/') + 1)}:[*fsobj]`;
    if (typeof out.name !== 'string' || out.name.length === 0) throw new InvalidArgumentError(`${argument}.name`, 'expected the program name tc shows');
  } else if (opts.bytecode !== undefined) {
    if (!Array.isArray(opts.bytecode) || opts.bytecode.length === 0 || opts.bytecode.length > BPF_MAXINSNS) throw new InvalidArgumentError(`${argument}.bytecode`, `expected 1 to ${BPF_MAXINSNS} instructions`);
    const codec = sockFilterCodec();
    const w = new ByteWriter(opts.bytecode.length * codec.size);
    opts.bytecode.forEach((ins: unknown, i) => {
      const at = `${argument}.bytecode[${i}]`;
      if (!Array.isArray(ins) || ins.length !== 4) throw new InvalidArgumentError(at, 'an instruction is [code, jt, jf, k]');
      codec.encode({ code: checkInteger(ins[0], at, 0, 0xffff), jt: checkInteger(ins[1], at, 0, 0xff), jf: checkInteger(ins[2], at, 0, 0xff), k: checkInteger(ins[3], at, 0, 0xffff_ffff) }, w);
    });
    out.opsLen = opts.bytecode.length;
    out.ops = w.finish();
  } else {
    out.fd = checkInteger(opts.fd, `${argument}.fd`, 0, 0x7fff_ffff);
    if (opts.name !== undefined) {
      if (typeof opts.name !== 'string' || opts.name.length === 0) throw new InvalidArgumentError(`${argument}.name`, 'expected the program name tc shows');
      out.name = opts.name;
    }
  }
  if (opts.name !== undefined && opts.bytecode !== undefined) throw new InvalidArgumentError(`${argument}.name`, 'a name goes with an eBPF program (fd)');
  return out;
}

/** A classic program's instructions back from TCA_*_OPS. */
export function readBytecode(ops: Uint8Array): ClassicBpfInstruction[] {
  const codec = sockFilterCodec();
  const dv = new DataView(ops.buffer, ops.byteOffset, ops.byteLength);
  const out: ClassicBpfInstruction[] = [];
  for (let at = 0; at + codec.size <= ops.length; at += codec.size) {
    const i = codec.decode(ops, dv, at, at + codec.size, { exact: true }) as Record<string, number>;
    out.push([i.code!, i.jt!, i.jf!, i.k!]);
  }
  return out;
}

export function bpfOptions(o: unknown, argument: string): Record<string, unknown> {
  const opts = checkKeys(o, KEYS, argument, 'a bpf filter') as BpfOptions;
  const out = bpfProgram(opts, argument, 'a bpf filter');
  if (opts.classid !== undefined) out.classid = parseHandle(opts.classid, `${argument}.classid`);
  if (opts.directAction !== undefined && typeof opts.directAction !== 'boolean') throw new InvalidArgumentError(`${argument}.directAction`, 'expected true or false');
  if (opts.directAction) out.flags = TCA_BPF_FLAG_ACT_DIRECT;
  let gen = 0;
  if (opts.skipHw) gen |= clsFlagsValues['skip-hw'];
  if (opts.skipSw) gen |= clsFlagsValues['skip-sw'];
  if (gen) out.flagsGen = gen;
  return out;
}

export function bpfInfo(v: Record<string, any>): BpfInfo {
  const out: BpfInfo = { directAction: ((v.flags ?? 0) & TCA_BPF_FLAG_ACT_DIRECT) !== 0 };
  if (v.classid !== undefined) out.classid = formatHandle(v.classid);
  if (v.ops instanceof Uint8Array) out.bytecode = readBytecode(v.ops);
  if (v.name !== undefined) out.name = v.name;
  if (v.tag instanceof Uint8Array) out.tag = Buffer.from(v.tag).toString('hex');
  if (v.id !== undefined) out.id = v.id;
  if (v.flagsGen !== undefined) out.flagsGen = v.flagsGen;
  return out;
}
