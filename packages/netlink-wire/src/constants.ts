/**
 * Netlink core constants, with the values of the kernel's uapi `<linux/netlink.h>` (and `SOL_NETLINK`,
 * which libc defines), plus the name lookups a debug printer needs.
 *
 * Every constant is a plain `export const` so that a bundler keeps only the ones a program uses. The
 * grouped tables below are built from the same constants and are only pulled in by code that uses them
 * (or the name helpers).
 *
 * Deliberately not here: `NLMSG_HDRLEN` (exported by `message.ts`) and `NLA_F_NESTED`,
 * `NLA_F_NET_BYTEORDER`, `NLA_TYPE_MASK`, `NLA_HDRLEN` (exported by `attribute.ts`), so that the package
 * index never re-exports one name from two modules.
 */
import { InvalidArgumentError } from './errors.js';

// ---------------------------------------------------------------------------------------------------
// nlmsg_flags
// ---------------------------------------------------------------------------------------------------

/** Flag: the message is a request (every message sent to the kernel carries it). */
export const NLM_F_REQUEST = 0x01;
/** Flag: one part of a multipart reply; the sequence ends with an `NLMSG_DONE` message. */
export const NLM_F_MULTI = 0x02;
/** Flag: ask for an acknowledgement (an `NLMSG_ERROR` message with error 0 on success). */
export const NLM_F_ACK = 0x04;
/** Flag: also send the notifications this request causes back to the requesting socket. */
export const NLM_F_ECHO = 0x08;
/** Flag (in dump replies): the dumped data changed during the dump, so the result may be inconsistent. */
export const NLM_F_DUMP_INTR = 0x10;
/** Flag (in dump replies): the kernel applied the filter the dump request asked for. */
export const NLM_F_DUMP_FILTERED = 0x20;

// The bits 0x100..0x800 are reused: their meaning depends on the kind of request (or on the message being
// an ACK), which is why `netlinkFlagNames` has to be told what it is looking at.

/** GET modifier: return the whole table rather than a single entry. */
export const NLM_F_ROOT = 0x100;
/** GET modifier: return every entry that matches the request. */
export const NLM_F_MATCH = 0x200;
/** GET modifier: take an atomic snapshot of the table (historical, needs privileges). */
export const NLM_F_ATOMIC = 0x400;
/** GET modifier: a dump, the usual way to list objects (`NLM_F_ROOT | NLM_F_MATCH`). */
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

/** NEW modifier: replace the object if it already exists. */
export const NLM_F_REPLACE = 0x100;
/** NEW modifier: fail (with EEXIST) if the object already exists. */
export const NLM_F_EXCL = 0x200;
/** NEW modifier: create the object if it does not exist yet. */
export const NLM_F_CREATE = 0x400;
/** NEW modifier: add the object after the existing ones (e.g. at the end of a list of routes). */
export const NLM_F_APPEND = 0x800;

/** DELETE modifier: do not delete the object's children recursively. */
export const NLM_F_NONREC = 0x100;
/** DELETE modifier: delete every object that matches, not just one. */
export const NLM_F_BULK = 0x200;

/** ACK flag: the echoed request in the ACK was cut down to its header. */
export const NLM_F_CAPPED = 0x100;
/** ACK flag: extended-ACK attributes (`NLMSGERR_ATTR_*`) follow the error. */
export const NLM_F_ACK_TLVS = 0x200;

// ---------------------------------------------------------------------------------------------------
// nlmsg_type: the control messages every protocol shares
// ---------------------------------------------------------------------------------------------------

/** Netlink aligns messages to this many bytes. */
export const NLMSG_ALIGNTO = 4;
/** Control message: nothing, to be ignored. */
export const NLMSG_NOOP = 0x1;
/** Control message: an error or, with error 0, an acknowledgement (`struct nlmsgerr`). */
export const NLMSG_ERROR = 0x2;
/** Control message: the end of a multipart (dump) reply. */
export const NLMSG_DONE = 0x3;
/** Control message: data was lost. */
export const NLMSG_OVERRUN = 0x4;
/** The first message type a protocol may use for its own messages; lower types are reserved for control. */
export const NLMSG_MIN_TYPE = 0x10;

// ---------------------------------------------------------------------------------------------------
// Address families (linux/socket.h), as netlink messages carry them
// ---------------------------------------------------------------------------------------------------

