// What each ipset type's elements are made of, and which create options it takes (from the ipset(8)
// manual and the kernel's ip_set_hash_*.c / ip_set_bitmap_*.c / ip_set_list_set.c policies). linx checks
// an element against its set's type before sending, so a wrong shape is an InvalidArgumentError naming
// the field rather than the kernel's IPSET_ERR_PROTOCOL.

/** The parts an element can have. */
export type ElementPart = 'ip' | 'cidr' | 'ipTo' | 'port' | 'portTo' | 'proto' | 'ip2' | 'cidr2' | 'iface' | 'physdev' | 'mac' | 'name' | 'before' | 'after' | 'nomatch' | 'mark' | 'wildcard';

/** One set type: its element's parts (required ones first), the families it takes, its kind. */
export interface SetTypeInfo {
  kind: 'hash' | 'bitmap' | 'list';
  /** Parts every element must have. */
  required: readonly ElementPart[];
  /** Parts an element may also have. */
  optional: readonly ElementPart[];
  /** 'inet', 'inet6', or the set has no family (bitmap:port, list:set). */
  families: readonly ('inet' | 'inet6')[];
}

const inetBoth = ['inet', 'inet6'] as const;

/** The set types linx knows. A type the running kernel lacks is refused by it (IPSET_ERR_FIND_TYPE). */
export const setTypes: Record<string, SetTypeInfo> = {
  'hash:ip': { kind: 'hash', required: ['ip'], optional: ['cidr', 'ipTo'], families: inetBoth },
  'hash:ip,port': { kind: 'hash', required: ['ip', 'port'], optional: ['proto', 'cidr', 'ipTo', 'portTo'], families: inetBoth },
  'hash:ip,port,ip': { kind: 'hash', required: ['ip', 'port', 'ip2'], optional: ['proto', 'cidr', 'ipTo', 'portTo'], families: inetBoth },
  'hash:ip,port,net': { kind: 'hash', required: ['ip', 'port', 'ip2'], optional: ['proto', 'cidr', 'ipTo', 'portTo', 'cidr2', 'nomatch'], families: inetBoth },
  'hash:ip,mark': { kind: 'hash', required: ['ip', 'mark'], optional: ['cidr', 'ipTo'], families: inetBoth },
  'hash:ip,mac': { kind: 'hash', required: ['ip', 'mac'], optional: [], families: inetBoth },
  'hash:mac': { kind: 'hash', required: ['mac'], optional: [], families: inetBoth },
  'hash:net': { kind: 'hash', required: ['ip'], optional: ['cidr', 'ipTo', 'nomatch'], families: inetBoth },
  'hash:net,net': { kind: 'hash', required: ['ip', 'ip2'], optional: ['cidr', 'ipTo', 'cidr2', 'nomatch'], families: inetBoth },
  'hash:net,port': { kind: 'hash', required: ['ip', 'port'], optional: ['proto', 'cidr', 'ipTo', 'portTo', 'nomatch'], families: inetBoth },
  'hash:net,port,net': { kind: 'hash', required: ['ip', 'port', 'ip2'], optional: ['proto', 'cidr', 'ipTo', 'portTo', 'cidr2', 'nomatch'], families: inetBoth },
  'hash:net,iface': { kind: 'hash', required: ['ip', 'iface'], optional: ['cidr', 'ipTo', 'physdev', 'wildcard', 'nomatch'], families: inetBoth },
  'bitmap:ip': { kind: 'bitmap', required: ['ip'], optional: ['cidr', 'ipTo'], families: ['inet'] },
  'bitmap:ip,mac': { kind: 'bitmap', required: ['ip'], optional: ['mac'], families: ['inet'] },
  'bitmap:port': { kind: 'bitmap', required: ['port'], optional: ['portTo'], families: [] },
  'list:set': { kind: 'list', required: ['name'], optional: ['before', 'after'], families: [] },
};

/** IP protocols by name, for the `proto` of `ip,port` elements (IPPROTO_*). */
export const ipProtoValues = { icmp: 1, tcp: 6, udp: 17, ipv6: 41, gre: 47, esp: 50, ah: 51, icmpv6: 58, sctp: 132, udplite: 136 } as const;
export type IpProto = keyof typeof ipProtoValues;
