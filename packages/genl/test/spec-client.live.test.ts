// The typed client generated from the YNL specs (GenlClient) against the running kernel, in a network
// namespace of our own (deleted afterwards), for every family of the specs folder this kernel has
// (nlctrl says which: netdev, tcp_metrics, mptcp_pm, ethtool, nlctrl; the others are checked to be absent
// and refused with FamilyNotFoundError). Oracles: `ip -j link`, `ip tcp_metrics`, `ip -j mptcp`,
// `genl ctrl list`, and the kernel's own refusal (ext-ack) of a request the policy check refuses first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, type TestNetns } from '@linx/test-kit';
import { NetlinkError } from '@linx/netlink-wire';
import { FamilyNotFoundError, genlClient, GroupNotFoundError, open, OperationNotSupportedError, PolicyViolationError, type Genl, type GenlEvent } from '../src/index.js';
import * as netdev from '../src/netdev/generated/netdev.js';
import * as tcpMetrics from '../src/tcp-metrics/generated/tcp_metrics.js';
import * as mptcpPm from '../src/mptcp/generated/mptcp_pm.js';
import * as ethtool from '../src/ethtool/generated/ethtool.js';
import * as nlctrl from '../src/generated/nlctrl.js';
import * as handshake from '../src/handshake/generated/handshake.js';
import { declarations as devlink } from '../src/devlink/index.js';
import { declarations as dpll } from '../src/dpll/index.js';
import { declarations as fou } from '../src/fou/index.js';
import { declarations as netShaper } from '../src/net-shaper/index.js';
import { declarations as ovpn } from '../src/ovpn/index.js';
import { declarations as ovsDatapath } from '../src/ovs-datapath/index.js';
import { declarations as ovsFlow } from '../src/ovs-flow/index.js';
import { declarations as ovsVport } from '../src/ovs-vport/index.js';
import { declarations as team } from '../src/team/index.js';
import { loadGenlSpec } from '../src/spec/index.js';
import { repoRoot } from '@linx/ynl-gen';
import { join } from 'node:path';

const skip = kernelSkipReason(['ip', 'genl', 'python3', 'ethtool']);

/** The NETLINK_GENERIC port ids of the namespace, from /proc/net/netlink read inside it. */
function genericPorts(ns: TestNetns): Set<number> {
  const out = new Set<number>();
  for (const line of ns.exec(['cat', '/proc/net/netlink']).split('\n').slice(1)) {
    const [, protocol, pid] = line.trim().split(/\s+/);
    if (protocol === '16') out.add(Number(pid));
  }
  return out;
}

