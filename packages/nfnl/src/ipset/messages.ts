import { attr, attrset, be16, be32, be64, binary, enumOf, flagsOf, ipv4, ipv6, mac, message, nest, string, u8 } from '@linx/netlink-codec';
import { nfgenmsg } from '../nfgenmsg.js';

// The ipset messages (NFNL_SUBSYS_IPSET), declared from linux/netfilter/ipset/ip_set.h: there is no YNL spec
// for this subsystem. The header is nfgenmsg. The kernel wants NLA_F_NET_BYTEORDER on every integer wider
// than a byte (ip_set_attr_netorder) and on IPv4 addresses, and NLA_F_NESTED on nests, or it answers
// IPSET_ERR_PROTOCOL. The attribute numbers of IPSET_ATTR_DATA depend on the command: the create-only
// numbers (INITVAL … MEMSIZE) and the element numbers (ETHER … SKBQUEUE) both start at 17, so a set's
// header (create, list) and its members (add, del, test; ADT in a listing) are two attribute sets.

/** IPSET_PROTOCOL and IPSET_PROTOCOL_MIN: the protocol versions this declaration speaks. */
export const IPSET_PROTOCOL = 7;
export const IPSET_PROTOCOL_MIN = 6;
/** IPSET_MAXNAMELEN: set and type names, NUL included. */
export const IPSET_MAXNAMELEN = 32;
/** IPSET_MAX_COMMENT_SIZE: the longest comment the kernel accepts (without the NUL). */
export const IPSET_MAX_COMMENT_SIZE = 255;

/** enum ipset_cmd (the commands the kernel receives). */
export const ipsetCmdValues = {
  protocol: 1,
  create: 2,
  destroy: 3,
  flush: 4,
  rename: 5,
  swap: 6,
  list: 7,
  save: 8,
  add: 9,
  del: 10,
  test: 11,
  header: 12,
  type: 13,
  getByname: 14,
  getByindex: 15,
} as const;

/** enum ipset_cmd_flags: IPSET_ATTR_FLAGS at command level. */
export const ipsetCmdFlagsValues = {
  exist: 1 << 0,
  'list-setname': 1 << 1,
  'list-header': 1 << 2,
  'skip-counter-update': 1 << 3,
  'skip-subcounter-update': 1 << 4,
  'match-counters': 1 << 5,
  'return-nomatch': 1 << 7,
  'map-skbmark': 1 << 8,
  'map-skbprio': 1 << 9,
  'map-skbqueue': 1 << 10,
} as const;

/** enum ipset_cadt_flags: IPSET_ATTR_CADT_FLAGS, a set's extensions (create) or an element's flags. */
export const ipsetCadtFlagsValues = {
  before: 1 << 0,
  physdev: 1 << 1,
  nomatch: 1 << 2,
  'with-counters': 1 << 3,
  'with-comment': 1 << 4,
  'with-forceadd': 1 << 5,
  'with-skbinfo': 1 << 6,
  'iface-wildcard': 1 << 7,
} as const;

/** NFPROTO_* as IPSET_ATTR_FAMILY takes them. */
export const ipsetFamilyValues = { unspec: 0, inet: 2, inet6: 10 } as const;

/** enum ipset_errno: the kernel's ipset errors, sent as negative errnos above 4096. */
export const ipsetErrnoValues = {
  IPSET_ERR_PROTOCOL: 4097,
  IPSET_ERR_FIND_TYPE: 4098,
  IPSET_ERR_MAX_SETS: 4099,
  IPSET_ERR_BUSY: 4100,
  IPSET_ERR_EXIST_SETNAME2: 4101,
  IPSET_ERR_TYPE_MISMATCH: 4102,
  IPSET_ERR_EXIST: 4103,
  IPSET_ERR_INVALID_CIDR: 4104,
  IPSET_ERR_INVALID_NETMASK: 4105,
  IPSET_ERR_INVALID_FAMILY: 4106,
  IPSET_ERR_TIMEOUT: 4107,
  IPSET_ERR_REFERENCED: 4108,
  IPSET_ERR_IPADDR_IPV4: 4109,
  IPSET_ERR_IPADDR_IPV6: 4110,
  IPSET_ERR_COUNTER: 4111,
  IPSET_ERR_COMMENT: 4112,
  IPSET_ERR_INVALID_MARKMASK: 4113,
  IPSET_ERR_SKBINFO: 4114,
} as const;

