// The values each entry point of @linx/rtnl exports, pinned: an export added or
// removed by accident fails here. Removing one from a published entry point is a breaking change (say so
// in a changeset); adding one is an API to keep (document it in the README's "What this package exports").
import { describe, expect, it } from 'vitest';

describe('@linx/rtnl public value exports', () => {
  it('@linx/rtnl', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'ADDRESS_FAMILIES', 'ADDRESS_FLAGS', 'AbortError', 'AddressTable', 'Addresses', 'BOND_MODES', 'Bridge',
      'BridgeFdb', 'BridgeMdb', 'BridgeVlans', 'CLASS_KINDS', 'DecodeError', 'DumpInterruptedError', 'IPVLAN_FLAGS',
      'IPVLAN_MODES', 'InvalidArgumentError', 'InvalidValueError', 'LINK_TYPES', 'LinkTable', 'Links', 'LinxError',
      'MACVLAN_FLAGS', 'MACVLAN_MACADDR_MODES', 'MACVLAN_MODES', 'MAX_NEXTHOP_WEIGHT', 'MalformedError', 'Mirror',
      'Monitor', 'NEIGHBOUR_FLAGS', 'NEIGHBOUR_STATES', 'NETCONF_ALL', 'NETCONF_DEFAULT', 'NativeError',
      'NeighbourTable', 'Neighbours', 'NetconfVerbs', 'NetlinkError', 'NetnsExistsError', 'NetnsNotFoundError',
      'Nexthops', 'NoSuchInterfaceError', 'OPERSTATES', 'OverrunError', 'QDISC_KINDS', 'Qdiscs', 'ROUTE_FLAGS',
      'ROUTE_METRICS', 'ROUTE_NEXTHOP_FLAGS', 'ROUTE_PREFERENCES', 'ROUTE_PROTOCOLS', 'ROUTE_TYPES',
      'RP_FILTER_MODES', 'RULE_ACTIONS', 'RULE_FLAGS', 'RULE_IP_PROTOCOLS', 'RouteTable', 'RouteView', 'Routes', 'Rtnl',
      'RuleTable', 'Rules', 'SCOPES', 'STATS_GROUPS', 'SocketClosedError', 'Stats', 'TABLES', 'Tc', 'TcActions',
      'TcChains', 'TcClasses', 'TcFilters', 'TimeoutError', 'USER_HZ', 'VXLAN_DF', 'VXLAN_LABEL_POLICIES',
      'addNetns', 'apply', 'checkIfname', 'converge', 'deleteNetns', 'formatHandle', 'isClassOf', 'isFilterOf',
      'isHtbClass', 'isQdiscOf', 'jsonReplacer', 'listNetns', 'observe', 'open', 'parseHandle', 'parseParent',
      'parsePercent', 'parsePrefix', 'parseRate', 'parseSize', 'parseTime', 'plan', 'tableName',
    ]);
  });

  it('@linx/rtnl/protocol', async () => {
    expect(Object.keys(await import('../src/protocol.js')).sort()).toEqual([
      'FamilyClient', 'NotificationDecoder', 'iflaVxlanPortRange', 'linkAttrs', 'linkMessage', 'linkRequestAttrs',
      'linkRequestMessage', 'linkinfoAttrs', 'linkinfoBondNamedAttrs', 'linkinfoDataFormats', 'linkinfoIpvlanAttrs',
      'linkinfoMacvlanAttrs', 'linkinfoMemberDataFormats', 'linkinfoVethAttrs', 'linkinfoVxlanAttrs',
      'macvlanMacaddrDataAttrs', 'nameOf', 'numberOf', 'rtAddr', 'rtLink', 'rtMdb', 'rtNeigh', 'rtNetconf',
      'rtNexthop', 'rtRoute', 'rtRule', 'rtVlan', 'tc',
    ]);
  });
});
