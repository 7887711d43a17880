// Taskstats against the running kernel: a child process made for the test (python3 reading and writing a
// file, in threads, then stopped with SIGSTOP so its counters hold still) is read through linx and through
// /proc/PID/stat, /proc/PID/io and /proc/PID/status, field by field where they say the same thing.
// Taskstats is not per network namespace (tasks are found in the caller's pid namespace); the handle is
// opened in a namespace of our own all the same, and changes nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { createTestNetns, kernelSkipReason, type TestNetns } from '@linx/test-kit';
import { open, type Genl } from '../src/index.js';
import { taskstats, TaskNotFoundError, type Taskstats } from '../src/taskstats/index.js';
import { fakeFamilies } from './helpers/fake-families.js';

const skip = kernelSkipReason(['python3']);

/** Reads and writes 1 MiB through a file in two threads, then says so and waits. */
const WORKLOAD = `
import os, sys, threading, tempfile
def work():
    with tempfile.TemporaryFile() as f:
        for _ in range(16): f.write(b'x' * 65536)
        f.flush(); f.seek(0)
        while f.read(65536): pass
ts = [threading.Thread(target=work) for _ in range(2)]
[t.start() for t in ts]; [t.join() for t in ts]
work()
sys.stdout.write('ready\\n'); sys.stdout.flush()
threading.Event().wait()
`;

/** /proc/PID/stat's fields after the command name (field 3 onwards, numbered as proc(5) numbers them). */
function procStat(path: string): { comm: string; field: (n: number) => number } {
  const text = readFileSync(path, 'utf8');
  const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { comm, field: (n) => Number(rest[n - 3]) };
}
function procKeyValues(path: string): Map<string, string> {
  return new Map(readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}
const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux (USER_HZ)

describe.skipIf(skip !== undefined)(`taskstats on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: TestNetns;
  let genl: Genl;
  let ts: Taskstats;
  let child: ChildProcess;
  let pid: number;

  beforeAll(async () => {
    ns = createTestNetns('linx-test-taskstats');
    genl = open({ netns: ns.name });
    ts = taskstats(genl);
    child = spawn('python3', ['-c', WORKLOAD], { stdio: ['ignore', 'pipe', 'inherit'] });
    pid = child.pid!;
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    process.kill(pid, 'SIGSTOP');
    // Stopped: wait until /proc says so, so that nothing moves between the two reads.
    for (let i = 0; i < 100 && readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'T'; i++) await new Promise((r) => setTimeout(r, 10));
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    genl?.close();
    ns?.remove();
  });

  it('pid(): the main thread as /proc/PID/task/PID/{stat,status,io} show it', async () => {
    const s = await ts.pid(pid);
    const stat = procStat(`/proc/${pid}/task/${pid}/stat`);
    const status = procKeyValues(`/proc/${pid}/task/${pid}/status`);
    const io = procKeyValues(`/proc/${pid}/io`);
    expect(s.version).toBeGreaterThanOrEqual(13);
    // This kernel's struct is newer than the header's: the rest of it is kept, not dropped.
    if (s.version > 13) expect(s.newer?.length).toBeGreaterThan(0);
    expect(s.acPid).toBe(pid);
    expect(s.acTgid).toBe(pid);
    expect(s.acComm).toBe(stat.comm);
    expect(s.acPpid).toBe(stat.field(4));
    expect(s.acNice).toBe(stat.field(19));
    expect(s.acMinflt).toBe(BigInt(stat.field(10)));
    expect(s.acMajflt).toBe(BigInt(stat.field(12)));
    expect(s.acUid).toBe(Number(status.get('Uid')!.split(/\s+/)[0]));
    expect(s.acGid).toBe(Number(status.get('Gid')!.split(/\s+/)[0]));
    expect(s.nvcsw).toBe(BigInt(status.get('voluntary_ctxt_switches')!));
    expect(s.nivcsw).toBe(BigInt(status.get('nonvoluntary_ctxt_switches')!));
    // CPU time: taskstats gives the tick-sampled utime and stime as the task keeps them (µs), /proc the same
    // total split by cputime_adjust() in proportion to the measured runtime (clock ticks): their sums agree.
    const procTicks = stat.field(14) + stat.field(15);
    const ourTicks = Number(s.acUtime + s.acStime) / (1e6 / CLK_TCK);
    expect(Math.abs(ourTicks - procTicks)).toBeLessThanOrEqual(3 + procTicks / 10);
    // The begin time: seconds since the epoch here, ticks since boot there.
    const boot = Date.now() / 1000 - Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    expect(Math.abs(s.acBtime - (boot + stat.field(22) / CLK_TCK))).toBeLessThanOrEqual(2);
    // I/O of the main thread only (/proc/PID/task/PID/io), which did a third of the work; taskstats rounds
    // these counters down to whole KiB (kernel/tsacct.c xacct_add_tsk: `& KB_MASK`).
    const taskIo = procKeyValues(`/proc/${pid}/task/${pid}/io`);
    const kib = (key: string) => BigInt(taskIo.get(key)!) & ~1023n;
    expect([s.readChar, s.writeChar, s.readSyscalls, s.writeSyscalls, s.readBytes, s.writeBytes]).toEqual(['rchar', 'wchar', 'syscr', 'syscw', 'read_bytes', 'write_bytes'].map(kib));
    expect(s.writeChar).toBeGreaterThanOrEqual(1n << 20n);
    expect(BigInt(io.get('wchar')!)).toBeGreaterThanOrEqual(3n << 20n); // the process's: all three workers
  });

  it('tgid(): the whole process, its threads summed: at least the main thread\'s delays, CPU time and context switches', async () => {
    const main = await ts.pid(pid);
    const all = await ts.tgid(pid);
    // Summed over the threads: delay accounting, CPU time, context switches; the per-task fields (ids,
    // command, memory, I/O) are left zero at the thread-group level.
    expect(all.cpuCount).toBeGreaterThanOrEqual(main.cpuCount);
    expect(all.cpuRunRealTotal).toBeGreaterThanOrEqual(main.cpuRunRealTotal);
    expect(all.nvcsw).toBeGreaterThanOrEqual(main.nvcsw);
    expect([all.acPid, all.acComm, all.readChar]).toEqual([0, '', 0n]);
    expect(all.acUtime + all.acStime).toBeGreaterThanOrEqual(main.acUtime + main.acStime);
  });

  it('a task that is not there: TaskNotFoundError (ESRCH)', async () => {
    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    await expect(ts.pid(gone.pid!)).rejects.toMatchObject({ code: 'ERR_LINX_TASKSTATS_NOT_FOUND', kind: 'pid', pid: gone.pid });
    await expect(ts.tgid(gone.pid!)).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it('bad input is refused before anything is sent', async () => {
    const fake = fakeFamilies({ TASKSTATS: { id: 0x30 } });
    const t = taskstats(fake.genl);
    await expect(t.pid(0)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(t.tgid(-5)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(t.pid(1.5)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(fake.kernel.requests).toEqual([]);
  });
});