/** IPSET_ERR_TYPE_SPECIFIC and on, per kind of set (ip_set_hash.h, ip_set_bitmap.h, ip_set_list.h). */
export const IPSET_ERR_TYPE_SPECIFIC = 4352;
export const ipsetTypeErrnoValues = {
  hash: ['IPSET_ERR_HASH_FULL', 'IPSET_ERR_HASH_ELEM', 'IPSET_ERR_INVALID_PROTO', 'IPSET_ERR_MISSING_PROTO', 'IPSET_ERR_HASH_RANGE_UNSUPPORTED', 'IPSET_ERR_HASH_RANGE'],
  bitmap: ['IPSET_ERR_BITMAP_RANGE', 'IPSET_ERR_BITMAP_RANGE_SIZE'],
  list: ['IPSET_ERR_NAME', 'IPSET_ERR_LOOP', 'IPSET_ERR_BEFORE', 'IPSET_ERR_NAMEREF', 'IPSET_ERR_LIST_FULL', 'IPSET_ERR_REF_EXIST'],
} as const;

const net = { netByteOrder: true } as const;

/** IPSET_ATTR_IPADDR_*: an address, nested in IPSET_ATTR_IP, IP_TO, IP2, IP2_TO. */
export const ipsetAddrAttrs = attrset('ipset-addr-attrs', {
  ipv4: attr(1, ipv4(), net),
  ipv6: attr(2, ipv6(), net),
});

const addr = nest(ipsetAddrAttrs);
/** The CADT attributes (IPSET_ATTR_IP … IPSET_ATTR_MARKMASK), the same in both kinds of IPSET_ATTR_DATA. */
const cadt = {
  ip: attr(1, addr),
  ipTo: attr(2, addr),
  cidr: attr(3, u8()),
  port: attr(4, be16(), net),
  portTo: attr(5, be16(), net),
  timeout: attr(6, be32(), net),
  proto: attr(7, u8()),
  cadtFlags: attr(8, flagsOf(be32(), ipsetCadtFlagsValues, 'ipset-cadt-flags'), net),
  lineno: attr(9, be32(), net),
  mark: attr(10, be32(), net),
  markmask: attr(11, be32(), net),
} as const;

/** IPSET_ATTR_DATA of create and of a listed set's header: the CADT attributes and the create-only ones. */
export const ipsetCreateDataAttrs = attrset('ipset-create-data-attrs', {
  ...cadt,
  initval: attr(17, be32(), net),
  hashsize: attr(18, be32(), net),
  maxelem: attr(19, be32(), net),
  netmask: attr(20, u8()),
  bucketsize: attr(21, u8()),
  resize: attr(22, u8()),
  size: attr(23, be32(), net),
  elements: attr(24, be32(), net),
  references: attr(25, be32(), net),
  memsize: attr(26, be32(), net),
});

/** IPSET_ATTR_DATA of add, del, test and of each listed member: the CADT attributes and the element ones. */
export const ipsetAdtDataAttrs = attrset('ipset-adt-data-attrs', {
  ...cadt,
  ether: attr(17, mac()),
  name: attr(18, string({ maxLength: IPSET_MAXNAMELEN - 1 })),
  nameref: attr(19, string({ maxLength: IPSET_MAXNAMELEN - 1 })),
  ip2: attr(20, addr),
  cidr2: attr(21, u8()),
  ip2To: attr(22, addr),
  iface: attr(23, string({ maxLength: 15 })),
  bytes: attr(24, be64(), net),
  packets: attr(25, be64(), net),
  comment: attr(26, string({ maxLength: IPSET_MAX_COMMENT_SIZE })),
  /** IPSET_ATTR_SKBMARK: mark << 32 | mask. */
  skbmark: attr(27, be64(), net),
  /** IPSET_ATTR_SKBPRIO: major << 16 | minor (a tc class). */
  skbprio: attr(28, be32(), net),
  skbqueue: attr(29, be16(), net),
  pad: attr(30, binary()),
});

