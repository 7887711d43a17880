// The running kernel's own bytes: in a fresh network namespace with a bridge and a veth pair, what
// `ip link show` and `ip addr show` send and receive (read with strace) decodes with the generated
// declarations to what `ip -j` prints, and every message re-encodes byte for byte. Needs root, ip and
// strace; skipped otherwise. Only the namespace made here is touched, and it is deleted afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { parseMessages, type NetlinkMessage } from '@linx/netlink-wire';
import { rtAddr, rtLink, rtRoute, rtRule } from '../src/protocol.js';
import { canRunLive, createNamespace, traceNetlink } from './helpers/live.js';
import { kernelHasBridgeVlanFiltering } from './helpers/netns.js';

const link = compileMessage(rtLink.linkMessage);
const addr = compileMessage(rtAddr.addrMessage);
const live = canRunLive();
const vlanFiltering = live && kernelHasBridgeVlanFiltering();

const OPERSTATE: Record<string, number> = { UNKNOWN: 0, NOTPRESENT: 1, DOWN: 2, LOWERLAYERDOWN: 3, TESTING: 4, DORMANT: 5, UP: 6 };
const SCOPE: Record<string, number> = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 };

interface IpLink {
  ifindex: number;
  ifname: string;
  mtu: number;
  address: string;
  operstate: string;
  master?: string;
  link?: string;
  linkinfo?: { info_kind?: string; info_slave_kind?: string; info_slave_data?: { priority?: number; cost?: number }; info_data?: { stp_state?: number; vlan_filtering?: number } };
}
interface IpAddr {
  ifname: string;
  ifindex: number;
  addr_info: { family: string; local: string; prefixlen: number; scope: string; label?: string }[];
}

