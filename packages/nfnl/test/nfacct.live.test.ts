// nfacct against the running kernel, in a network namespace of our own (deleted afterwards), compared
// with the `nfacct` command (Debian package nfacct): objects linx adds are what nfacct lists, objects nfacct
// adds are what linx lists, counters moved by real traffic (an iptables `-m nfacct` rule in the namespace,
// UDP datagrams sent over its loopback) read the same both ways, the quota notification the kernel sends
// when one goes over, reset-on-read, quotas, delete and flush.
// Needs root, ip and nfacct; the traffic test also iptables with the nfacct match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, run, type TestNetns } from '@linx/test-kit';
import { NetlinkError } from '@linx/netlink-wire';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { open, type Nfnl } from './helpers/imports.js';

const skip = kernelSkipReason(['ip', 'nfacct']);

/** One object as `nfacct list` prints it: `{ pkts = N, bytes = N[, quota = N, mode = byte|packet, overquota = yes|no] } = name;`. */
interface Listed {
  name: string;
  packets: bigint;
  bytes: bigint;
  quota?: { unit: 'packets' | 'bytes'; limit: bigint; exceeded: boolean };
}

function parseNfacctList(text: string): Listed[] {
  const out: Listed[] = [];
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const m = /^\{ pkts = (\d+), bytes = (\d+)(?:, quota = (\d+), mode = (byte|packet), overquota = (yes|no))? \} = (.+);$/.exec(line.trim());
    if (!m) throw new Error(`unexpected nfacct output: ${line}`);
    const entry: Listed = { name: m[6]!, packets: BigInt(m[1]!), bytes: BigInt(m[2]!) };
    if (m[3] !== undefined) entry.quota = { unit: m[4] === 'byte' ? 'bytes' : 'packets', limit: BigInt(m[3]), exceeded: m[5] === 'yes' };
    out.push(entry);
  }
  return out;
}

