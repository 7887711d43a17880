// The netdev family against the running kernel, in a network namespace of our own (deleted afterwards),
// on a veth pair and lo. No tool here prints this family (ynl is not installed), so it is compared with
// what the kernel shows elsewhere: the devices with `ip -j link`, the queues with
// /sys/class/net/DEV/queues and `ethtool -l` (also after `ethtool -L` changes them), the NAPI instances
// with the queues that name them (veth polls through NAPI once GRO is on: `ethtool -K DEV gro on`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { createTestNetns, kernelSkipReason, type TestNetns } from '@linx/test-kit';
import { open, type Genl } from '../src/index.js';
import { netdev, NetdevNotSupportedError, NoSuchInterfaceError, type Netdev } from '../src/netdev/index.js';
import { fakeFamilies } from './helpers/fake-families.js';

const skip = kernelSkipReason(['ip', 'ethtool']);

describe.skipIf(skip !== undefined)(`netdev on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: TestNetns;
  let genl: Genl;
  let nd: Netdev;
  let index: (name: string) => number;

  /** The queues sysfs shows for `dev` in the namespace: ['rx', 0], ['tx', 0], … */
  const sysfsQueues = (dev: string) =>
    ns
      .exec(['ls', `/sys/class/net/${dev}/queues`])
      .split(/\s+/)
      .filter(Boolean)
      .map((q) => q.split('-') as [string, string])
      .map(([type, id]) => [type, Number(id)] as const)
      .sort();

  beforeAll(() => {
    ns = createTestNetns('linx-test-netdev');
    ns.batch(['link set lo up', 'link add v0 numrxqueues 2 numtxqueues 2 type veth peer name v1 numrxqueues 2 numtxqueues 2', 'link set v0 up', 'link set v1 up']);
    const links = ns.ipJson<{ ifindex: number; ifname: string }[]>('link', 'show');
    index = (name) => links.find((l) => l.ifname === name)!.ifindex;
    genl = open({ netns: ns.name });
    nd = netdev(genl);
  });
  afterAll(() => {
    genl?.close();
    ns?.remove();
  });

  it('the handle is in the namespace: devices() lists exactly the interfaces `ip -j link` shows there', async () => {
    const devices = await nd.devices();
    expect(devices.map((d) => d.ifindex).sort()).toEqual(ns.ipJson<{ ifindex: number }[]>('link', 'show').map((l) => l.ifindex).sort());
  });

  it('device(name) and device(index) are the dump\'s entry; veth offers XDP (basic, redirect, rx-sg: drivers/net/veth.c), lo none', async () => {
    const all = await nd.devices();
    const v0 = await nd.device('v0');
    expect(await nd.device(index('v0'))).toEqual(v0);
    expect(all.find((d) => d.ifindex === v0.ifindex)).toEqual(v0);
    expect(v0.xdpFeatures).toEqual(expect.arrayContaining(['basic', 'redirect', 'rx-sg']));
    expect((await nd.device('lo')).xdpFeatures).toEqual([]);
  });

  it('queues: as /sys/class/net/DEV/queues lists them, and as many as `ethtool -l` says are in use; again after `ethtool -L` changes them', async () => {
    const ours = async () => (await nd.queues({ device: 'v0' })).map((q) => [q.type, q.id] as const).sort();
    expect(await ours()).toEqual(sysfsQueues('v0'));
    expect((await ours()).length).toBe(4);
    const all = await nd.queues();
    expect(all.filter((q) => q.ifindex === index('v0'))).toEqual(await nd.queues({ device: 'v0' }));
    ns.exec(['ethtool', '-L', 'v0', 'rx', '1', 'tx', '1']);
    const text = ns.exec(['ethtool', '-l', 'v0']);
    const [rx, tx] = [/Current[\s\S]*?RX:\s+(\d+)/.exec(text)![1], /Current[\s\S]*?TX:\s+(\d+)/.exec(text)![1]].map(Number);
    const after = await nd.queues({ device: 'v0' });
    expect(after.filter((q) => q.type === 'rx').length).toBe(rx);
    expect(after.filter((q) => q.type === 'tx').length).toBe(tx);
    expect(await ours()).toEqual(sysfsQueues('v0'));
    expect(await nd.queue('v0', 'rx', 0)).toEqual(after.find((q) => q.type === 'rx' && q.id === 0));
    ns.exec(['ethtool', '-L', 'v0', 'rx', '2', 'tx', '2']);
  });

  it('NAPI: none on veth until GRO is on (`ethtool -K v0 gro on`), then one per Rx queue (veth does not link its queues to them: no napiId)', async () => {
    expect(await nd.napis({ device: 'v0' })).toEqual([]);
    ns.exec(['ethtool', '-K', 'v0', 'gro', 'on']);
    try {
      const napis = await nd.napis({ device: 'v0' });
      const queues = await nd.queues({ device: 'v0' });
      expect(napis.length).toBe(queues.filter((q) => q.type === 'rx').length);
      for (const n of napis) {
        expect(n.ifindex).toBe(index('v0'));
        expect(await nd.napi(n.id)).toEqual(n);
      }
      // drivers/net/veth.c never calls netif_queue_set_napi(), so its queues name no NAPI instance.
      expect(queues.map((q) => q.napiId)).toEqual(queues.map(() => undefined));
      expect(new Set(napis.map((n) => n.id)).size).toBe(napis.length);
    } finally {
      ns.exec(['ethtool', '-K', 'v0', 'gro', 'off']);
    }
  });

  it('queue statistics: veth keeps none (no per-queue stats ops): NetdevNotSupportedError for it, and left out of the dump of all', async () => {
    await expect(nd.queueStats({ device: 'v0' })).rejects.toMatchObject({ code: 'ERR_LINX_NETDEV_NOT_SUPPORTED', operation: 'qstats-get', device: 'v0' });
    expect((await nd.queueStats({ scope: 'queue' })).filter((s) => s.ifindex === index('v0'))).toEqual([]);
    await expect(nd.queueStats({ device: 'lo' })).rejects.toBeInstanceOf(NetdevNotSupportedError);
  });

  it('an interface that is not there: NoSuchInterfaceError, by name and by index', async () => {
    await expect(nd.device('nosuch0')).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(nd.device(99999)).rejects.toMatchObject({ code: 'ERR_LINX_NO_SUCH_INTERFACE', interface: 99999 });
    await expect(nd.queues({ device: 99999 })).rejects.toBeInstanceOf(NoSuchInterfaceError);
  });

  it('bad input is refused before anything is sent', async () => {
    const fake = fakeFamilies({ netdev: { id: 0x30 } });
    const n = netdev(fake.genl);
    await expect(n.device(0)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(n.device('a/b')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(n.queue(1, 'both' as 'rx', 0)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(n.queue(1, 'rx', -1)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(n.napi(0)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(n.queueStats({ scope: 'all' as 'queue' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(fake.kernel.requests).toEqual([]);
  });
});