/** Address family: IPv4 (linux/socket.h AF_INET). */
export const AF_INET = 2;
/** Address family: IPv6 (linux/socket.h AF_INET6). */
export const AF_INET6 = 10;

// ---------------------------------------------------------------------------------------------------
// Protocols: the third argument of socket(AF_NETLINK, type, protocol)
// ---------------------------------------------------------------------------------------------------

/** Protocol: rtnetlink (links, addresses, routes, neighbours, rules, qdiscs, …). */
export const NETLINK_ROUTE = 0;
/** Protocol number 1, not used by the kernel. */
export const NETLINK_UNUSED = 1;
/** Protocol reserved for protocols implemented in user space. */
export const NETLINK_USERSOCK = 2;
/** Protocol number 3, formerly ip_queue, now unused. */
export const NETLINK_FIREWALL = 3;
/** Protocol: socket diagnostics (ss). */
export const NETLINK_SOCK_DIAG = 4;
/** Protocol: the old netfilter ULOG target. */
export const NETLINK_NFLOG = 5;
/** Protocol: IPsec (xfrm states and policies). */
export const NETLINK_XFRM = 6;
/** Protocol: SELinux notifications. */
export const NETLINK_SELINUX = 7;
/** Protocol: Open-iSCSI. */
export const NETLINK_ISCSI = 8;
/** Protocol: the audit subsystem. */
export const NETLINK_AUDIT = 9;
/** Protocol: FIB lookups from user space. */
export const NETLINK_FIB_LOOKUP = 10;
/** Protocol: the kernel connector (proc events and other connector users). */
export const NETLINK_CONNECTOR = 11;
/** Protocol: nfnetlink (nftables, conntrack, nflog, nfqueue, …). */
export const NETLINK_NETFILTER = 12;
/** Protocol number 13, formerly the IPv6 firewall. */
export const NETLINK_IP6_FW = 13;
/** Protocol: DECnet routing messages (DECnet is gone from the kernel). */
export const NETLINK_DNRTMSG = 14;
/** Protocol: kobject uevents (what udev listens to). */
export const NETLINK_KOBJECT_UEVENT = 15;
/** Protocol: generic netlink (nl80211, devlink, ethtool, wireguard, …). */
export const NETLINK_GENERIC = 16;
// 17 is left free in the header for a NETLINK_DM that never arrived.
/** Protocol: SCSI transports. */
export const NETLINK_SCSITRANSPORT = 18;
/** Protocol: eCryptfs. */
export const NETLINK_ECRYPTFS = 19;
/** Protocol: RDMA. */
export const NETLINK_RDMA = 20;
/** Protocol: the crypto API's user configuration interface. */
export const NETLINK_CRYPTO = 21;
/** Protocol: SMC socket monitoring. */
export const NETLINK_SMC = 22;
/** The old name of `NETLINK_SOCK_DIAG`, kept by the kernel for compatibility. */
export const NETLINK_INET_DIAG = NETLINK_SOCK_DIAG;

// ---------------------------------------------------------------------------------------------------
// Socket options (level SOL_NETLINK)
// ---------------------------------------------------------------------------------------------------

/** The setsockopt level of netlink socket options (from libc's socket headers, not the uapi ones). */
export const SOL_NETLINK = 270;
/** Socket option: join a multicast group (by number, unlike the bitmask in `nl_groups`). */
export const NETLINK_ADD_MEMBERSHIP = 1;
/** Socket option: leave a multicast group. */
export const NETLINK_DROP_MEMBERSHIP = 2;
/** Socket option: deliver the group of each received message as a control message. */
export const NETLINK_PKTINFO = 3;
/** Socket option: report broadcast delivery failures to the sender. */
export const NETLINK_BROADCAST_ERROR = 4;
/** Socket option: do not report ENOBUFS when the receive buffer overflows. */
export const NETLINK_NO_ENOBUFS = 5;
/** Socket option: the memory-mapped receive ring (removed from the kernel in 4.6). */
export const NETLINK_RX_RING = 6;
/** Socket option: the memory-mapped transmit ring (removed from the kernel in 4.6). */
export const NETLINK_TX_RING = 7;
/** Socket option: receive notifications from every network namespace that has a peer id. */
export const NETLINK_LISTEN_ALL_NSID = 8;
/** Socket option (getsockopt only): the multicast groups the socket has joined, as a bitmap. */
export const NETLINK_LIST_MEMBERSHIPS = 9;
/** Socket option: do not echo the whole request in error messages, only its header. */
export const NETLINK_CAP_ACK = 10;
/** Socket option: ask for extended ACKs (error message strings, offsets, …). */
export const NETLINK_EXT_ACK = 11;
/** Socket option: have the kernel validate dump requests strictly (headers and attributes). */
export const NETLINK_GET_STRICT_CHK = 12;

