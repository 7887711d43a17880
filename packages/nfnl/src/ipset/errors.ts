import { LinxError, NetlinkError } from '@linx/netlink-wire';
import { IPSET_ERR_TYPE_SPECIFIC, ipsetErrnoValues, ipsetTypeErrnoValues } from './messages.js';

const NAMES = new Map<number, string>(Object.entries(ipsetErrnoValues).map(([name, n]) => [n, name]));

/** What each ipset error means, in words (the kernel sends only the number). */
const TEXT: Record<string, string> = {
  IPSET_ERR_PROTOCOL: 'the kernel does not understand the request (protocol error)',
  IPSET_ERR_FIND_TYPE: 'the kernel has no such set type (or not that revision or family)',
  IPSET_ERR_MAX_SETS: 'the kernel cannot make more sets',
  IPSET_ERR_BUSY: 'the set is in use and cannot be destroyed',
  IPSET_ERR_EXIST_SETNAME2: 'a set with the new name exists already',
  IPSET_ERR_TYPE_MISMATCH: 'the sets are of different types (or families) and cannot be swapped',
  IPSET_ERR_EXIST: 'the element is already in the set, or not in it',
  IPSET_ERR_INVALID_CIDR: 'the prefix length is invalid',
  IPSET_ERR_INVALID_NETMASK: 'the netmask is invalid',
  IPSET_ERR_INVALID_FAMILY: 'the family is invalid for this set type',
  IPSET_ERR_TIMEOUT: 'the set has no timeouts, so an element cannot have one',
  IPSET_ERR_REFERENCED: 'the set is referenced by a rule or another set',
  IPSET_ERR_IPADDR_IPV4: 'an IPv4 address was expected',
  IPSET_ERR_IPADDR_IPV6: 'an IPv6 address was expected',
  IPSET_ERR_COUNTER: 'the set has no counters, so an element cannot have them',
  IPSET_ERR_COMMENT: 'the set has no comments, so an element cannot have one',
  IPSET_ERR_INVALID_MARKMASK: 'the markmask is invalid',
  IPSET_ERR_SKBINFO: 'the set has no skbinfo, so an element cannot have it',
  IPSET_ERR_HASH_FULL: 'the hash set is full (maxelem)',
  IPSET_ERR_HASH_ELEM: 'the element is invalid for this hash set',
  IPSET_ERR_INVALID_PROTO: 'the protocol is invalid',
  IPSET_ERR_MISSING_PROTO: 'the protocol is missing',
  IPSET_ERR_HASH_RANGE_UNSUPPORTED: 'this set type takes no range here',
  IPSET_ERR_HASH_RANGE: 'the range is invalid',
  IPSET_ERR_BITMAP_RANGE: 'the element is outside the bitmap set\'s range',
  IPSET_ERR_BITMAP_RANGE_SIZE: 'the range is too large for a bitmap set',
  IPSET_ERR_NAME: 'no set with that name to add to the list',
  IPSET_ERR_LOOP: 'a list set cannot hold itself',
  IPSET_ERR_BEFORE: 'before/after needs the reference set to be in the list',
  IPSET_ERR_NAMEREF: 'the reference set is not in the list',
  IPSET_ERR_LIST_FULL: 'the list set is full',
  IPSET_ERR_REF_EXIST: 'the reference set does not exist',
};

/** The IPSET_ERR_* name of an errno (type-specific numbers need the kind of set: hash, bitmap or list). */
export function ipsetErrnoName(errno: number, setType?: string): string | undefined {
  if (errno >= IPSET_ERR_TYPE_SPECIFIC) {
    const kind = setType?.split(':')[0] as keyof typeof ipsetTypeErrnoValues | undefined;
    const names: readonly string[] | undefined = kind ? ipsetTypeErrnoValues[kind] : undefined;
    return names?.[errno - IPSET_ERR_TYPE_SPECIFIC];
  }
  return NAMES.get(errno);
}

/**
 * The kernel refused an ipset request with one of ipset's own errors (errno above 4096, which ip(8) and
 * strerror do not know): `reason` names it (`IPSET_ERR_FIND_TYPE`, `IPSET_ERR_EXIST`, …, or
 * `IPSET_ERR_TYPE_SPECIFIC+N` for a set type linx could not tell), `cause` is the kernel's NetlinkError.
 */
export class IpsetError extends LinxError {
  readonly errno: number;
  readonly reason: string;
  override readonly cause: NetlinkError;
  /** Of the element verbs given many elements: the index of the element the kernel refused. */
  readonly index: number | undefined;

  constructor(error: NetlinkError, what: string, setType?: string, index?: number) {
    const reason = ipsetErrnoName(error.errno, setType) ?? `IPSET_ERR_TYPE_SPECIFIC+${error.errno - IPSET_ERR_TYPE_SPECIFIC}`;
    const text = TEXT[reason];
    super('ERR_LINX_IPSET', `${what}: ${reason}${text ? ` (${text})` : ''}${error.extAckMessage ? `: ${error.extAckMessage}` : ''}`);
    this.errno = error.errno;
    this.reason = reason;
    this.cause = error;
    this.index = index;
  }
}

/** A NetlinkError carrying an ipset errno becomes an IpsetError; anything else is returned as it is. */
export function ipsetError(error: unknown, what: string, setType?: string, index?: number): unknown {
  if (error instanceof NetlinkError && error.errno > 4096) return new IpsetError(error, what, setType, index);
  return error;
}

/** The kernel speaks no ipset protocol version linx does (IPSET_CMD_PROTOCOL's answer is outside its range). */
export class IpsetProtocolError extends LinxError {
  constructor(readonly kernel: { version: number; min: number }, readonly linx: { version: number; min: number }) {
    super('ERR_LINX_IPSET_PROTOCOL', `the kernel speaks ipset protocol ${kernel.min}…${kernel.version}, linx ${linx.min}…${linx.version}`);
  }
}