describe.skipIf(skip !== undefined)(`typed generic netlink clients on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: TestNetns;
  let genl: Genl;
  let registered: Set<string>;

  beforeAll(() => {
    ns = createTestNetns('linx-test-genl-spec');
    genl = open({ netns: ns.name });
    // Before anything is changed: the handle's socket is one of the namespace's.
    if (!genericPorts(ns).has(genl.connection.portId)) throw new Error('the genl handle is not in the test namespace');
    ns.batch(['link set lo up', 'link add v0 type veth peer name v1', 'link set v0 up', 'link set v1 up', 'addr add 10.7.0.1/24 dev v0', 'addr add 10.7.0.2/24 dev v1']);
    registered = new Set([...ns.exec(['genl', 'ctrl', 'list']).matchAll(/^Name: (\S+)$/gm)].map((m) => m[1]!));
  });
  afterAll(() => {
    genl?.close();
    ns?.remove();
  });

  it('every spec family this kernel lacks (as `genl ctrl list` says) is refused with FamilyNotFoundError before any operation is sent', async () => {
    const specs = [handshake, devlink, dpll, fou, netShaper, ovpn, ovsDatapath, ovsFlow, ovsVport, team];
    let absent = 0;
    for (const spec of specs) {
      const client = genlClient(genl, spec);
      const [op, entry] = Object.entries(spec.operations as Record<string, { do?: unknown; dump?: unknown }>)[0]!;
      const call = entry.dump !== undefined ? (client.dump as (op: string) => Promise<unknown>)(op) : (client.do as (op: string, r: object) => Promise<unknown>)(op, {});
      if (registered.has(spec.family.name)) {
        await call.catch(() => undefined);
        continue;
      }
      absent++;
      await expect(call, spec.family.name).rejects.toThrow(FamilyNotFoundError);
      await expect(call).rejects.toMatchObject({ code: 'ERR_LINX_GENL_FAMILY_NOT_FOUND', family: spec.family.name });
    }
    expect(absent).toBeGreaterThan(0);
  });

  it('netdev dev-get: the dump lists the interfaces `ip -j link` lists; do of each gives the same reply', async () => {
    expect(registered.has('netdev')).toBe(true);
    const client = genlClient(genl, netdev);
    const devices = await client.dump('dev-get');
    const links = ns.ipJson<{ ifindex: number }[]>('link', 'show');
    expect(devices.map((d) => d.ifindex).sort()).toEqual(links.map((l) => l.ifindex).sort());
    for (const device of devices) {
      expect(device.xdpFeatures).toBeInstanceOf(Array);
      expect(await client.do('dev-get', { ifindex: device.ifindex! })).toEqual(device);
    }
  });

  it('a spec loaded at run time (@linx/genl/spec, netdev.yaml as the kernel ships it) gives the same dev-get dump as the committed client', async () => {
    const spec = loadGenlSpec(join(repoRoot(), 'tools', 'ynl-gen', 'specs', 'netdev.yaml'));
    const loaded = await genlClient(genl, spec).dump('dev-get');
    expect(loaded).toEqual(await genlClient(genl, netdev).dump('dev-get'));
    expect(loaded.length).toBe(ns.ipJson<unknown[]>('link', 'show').length);
  });

  it('netdev mgmt group: adding and removing a veth pair gives dev-add-ntf and dev-del-ntf for the ifindexes ip shows', async () => {
    const client = genlClient(genl, netdev);
    const events = await client.subscribe('mgmt');
    ns.ip('link', 'add', 'n0', 'type', 'veth', 'peer', 'name', 'n1');
    const added = ns.ipJson<{ ifindex: number; ifname: string }[]>('link', 'show').filter((l) => l.ifname === 'n0' || l.ifname === 'n1').map((l) => l.ifindex).sort();
    ns.ip('link', 'del', 'n0');
    const seen: GenlEvent<typeof netdev, 'mgmt'>[] = [];
    for await (const event of events) {
      seen.push(event);
      if (seen.filter((e) => e.kind === 'notification' && e.name === 'dev-del-ntf').length === 2) break;
    }
    const of = (name: string) => seen.flatMap((e) => (e.kind === 'notification' && e.name === name ? [e.attrs.ifindex] : [])).sort();
    expect(of('dev-add-ntf')).toEqual(added);
    expect(of('dev-del-ntf')).toEqual(added);
  });

  it("ethtool's monitor group through the typed client: a feature ethtool -K changes comes as features-ntf for that device", async () => {
    const client = genlClient(genl, ethtool);
    const events = await client.subscribe('monitor');
    ns.exec(['ethtool', '-K', 'v0', 'rx-gro-list', 'on']);
    let seen: GenlEvent<typeof ethtool, 'monitor'> | undefined;
    for await (const event of events) {
      if (event.kind === 'notification' && event.name === 'features-ntf') {
        seen = event;
        break;
      }
    }
    expect(seen?.kind === 'notification' && seen.name === 'features-ntf' ? seen.attrs.header?.devName : undefined).toBe('v0');
  });

  it('tcp_metrics get: the dump lists the destinations `ip tcp_metrics show` lists after a TCP connection over the veth', async () => {
    expect(registered.has('tcp_metrics')).toBe(true);
    // A connection that ends leaves its destination's metrics behind (tcp_update_metrics on close).
    ns.exec([
      'python3', '-c',
      'import socket\ns=socket.socket(); s.bind(("10.7.0.2",0)); s.listen()\nc=socket.create_connection(s.getsockname()); a,_=s.accept(); c.send(b"x"*1000); a.recv(1000); c.close(); a.close()',
    ]);
    const client = genlClient(genl, tcpMetrics);
    const metrics = await client.dump('get');
    const shown = [...ns.ip('tcp_metrics', 'show').matchAll(/^(\S+) /gm)].map((m) => m[1]!).sort();
    expect(shown.length).toBeGreaterThan(0);
    const addresses = metrics.map((m) => m.addrIpv4 ?? String(m.addrIpv6)).sort();
    expect(addresses).toEqual(shown);
  });

  it('mptcp_pm: get-limits as `ip -j mptcp limits show`; an endpoint added with add-addr is listed by `ip -j mptcp endpoint show` and by get-addr', async () => {
    expect(registered.has('mptcp_pm')).toBe(true);
    const client = genlClient(genl, mptcpPm);
    ns.ip('mptcp', 'limits', 'set', 'subflows', '3', 'add_addr_accepted', '2');
    const limits = await client.do('get-limits', {});
    // `ip mptcp limits show` prints "add_addr_accepted 2 subflows 3" (it has no JSON form).
    const shown = Object.fromEntries([...ns.ip('mptcp', 'limits', 'show').matchAll(/(\w+) (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    expect({ add_addr_accepted: limits.rcvAddAddrs, subflows: limits.subflows }).toEqual(shown);
    await client.do('add-addr', { addr: { family: 2, addr4: 0x0a070001, id: 7, flags: ['signal'] } });
    expect(ns.ipJson<{ address: string; id: number; signal?: boolean }[]>('mptcp', 'endpoint', 'show')).toEqual([{ address: '10.7.0.1', id: 7, signal: true }]);
    const listed = await client.dump('get-addr');
    expect(listed.map((e) => ({ id: e.addr?.id, addr4: e.addr?.addr4, flags: e.addr?.flags }))).toEqual([{ id: 7, addr4: 0x0a070001, flags: ['signal'] }]);
  });

  it('nlctrl getfamily through the typed client: the families `genl ctrl list` lists', async () => {
    const client = genlClient(genl, nlctrl);
    const families = await client.dump('getfamily');
    expect(families.map((f) => f.familyName).sort()).toEqual([...registered].sort());
    expect((await client.do('getfamily', { familyName: 'netdev' })).familyId).toBe(families.find((f) => f.familyName === 'netdev')!.familyId);
  });

  it('an operation the spec does not have, a mode it does not have, a group it does not name: typed errors', async () => {
    const client = genlClient(genl, netdev);
    await expect((client.do as (op: string, r: object) => Promise<unknown>)('dev-set', {})).rejects.toMatchObject({ code: 'ERR_LINX_GENL_OPERATION_NOT_SUPPORTED', operation: 'dev-set', reason: 'spec' });
    await expect((client.do as (op: string, r: object) => Promise<unknown>)('qstats-get', {})).rejects.toThrow(OperationNotSupportedError);
    await expect((client.subscribe as (g: string) => Promise<unknown>)('nope')).rejects.toThrow(GroupNotFoundError);
  });

  describe('policy checks, against the kernel refusing the same request', () => {
    /** The kernel's refusal of `send()` with checks off, and linx's with them on: both name the same attribute. */
    async function bothRefuse(send: (checked: boolean) => Promise<unknown>): Promise<{ ours: PolicyViolationError; kernel: NetlinkError }> {
      const ours = await send(true).then(
        () => undefined,
        (e: unknown) => e,
      );
      const kernel = await send(false).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(ours).toBeInstanceOf(PolicyViolationError);
      expect(kernel).toBeInstanceOf(NetlinkError);
      return { ours: ours as PolicyViolationError, kernel: kernel as NetlinkError };
    }

    it('an integer below its range (netdev dev-get ifindex 0; the policy says min 1)', async () => {
      const { ours, kernel } = await bothRefuse((checked) => genlClient(genl, netdev, { checkPolicy: checked }).do('dev-get', { ifindex: 0 }));
      expect(ours).toMatchObject({ attribute: 'ifindex', reason: 'range', code: 'ERR_LINX_GENL_POLICY_VIOLATION' });
      expect(kernel.attributePath).toBe(ours.attribute);
      expect(kernel).toMatchObject({ errnoName: 'ERANGE', extAckMessage: 'integer out of range' });
    });

    it('a string longer than its policy allows, in a nest (ethtool linkinfo-get header.dev-name of 200 characters)', async () => {
      const { ours, kernel } = await bothRefuse((checked) => genlClient(genl, ethtool, { checkPolicy: checked }).do('linkinfo-get', { header: { devName: 'x'.repeat(200) } }));
      expect(ours).toMatchObject({ attribute: 'header.devName', reason: 'length' });
      expect(kernel.attributePath).toBe(ours.attribute);
      expect(kernel).toMatchObject({ errnoName: 'EINVAL', extAckMessage: 'Attribute failed policy validation' });
    });

    it("an attribute the operation's policy does not have (netdev dev-get with xdp-features)", async () => {
      const { ours, kernel } = await bothRefuse((checked) => genlClient(genl, netdev, { checkPolicy: checked }).do('dev-get', { ifindex: 1, xdpFeatures: ['basic'] } as never));
      expect(ours).toMatchObject({ attribute: 'xdpFeatures', reason: 'unknown-attribute' });
      expect(kernel.attributePath).toBe(ours.attribute);
      expect(kernel).toMatchObject({ errnoName: 'EINVAL', extAckMessage: 'Unknown attribute type' });
    });

    it("an integer outside its policy's mask, in a dump-only command (netdev qstats-get scope 2; the mask is 1)", async () => {
      const { ours, kernel } = await bothRefuse((checked) => genlClient(genl, netdev, { checkPolicy: checked }).dump('qstats-get', { scope: 2n }));
      expect(ours).toMatchObject({ attribute: 'scope', reason: 'mask' });
      expect(kernel.attributePath).toBe(ours.attribute);
      expect(kernel).toMatchObject({ errnoName: 'EINVAL', extAckMessage: 'reserved bit set' });
    });

    it('a request the policy accepts goes through with checks on', async () => {
      expect((await genlClient(genl, netdev).do('dev-get', { ifindex: 1 })).ifindex).toBe(1);
      expect((await genlClient(genl, ethtool).do('linkinfo-get', { header: { devName: 'v0' } })).header?.devName).toBe('v0');
    });
  });
});