// The header also carries an anonymous enum of the netlink socket's connection state. It is internal to
// the kernel in practice, but it is part of the uapi header and costs nothing to mirror.

/** Netlink socket state: not connected. */
export const NETLINK_UNCONNECTED = 0;
/** Netlink socket state: connected. */
export const NETLINK_CONNECTED = 1;

// ---------------------------------------------------------------------------------------------------
// Extended ACK attributes (enum nlmsgerr_attrs), after struct nlmsgerr
// ---------------------------------------------------------------------------------------------------

/** Extended ACK attribute 0, unused. */
export const NLMSGERR_ATTR_UNUSED = 0;
/** Extended ACK attribute: a human-readable error message (NUL-terminated string). */
export const NLMSGERR_ATTR_MSG = 1;
/** Extended ACK attribute: the byte offset of the offending attribute in the request (u32). */
export const NLMSGERR_ATTR_OFFS = 2;
/** Extended ACK attribute: an opaque, family-specific cookie, usually identifying what was created. */
export const NLMSGERR_ATTR_COOKIE = 3;
/** Extended ACK attribute: the policy of the rejected attribute (nested `NL_POLICY_TYPE_ATTR_*`). */
export const NLMSGERR_ATTR_POLICY = 4;
/** Extended ACK attribute: the type of a required attribute that was missing (u32). */
export const NLMSGERR_ATTR_MISS_TYPE = 5;
/** Extended ACK attribute: the offset of the nest the missing attribute belonged in (u32). */
export const NLMSGERR_ATTR_MISS_NEST = 6;
/** The highest extended ACK attribute this version knows. */
export const NLMSGERR_ATTR_MAX = NLMSGERR_ATTR_MISS_NEST;

// ---------------------------------------------------------------------------------------------------
// Attribute policies, as reported in policy dumps and in NLMSGERR_ATTR_POLICY
// ---------------------------------------------------------------------------------------------------

/** Attribute type 0, invalid. */
export const NL_ATTR_TYPE_INVALID = 0;
/** Attribute type: a flag, meaningful by its presence alone. */
export const NL_ATTR_TYPE_FLAG = 1;
/** Attribute type: unsigned 8-bit integer. */
export const NL_ATTR_TYPE_U8 = 2;
/** Attribute type: unsigned 16-bit integer. */
export const NL_ATTR_TYPE_U16 = 3;
/** Attribute type: unsigned 32-bit integer. */
export const NL_ATTR_TYPE_U32 = 4;
/** Attribute type: unsigned 64-bit integer. */
export const NL_ATTR_TYPE_U64 = 5;
/** Attribute type: signed 8-bit integer. */
export const NL_ATTR_TYPE_S8 = 6;
/** Attribute type: signed 16-bit integer. */
export const NL_ATTR_TYPE_S16 = 7;
/** Attribute type: signed 32-bit integer. */
export const NL_ATTR_TYPE_S32 = 8;
/** Attribute type: signed 64-bit integer. */
export const NL_ATTR_TYPE_S64 = 9;
/** Attribute type: opaque bytes, possibly with length limits. */
export const NL_ATTR_TYPE_BINARY = 10;
/** Attribute type: a string, possibly with length limits (a trailing NUL is optional). */
export const NL_ATTR_TYPE_STRING = 11;
/** Attribute type: a string that must be NUL-terminated. */
export const NL_ATTR_TYPE_NUL_STRING = 12;
/** Attribute type: nested attributes, possibly with their own policy. */
export const NL_ATTR_TYPE_NESTED = 13;
/** Attribute type: an array of nests whose own types are just indexes. */
export const NL_ATTR_TYPE_NESTED_ARRAY = 14;
/** Attribute type: `struct nla_bitfield32` (value and selector). */
export const NL_ATTR_TYPE_BITFIELD32 = 15;