describe.skipIf(skip !== undefined)(`nfacct on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: TestNetns;
  let nfnl: Nfnl;
  const nfacctList = () => parseNfacctList(ns.exec(['nfacct', 'list']));
  const linxList = async () => (await nfnl.nfacct.list()).map(({ name, packets, bytes, quota }) => (quota ? { name, packets, bytes, quota } : { name, packets, bytes }));

  beforeAll(async () => {
    ns = createTestNetns('linx-test-nfacct');
    nfnl = open({ netns: ns.name });
    // The handle must be in the namespace before it changes anything: an object nfacct adds there is seen.
    ns.exec(['nfacct', 'add', 'linx_guard']);
    const seen = (await nfnl.nfacct.list()).map((o) => o.name);
    if (!seen.includes('linx_guard')) {
      nfnl.close();
      throw new Error(`the nfnl handle is not in network namespace ${ns.name}`);
    }
    ns.exec(['nfacct', 'del', 'linx_guard']);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('objects linx adds (plain, starting counters, packet and byte quotas) are what nfacct lists, and linx lists the same', async () => {
    await nfnl.nfacct.add({ name: 'plain' });
    await nfnl.nfacct.add({ name: 'started', packets: 7, bytes: 2n ** 40n });
    await nfnl.nfacct.add({ name: 'pq', quota: { unit: 'packets', limit: 5 } });
    await nfnl.nfacct.add({ name: 'bq', quota: { unit: 'bytes', limit: 10_000n } });
    const expected = [
      { name: 'plain', packets: 0n, bytes: 0n },
      { name: 'started', packets: 7n, bytes: 2n ** 40n },
      { name: 'pq', packets: 0n, bytes: 0n, quota: { unit: 'packets', limit: 5n, exceeded: false } },
      { name: 'bq', packets: 0n, bytes: 0n, quota: { unit: 'bytes', limit: 10_000n, exceeded: false } },
    ];
    expect(nfacctList()).toEqual(expected);
    expect(await linxList()).toEqual(expected);
    expect(await nfnl.nfacct.get('started')).toEqual({ name: 'started', packets: 7n, bytes: 2n ** 40n, use: 1 });
  });

  it('objects nfacct adds are what linx lists and gets', async () => {
    ns.exec(['nfacct', 'add', 'by_tool']);
    ns.exec(['nfacct', 'add', 'by_tool_q', 'packet', '12']);
    expect(await nfnl.nfacct.get('by_tool')).toEqual({ name: 'by_tool', packets: 0n, bytes: 0n, use: 1 });
    expect(await nfnl.nfacct.get('by_tool_q')).toEqual({ name: 'by_tool_q', packets: 0n, bytes: 0n, use: 1, quota: { unit: 'packets', limit: 12n, exceeded: false } });
    expect(await linxList()).toEqual(nfacctList());
  });

  it('reset reads the counters and zeroes them, as `nfacct get NAME reset` does; a list with reset zeroes every object', async () => {
    expect((await nfnl.nfacct.reset('started')).packets).toBe(7n);
    expect(nfacctList().find((o) => o.name === 'started')).toMatchObject({ packets: 0n, bytes: 0n });
    ns.exec(['nfacct', 'del', 'started']);
    await nfnl.nfacct.add({ name: 'started', packets: 3, bytes: 300 });
    const listed = await nfnl.nfacct.list({ reset: true });
    expect(listed.find((o) => o.name === 'started')).toMatchObject({ packets: 3n, bytes: 300n });
    expect(nfacctList().every((o) => o.packets === 0n && o.bytes === 0n)).toBe(true);
  });

  it('the kernel refuses a second object of the same name (EBUSY) and a missing one (ENOENT); bad input is refused before sending', async () => {
    await expect(nfnl.nfacct.add({ name: 'plain' })).rejects.toMatchObject({ errnoName: 'EBUSY' });
    const missing = await nfnl.nfacct.get('nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NetlinkError);
    expect(missing).toMatchObject({ errnoName: 'ENOENT' });
    await expect(nfnl.nfacct.delete('nope')).rejects.toMatchObject({ errnoName: 'ENOENT' });
    for (const spec of [{ name: '' }, { name: 'x'.repeat(32) }, { name: 'a\0b' }, { name: 'q', quota: { unit: 'frames' as 'bytes', limit: 1 } }, { name: 'n', packets: -1 }, { name: 'n', bytes: 2n ** 64n }]) {
      await expect(nfnl.nfacct.add(spec)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(nfnl.connection.pending).toBe(0);
  });

  it('list filters by quota state in the kernel (overQuota) and here (withQuota)', async () => {
    const names = async (o: Parameters<Nfnl['nfacct']['list']>[0]) => (await nfnl.nfacct.list(o)).map((x) => x.name).sort();
    const all = (await nfnl.nfacct.list()).map((o) => o);
    expect(await names({ withQuota: true })).toEqual(all.filter((o) => o.quota).map((o) => o.name).sort());
    expect(await names({ withQuota: false })).toEqual(all.filter((o) => !o.quota).map((o) => o.name).sort());
    expect(await names({ overQuota: true })).toEqual([]);
    expect(await names({ overQuota: false })).toEqual(all.map((o) => o.name).sort());
  });

  const iptablesSkip = kernelSkipReason(['iptables']) ?? (run(['iptables', '-m', 'nfacct', '--help']).status === 0 ? undefined : 'iptables has no nfacct match');
  it.skipIf(iptablesSkip !== undefined)(`counters moved by traffic through an iptables -m nfacct rule read the same in linx and nfacct; a packet quota goes over${iptablesSkip ? ` (skipped: ${iptablesSkip})` : ''}`, async () => {
    await nfnl.nfacct.add({ name: 'udp9' });
    await nfnl.nfacct.add({ name: 'udp9q', quota: { unit: 'packets', limit: 3 } });
    ns.ip('link', 'set', 'lo', 'up');
    ns.exec(['iptables', '-A', 'OUTPUT', '-o', 'lo', '-p', 'udp', '--dport', '9', '-m', 'nfacct', '--nfacct-name', 'udp9']);
    ns.exec(['iptables', '-A', 'OUTPUT', '-o', 'lo', '-p', 'udp', '--dport', '9', '-m', 'nfacct', '--nfacct-name', 'udp9q']);
    expect((await nfnl.nfacct.get('udp9')).use).toBe(2);
    // A rule holds the object: the kernel refuses to delete it, and flush leaves it.
    await expect(nfnl.nfacct.delete('udp9')).rejects.toMatchObject({ errnoName: 'EBUSY' });
    const monitor = nfnl.nfacct.monitorQuota();
    const events = monitor[Symbol.asyncIterator]();
    // Five 100-byte UDP datagrams from inside the namespace: 5 packets of 20 + 8 + 100 bytes each.
    ns.exec([process.execPath, '-e', "const s=require('dgram').createSocket('udp4');let n=0;const go=()=>s.send(Buffer.alloc(100),9,'127.0.0.1',()=>{if(++n<5)go();else s.close();});go();"]);
    expect(await nfnl.nfacct.get('udp9')).toEqual({ name: 'udp9', packets: 5n, bytes: 640n, use: 2 });
    expect((await nfnl.nfacct.get('udp9q')).quota).toEqual({ unit: 'packets', limit: 3n, exceeded: true });
    // The kernel reported it once, as the 3rd packet brought the count to the limit of 3 (nfnl_acct_overquota:
    // now >= quota), with the counters of that moment.
    const first = await Promise.race([events.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no quota notification in 2 s')), 2000))]);
    expect(first.value).toEqual({ kind: 'overquota', object: { name: 'udp9q', packets: 3n, bytes: 3n * 128n, use: 2, quota: { unit: 'packets', limit: 3n, exceeded: true } } });
    monitor.close();
    expect((await events.next()).done).toBe(true);
    expect((await nfnl.nfacct.list({ overQuota: true })).map((o) => o.name)).toEqual(['udp9q']);
    const tool = nfacctList();
    const mine = await linxList();
    expect(mine).toEqual(tool);
    expect(tool.find((o) => o.name === 'udp9q')).toMatchObject({ packets: 5n, quota: { exceeded: true } });
    await nfnl.nfacct.flush();
    expect((await nfnl.nfacct.list()).map((o) => o.name).sort()).toEqual(['udp9', 'udp9q']);
    ns.exec(['iptables', '-F', 'OUTPUT']);
    await nfnl.nfacct.delete('udp9');
    await nfnl.nfacct.flush();
    expect(nfacctList()).toEqual([]);
  });
});
