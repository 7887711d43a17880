// A bridge's IFLA_INFO_DATA as `ip -d -j link` (iproute2 6.1, bridge_print_opt) prints it, from the
// attributes rtnl decoded. Only the attributes iproute2 6.1 prints are printed (a newer kernel sends more).
import type { IpObject } from './ip-json.js';

/** rtnl's name → ip's, for the attributes printed as they are (numbers, the group address). */
const PLAIN: Record<string, string> = {
  forwardDelay: 'forward_delay', helloTime: 'hello_time', maxAge: 'max_age', ageingTime: 'ageing_time', stpState: 'stp_state',
  priority: 'priority', vlanFiltering: 'vlan_filtering', rootPort: 'root_port', rootPathCost: 'root_path_cost',
  topologyChange: 'topology_change', topologyChangeDetected: 'topology_change_detected', vlanDefaultPvid: 'vlan_default_pvid',
  vlanStatsEnabled: 'vlan_stats_enabled', vlanStatsPerPort: 'vlan_stats_per_port', groupAddr: 'group_addr',
  mcastSnooping: 'mcast_snooping', mcastRouter: 'mcast_router', mcastQueryUseIfaddr: 'mcast_query_use_ifaddr', mcastQuerier: 'mcast_querier',
  mcastHashElasticity: 'mcast_hash_elasticity', mcastHashMax: 'mcast_hash_max', mcastLastMemberCnt: 'mcast_last_member_cnt',
  mcastStartupQueryCnt: 'mcast_startup_query_cnt', mcastLastMemberIntvl: 'mcast_last_member_intvl', mcastMembershipIntvl: 'mcast_membership_intvl',
  mcastQuerierIntvl: 'mcast_querier_intvl', mcastQueryIntvl: 'mcast_query_intvl', mcastQueryResponseIntvl: 'mcast_query_response_intvl',
  mcastStartupQueryIntvl: 'mcast_startup_query_intvl', mcastStatsEnabled: 'mcast_stats_enabled', mcastIgmpVersion: 'mcast_igmp_version',
  mcastMldVersion: 'mcast_mld_version', nfCallIptables: 'nf_call_iptables', nfCallIp6tables: 'nf_call_ip6tables', nfCallArptables: 'nf_call_arptables',
};
/** The timers, in clock ticks of 1/100 s, printed by ip as seconds. */
const TIMERS: Record<string, string> = { helloTimer: 'hello_timer', tcnTimer: 'tcn_timer', topologyChangeTimer: 'topology_change_timer', gcTimer: 'gc_timer' };
const VLAN_PROTOCOLS: Record<number, string> = { 0x8100: '802.1Q', 0x88a8: '802.1ad' };
/** BR_BOOLOPT_* bits of IFLA_BR_MULTI_BOOLOPT that iproute2 6.1 prints. */
const BOOLOPTS: [number, string][] = [[0, 'no_linklocal_learn'], [1, 'mcast_vlan_snooping']];

/** A bridge id as iproute2 prints it: the priority in 4 hex digits, a dot, the address as ether_ntoa does (no leading zeros). */
export function bridgeIdText(id: { prio: number; addr: ArrayLike<number> }): string {
  const addr = Array.from({ length: id.addr.length }, (_, i) => id.addr[i]!.toString(16)).join(':');
  return `${id.prio.toString(16).padStart(4, '0')}.${addr}`;
}

export function bridgeInfoData(data: Record<string, unknown>): IpObject {
  const out: IpObject = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const plain = PLAIN[key];
    if (plain !== undefined) out[plain] = typeof value === 'bigint' ? Number(value) : value;
    else if (TIMERS[key] !== undefined) out[TIMERS[key]] = Number(value) / 100;
    else if (key === 'bridgeId' || key === 'rootId') out[key === 'bridgeId' ? 'bridge_id' : 'root_id'] = bridgeIdText(value as { prio: number; addr: ArrayLike<number> });
    else if (key === 'vlanProtocol') out.vlan_protocol = VLAN_PROTOCOLS[value as number] ?? String(value);
    else if (key === 'groupFwdMask') out.group_fwd_mask = (value as number) === 0 ? '0' : `0x${(value as number).toString(16)}`;
    else if (key === 'multiBoolopt') {
      const { optval, optmask } = value as { optval: number; optmask: number };
      for (const [bit, name] of BOOLOPTS) if (optmask & (1 << bit)) out[name] = optval & (1 << bit) ? 1 : 0;
    }
  }
  return out;
}

/** rtnl's name → ip's, for a port's attributes that iproute2 prints as numbers. */
const PORT_NUMBERS: Record<string, string> = {
  priority: 'priority', cost: 'cost', designatedPort: 'designated_port', designatedCost: 'designated_cost',
  topologyChangeAck: 'topology_change_ack', configPending: 'config_pending', multicastRouter: 'multicast_router',
};
/** …and as true/false. */
const PORT_BOOLEANS: Record<string, string> = {
  mode: 'hairpin', guard: 'guard', protect: 'root_block', fastLeave: 'fastleave', learning: 'learning', unicastFlood: 'flood',
  proxyarp: 'proxy_arp', proxyarpWifi: 'proxy_arp_wifi', mcastFlood: 'mcast_flood', bcastFlood: 'bcast_flood', mcastToUcast: 'mcast_to_unicast',
  neighSuppress: 'neigh_suppress', vlanTunnel: 'vlan_tunnel', isolated: 'isolated', locked: 'locked',
};
const PORT_TIMERS: Record<string, string> = { holdTimer: 'hold_timer', messageAgeTimer: 'message_age_timer', forwardDelayTimer: 'forward_delay_timer' };

/** A bridge port's IFLA_INFO_SLAVE_DATA as `ip -d -j link` (iproute2 6.1, bridge_slave_print_opt) prints it. */
export function bridgePortInfoData(data: Record<string, unknown>, names: ReadonlyMap<number, string>): IpObject {
  const out: IpObject = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    // Named by the generated declaration (BR_STATE_*, ip's words); a state it does not know stays a number.
    if (key === 'state') out.state = String(value);
    else if (PORT_NUMBERS[key] !== undefined) out[PORT_NUMBERS[key]] = Number(value);
    else if (PORT_BOOLEANS[key] !== undefined) out[PORT_BOOLEANS[key]] = Boolean(value);
    else if (PORT_TIMERS[key] !== undefined) out[PORT_TIMERS[key]] = Number(value) / 100;
    else if (key === 'id' || key === 'no') out[key] = `0x${(value as number).toString(16)}`;
    else if (key === 'bridgeId' || key === 'rootId') out[key === 'bridgeId' ? 'bridge_id' : 'root_id'] = bridgeIdText(value as { prio: number; addr: ArrayLike<number> });
    else if (key === 'groupFwdMask') {
      const mask = value as number;
      out.group_fwd_mask = mask === 0 ? '0' : `0x${mask.toString(16)}`;
      out.group_fwd_mask_str = `0x${mask.toString(16)}`;
    } else if (key === 'backupPort') out.backup_port = names.get(value as number) ?? `if${String(value)}`;
  }
  return out;
}
