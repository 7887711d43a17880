// linx's links against iproute2's view of the same namespace: `ip -j -d link show`, field by field.
import { expect } from 'vitest';
import { UNKNOWN } from '@linx/netlink-codec';
import type { Link } from '../../src/index.js';
import { kernelHasBridgeVlanFiltering, kernelHasLinkKind } from './netns.js';

/** ip's flag names → linx's (ip leaves RUNNING out and adds NO-CARRIER and M-DOWN). */
const IP_FLAGS: Record<string, string> = {
  LOOPBACK: 'loopback', BROADCAST: 'broadcast', POINTOPOINT: 'point-to-point', MULTICAST: 'multicast', NOARP: 'no-arp',
  ALLMULTI: 'all-multi', PROMISC: 'promisc', MASTER: 'master', SLAVE: 'slave', DEBUG: 'debug', DYNAMIC: 'dynamic',
  AUTOMEDIA: 'auto-media', PORTSEL: 'portsel', NOTRAILERS: 'no-trailers', UP: 'up', LOWER_UP: 'lower-up', DORMANT: 'dormant', ECHO: 'echo',
};

export interface IpLink {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  operstate: string;
  txqlen?: number;
  link_type: string;
  address?: string;
  broadcast?: string;
  master?: string;
  link?: string | null;
  link_index?: number;
  link_netnsid?: number;
  ifalias?: string;
  linkinfo?: { info_kind?: string; info_data?: Record<string, any>; info_slave_kind?: string; info_slave_data?: Record<string, any> };
}

/** Attributes nobody declared, anywhere in a decoded value (should be none). */
export function unknownPaths(value: unknown, path = 'link'): string[] {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return [];
  const out: string[] = [];
  const unknown = (value as Record<symbol, { type: number }[] | undefined>)[UNKNOWN];
  if (unknown?.length) out.push(`${path}: ${unknown.map((u) => u.type).join(',')}`);
  for (const [key, child] of Object.entries(value)) out.push(...unknownPaths(child, `${path}.${key}`));
  return out;
}

const bool01 = (v: number | undefined) => (v === undefined ? undefined : v !== 0);

/** Compares one link with ip's JSON for it; `byName` maps ip's names of links in the namespace to indexes. */
export function expectSameLink(link: Link, ip: IpLink, byName: Map<string, number>): void {
  const where = `${ip.ifname} (${ip.ifindex})`;
  expect(link.index, where).toBe(ip.ifindex);
  expect(link.ifname, where).toBe(ip.ifname);
  expect(link.mtu, where).toBe(ip.mtu);
  expect(link.operstate, where).toBe(ip.operstate.toLowerCase());
  expect(link.txqlen, where).toBe(ip.txqlen);
  expect(link.type, where).toBe(ip.link_type);
  expect(link.address, where).toBe(ip.address);
  expect(link.broadcast, where).toBe(ip.broadcast);
  expect(link.ifalias, where).toBe(ip.ifalias);
  // Flags: ip's names, without its NO-CARRIER / M-DOWN additions; linx keeps RUNNING, which ip drops.
  const ipFlags = ip.flags.filter((f) => f !== 'NO-CARRIER' && f !== 'M-DOWN').map((f) => IP_FLAGS[f] ?? f);
  expect(link.flags.filter((f) => f !== 'running').sort(), where).toEqual(ipFlags.sort());
  expect(ip.flags.includes('NO-CARRIER'), where).toBe(link.flags.includes('up') && !link.flags.includes('running'));
  expect(link.master, where).toBe(ip.master === undefined ? undefined : byName.get(ip.master));
  // The parent: a name in this namespace, an index in another (with its netns id), or none.
  if (ip.link_index !== undefined) {
    expect(link.link, where).toBe(ip.link_index);
    expect(link.linkNetnsid, where).toBe(ip.link_netnsid);
  } else if (typeof ip.link === 'string') {
    expect(link.link, where).toBe(byName.get(ip.link));
  } else if (ip.link === null) {
    expect(link.link, where).toBe(0);
  } else {
    expect(link.link, where).toBeUndefined();
  }
  expect(link.linkinfo?.kind, where).toBe(ip.linkinfo?.info_kind);
  expect(link.linkinfo?.slaveKind, where).toBe(ip.linkinfo?.info_slave_kind);
  expectSameData(link, ip, byName);
  expectSamePort(link, ip);
  expect(unknownPaths(link), where).toEqual([]);
}

