// Listing 5,000 addresses while another process keeps adding and deleting one (issue #10): the kernel
// marks nearly every dump interrupted (NLM_F_DUMP_INTR), so the three onInterrupt choices show: accept
// returns the whole list marked interrupted, fail throws DumpInterruptedError, retry returns only a clean
// list (or gives up at its deadline while the churn goes on), and a clean list equal to `ip -j addr` once
// the churn stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { DumpInterruptedError } from '@linx/netlink-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

const COUNT = 5000;

describe.skipIf(kernelSkipReason)(`address lists under churn${kernelSkipReason ? ` (skipped: ${kernelSkipReason})` : ''}`, () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  let churn: ChildProcess | undefined;

  /** Starts the churn: `ip -batch` adding and deleting 10.9.0.1 on v1 as fast as it can, in its own process group. */
  const startChurn = async () => {
    churn = spawn('sh', ['-c', `while :; do echo 'addr add 10.9.0.1/32 dev v1'; echo 'addr del 10.9.0.1/32 dev v1'; done | ip -n ${ns.name} -force -batch -`], { detached: true, stdio: 'ignore' });
    // Running once the address has been seen come and go.
    let seen = 0;
    for (let look = 0; seen < 2 && look < 1000; look++) {
      const has = ns.ipJson<{ addr_info: unknown[] }[]>('addr', 'show', 'dev', 'v1')[0]!.addr_info.length > 0;
      if (has !== (seen === 1)) seen++;
    }
    if (seen < 2) throw new Error('the churn did not start');
  };
  const stopChurn = () => {
    if (churn?.pid !== undefined && churn.exitCode === null) process.kill(-churn.pid, 'SIGKILL');
    churn = undefined;
  };

  beforeAll(async () => {
    ns = createNetns('churn');
    rtnl = await ns.rtnl();
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ns.ip('link', 'set', 'v0', 'up');
    ns.batch(Array.from({ length: COUNT }, (_, i) => `addr add 10.1.${i >> 8}.${i & 255}/32 dev v0`));
    await startChurn();
  });
  afterAll(() => {
    stopChurn();
    ns?.remove();
  });

  it("accept: the whole list, marked interrupted (never thrown)", async () => {
    // Rounds go on until one dump was interrupted (a loaded machine may run the churn slowly), 100 at most.
    let interrupted = 0;
    for (let round = 0; round < 100 && interrupted === 0; round++) {
      const list = await rtnl.addresses.list({}, { onInterrupt: { action: 'accept' } });
      // v0's 5,000, and 10.9.0.1 on v1 when the dump passed it while it was there.
      expect(list.filter((a) => a.dev === 'v0')).toHaveLength(COUNT);
      expect(list.length - COUNT).toBeLessThanOrEqual(1);
      if (list.interrupted) interrupted++;
    }
    expect(interrupted).toBeGreaterThan(0);
  });

  it('fail: DumpInterruptedError after one dump, or a clean list', async () => {
    let thrown = 0;
    for (let round = 0; round < 100 && thrown === 0; round++) {
      const result = await rtnl.addresses.list({}, { onInterrupt: { action: 'fail' } }).catch((e: unknown) => e);
      if (result instanceof DumpInterruptedError) thrown++;
      else expect((result as { interrupted: boolean }).interrupted).toBe(false);
    }
    expect(thrown).toBeGreaterThan(0);
  });

  it('retry (the default choice): a clean list or, at its deadline, DumpInterruptedError; never an interrupted list', async () => {
    for (let round = 0; round < 3; round++) {
      const result = await rtnl.addresses.list({}, { onInterrupt: { action: 'retry', deadline: 200 } }).catch((e: unknown) => e);
      if (result instanceof DumpInterruptedError) continue;
      expect((result as { interrupted: boolean }).interrupted).toBe(false);
      expect((result as unknown[]).length - COUNT).toBeLessThanOrEqual(1);
    }
  });

  it('retry: a listing started during the churn ends with a clean list when the churn stops; then equal to ip -j addr', async () => {
    const listing = rtnl.addresses.list({}, { onInterrupt: { action: 'retry', deadline: 20_000 } });
    const stopped = new Promise((resolve) => churn!.once('exit', resolve));
    setTimeout(stopChurn, 200);
    const list = await listing;
    expect(list.interrupted).toBe(false);
    // A clean dump may also come while the churn still runs (a loaded machine runs it slowly): a snapshot
    // either way, v0's addresses and 10.9.0.1 on v1 or not.
    expect(list.filter((a) => a.dev === 'v0')).toHaveLength(COUNT);
    expect(list.length - COUNT).toBeLessThanOrEqual(1);
    await stopped;
    const after = await rtnl.addresses.list({}, { onInterrupt: { action: 'fail' } });
    const ip = ns.ipJson<{ ifname: string; addr_info: { local: string; prefixlen: number }[] }[]>('addr', 'show').flatMap((l) => l.addr_info.map((a) => `${l.ifname} ${a.local}/${a.prefixlen}`));
    expect(after.map((a) => `${a.dev} ${a.local}/${a.prefixlen}`).sort()).toEqual(ip.sort());
  });
});
