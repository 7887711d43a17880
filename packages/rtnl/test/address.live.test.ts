// rtnl.addresses against the running kernel, in a network namespace of this file's own (veth pair v0/v1,
// v1 a port of bridge br0). After every change the namespace's addresses as linx lists them are compared
// field by field with `ip -j addr show`. Needs root and iproute2; skipped otherwise. Only the namespace
// made here is touched, and it is deleted afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NetlinkError, parseMessages } from '@linx/netlink-wire';
import { Rtnl, type Address } from '../src/index.js';
import { rtAddr } from '../src/protocol.js';
import { runOrThrow, traceNetlink } from './helpers/live.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

/** ip's names for the address flags (IFA_F_SECONDARY is "temporary" on IPv6; no "permanent" is "dynamic"). */
const IP_FLAG: Record<string, string> = { homeaddress: 'home', managetempaddr: 'mngtmpaddr', mcautojoin: 'autojoin' };
const FOREVER = 4_294_967_295;

type IpAddr = Record<string, unknown>;

/** An address as one entry of `ip -j addr show`'s addr_info, with the interface name added. */
function asIp(a: Address): IpAddr {
  const o: IpAddr = { dev: a.dev, family: a.family, local: a.local };
  if (a.peer !== undefined) o.address = a.peer;
  o.prefixlen = a.prefixlen;
  if (a.broadcast !== undefined) o.broadcast = a.broadcast;
  o.scope = a.scope === 'universe' ? 'global' : a.scope;
  if (a.label !== undefined) o.label = a.label;
  if (a.rtPriority !== undefined) o.metric = a.rtPriority;
  for (const flag of a.flags) {
    if (flag === 'permanent') continue;
    if (flag === 'secondary') o[a.family === 'inet6' ? 'temporary' : 'secondary'] = true;
    else o[IP_FLAG[flag as string] ?? (flag as string)] = true;
  }
  if (!a.flags.includes('permanent')) o.dynamic = true;
  o.valid_life_time = a.validLifetime === 'forever' ? FOREVER : a.validLifetime;
  o.preferred_life_time = a.preferredLifetime === 'forever' ? FOREVER : a.preferredLifetime;
  return o;
}

const key = (a: IpAddr) => `${String(a.dev)} ${String(a.family)} ${String(a.local)}/${String(a.prefixlen)}`;
const byKey = (a: IpAddr, b: IpAddr) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