/** Policy attribute 0, unused. */
export const NL_POLICY_TYPE_ATTR_UNSPEC = 0;
/** Policy attribute: the attribute's type, an `NL_ATTR_TYPE_*` value (u32). */
export const NL_POLICY_TYPE_ATTR_TYPE = 1;
/** Policy attribute: the smallest allowed value of a signed integer (s64). */
export const NL_POLICY_TYPE_ATTR_MIN_VALUE_S = 2;
/** Policy attribute: the largest allowed value of a signed integer (s64). */
export const NL_POLICY_TYPE_ATTR_MAX_VALUE_S = 3;
/** Policy attribute: the smallest allowed value of an unsigned integer (u64). */
export const NL_POLICY_TYPE_ATTR_MIN_VALUE_U = 4;
/** Policy attribute: the largest allowed value of an unsigned integer (u64). */
export const NL_POLICY_TYPE_ATTR_MAX_VALUE_U = 5;
/** Policy attribute: the minimum length of a binary or string attribute (u32). */
export const NL_POLICY_TYPE_ATTR_MIN_LENGTH = 6;
/** Policy attribute: the maximum length of a binary or string attribute (u32). */
export const NL_POLICY_TYPE_ATTR_MAX_LENGTH = 7;
/** Policy attribute: the index of the policy of a nested attribute (u32). */
export const NL_POLICY_TYPE_ATTR_POLICY_IDX = 8;
/** Policy attribute: the highest attribute type of that nested policy (u32). */
export const NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE = 9;
/** Policy attribute: the bits a bitfield32 attribute may set (u32). */
export const NL_POLICY_TYPE_ATTR_BITFIELD32_MASK = 10;
/** Policy attribute: padding, so that the 64-bit values are aligned. */
export const NL_POLICY_TYPE_ATTR_PAD = 11;
/** Policy attribute: the bits an unsigned integer may set (u64). Numbered after PAD, which came first. */
export const NL_POLICY_TYPE_ATTR_MASK = 12;
/** The highest policy attribute this version knows. */
export const NL_POLICY_TYPE_ATTR_MAX = NL_POLICY_TYPE_ATTR_MASK;

// ---------------------------------------------------------------------------------------------------
// Grouped tables, for name lookup
// ---------------------------------------------------------------------------------------------------

/** The netlink control message types (`NLMSG_*`), by name. */
export const NLMSG_CONTROL_TYPES = /* @__PURE__ */ Object.freeze({
  NLMSG_NOOP,
  NLMSG_ERROR,
  NLMSG_DONE,
  NLMSG_OVERRUN,
} as const);

/**
 * The netlink protocols (`NETLINK_*`), by name. `NETLINK_INET_DIAG` is left out: it is an alias, and
 * leaving it out keeps the table one name per number.
 */
export const NETLINK_PROTOCOLS = /* @__PURE__ */ Object.freeze({
  NETLINK_ROUTE,
  NETLINK_UNUSED,
  NETLINK_USERSOCK,
  NETLINK_FIREWALL,
  NETLINK_SOCK_DIAG,
  NETLINK_NFLOG,
  NETLINK_XFRM,
  NETLINK_SELINUX,
  NETLINK_ISCSI,
  NETLINK_AUDIT,
  NETLINK_FIB_LOOKUP,
  NETLINK_CONNECTOR,
  NETLINK_NETFILTER,
  NETLINK_IP6_FW,
  NETLINK_DNRTMSG,
  NETLINK_KOBJECT_UEVENT,
  NETLINK_GENERIC,
  NETLINK_SCSITRANSPORT,
  NETLINK_ECRYPTFS,
  NETLINK_RDMA,
  NETLINK_CRYPTO,
  NETLINK_SMC,
} as const);

/** The `SOL_NETLINK` socket options, by name. */
export const NETLINK_SOCKET_OPTIONS = /* @__PURE__ */ Object.freeze({
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_DROP_MEMBERSHIP,
  NETLINK_PKTINFO,
  NETLINK_BROADCAST_ERROR,
  NETLINK_NO_ENOBUFS,
  NETLINK_RX_RING,
  NETLINK_TX_RING,
  NETLINK_LISTEN_ALL_NSID,
  NETLINK_LIST_MEMBERSHIPS,
  NETLINK_CAP_ACK,
  NETLINK_EXT_ACK,
  NETLINK_GET_STRICT_CHK,
} as const);

