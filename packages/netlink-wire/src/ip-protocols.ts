/**
 * IP protocol numbers (IPPROTO_* in linux/in.h and linux/in6.h, the names of /etc/protocols as
 * conntrack, nft and ip print them), for the families that carry a layer-4 protocol: conntrack tuples,
 * rules' ip_proto, flow dissectors.
 */
export const ipProtocolValues = {
  icmp: 1,
  igmp: 2,
  ipip: 4,
  tcp: 6,
  egp: 8,
  pup: 12,
  udp: 17,
  idp: 22,
  tp: 29,
  dccp: 33,
  ipv6: 41,
  rsvp: 46,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  mtp: 92,
  beetph: 94,
  encap: 98,
  pim: 103,
  comp: 108,
  l2tp: 115,
  sctp: 132,
  udplite: 136,
  mpls: 137,
  ethernet: 143,
  raw: 255,
  mptcp: 262,
} as const;
/** An IP protocol by name: 'tcp', 'udp', 'icmp', 'icmpv6', 'sctp', … */
export type IpProtocol = keyof typeof ipProtocolValues;

const names: (IpProtocol | undefined)[] = [];
for (const [name, value] of Object.entries(ipProtocolValues)) if (value < 256) names[value] = name as IpProtocol;

/** The name of an IP protocol number (`'tcp'` for 6), or `undefined` for one without a name here. */
export function ipProtocolName(protocol: number): IpProtocol | undefined {
  return names[protocol];
}

/** The number of an IP protocol given by name or number; `undefined` for an unknown name. */
export function ipProtocolNumber(protocol: IpProtocol | number): number | undefined {
  return typeof protocol === 'number' ? protocol : (ipProtocolValues as Record<string, number>)[protocol];
}