describe.skipIf(kernelSkipReason)('addresses in a network namespace, compared with ip -j', () => {
  let ns: TestNetns;
  let rtnl: Rtnl;
  let v0: number;

  /**
   * Until no address is tentative. Even with accept_dad=0 an IPv6 address starts tentative and the kernel
   * clears that from a work item (addrconf_dad_work) a moment later: a listing made before and one made
   * after would differ without either being wrong.
   */
  async function dadSettled(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const links = ns.ipJson<{ addr_info: { tentative?: boolean }[] }[]>('addr', 'show');
      if (!links.some((link) => link.addr_info.some((info) => info.tentative))) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('addresses still tentative after 2 s');
  }

  /** Every address as linx and ip see it, once DAD has settled; running lifetimes are compared within 2 s. */
  async function expectAgreement(): Promise<Address[]> {
    await dadSettled();
    const ours = await rtnl.addresses.list();
    const links = ns.ipJson<{ ifname: string; addr_info: IpAddr[] }[]>('addr', 'show');
    const theirs = links.flatMap((link) => link.addr_info.map((info) => ({ dev: link.ifname, ...info }))).sort(byKey);
    const mine = ours.map(asIp).sort(byKey);
    const lifetimes = (list: IpAddr[]) => list.map((a) => [a.valid_life_time, a.preferred_life_time] as [number, number]);
    const [ourLifetimes, ipLifetimes] = [lifetimes(mine), lifetimes(theirs)];
    const still = (list: IpAddr[]) => list.map(({ valid_life_time: _v, preferred_life_time: _p, ...rest }) => rest);
    expect(still(mine)).toEqual(still(theirs));
    ourLifetimes.forEach(([valid, preferred], i) => {
      const [ipValid, ipPreferred] = ipLifetimes[i]!;
      for (const [a, b] of [[valid, ipValid], [preferred, ipPreferred]] as const) {
        if (a === FOREVER || b === FOREVER) expect(a).toBe(b);
        else expect(Math.abs(a - b)).toBeLessThanOrEqual(2);
      }
    });
    return ours;
  }
  const find = async (local: string) => (await rtnl.addresses.list()).filter((a) => a.local === local);

  beforeAll(async () => {
    ns = createNetns('addr');
    runOrThrow(['ip', 'netns', 'exec', ns.name, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
    ns.batch([
      'link add v0 type veth peer name v1',
      'link add br0 type bridge',
      'link set v1 master br0',
      'link set lo up',
      'link set v0 up',
      'link set v1 up',
      'link set br0 up',
    ]);
    rtnl = await ns.rtnl();
    v0 = ns.ipJson<{ ifindex: number }[]>('link', 'show', 'v0')[0]!.ifindex;
  });
  afterAll(() => ns?.remove());

  it('lists what ip lists (loopback, link-local IPv6)', async () => {
    const ours = await expectAgreement();
    expect(ours.find((a) => a.local === '127.0.0.1')).toMatchObject({ family: 'inet', prefixlen: 8, scope: 'host', label: 'lo', dev: 'lo', ifindex: 1, validLifetime: 'forever', flags: ['permanent'] });
    expect(ours.find((a) => a.local === '::1')).toMatchObject({ family: 'inet6', prefixlen: 128, scope: 'host', address: '::1' });
  });

  it('add IPv4: plain, labelled with a computed broadcast, an explicit broadcast, link scope, a point-to-point peer, a metric', async () => {
    await rtnl.addresses.add('v0', '10.1.0.1/24');
    await rtnl.addresses.add('v0', '10.1.0.2/24', { label: 'v0:two', broadcast: true });
    await rtnl.addresses.add(v0, '10.2.0.1/16', { broadcast: '10.2.255.254', scope: 'link' });
    await rtnl.addresses.add('v0', '10.3.0.1', { peer: '10.3.0.2/32' });
    await rtnl.addresses.add('br0', '10.4.0.1/24', { rtPriority: 77 });
    await expectAgreement();
    expect((await find('10.1.0.2'))[0]).toMatchObject({ label: 'v0:two', broadcast: '10.1.0.255', flags: ['secondary', 'permanent'] });
    expect((await find('10.3.0.1'))[0]).toMatchObject({ peer: '10.3.0.2', address: '10.3.0.2', prefixlen: 32 });
    expect((await find('10.4.0.1'))[0]).toMatchObject({ rtPriority: 77, dev: 'br0' });
    // The prefix route got the address's metric.
    expect(ns.ipJson('route', 'show', '10.4.0.0/24')).toMatchObject([{ metric: 77 }]);
  });

  it('add IPv6: nodad, noprefixroute, mngtmpaddr, home, lifetimes; noprefixroute leaves no prefix route', async () => {
    await rtnl.addresses.add('v0', '2001:db8:1::1/64', { flags: ['nodad', 'noprefixroute', 'homeaddress'] });
    await rtnl.addresses.add('v0', '2001:db8:2::1/64', { flags: ['managetempaddr', 'nodad'], validLifetime: 3600, preferredLifetime: 1800 });
    await rtnl.addresses.add('br0', '2001:db8:3::1/64', { validLifetime: 600 });
    await rtnl.addresses.add('v0', 'fd00::1', { peer: 'fd00::2/128' });
    await expectAgreement();
    expect((await find('2001:db8:1::1'))[0]).toMatchObject({ family: 'inet6', flags: ['nodad', 'homeaddress', 'permanent', 'noprefixroute'], scope: 'universe' });
    expect((await find('2001:db8:2::1'))[0]).toMatchObject({ validLifetime: expect.any(Number), preferredLifetime: expect.any(Number) });
    const [given] = await find('2001:db8:3::1');
    expect(given!.preferredLifetime).toBe(given!.validLifetime);
    expect((await find('fd00::1'))[0]).toMatchObject({ peer: 'fd00::2', local: 'fd00::1' });
    expect(ns.ipJson('-6', 'route', 'show', '2001:db8:1::/64')).toEqual([]);
    expect(ns.ipJson('-6', 'route', 'show', '2001:db8:2::/64')).toHaveLength(1);
  });

  it('the kernel’s refusals: an address it has already (EEXIST, with its text), one it does not have (EADDRNOTAVAIL)', async () => {
    const exists = await rtnl.addresses.add('v0', '10.1.0.1/24').catch((e: unknown) => e);
    expect(exists).toBeInstanceOf(NetlinkError);
    expect(exists).toMatchObject({ errnoName: 'EEXIST', extAckMessage: 'ipv4: Address already assigned' });
    await expect(rtnl.addresses.add('v0', '2001:db8:1::1/64')).rejects.toMatchObject({ errnoName: 'EEXIST' });
    await expect(rtnl.addresses.delete('v0', '10.9.9.9/24')).rejects.toMatchObject({ errnoName: 'EADDRNOTAVAIL' });
    await expect(rtnl.addresses.delete('v0', '10.1.0.2/24', { label: 'v0:other' })).rejects.toMatchObject({ errnoName: 'EADDRNOTAVAIL' });
    await expect(rtnl.addresses.add('nope0', '10.9.9.9/24')).rejects.toMatchObject({ code: 'ERR_LINX_NO_SUCH_INTERFACE' });
    await expect(rtnl.addresses.add(9999, '10.9.9.9/24')).rejects.toMatchObject({ code: 'ERR_LINX_NO_SUCH_INTERFACE' });
  });

  it('replace: changes lifetimes and flags of an address it has, adds one it has not', async () => {
    await rtnl.addresses.replace('v0', '2001:db8:2::1/64', { flags: ['nodad'], validLifetime: 900, preferredLifetime: 0 });
    await rtnl.addresses.replace('v0', '10.1.0.1/24', { validLifetime: 1200 });
    await rtnl.addresses.replace('v1', '10.5.0.1/24');
    await expectAgreement();
    expect((await find('2001:db8:2::1'))[0]).toMatchObject({ flags: ['nodad', 'deprecated'], preferredLifetime: 0 });
    expect((await find('10.1.0.1'))[0]!.flags).not.toContain('permanent');
    expect((await find('10.5.0.1'))).toHaveLength(1);
  });

  it('list filters: interface by name or index and family (in the request), scope and label (here); stream', async () => {
    const v0List = await rtnl.addresses.list({ interface: 'v0' });
    expect(v0List.length).toBeGreaterThan(5);
    expect(v0List.every((a) => a.dev === 'v0' && a.ifindex === v0)).toBe(true);
    expect(await rtnl.addresses.list({ interface: v0 })).toEqual(v0List);
    const v6 = await rtnl.addresses.list({ interface: 'v0', family: 'inet6' });
    expect(v6.map((a) => a.local).sort()).toEqual(ns.ipJson<{ addr_info: { local: string }[] }[]>('-6', 'addr', 'show', 'dev', 'v0')[0]!.addr_info.map((a) => a.local).sort());
    expect((await rtnl.addresses.list({ scope: 'link', family: 'inet' })).map((a) => a.local)).toEqual(['10.2.0.1']);
    expect((await rtnl.addresses.list({ label: 'v0:two' })).map((a) => a.local)).toEqual(['10.1.0.2']);
    expect((await rtnl.addresses.list({ names: false, interface: 'br0' })).every((a) => a.dev === undefined)).toBe(true);
    const streamed: Address[] = [];
    for await (const a of rtnl.addresses.stream({ interface: 'v0' })) streamed.push(a);
    expect(streamed.map((a) => a.local)).toEqual(v0List.map((a) => a.local));
  });

  it('delete: written out (with peer), and an address list() returned', async () => {
    await rtnl.addresses.delete('v0', '10.3.0.1/32', { peer: '10.3.0.2' });
    await rtnl.addresses.delete('v0', 'fd00::1/128', { peer: 'fd00::2' });
    const [listed] = await find('2001:db8:3::1');
    await rtnl.addresses.delete(listed!);
    await rtnl.addresses.delete('v1', '10.5.0.1/24');
    expect(await find('10.3.0.1')).toEqual([]);
    expect(await find('fd00::1')).toEqual([]);
    expect(await find('2001:db8:3::1')).toEqual([]);
    await expectAgreement();
  });

  it('flush: every address of one interface (secondaries first), or of one family; returns how many', async () => {
    await rtnl.addresses.add('v0', '10.1.0.3/24');
    const v4 = (await rtnl.addresses.list({ interface: 'v0', family: 'inet' })).length;
    expect(v4).toBe(4);
    expect(await rtnl.addresses.flush('v0', { family: 'inet' })).toBe(4);
    expect(ns.ipJson<{ addr_info: unknown[] }[]>('-4', 'addr', 'show', 'dev', 'v0')[0]?.addr_info ?? []).toEqual([]);
    expect((await rtnl.addresses.list({ interface: 'v0' })).every((a) => a.family === 'inet6')).toBe(true);
    const rest = (await rtnl.addresses.list({ interface: 'br0' })).length;
    expect(await rtnl.addresses.flush('br0')).toBe(rest);
    expect(ns.ipJson<{ addr_info: unknown[] }[]>('addr', 'show', 'dev', 'br0')[0]!.addr_info).toEqual([]);
    await expectAgreement();
  });

  it('requests carry what ip addr add sends (decoded side by side, read with strace)', async () => {
    const trace = traceNetlink(['ip', '-n', ns.name, 'addr', 'add', '2001:db8:8::1/64', 'dev', 'v0', 'valid_lft', '500', 'preferred_lft', '400', 'nodad', 'noprefixroute']);
    const theirs = trace.sent.flatMap((b) => parseMessages(b)).find((m) => m.type === 20)!;
    const kernel = new FakeKernel((req, k) => k.ack(req));
    const fake = new Rtnl(new Connection(kernel));
    await fake.addresses.add(v0, '2001:db8:8::1/64', { validLifetime: 500, preferredLifetime: 400, flags: ['nodad', 'noprefixroute'] });
    fake.close();
    const codec = compileMessage(rtAddr.addrMessage);
    const plain = (payload: Uint8Array) => {
      const v = codec.decode(payload);
      return { header: { ...v.header }, attrs: { ...v.attrs, cacheinfo: { ...v.attrs.cacheinfo } } };
    };
    const ours = plain(kernel.requests[0]!.payload);
    const ip = plain(theirs.payload);
    // iproute2 splits the flags: the low 8 bits in ifa_flags, the others in IFA_FLAGS. linx sends all of
    // them in IFA_FLAGS (which the kernel reads instead of ifa_flags when present) and the low ones in both.
    const allFlags = (v: typeof ours) => [...new Set([...v.header.ifaFlags, ...(v.attrs.flags ?? [])])].sort();
    expect(allFlags(ours)).toEqual(allFlags(ip));
    const rest = ({ header: { ifaFlags: _h, ...header }, attrs: { flags: _a, ...attrs } }: typeof ours) => ({ header, attrs });
    expect(rest(ours)).toEqual(rest(ip));
    expect(kernel.requests[0]!.flags).toBe(theirs.flags);
    await expectAgreement();
  });
});