function expectSameData(link: Link, ip: IpLink, byName: Map<string, number>): void {
  const kind = ip.linkinfo?.info_kind;
  const j = ip.linkinfo?.info_data;
  const d = link.linkinfo?.data as Record<string, any> | undefined;
  const where = `${ip.ifname} ${kind} info_data`;
  if (!j) {
    expect(d === undefined || d instanceof Uint8Array || Object.keys(d).length === 0, where).toBe(true);
    return;
  }
  expect(d, where).toBeDefined();
  switch (kind) {
    case 'bridge':
      for (const [ipName, ours] of [
        ['forward_delay', 'forwardDelay'], ['hello_time', 'helloTime'], ['max_age', 'maxAge'], ['ageing_time', 'ageingTime'],
        ['stp_state', 'stpState'], ['priority', 'priority'], ['vlan_filtering', 'vlanFiltering'], ['mcast_snooping', 'mcastSnooping'],
        ['vlan_default_pvid', 'vlanDefaultPvid'],
      ] as const) {
        expect(d![ours], `${where} ${ipName}`).toBe(j[ipName]);
      }
      expect(d!.groupFwdMask, `${where} group_fwd_mask`).toBe(parseInt(String(j.group_fwd_mask), 16));
      if (j.vlan_protocol !== undefined) expect(d!.vlanProtocol, where).toBe(j.vlan_protocol === '802.1Q' ? 0x8100 : 0x88a8);
      break;
    case 'vxlan':
      expect(d!.id, where).toBe(j.id);
      expect(d!.group ?? d!.group6, `${where} group/remote`).toBe(j.group ?? j.remote ?? j.group6 ?? j.remote6);
      expect(d!.local ?? d!.local6, `${where} local`).toBe(j.local ?? j.local6);
      expect(d!.link, `${where} link`).toBe(j.link === undefined ? undefined : byName.get(j.link));
      expect(d!.port, where).toBe(j.port);
      expect(d!.ttl, where).toBe(j.ttl === 'auto' ? 0 : j.ttl);
      expect(bool01(d!.learning), where).toBe(j.learning);
      expect(d!.ageing, where).toBe(j.ageing);
      expect(d!.portRange, where).toEqual(j.port_range);
      expect(bool01(d!.udpCsum), where).toBe(j.udp_csum);
      expect(d!.df, where).toBe(j.df);
      expect(bool01(d!.collectMetadata) || undefined, where).toBe(j.external);
      break;
    case 'macvlan':
    case 'macvtap':
      expect(d!.mode, where).toBe(j.mode);
      expect(d!.bcQueueLen, where).toBe(j.bcqueuelen);
      expect(d!.bcQueueLenUsed, where).toBe(j.usedbcqueuelen);
      expect(d!.flags.includes('nopromisc') || undefined, where).toBe(j.nopromisc);
      break;
    case 'vlan':
      expect(d!.id, where).toBe(j.id);
      expect(d!.protocol, where).toBe(j.protocol === '802.1Q' ? '8021q' : '8021ad');
      break;
    case 'ipvlan':
    case 'ipvtap':
      expect(d!.mode, where).toBe(j.mode);
      break;
    case 'bond':
      expect(d!.mode, where).toBe(j.mode);
      expect(d!.miimon, where).toBe(j.miimon);
      break;
    case 'vrf':
      expect(d!.table, where).toBe(j.table);
      break;
    case 'gre':
    case 'gretap':
    case 'ip6gre':
    case 'ip6gretap':
    case 'ipip':
    case 'sit':
    case 'ip6tnl':
    case 'geneve':
    case 'macsec':
    case 'xfrm':
    case 'netkit':
      // This kernel lacks these kinds, so ip's JSON for them has not been seen here: only the kind (above)
      // and the decoding's completeness (no unknown attribute, below) are compared; their request bytes
      // are compared with iproute2's in iproute2-link-kinds.test.ts.
      break;
    default:
      throw new Error(`no comparison for ${kind} info_data yet`);
  }
}

/** Bridge port settings (IFLA_INFO_SLAVE_DATA): the u8 0/1 the spec calls flags. */
function expectSamePort(link: Link, ip: IpLink): void {
  if (ip.linkinfo?.info_slave_kind !== 'bridge') return;
  const j = ip.linkinfo.info_slave_data!;
  const d = link.linkinfo!.slaveData as Record<string, any>;
  const where = `${ip.ifname} bridge port`;
  expect(d.priority, where).toBe(j.priority);
  expect(d.cost, where).toBe(j.cost);
  expect(d.state, where).toBe(j.state);
  expect(d.multicastRouter, where).toBe(j.multicast_router);
  for (const [ipName, ours] of [
    ['hairpin', 'mode'], ['guard', 'guard'], ['root_block', 'protect'], ['fastleave', 'fastLeave'], ['learning', 'learning'],
    ['flood', 'unicastFlood'], ['proxy_arp', 'proxyarp'], ['proxy_arp_wifi', 'proxyarpWifi'], ['mcast_flood', 'mcastFlood'],
    ['bcast_flood', 'bcastFlood'], ['mcast_to_unicast', 'mcastToUcast'], ['neigh_suppress', 'neighSuppress'],
    ['vlan_tunnel', 'vlanTunnel'], ['isolated', 'isolated'], ['locked', 'locked'], ['mab', 'mab'],
  ] as const) {
    if (j[ipName] !== undefined) expect(bool01(d[ours]), `${where} ${ipName}`).toBe(j[ipName]);
  }
}

/** Every link of the namespace as linx lists it, against `ip -j -d link show` there. */
export function expectSameAsIp(links: Link[], ipLinks: IpLink[]): void {
  const byName = new Map(ipLinks.map((l) => [l.ifname, l.ifindex]));
  expect(links.map((l) => l.index).sort((a, b) => a - b)).toEqual(ipLinks.map((l) => l.ifindex).sort((a, b) => a - b));
  for (const ip of ipLinks) expectSameLink(links.find((l) => l.index === ip.ifindex)!, ip, byName);
}

/**
 * Whether this kernel has a link kind, tried with the arguments it needs (kernelHasLinkKind: a kind the
 * kernel lacks is "Unknown device type", anything else throws); kinds that sit on a lower device are
 * tried on a veth.
 */
export function linkKindAvailable(kind: string): boolean {
  const needs: Record<string, string[]> = { vlan: ['id', '5'], vxlan: ['id', '5'], vrf: ['table', '10'], geneve: ['id', '5', 'remote', '192.0.2.1'], xfrm: ['if_id', '1'] };
  const lower = ['vlan', 'macvlan', 'macvtap', 'ipvlan', 'ipvtap', 'macsec'].includes(kind);
  return kernelHasLinkKind(kind, needs[kind] ?? [], lower);
}

/** Whether bridges here can filter VLANs (CONFIG_BRIDGE_VLAN_FILTERING). */
export const bridgeVlanFilteringAvailable = kernelHasBridgeVlanFiltering;
