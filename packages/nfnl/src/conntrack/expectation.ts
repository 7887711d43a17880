import type { DecodedMessage } from '../nftables/common.js';
import type { expectFlagsValues, expectMessage } from './messages.js';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { checkInteger } from '../arguments.js';
import { checkTuples, PORT_PROTOCOLS, protocolNumberOf, tupleAttrsOf, tupleFrom, type ConntrackFamily, type ConntrackTuple, type TupleSpec } from './tuple.js';

/** An expectation: a connection a helper (ftp, sip, …) expects because of one it tracks (`conntrack -L expect`). */
export interface ConntrackExpectation {
  family: ConntrackFamily;
  /** The connection it is expected from. */
  master: ConntrackTuple;
  /** The expected connection's tuple, and which of its parts must match (a zero part of the mask is any). */
  tuple: ConntrackTuple;
  mask: ConntrackTuple;
  /** Seconds left. */
  timeout?: number;
  id?: number;
  /** The helper that made it. */
  helper?: string;
  zone?: number;
  flags: (keyof typeof expectFlagsValues | number)[];
  class?: number;
  /** Where the expected connection will be NATed to. */
  nat?: { dir?: number; tuple?: ConntrackTuple };
  /** The helper's expectation function, by name. */
  fn?: string;
}

/** A decoded expectation message as a `ConntrackExpectation`. */
export function expectationFrom(message: DecodedMessage<typeof expectMessage>): ConntrackExpectation {
  const a = message.attrs;
  const out: ConntrackExpectation = {
    family: message.header.family as ConntrackFamily,
    master: tupleFrom(a.master ?? {}),
    tuple: tupleFrom(a.tuple ?? {}),
    mask: tupleFrom(a.mask ?? {}),
    flags: a.flags ?? [],
  };
  if (a.timeout !== undefined) out.timeout = a.timeout;
  if (a.id !== undefined) out.id = a.id;
  if (a.helpName !== undefined) out.helper = a.helpName;
  if (a.zone !== undefined) out.zone = a.zone;
  if (a.class !== undefined) out.class = a.class;
  if (a.nat !== undefined) out.nat = { ...(a.nat.dir !== undefined ? { dir: a.nat.dir } : {}), ...(a.nat.tuple ? { tuple: tupleFrom(a.nat.tuple) } : {}) };
  if (a.fn !== undefined) out.fn = a.fn;
  return out;
}

/** An expectation to create (`conntrack -I expect`). */
export interface ExpectationSpec {
  family?: ConntrackFamily;
  /** The master connection's original tuple, whole: the kernel looks the entry up by it (ENOENT if none). */
  master: TupleSpec;
  /**
   * The connection expected: `protocol`, `dst` and (for protocols with ports) `dport` are needed, and match
   * exactly; `src` and `sport` left out are matched by anything (sent as 0 with a zero mask).
   */
  tuple: TupleSpec;
  /**
   * Which bits of the source address and port must match (text, a number); by default all of those `tuple`
   * gives. The kernel keeps a mask for the source only (struct nf_conntrack_tuple_mask): the destination
   * always matches whole, and the mask it lists for it is all ones.
   */
  mask?: Pick<TupleSpec, 'src' | 'sport'>;
  /** The zone of the master and the expectation (CTA_EXPECT_ZONE). */
  zone?: number;
  /** The helper the expectation is for (CTA_EXPECT_HELP_NAME; 'ftp', 'sip', …); the master's helper when left out. */
  helper?: string;
  /** The helper's expectation class (0 by default; at most the helper's own maximum, else EINVAL). */
  class?: number;
  /** `permanent` (it stays after a connection matched it) and `inactive` (it matches nothing until activated). */
  flags?: readonly ('permanent' | 'inactive')[];
  /**
   * Seconds, sent as CTA_EXPECT_TIMEOUT as the tool does. Linux 6.18 gives a new expectation its helper's
   * timeout whatever this says (nf_ct_expect_insert()); `updateExpectation` changes it afterwards.
   */
  timeout?: number;
}

/** Which expectation: its tuple (a connection it would match), zone, and id (for a listed one). */
export type ExpectationKey = ConntrackExpectation | { family?: ConntrackFamily; tuple: TupleSpec; zone?: number; id?: number };

/** A tuple with every part: a part left out is 0 (and, in the mask it gets by default, matched by anything). */
function wholeTuple(name: string, tuple: TupleSpec, family: ConntrackFamily): TupleSpec {
  if (tuple.protocol === undefined) throw new InvalidArgumentError(`${name}.protocol`, 'an expectation\'s tuple needs its protocol');
  const any = family === 'ip6' ? '::' : '0.0.0.0';
  const out: TupleSpec = { src: tuple.src ?? any, dst: tuple.dst ?? any, protocol: tuple.protocol };
  const protocol = protocolNumberOf(name, tuple.protocol);
  if (protocol !== undefined && PORT_PROTOCOLS.has(protocol)) {
    out.sport = tuple.sport ?? 0;
    out.dport = tuple.dport ?? 0;
  }
  if (tuple.icmp !== undefined) out.icmp = { type: tuple.icmp.type ?? 0, code: tuple.icmp.code ?? 0, id: tuple.icmp.id ?? 0 };
  return out;
}

/** The default mask: all ones for the source parts `tuple` gives, zero for the rest; the destination whole (as the tool sends it). */
function defaultMask(tuple: TupleSpec, family: ConntrackFamily): TupleSpec {
  const [all, none] = family === 'ip6' ? ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::'] : ['255.255.255.255', '0.0.0.0'];
  return { src: tuple.src !== undefined ? all : none, dst: all, sport: tuple.sport !== undefined ? 0xffff : 0, dport: 0xffff };
}