describe.skipIf(!live)('the live kernel, in a network namespace of our own', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  // iproute2 sends some requests from a buffer longer than the message: the kernel stops at the first
  // nlmsg_len below the header size, and so does this.
  const messagesOf = (chunks: Uint8Array[]) =>
    chunks.flatMap((c) => {
      const view = new DataView(c.buffer, c.byteOffset, c.byteLength);
      let end = 0;
      while (end + 16 <= c.length && view.getUint32(end, true) >= 16) end += (view.getUint32(end, true) + 3) & ~3;
      return parseMessages(c.subarray(0, Math.min(end, c.length)));
    });

  beforeAll(() => {
    ns = createNamespace('rtnl');
    ns.ip('link', 'add', 'br0', 'type', 'bridge');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ns.ip('link', 'set', 'v0', 'master', 'br0');
    ns.ip('addr', 'add', '10.9.0.1/24', 'dev', 'br0', 'label', 'br0:lan');
    ns.ip('addr', 'add', 'fd00::1/64', 'dev', 'br0');
    for (const dev of ['br0', 'v0', 'v1']) ns.ip('link', 'set', dev, 'up');
  });
  afterAll(() => ns?.remove());

  it('RTM_GETLINK dump (ip -d link show): the kernel’s RTM_NEWLINK messages decode to what ip -j prints', () => {
    const traced = traceNetlink(['ip', '-d', '-n', ns!.name, 'link', 'show']);
    const json = JSON.parse(ns!.ip('-j', '-d', 'link', 'show')) as IpLink[];
    const request = messagesOf(traced.sent).find((m) => m.type === rtLink.linkMessage.types.getlink)!;
    expect(request).toBeDefined();
    expect(link.decode(request.payload).attrs.extMask).toContain('vf');
    const replies = messagesOf(traced.received).filter((m) => m.type === rtLink.linkMessage.types.getlinkReply);
    expect(replies.length).toBe(json.length);
    const byName = new Map(replies.map((m) => {
      const v = link.decode(m.payload);
      return [v.attrs.ifname!, v];
    }));
    const indexOf = (name: string | undefined) => json.find((j) => j.ifname === name)?.ifindex;
    for (const j of json) {
      const v = byName.get(j.ifname)!;
      expect(v, j.ifname).toBeDefined();
      expect(v.header.ifiIndex).toBe(j.ifindex);
      expect(v.attrs.mtu).toBe(j.mtu);
      expect(v.attrs.address).toBe(j.address);
      expect(v.attrs.operstate).toBe(OPERSTATE[j.operstate]);
      expect(v.attrs.master).toBe(indexOf(j.master));
      expect(v.attrs.linkinfo?.kind).toBe(j.linkinfo?.info_kind);
      expect(v.attrs.linkinfo?.slaveKind).toBe(j.linkinfo?.info_slave_kind);
    }
    // The bridge's IFLA_INFO_DATA decodes by kind; the port's IFLA_INFO_SLAVE_DATA by slave kind.
    const br = byName.get('br0')!.attrs.linkinfo!.data as { stpState?: number; vlanFiltering?: number; groupAddr?: string };
    const brJson = json.find((j) => j.ifname === 'br0')!.linkinfo!.info_data!;
    expect(br.stpState).toBe(brJson.stp_state);
    expect(br.vlanFiltering).toBe(brJson.vlan_filtering);
    expect(br.groupAddr).toBe('01:80:c2:00:00:00');
    const port = byName.get('v0')!.attrs.linkinfo!.slaveData as { priority?: number; cost?: number };
    const portJson = json.find((j) => j.ifname === 'v0')!.linkinfo!.info_slave_data!;
    expect(port.priority).toBe(portJson.priority);
    expect(port.cost).toBe(portJson.cost);
    // The veth peer points at its other end.
    expect(byName.get('v0')!.attrs.link).toBe(indexOf('v1'));
  });

  it.skipIf(!vlanFiltering)(
    `IFLA_BR_VLAN_PROTOCOL, sent by kernels with bridge VLAN filtering, is big-endian (nla_put_be16): ETH_P_8021Q, as ip prints it${vlanFiltering ? '' : ' (skipped: this kernel has no bridge VLAN filtering, CONFIG_BRIDGE_VLAN_FILTERING)'}`,
    () => {
      const traced = traceNetlink(['ip', '-d', '-n', ns!.name, 'link', 'show', 'br0']);
      const reply = messagesOf(traced.received).find((m) => m.type === rtLink.linkMessage.types.getlinkReply)!;
      expect(reply).toBeDefined();
      const data = link.decode(reply.payload).attrs.linkinfo!.data as { vlanProtocol?: number };
      const json = JSON.parse(ns!.ip('-j', '-d', 'link', 'show', 'br0')) as { linkinfo: { info_data: { vlan_protocol?: string } } }[];
      expect(json[0]!.linkinfo.info_data.vlan_protocol).toBe('802.1Q');
      expect(data.vlanProtocol).toBe(0x8100);
    },
  );

  it('RTM_GETROUTE (ip route get … sport 1234 dport 80): RTA_SPORT and RTA_DPORT are big-endian', () => {
    const traced = traceNetlink(['ip', '-n', ns!.name, 'route', 'get', '10.9.0.5', 'ipproto', 'tcp', 'sport', '1234', 'dport', '80']);
    const route = compileMessage(rtRoute.routeMessage);
    const request = messagesOf(traced.sent).find((m) => m.type === rtRoute.routeMessage.types.getroute)!;
    const value = route.decode(request.payload);
    expect(value.attrs).toMatchObject({ sport: 1234, dport: 80, ipProto: 6 });
    expect(value.attrs.dst).toBe('10.9.0.5');
    const reply = messagesOf(traced.received).find((m) => m.type === rtRoute.routeMessage.types.getrouteReply)!;
    const answer = route.decode(reply.payload);
    expect(answer.attrs.prefsrc).toBe('10.9.0.1');
    expect(route.encode(answer)).toEqual(reply.payload);
  });

  it('RTM_GETRULE (ip rule show): a rule with tun_id 5 has FRA_TUN_ID big-endian, FRA_TABLE 100', () => {
    ns!.ip('rule', 'add', 'tun_id', '5', 'lookup', '100');
    const traced = traceNetlink(['ip', '-n', ns!.name, 'rule', 'show']);
    const rule = compileMessage(rtRule.fibRuleMessage);
    const rules = messagesOf(traced.received)
      .filter((m) => m.type === rtRule.fibRuleMessage.types.getruleReply)
      .map((m) => {
        expect(rule.encode(rule.decode(m.payload))).toEqual(m.payload);
        return rule.decode(m.payload);
      });
    const tun = rules.find((r) => r.attrs.tunId !== undefined)!;
    expect(tun.attrs).toMatchObject({ tunId: 5n, table: 100 });
    expect(tun.header.action).toBe('to-tbl');
    // The rule at priority 0 (local) is sent without FRA_PRIORITY.
    expect(rules.map((r) => r.attrs.priority)).toEqual([undefined, 32765, 32766, 32767]);
  });

  it('RTM_GETADDR dump (ip addr show): the kernel’s RTM_NEWADDR messages decode to what ip -j prints', () => {
    const traced = traceNetlink(['ip', '-n', ns!.name, 'addr', 'show']);
    const json = JSON.parse(ns!.ip('-j', 'addr', 'show')) as IpAddr[];
    const replies = messagesOf(traced.received)
      .filter((m) => m.type === rtAddr.addrMessage.types.getaddrReply)
      .map((m) => addr.decode(m.payload));
    const expected = json.flatMap((j) => j.addr_info.map((a) => ({ ...a, ifindex: j.ifindex })));
    expect(replies.length).toBe(expected.length);
    for (const a of expected) {
      const v = replies.find((r) => r.header.ifaIndex === a.ifindex && (r.attrs.local ?? r.attrs.address) === a.local)!;
      expect(v, a.local).toBeDefined();
      expect(v.header.ifaPrefixlen).toBe(a.prefixlen);
      expect(v.header.ifaScope).toBe(SCOPE[a.scope]);
      expect(v.header.ifaFamily).toBe(a.family === 'inet' ? 2 : 10);
      if (a.label !== undefined) expect(v.attrs.label).toBe(a.label);
      expect(v.attrs.cacheinfo?.ifaValid).toBeGreaterThan(0);
    }
  });

  it('every message sent and received re-encodes byte for byte', () => {
    let checked = 0;
    for (const argv of [['link', 'show'], ['-d', 'link', 'show'], ['addr', 'show'], ['-s', '-s', 'link', 'show']]) {
      const traced = traceNetlink(['ip', '-n', ns!.name, ...argv]);
      const all: NetlinkMessage[] = [...messagesOf(traced.sent), ...messagesOf(traced.received)];
      for (const m of all) {
        const codec = [16, 17, 18, 19].includes(m.type) ? link : [20, 21, 22].includes(m.type) ? addr : undefined;
        if (!codec) continue;
        expect(codec.encode(codec.decode(m.payload) as never)).toEqual(m.payload);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