/** The extended ACK attributes (`NLMSGERR_ATTR_*`), by name, without the `MAX` marker. */
export const NLMSGERR_ATTRS = /* @__PURE__ */ Object.freeze({
  NLMSGERR_ATTR_UNUSED,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  NLMSGERR_ATTR_COOKIE,
  NLMSGERR_ATTR_POLICY,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MISS_NEST,
} as const);

/** The policy attribute types (`NL_ATTR_TYPE_*`), by name. */
export const NL_ATTR_TYPES = /* @__PURE__ */ Object.freeze({
  NL_ATTR_TYPE_INVALID,
  NL_ATTR_TYPE_FLAG,
  NL_ATTR_TYPE_U8,
  NL_ATTR_TYPE_U16,
  NL_ATTR_TYPE_U32,
  NL_ATTR_TYPE_U64,
  NL_ATTR_TYPE_S8,
  NL_ATTR_TYPE_S16,
  NL_ATTR_TYPE_S32,
  NL_ATTR_TYPE_S64,
  NL_ATTR_TYPE_BINARY,
  NL_ATTR_TYPE_STRING,
  NL_ATTR_TYPE_NUL_STRING,
  NL_ATTR_TYPE_NESTED,
  NL_ATTR_TYPE_NESTED_ARRAY,
  NL_ATTR_TYPE_BITFIELD32,
} as const);

/** The attributes of a policy description (`NL_POLICY_TYPE_ATTR_*`), by name, without the `MAX` marker. */
export const NL_POLICY_TYPE_ATTRS = /* @__PURE__ */ Object.freeze({
  NL_POLICY_TYPE_ATTR_UNSPEC,
  NL_POLICY_TYPE_ATTR_TYPE,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_S,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_S,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_U,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_U,
  NL_POLICY_TYPE_ATTR_MIN_LENGTH,
  NL_POLICY_TYPE_ATTR_MAX_LENGTH,
  NL_POLICY_TYPE_ATTR_POLICY_IDX,
  NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE,
  NL_POLICY_TYPE_ATTR_BITFIELD32_MASK,
  NL_POLICY_TYPE_ATTR_PAD,
  NL_POLICY_TYPE_ATTR_MASK,
} as const);

// ---------------------------------------------------------------------------------------------------
// Name helpers
// ---------------------------------------------------------------------------------------------------

/** The first name in `table` whose value is `value`. The tables are small, so a scan beats a cached Map. */
function nameOf(table: Readonly<Record<string, number>>, value: number): string | undefined {
  for (const name in table) {
    if (table[name] === value) return name;
  }
  return undefined;
}

/**
 * The name of a netlink control message type (`'NLMSG_ERROR'` for 2), or `undefined` for any other type:
 * types from `NLMSG_MIN_TYPE` up belong to the protocol (and, for generic netlink, to the family), so
 * only the caller can name them.
 */
export function messageTypeName(type: number): string | undefined {
  return nameOf(NLMSG_CONTROL_TYPES, type);
}

/** The name of a netlink protocol number (`'NETLINK_ROUTE'` for 0), or `undefined` if it is not one. */
export function protocolName(protocol: number): string | undefined {
  return nameOf(NETLINK_PROTOCOLS, protocol);
}

/** The name of a `SOL_NETLINK` socket option (`'NETLINK_EXT_ACK'` for 11), or `undefined`. */
export function socketOptionName(option: number): string | undefined {
  return nameOf(NETLINK_SOCKET_OPTIONS, option);
}

/** The name of an extended ACK attribute type (`'NLMSGERR_ATTR_MSG'` for 1), or `undefined`. */
export function extAckAttributeName(type: number): string | undefined {
  return nameOf(NLMSGERR_ATTRS, type);
}

/** The name of a policy attribute type (`'NL_ATTR_TYPE_U32'` for 4), or `undefined`. */
export function policyTypeName(type: number): string | undefined {
  return nameOf(NL_ATTR_TYPES, type);
}

/** The name of a policy description attribute (`'NL_POLICY_TYPE_ATTR_TYPE'` for 1), or `undefined`. */
export function policyAttributeName(type: number): string | undefined {
  return nameOf(NL_POLICY_TYPE_ATTRS, type);
}

