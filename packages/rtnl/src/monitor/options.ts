import { InvalidArgumentError, checkIfname, checkIndex, checkInteger, type InterfaceRef } from '../shared/arguments.js';
import type { TableName } from '../shared/names.js';
import { tableNumber } from '../rule/shape.js';
import type { MonitorKind, MonitorObjectEvent, OptInMonitorKind, TcMonitorKind } from './events.js';
import type { MonitorFamily } from './groups.js';

/** Options of `rtnl.monitor()`. */
export interface MonitorOptions {
  /**
   * The kinds of object to follow: 'link', 'address', 'route', 'neighbour', 'rule' (all of these by default),
   * and, only when named, tc's 'qdisc', 'class', 'filter', 'action', and 'nexthop', 'netconf', 'mdb' and 'vlan'.
   */
  kinds?: readonly (MonitorKind | TcMonitorKind | OptInMonitorKind)[];
  /** Addresses, routes, rules and neighbours of one family only ('inet' or 'inet6'; the kernel's groups). */
  family?: MonitorFamily;
  /**
   * Only events about this interface (name or index): the link itself, its addresses and neighbours,
   * routes through it (output, input or a next hop) and rules naming it (`iifname`/`oifname`).
   */
  interface?: InterfaceRef;
  /** Routes and rules of this table only (a name or number); other kinds are unaffected. */
  table?: TableName | number;
  /** false: objects without interface names (`dev`; a link's `masterDev`, `linkDev`): no link dump at the start, no link group joined for names. */
  names?: boolean;
  /**
   * The monitor socket's receive buffer in bytes (4 MiB by default): what the kernel holds while the
   * consumer is behind, before it drops notifications (an overrun).
   */
  receiveBufferSize?: number;
  /**
   * Events that may wait for a slow consumer before reading pauses (8192 by default); then the kernel's
   * receive buffer fills and overruns. Bounds the memory a monitor uses.
   */
  highWaterMark?: number;
  /** Stops the monitor: iteration ends, listeners get 'close'. */
  signal?: AbortSignal;
}

export const MONITOR_KINDS: readonly MonitorKind[] = ['link', 'address', 'route', 'neighbour', 'rule'];
/** The tc kinds a monitor follows when named (not by default, and not in a mirror). */
const TC_MONITOR_KINDS: readonly TcMonitorKind[] = ['qdisc', 'class', 'filter', 'action'];
/** Other kinds a monitor follows only when named (not in a mirror). */
const OPT_IN_MONITOR_KINDS: readonly OptInMonitorKind[] = ['nexthop', 'netconf', 'mdb', 'vlan'];
const OPTION_KEYS = new Set(['kinds', 'family', 'interface', 'table', 'names', 'receiveBufferSize', 'highWaterMark', 'signal']);

/** A list of kinds checked (`InvalidArgumentError` for an unknown one or an empty list); all kinds when undefined. */
export function checkKinds(kinds: readonly MonitorKind[] | undefined, argument: string): Set<MonitorKind> {
  if (kinds === undefined) return new Set(MONITOR_KINDS);
  if (!Array.isArray(kinds) || kinds.length === 0) throw new InvalidArgumentError(argument, `expected a non-empty list of ${MONITOR_KINDS.join(', ')}`);
  for (const kind of kinds) if (!MONITOR_KINDS.includes(kind)) throw new InvalidArgumentError(argument, `unknown kind ${JSON.stringify(kind)}; expected ${MONITOR_KINDS.join(', ')}`);
  return new Set(kinds);
}

/** `checkKinds` for a monitor, which also follows tc's kinds when they are named. */
function checkMonitorKinds(kinds: readonly (MonitorKind | TcMonitorKind | OptInMonitorKind)[] | undefined, argument: string): Set<MonitorKind | TcMonitorKind | OptInMonitorKind> {
  if (kinds === undefined) return new Set(MONITOR_KINDS);
  const all: readonly string[] = [...MONITOR_KINDS, ...TC_MONITOR_KINDS, ...OPT_IN_MONITOR_KINDS];
  if (!Array.isArray(kinds) || kinds.length === 0) throw new InvalidArgumentError(argument, `expected a non-empty list of ${all.join(', ')}`);
  for (const kind of kinds) if (!all.includes(kind)) throw new InvalidArgumentError(argument, `unknown kind ${JSON.stringify(kind)}; expected ${all.join(', ')}`);
  return new Set(kinds);
}