/**
 * The family and attributes of IPCTNL_MSG_EXP_NEW for `spec`, checked: the kernel parses each of the three
 * tuples whole (ctnetlink_parse_tuple() wants both addresses, the protocol and its ports), so a part left out
 * is sent as 0 under a zero mask. Throws `InvalidArgumentError` before anything is sent.
 */
export function expectationRequest(spec: ExpectationSpec): { family: ConntrackFamily; attrs: Record<string, unknown> } {
  if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError('spec', 'an expectation is { master, tuple, mask?, … }');
  if (typeof spec.master !== 'object' || spec.master === null) throw new InvalidArgumentError('spec.master', 'an expectation needs its master connection\'s original tuple');
  if (typeof spec.tuple !== 'object' || spec.tuple === null) throw new InvalidArgumentError('spec.tuple', 'an expectation needs the tuple it expects');
  const mask = spec.mask ?? {};
  const maskProtocol = { ...mask, protocol: spec.tuple.protocol } as TupleSpec;
  const family = checkTuples([['spec.master', spec.master], ['spec.tuple', spec.tuple], ['spec.mask', maskProtocol]], spec.family) ?? 'ip';
  for (const part of ['src', 'dst', 'protocol'] as const) if (spec.master[part] === undefined) throw new InvalidArgumentError(`spec.master.${part}`, 'the master tuple is looked up whole: it needs src, dst and protocol (and ports)');
  const tuple = wholeTuple('spec.tuple', spec.tuple, family);
  if (spec.tuple.dst === undefined) throw new InvalidArgumentError('spec.tuple.dst', 'an expectation matches its destination address exactly: give it');
  if (tuple.dport !== undefined && spec.tuple.dport === undefined) throw new InvalidArgumentError('spec.tuple.dport', 'an expectation matches its destination port exactly: give it');
  if (spec.mask !== undefined && (typeof spec.mask !== 'object' || spec.mask === null || Object.keys(spec.mask).some((k) => k !== 'src' && k !== 'sport'))) throw new InvalidArgumentError('spec.mask', 'a mask has src and sport only: the kernel matches the destination whole');
  const masked = { ...tuple, ...defaultMask(spec.tuple, family), ...(spec.mask ? wholeMask(spec.mask) : {}) };
  if (tuple.sport === undefined) delete masked.sport;
  if (tuple.dport === undefined) delete masked.dport;
  // Of an ICMP mask the kernel keeps the id alone (exp->mask.src.u.all in ctnetlink_alloc_expect()).
  if (tuple.icmp !== undefined) masked.icmp = { type: 0, code: 0, id: spec.tuple.icmp?.id !== undefined ? 0xffff : 0 };
  const attrs: Record<string, unknown> = {
    master: tupleAttrsOf(spec.master, family),
    tuple: tupleAttrsOf(tuple, family),
    mask: tupleAttrsOf(masked, family),
  };
  if (spec.zone !== undefined) attrs.zone = checkInteger('spec.zone', spec.zone, 0, 0xffff);
  if (spec.helper !== undefined) attrs.helpName = checkHelperName('spec.helper', spec.helper);
  if (spec.class !== undefined) attrs.class = checkInteger('spec.class', spec.class, 0, 0xffffffff);
  if (spec.flags !== undefined) {
    if (!Array.isArray(spec.flags)) throw new InvalidArgumentError('spec.flags', 'flags are a list: permanent, inactive');
    for (const f of spec.flags) if (f !== 'permanent' && f !== 'inactive') throw new InvalidArgumentError('spec.flags', `${String(f)} is not an expectation flag a request may set (permanent, inactive)`);
    attrs.flags = spec.flags;
  }
  if (spec.timeout !== undefined) attrs.timeout = checkInteger('spec.timeout', spec.timeout, 0, 0xffffffff);
  return { family, attrs };
}

/** The mask parts given, as a tuple (the mask's protocol is the tuple's). */
function wholeMask(mask: NonNullable<ExpectationSpec['mask']>): TupleSpec {
  const out: TupleSpec = {};
  for (const part of ['src', 'sport'] as const) if (mask[part] !== undefined) (out as Record<string, unknown>)[part] = mask[part];
  return out;
}

/** Checks a helper's name: 1 to 15 bytes (NF_CT_HELPER_NAME_LEN is 16 with the NUL), or throws `InvalidArgumentError`. */
export function checkHelperName(argument: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0') || new TextEncoder().encode(name).length > 15) throw new InvalidArgumentError(argument, `${JSON.stringify(name)} is not a helper name (1 to 15 bytes)`);
  return name;
}

/** The family and attributes naming one expectation (IPCTNL_MSG_EXP_GET / DELETE): its tuple, zone and id. */
export function expectationKeyRequest(key: ExpectationKey): { family: ConntrackFamily; attrs: Record<string, unknown> } {
  if (typeof key !== 'object' || key === null || typeof key.tuple !== 'object' || key.tuple === null) throw new InvalidArgumentError('key.tuple', 'an expectation is named by its tuple (a delete without one would flush them all)');
  const family = checkTuples([['key.tuple', key.tuple]], key.family) ?? 'ip';
  for (const part of ['src', 'dst', 'protocol'] as const) if (key.tuple[part] === undefined) throw new InvalidArgumentError(`key.tuple.${part}`, 'an expectation is looked up by a whole tuple: src, dst and protocol (and ports)');
  const attrs: Record<string, unknown> = { tuple: tupleAttrsOf(wholeTuple('key.tuple', key.tuple, family), family) };
  if (key.zone !== undefined) attrs.zone = checkInteger('key.zone', key.zone, 0, 0xffff);
  if (key.id !== undefined) attrs.id = checkInteger('key.id', key.id, 0, 0xffffffff);
  return { family, attrs };
}
