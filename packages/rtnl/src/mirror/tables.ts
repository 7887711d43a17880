import { formatIP } from '@linx/netlink-wire';
import type { Address } from '../address/shape.js';
import type { Link } from '../link/link.js';
import type { Neighbour } from '../neighbour/shape.js';
import type { Route } from '../route/shape.js';
import type { Rule } from '../rule/shape.js';
import { InvalidArgumentError, parsePrefix, type InterfaceRef } from '../shared/arguments.js';
import type { TableName } from '../shared/names.js';
import { tableNumber } from '../rule/shape.js';

/**
 * The read side of a mirror: each kind's objects as `list()` returns them, kept current, with lookups.
 * The objects are the mirror's own: treat them as read-only (a copy is `structuredClone(object)`).
 */
abstract class Table<T> implements Iterable<T> {
  /** @internal key → object, replaced as a whole on a resync */
  map: Map<string | number, T>;

  // Stryker disable next-line BlockStatement: the mirror sets every table's map again (#install) when its first listing ends, before rtnl.mirror() hands it out
  constructor(map: Map<string | number, T>) {
    this.map = map;
  }

  get size(): number {
    return this.map.size;
  }

  /** Every object, in no particular order. */
  list(): T[] {
    return [...this.map.values()];
  }

  [Symbol.iterator](): Iterator<T> {
    return this.map.values();
  }
}

/** Index → name, for lookups by interface name. */
type Names = { indexOf(ref: InterfaceRef): number | undefined };

/** The links, by index or name (`mirror.links.get('eth0')`). */
export class LinkTable extends Table<Link> implements Names {
  /** The link with this name or index. */
  get(ref: InterfaceRef): Link | undefined {
    if (typeof ref === 'number') return this.map.get(ref);
    for (const link of this.map.values()) if (link.ifname === ref) return link;
    return undefined;
  }

  indexOf(ref: InterfaceRef): number | undefined {
    return this.get(ref)?.index;
  }
}

/** The addresses, all or by interface (`mirror.addresses.of('eth0')`). */
export class AddressTable extends Table<Address> {
  constructor(
    map: Map<string | number, Address>,
    private readonly links: Names,
  ) {
    super(map);
  }

  /** The addresses of an interface (name or index); of one family if asked. */
  of(ref: InterfaceRef, family?: 'inet' | 'inet6'): Address[] {
    const index = this.links.indexOf(ref);
    if (index === undefined) return [];
    return this.list().filter((a) => a.ifindex === index && (family === undefined || a.family === family));
  }
}

/** The routes of every table: by table, or by destination prefix (`mirror.routes.get('10.0.0.0/8', { table: 100 })`). */
export class RouteTable extends Table<Route> {
  /** The routes of one table (a name or number), of one family if asked. */
  inTable(table: TableName | number, family?: 'inet' | 'inet6'): Route[] {
    const id = tableNumber(table, 'table');
    return this.list().filter((r) => r.table === id && (family === undefined || r.family === family));
  }

  /**
   * The routes for a destination: 'default' (of `family`, 'inet' unless said) or a prefix ('10.0.0.0/8';
   * a bare address is a host route), in table main unless `table` says otherwise.
   */
  get(prefix: string, where: { table?: TableName | number; family?: 'inet' | 'inet6' } = {}): Route[] {
    const table = tableNumber(where.table ?? 'main', 'where.table');
    if (prefix === 'default') {
      const family = where.family ?? 'inet';
      return this.list().filter((r) => r.table === table && r.family === family && r.dstLen === 0);
    }
    if (typeof prefix !== 'string') throw new InvalidArgumentError('prefix', 'expected a prefix or "default"');
    const p = parsePrefix(prefix, 'prefix');
    const address = formatIP(p.bytes);
    return this.list().filter((r) => r.table === table && r.family === p.family && r.dstLen === p.prefixLength && r.dst === address);
  }
}

/** The ARP and NDP entries, all or by interface. */
export class NeighbourTable extends Table<Neighbour> {
  constructor(
    map: Map<string | number, Neighbour>,
    private readonly links: Names,
  ) {
    super(map);
  }

  /** The entries of an interface (name or index). */
  of(ref: InterfaceRef): Neighbour[] {
    const index = this.links.indexOf(ref);
    return index === undefined ? [] : this.list().filter((n) => n.ifindex === index);
  }

  /** The entry for `dst` on an interface. */
  get(ref: InterfaceRef, dst: string): Neighbour | undefined {
    return this.of(ref).find((n) => n.dst === dst);
  }
}

/** The rules of both families, in the kernel's order (by priority). */
export class RuleTable extends Table<Rule> {
  override list(): Rule[] {
    return super.list().sort((a, b) => a.priority - b.priority);
  }
}