/** Options checked before anything is opened; the interface is resolved later (it needs the kernel). */
export interface CheckedMonitorOptions {
  kinds: ReadonlySet<MonitorKind | TcMonitorKind | OptInMonitorKind>;
  family: MonitorFamily | undefined;
  interface: InterfaceRef | undefined;
  table: number | undefined;
  names: boolean;
  receiveBufferSize: number | undefined;
  highWaterMark: number | undefined;
  signal: AbortSignal | undefined;
}

/** Checks `monitor()`'s options: `InvalidArgumentError` naming the bad one, before anything is opened. */
export function checkMonitorOptions(options: MonitorOptions, argument = 'options'): CheckedMonitorOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(argument, 'expected an object');
  for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw new InvalidArgumentError(`${argument}.${key}`, `unknown option; expected ${[...OPTION_KEYS].join(', ')}`);
  const kinds = checkMonitorKinds(options.kinds, `${argument}.kinds`);
  const family = options.family;
  if (family !== undefined && family !== 'inet' && family !== 'inet6') throw new InvalidArgumentError(`${argument}.family`, `expected 'inet' or 'inet6', got ${JSON.stringify(family)}`);
  let iface: InterfaceRef | undefined;
  if (options.interface !== undefined) iface = typeof options.interface === 'number' ? checkIndex(options.interface, `${argument}.interface`) : checkIfname(options.interface, `${argument}.interface`);
  const table = options.table === undefined ? undefined : tableNumber(options.table, `${argument}.table`);
  if (options.names !== undefined && typeof options.names !== 'boolean') throw new InvalidArgumentError(`${argument}.names`, 'expected a boolean');
  const receiveBufferSize = options.receiveBufferSize === undefined ? undefined : checkInteger(options.receiveBufferSize, `${argument}.receiveBufferSize`, 1, 0x7fff_ffff);
  const highWaterMark = options.highWaterMark === undefined ? undefined : checkInteger(options.highWaterMark, `${argument}.highWaterMark`, 1, 0x7fff_ffff);
  const signal = options.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new InvalidArgumentError(`${argument}.signal`, 'expected an AbortSignal');
  return { kinds, family, interface: iface, table, names: options.names !== false, receiveBufferSize, highWaterMark, signal };
}

/**
 * The JS side of a monitor's filtering (the kernel only chooses by group): kinds, family, interface,
 * table; links other than AF_UNSPEC ones (bridge port messages share the link group) and rules of
 * families other than inet and inet6 (IPv4 multicast routing's) are left out, as `list()` leaves them out.
 * `name` is the interface's name, for rules, which name interfaces.
 */
export function eventFilter(options: CheckedMonitorOptions, index: number | undefined, name: string | undefined): (event: MonitorObjectEvent) => boolean {
  const { kinds, family, table } = options;
  return (event) => {
    if (!kinds.has(event.kind)) return false;
    switch (event.kind) {
      case 'link':
        return event.object.family === 'unspec' && (index === undefined || event.object.index === index);
      case 'address':
        return (family === undefined || event.object.family === family) && (index === undefined || event.object.ifindex === index);
      case 'route': {
        const r = event.object;
        return (
          (family === undefined || r.family === family) &&
          (table === undefined || r.table === table) &&
          (index === undefined || r.oif === index || r.iif === index || (r.multipath?.some((hop) => hop.oif === index) ?? false))
        );
      }
      case 'neighbour':
        return (family === undefined || event.object.family === family) && (index === undefined || event.object.ifindex === index);
      case 'rule': {
        const r = event.object;
        if (r.family !== 'inet' && r.family !== 'inet6') return false;
        if (family !== undefined && r.family !== family) return false;
        if (table !== undefined && (r.table === undefined ? 0 : tableNumber(r.table, 'table')) !== table) return false;
        return index === undefined || (name !== undefined && (r.iifname === name || r.oifname === name));
      }
      case 'qdisc':
      case 'class':
      case 'filter':
        return index === undefined || event.object.ifindex === index;
      case 'action':
        // Shared actions belong to no interface: an interface filter leaves them out.
        return index === undefined;
      case 'nexthop':
        return (family === undefined || event.object.family === family) && (index === undefined || event.object.oif === index);
      case 'netconf':
        return (family === undefined || event.object.family === family) && (index === undefined || event.object.ifindex === index);
      case 'mdb':
        // The bridge or the port: an interface filter takes the entries of either.
        return index === undefined || event.object.ifindex === index || event.object.port === index;
      case 'vlan':
        return index === undefined || event.object.ifindex === index;
    }
  };
}