/** IPSET_ATTR_ADT: a listing's members, one IPSET_ATTR_DATA each. */
export const ipsetAdtAttrs = attrset('ipset-adt-attrs', {
  data: attr(7, nest(ipsetAdtDataAttrs), { multi: true }),
});

const command = {
  protocol: attr(1, u8()),
  setname: attr(2, string({ maxLength: IPSET_MAXNAMELEN - 1 })),
  typename: attr(3, string({ maxLength: IPSET_MAXNAMELEN - 1 })),
  revision: attr(4, u8()),
  family: attr(5, enumOf(u8(), ipsetFamilyValues, 'ipset-family')),
  flags: attr(6, flagsOf(be32(), ipsetCmdFlagsValues, 'ipset-cmd-flags'), net),
  lineno: attr(9, be32(), net),
  /** IPSET_ATTR_PROTOCOL_MIN, or IPSET_ATTR_REVISION_MIN in a TYPE reply. */
  protocolMin: attr(10, u8()),
  /** IPSET_ATTR_INDEX: the set's kernel index (protocol 7). */
  index: attr(11, be16(), net),
} as const;

/** Command-level attributes of create, destroy, flush, list, header, type and protocol, and of a listing. */
export const ipsetAttrs = attrset('ipset-attrs', {
  ...command,
  data: attr(7, nest(ipsetCreateDataAttrs)),
  adt: attr(8, nest(ipsetAdtAttrs)),
});

/** Command-level attributes of add, del and test: IPSET_ATTR_DATA is one element. */
export const ipsetElementAttrs = attrset('ipset-element-attrs', {
  protocol: command.protocol,
  setname: command.setname,
  flags: command.flags,
  lineno: command.lineno,
  data: attr(7, nest(ipsetAdtDataAttrs)),
});

/**
 * Command-level attributes of an add or del of many elements, as `ipset restore` sends them: IPSET_ATTR_ADT
 * holds the elements, each IPSET_ATTR_DATA with its IPSET_ATTR_LINENO. When the kernel refuses one, it echoes
 * the request with that element's number in the top-level IPSET_ATTR_LINENO (call_ad() in
 * net/netfilter/ipset/ip_set_core.c).
 */
export const ipsetBulkAttrs = attrset('ipset-bulk-attrs', {
  protocol: command.protocol,
  setname: command.setname,
  lineno: command.lineno,
  adt: attr(8, nest(ipsetAdtAttrs)),
});

/** Command-level attributes of rename and swap: IPSET_ATTR_SETNAME2 takes TYPENAME's number. */
export const ipsetRenameAttrs = attrset('ipset-rename-attrs', {
  protocol: command.protocol,
  setname: command.setname,
  setname2: attr(3, string({ maxLength: IPSET_MAXNAMELEN - 1 })),
});

/** Create, destroy, flush, list (request and replies), header, type, protocol. */
export const ipsetMessage = message('ipset', { header: nfgenmsg, attrs: ipsetAttrs });
/** Add, del, test: one element. */
export const ipsetElementMessage = message('ipset-element', { header: nfgenmsg, attrs: ipsetElementAttrs });
/** Add, del: many elements in one message. */
export const ipsetBulkMessage = message('ipset-bulk', { header: nfgenmsg, attrs: ipsetBulkAttrs });
/** Rename and swap. */
export const ipsetRenameMessage = message('ipset-rename', { header: nfgenmsg, attrs: ipsetRenameAttrs });