/**
 * What kind of message the flags belong to, which decides how the modifier bits 0x100..0x800 are named.
 * Set at most one of the four; with none, the modifier bits are left as hex because they are ambiguous.
 */
export interface FlagNameOptions {
  /** A GET request (or its reply): ROOT, MATCH, ATOMIC, with ROOT|MATCH named DUMP. */
  get?: boolean;
  /** A NEW request: REPLACE, EXCL, CREATE, APPEND. */
  new?: boolean;
  /** A DELETE request: NONREC, BULK. */
  delete?: boolean;
  /** An acknowledgement or error (`NLMSG_ERROR`, or the `NLMSG_DONE` of a dump): CAPPED, ACK_TLVS. */
  ack?: boolean;
}

/** The flags that mean the same in every message, in bit order. */
const COMMON_FLAGS: readonly (readonly [number, string])[] = [
  [NLM_F_REQUEST, 'NLM_F_REQUEST'],
  [NLM_F_MULTI, 'NLM_F_MULTI'],
  [NLM_F_ACK, 'NLM_F_ACK'],
  [NLM_F_ECHO, 'NLM_F_ECHO'],
  [NLM_F_DUMP_INTR, 'NLM_F_DUMP_INTR'],
  [NLM_F_DUMP_FILTERED, 'NLM_F_DUMP_FILTERED'],
];

// For GET, the combined DUMP comes first so that it claims both of its bits before ROOT and MATCH are tried.
const GET_FLAGS: readonly (readonly [number, string])[] = [
  [NLM_F_DUMP, 'NLM_F_DUMP'],
  [NLM_F_ROOT, 'NLM_F_ROOT'],
  [NLM_F_MATCH, 'NLM_F_MATCH'],
  [NLM_F_ATOMIC, 'NLM_F_ATOMIC'],
];
const NEW_FLAGS: readonly (readonly [number, string])[] = [
  [NLM_F_REPLACE, 'NLM_F_REPLACE'],
  [NLM_F_EXCL, 'NLM_F_EXCL'],
  [NLM_F_CREATE, 'NLM_F_CREATE'],
  [NLM_F_APPEND, 'NLM_F_APPEND'],
];
const DELETE_FLAGS: readonly (readonly [number, string])[] = [
  [NLM_F_NONREC, 'NLM_F_NONREC'],
  [NLM_F_BULK, 'NLM_F_BULK'],
];
const ACK_FLAGS: readonly (readonly [number, string])[] = [
  [NLM_F_CAPPED, 'NLM_F_CAPPED'],
  [NLM_F_ACK_TLVS, 'NLM_F_ACK_TLVS'],
];

/**
 * The names of the `NLM_F_*` flags set in `flags`, in bit order, for a debug printer:
 * `netlinkFlagNames(0x305, { get: true })` is `['NLM_F_REQUEST', 'NLM_F_ACK', 'NLM_F_DUMP']`.
 *
 * The modifier bits are only named when `options` says what kind of message this is; bits that have no
 * name (for that kind) are collected into one hex string at the end, e.g. `'0x1000'`, so no bit is ever
 * silently dropped. Zero flags give an empty array.
 *
 * @throws {TypeError} if more than one kind is set in `options`, or `flags` is not an integer in 0..0xffff.
 */
export function netlinkFlagNames(flags: number, options: FlagNameOptions = {}): string[] {
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffff) {
    throw new InvalidArgumentError('', `netlink flags must be an integer in 0..0xffff, got ${flags}`);
  }
  const kinds: (readonly (readonly [number, string])[])[] = [];
  if (options.get === true) kinds.push(GET_FLAGS);
  if (options.new === true) kinds.push(NEW_FLAGS);
  if (options.delete === true) kinds.push(DELETE_FLAGS);
  if (options.ack === true) kinds.push(ACK_FLAGS);
  if (kinds.length > 1) {
    throw new InvalidArgumentError('', 'netlinkFlagNames: set at most one of get, new, delete and ack');
  }
  const names: string[] = [];
  let rest = flags;
  for (const [bits, name] of [...COMMON_FLAGS, ...kinds.flat()]) {
    if ((rest & bits) === bits) {
      names.push(name);
      rest &= ~bits;
    }
  }
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names;
}
