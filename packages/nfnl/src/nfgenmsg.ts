import { enumOf, struct, u16, u8 } from '@linx/netlink-codec';

/**
 * NFPROTO_*: the address family in nfgenmsg, by the names nft uses (`inet`, `ip`, `ip6`, `arp`, `bridge`,
 * `netdev`). NFPROTO_IPV4/IPV6 equal AF_INET/AF_INET6, which ctnetlink puts in the same field.
 */
export const familyValues = {
  unspec: 0,
  inet: 1,
  ip: 2,
  arp: 3,
  netdev: 5,
  bridge: 7,
  ip6: 10,
} as const;
/** A family by name: 'inet', 'ip', 'ip6', 'arp', 'bridge', 'netdev' (or 'unspec': all, in a dump). */
export type Family = keyof typeof familyValues;

/**
 * struct nfgenmsg, the fixed header of every nfnetlink message: the family (by name), the version
 * (NFNETLINK_V0) and a big-endian resource id (the subsystem in a batch's BEGIN/END; in nftables replies,
 * the low 16 bits of the ruleset generation).
 */
export const nfgenmsg = struct('nfgenmsg', {
  family: enumOf(u8(), familyValues, 'nfproto'),
  version: u8(),
  resId: u16({ order: 'big' }),
});

/** Size of nfgenmsg on the wire. */
export const NFGENMSG_LENGTH = 4;
