import { compileMessage, type StructValue } from '@linx/netlink-codec';
import { structTail } from '@linx/netlink-codec/runtime';
import type { CallOptions } from '@linx/netlink-client';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { LinxError, NetlinkError } from '@linx/netlink-wire';
import type { Genl } from '../genl.js';
import { genlMessage } from '../header.js';
import * as gen from './generated/taskstats.js';

/** A request (TASKSTATS_CMD_ATTR_*) and its answer (TASKSTATS_TYPE_*) share genlmsghdr but not their attributes. */
const getMessage = genlMessage('taskstats get', gen.cmdAttrs);
const newMessage = genlMessage('taskstats new', gen.typeAttrs);

type Raw = StructValue<(typeof gen.taskstats)['fields']>;

/**
 * struct taskstats as the kernel fills it (linux/taskstats.h; times as it keeps them: delays and
 * `cpuRun*` in nanoseconds, `acUtime`/`acStime` in microseconds, `acEtime` in microseconds since the task
 * began, `acBtime` in seconds since the epoch; `coremem`/`virtmem` in MB·µs, `hiwater*` in KB), the
 * command name as text. A kernel newer than version 13 appends fields: their bytes are in `newer`.
 */
export type TaskStats = Omit<Raw, 'acComm'> & { acComm: string; newer?: Uint8Array };

/** The kernel has no task (or thread group) with that id: ESRCH. */
export class TaskNotFoundError extends LinxError {
  readonly pid: number;
  readonly kind: 'pid' | 'tgid';

  constructor(kind: 'pid' | 'tgid', pid: number, options?: { cause?: unknown }) {
    super('ERR_LINX_TASKSTATS_NOT_FOUND', `taskstats: no ${kind === 'pid' ? 'task' : 'thread group'} ${pid}`, options);
    this.pid = pid;
    this.kind = kind;
  }
}

function statsOf(raw: Raw): TaskStats {
  const { acComm, ...rest } = raw;
  const nul = acComm.indexOf(0);
  const out: TaskStats = { ...rest, acComm: new TextDecoder().decode(nul < 0 ? acComm : acComm.subarray(0, nul)) };
  // The codec keeps what follows a struct's declared size: the fields of a newer struct taskstats.
  const newer = structTail(raw);
  if (newer !== undefined && newer.length > 0) out.newer = newer;
  return out;
}

/**
 * The kernel's per-task statistics (generic netlink family TASKSTATS; needs CAP_NET_ADMIN): CPU time,
 * delay accounting, memory and I/O of a thread (`pid`) or of a whole process (`tgid`), as getdelays and
 * iotop read them.
 *
 *     const ts = taskstats(open());
 *     const s = await ts.pid(process.pid);
 *     console.log(s.acComm, s.acUtime, s.readBytes, s.cpuDelayTotal);
 */
export class Taskstats {
  constructor(readonly genl: Genl) {}

  async #get(kind: 'pid' | 'tgid', id: number, options: CallOptions): Promise<TaskStats> {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 0x3fffffff) throw new InvalidArgumentError(kind, `${JSON.stringify(id)} is not a process id (1 to 2^30-1)`);
    const family = await this.genl.family(gen.family.name, options);
    let replies;
    try {
      replies = await this.genl.client.requestRaw(getMessage, family.id, { header: { cmd: gen.commandValues.get, version: family.version, reserved: 0 }, attrs: kind === 'pid' ? { pid: id } : { tgid: id } }, 0, options);
    } catch (error) {
      if (error instanceof NetlinkError && error.errnoName === 'ESRCH') throw new TaskNotFoundError(kind, id, { cause: error });
      throw error;
    }
    for (const reply of replies) {
      if (reply.type !== family.id) continue;
      const attrs = compileMessage(newMessage).decode(reply.payload).attrs;
      // AGGR_PID/AGGR_TGID nest the same set (TASKSTATS_TYPE_*), declared lazily, so their values are typed
      // loosely: `stats` there is TASKSTATS_TYPE_STATS, a struct taskstats.
      const stats = (kind === 'pid' ? attrs.aggrPid : attrs.aggrTgid)?.stats as Raw | undefined;
      if (stats !== undefined) return statsOf(stats);
    }
    throw new TaskNotFoundError(kind, id);
  }

  /** The statistics of one task (a thread; TASKSTATS_CMD_ATTR_PID). */
  pid(pid: number, options: CallOptions = {}): Promise<TaskStats> {
    return this.#get('pid', pid, options);
  }

  /** The statistics of a thread group (a process: its threads' summed; TASKSTATS_CMD_ATTR_TGID). */
  tgid(tgid: number, options: CallOptions = {}): Promise<TaskStats> {
    return this.#get('tgid', tgid, options);
  }
}

/** Taskstats on a generic netlink handle. */
export function taskstats(genl: Genl): Taskstats {
  return new Taskstats(genl);
}
