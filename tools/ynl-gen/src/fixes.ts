import type { RawAttr, RawAttrSet, RawDefinition, RawMcastGroup, RawMember, RawOperation, RawSpec, RawSubMessageFormat } from './spec.js';
import { IP_ADDRESS_HINT } from './types.js';

/**
 * Corrections of spec snapshots that disagree with the kernel on the wire format: attribute numbering
 * that differs from the kernel's UAPI headers (the C enums the kernel is built with), and integers the
 * kernel writes in network byte order where the spec states none. Each fix says what it follows;
 * test/kernel-headers.test.ts checks every generated id against the headers, with and without the fixes,
 * and packages/nfnl's live test decodes the kernel's own counters and timeouts. A fix that no longer
 * applies (the spec was corrected upstream) is an error, so that it gets removed rather than applied twice.
 */
export interface Fix {
  /** Spec file the fix is for. */
  spec: string;
  /** What is changed, and the header constant that says so (written into the generated module). */
  description: string;
  apply(spec: RawSpec): void;
}

function setOf(spec: RawSpec, name: string): RawAttrSet {
  const set = spec['attribute-sets'].find((s) => s.name === name);
  if (!set) throw new Error(`fix: ${spec.name} has no attribute set ${name}; the fix no longer applies`);
  return set;
}

function indexOf(set: RawAttrSet, name: string): number {
  const i = set.attributes.findIndex((a) => a.name === name);
  if (i < 0) throw new Error(`fix: ${set.name} has no attribute ${name}; the fix no longer applies`);
  return i;
}

/** Inserts `attr` before attribute `before` of `set` (the ids after it move up by one). */
function insertBefore(set: string, before: string, attr: RawAttr, header: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${attr.name} inserted before ${before} (${header})`,
    apply(spec) {
      const s = setOf(spec, set);
      if (s.attributes.some((a) => a.name === attr.name)) throw new Error(`fix: ${set} already has ${attr.name}; the fix no longer applies`);
      s.attributes.splice(indexOf(s, before), 0, { ...attr });
    },
  };
}

/** Moves attribute `name` of `set` before attribute `before`. */
function moveBefore(set: string, name: string, before: string, header: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${name} moved before ${before} (${header})`,
    apply(spec) {
      const s = setOf(spec, set);
      const from = indexOf(s, name);
      if (from === indexOf(s, before) - 1) throw new Error(`fix: ${set}.${name} is already before ${before}; the fix no longer applies`);
      const [attr] = s.attributes.splice(from, 1);
      s.attributes.splice(indexOf(s, before), 0, attr!);
    },
  };
}

/**
 * Makes attributes of `set` IP addresses as text (4 bytes IPv4, 16 bytes IPv6: the codec's `ip()`), where
 * the kernel puts exactly an in_addr or in6_addr and the spec states a u32 or bytes with a display hint.
 */
function ipAddressText(set: string, names: string[], source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${names.join(', ')} are IPv4 or IPv6 addresses, 4 or 16 bytes, as text (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      for (const name of names) {
        const attr = s.attributes[indexOf(s, name)]!;
        if (attr['display-hint'] === IP_ADDRESS_HINT) throw new Error(`fix: ${set}.${name} is an address already; the fix no longer applies`);
        if (attr.type !== 'u32' && attr.type !== 'binary') throw new Error(`fix: ${set}.${name} is a ${String(attr.type)}, not a u32 or bytes; the fix no longer applies`);
        attr.type = 'binary';
        delete attr['byte-order'];
        attr['display-hint'] = IP_ADDRESS_HINT;
      }
    },
  };
}

/**
 * Makes attribute `name` of `set` length-prefixed records (the codec's `records`): each `struct` (added to
 * the spec; its first member the record's u16 length) then attributes of `nested`, where the spec says bytes.
 */
function recordsOf(set: string, name: string, struct: RawDefinition, nested: string, source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${name} is records of struct ${struct.name} and ${nested} (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      const attr = s.attributes[indexOf(s, name)]!;
      if (attr.type !== 'binary') throw new Error(`fix: ${set}.${name} is a ${String(attr.type)}, not bytes; the fix no longer applies`);
      if (spec.definitions?.some((d) => d.name === struct.name)) throw new Error(`fix: ${spec.name} already has ${struct.name}; the fix no longer applies`);
      setOf(spec, nested);
      (spec.definitions ??= []).push(structuredClone(struct));
      Object.assign(attr, { type: 'nest', 'fixed-header': struct.name, 'nested-attributes': nested, 'linx-records': true });
    },
  };
}

/** Marks integer attributes of `set` big-endian. */
function bigEndian(set: string, names: string[], source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${names.join(', ')} big-endian (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      for (const name of names) {
        const attr = s.attributes[indexOf(s, name)]!;
        if (attr['byte-order'] !== undefined) throw new Error(`fix: ${set}.${name} already states its byte order; the fix no longer applies`);
        attr['byte-order'] = 'big-endian';
      }
    },
  };
}

/** Marks integer members of struct `struct` big-endian. */
function structBigEndian(struct: string, names: string[], source: string): Omit<Fix, 'spec'> {
  return {
    description: `${struct}: ${names.join(', ')} big-endian (${source})`,
    apply(spec) {
      const s = spec.definitions?.find((d) => d.name === struct && d.type === 'struct');
      if (!s) throw new Error(`fix: ${spec.name} has no struct ${struct}; the fix no longer applies`);
      for (const name of names) {
        const member = s.members?.find((m) => m.name === name);
        if (!member) throw new Error(`fix: ${struct} has no member ${name}; the fix no longer applies`);
        if (member['byte-order'] !== undefined) throw new Error(`fix: ${struct}.${name} already states its byte order; the fix no longer applies`);
        member['byte-order'] = 'big-endian';
      }
    },
  };
}

/** Removes the byte order a subset attribute inherits from its parent (host order). */
function hostOrder(set: string, names: string[], source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${names.join(', ')} in host byte order (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      for (const name of names) {
        const attr = s.attributes[indexOf(s, name)]!;
        if ('byte-order' in attr) throw new Error(`fix: ${set}.${name} already states its byte order; the fix no longer applies`);
        // Explicitly undefined: it overrides the parent's byte order when the subset is merged.
        (attr as { 'byte-order'?: undefined })['byte-order'] = undefined;
      }
    },
  };
}

/** Declares flag attributes of `set` as u8 (the kernel sends them as 0 or 1, not as zero-length flags). */
function flagsAsU8(set: string, names: string[], source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${names.join(', ')} are u8 0/1, not flags (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      for (const name of names) {
        const attr = s.attributes[indexOf(s, name)]!;
        if (attr.type !== 'flag') throw new Error(`fix: ${set}.${name} is no longer a flag; the fix no longer applies`);
        attr.type = 'u8';
      }
    },
  };
}

/** Fills an enum the spec declares without entries (its values live only in a C header). */
function enumEntriesAdded(name: string, prefix: string, entries: string[], header: string): Omit<Fix, 'spec'> {
  return {
    description: `${name}: entries ${entries[0]} … ${entries[entries.length - 1]} added from 0 (${header})`,
    apply(spec) {
      const def = (spec.definitions ?? []).find((d) => d.name === name);
      if (!def) throw new Error(`fix: ${spec.name} has no definition ${name}; the fix no longer applies`);
      if (def.entries !== undefined && def.entries.length > 0) throw new Error(`fix: ${name} has entries already; the fix no longer applies`);
      def.entries = [...entries];
      def['name-prefix'] = prefix;
    },
  };
}

/**
 * Renames entries of an enum the spec misnames (entry → the header's name, same value) and appends entries
 * the spec leaves out at its end.
 */
function enumEntriesCorrected(name: string, renamed: Record<string, string>, appended: string[], header: string): Omit<Fix, 'spec'> {
  const renames = Object.entries(renamed).map(([from, to]) => `${from} → ${to}`);
  return {
    description: `${name}: ${[...renames, ...appended.map((e) => `${e} added`)].join(', ')} (${header})`,
    apply(spec) {
      const def = (spec.definitions ?? []).find((d) => d.name === name);
      if (!def || def.entries === undefined) throw new Error(`fix: ${spec.name} has no enum ${name}; the fix no longer applies`);
      const entries = def.entries.map((e) => (typeof e === 'string' ? e : e.name));
      for (const from of Object.keys(renamed)) if (!entries.includes(from)) throw new Error(`fix: ${name} has no entry ${from}; the fix no longer applies`);
      for (const added of appended) if (entries.includes(added)) throw new Error(`fix: ${name} has ${added} already; the fix no longer applies`);
      def.entries = [...def.entries.map((e) => (typeof e === 'string' ? (renamed[e] ?? e) : { ...e, name: renamed[e.name] ?? e.name })), ...appended] as typeof def.entries;
    },
  };
}

/** Marks attribute `name` of `set` as repeated (the kernel puts several of it in one message). */
function multiAttr(set: string, name: string, source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${name} repeated (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      const attr = s.attributes[indexOf(s, name)]!;
      if (attr['multi-attr']) throw new Error(`fix: ${set}.${name} is multi-attr already; the fix no longer applies`);
      attr['multi-attr'] = true;
    },
  };
}

/** Adds multicast groups a spec leaves out (it lists none), with the values of the header's enum. */
function mcastGroupsAdded(groups: RawMcastGroup[], header: string): Omit<Fix, 'spec'> {
  return {
    description: `mcast-groups: ${groups.map((g) => g.name).join(', ')} added (${header})`,
    apply(spec) {
      if (spec['mcast-groups'] !== undefined) throw new Error(`fix: ${spec.name} lists multicast groups already; the fix no longer applies`);
      spec['mcast-groups'] = { list: groups.map((g) => ({ ...g })) };
    },
  };
}

/** Adds notifications (`notify` operations with their command values) the spec does not list. */
function notificationsAdded(notify: string, ops: { name: string; value: number }[], header: string): Omit<Fix, 'spec'> {
  return {
    description: `operations: notifications ${ops.map((o) => o.name).join(', ')} added (${header})`,
    apply(spec) {
      for (const op of ops) {
        if (spec.operations.list.some((o) => o.name === op.name)) throw new Error(`fix: ${spec.name} has operation ${op.name} already; the fix no longer applies`);
        spec.operations.list.push({ name: op.name, value: op.value, notify });
      }
    },
  };
}

/**
 * Makes attribute `name` of `set` a nest of `nested` (a set the spec lacks, added to it), where the spec
 * states a scalar or the wrong set for what the kernel nests there.
 */
function nestOf(set: string, name: string, nested: RawAttrSet, source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${name} is a nest of ${nested.name} (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      const attr = s.attributes[indexOf(s, name)]!;
      if (attr.type === 'nest' && attr['nested-attributes'] === nested.name) throw new Error(`fix: ${set}.${name} already nests ${nested.name}; the fix no longer applies`);
      if (spec['attribute-sets'].some((x) => x.name === nested.name)) throw new Error(`fix: ${spec.name} already has ${nested.name}; the fix no longer applies`);
      const { name: keep } = attr;
      for (const key of Object.keys(attr)) delete (attr as unknown as Record<string, unknown>)[key];
      Object.assign(attr, { name: keep, type: 'nest', 'nested-attributes': nested.name });
      spec['attribute-sets'].push(structuredClone(nested));
    },
  };
}

/** Gives members of struct `struct` the C types the header declares, where the spec states others. */
function memberTypes(struct: string, types: Record<string, RawMember['type']>, header: string): Omit<Fix, 'spec'> {
  return {
    description: `${struct}: ${Object.entries(types).map(([n, t]) => `${n} ${t}`).join(', ')} (${header})`,
    apply(spec) {
      const s = spec.definitions?.find((d) => d.name === struct && d.type === 'struct');
      if (!s) throw new Error(`fix: ${spec.name} has no struct ${struct}; the fix no longer applies`);
      for (const [name, type] of Object.entries(types)) {
        const member = s.members?.find((m) => m.name === name);
        if (!member) throw new Error(`fix: ${struct} has no member ${name}; the fix no longer applies`);
        if (member.type === type) throw new Error(`fix: ${struct}.${name} is already ${type}; the fix no longer applies`);
        member.type = type;
      }
    },
  };
}

/** Adds a struct the spec lacks and makes it the fixed header of sub-message `subMessage`'s format `value`. */
function structFormatAdded(subMessage: string, value: string, struct: RawDefinition, source: string): Omit<Fix, 'spec'> {
  return {
    description: `${subMessage}: ${value} is struct ${struct.name} (${source})`,
    apply(spec) {
      const sub = spec['sub-messages']?.find((m) => m.name === subMessage);
      if (!sub) throw new Error(`fix: ${spec.name} has no sub-message ${subMessage}; the fix no longer applies`);
      if (sub.formats.some((f) => f.value === value)) throw new Error(`fix: ${subMessage} already has ${value}; the fix no longer applies`);
      if (spec.definitions?.some((d) => d.name === struct.name)) throw new Error(`fix: ${spec.name} already has ${struct.name}; the fix no longer applies`);
      (spec.definitions ??= []).push(structuredClone(struct));
      sub.formats.push({ value, 'fixed-header': struct.name });
    },
  };
}

/**
 * Adds a flags definition the spec lacks (its bits live only in a C header) and makes attribute `name` of
 * `set` take it.
 */
function flagsAdded(set: string, name: string, flags: RawDefinition, header: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${name} takes flags ${flags.name} (${header})`,
    apply(spec) {
      if (spec.definitions?.some((d) => d.name === flags.name)) throw new Error(`fix: ${spec.name} already has ${flags.name}; the fix no longer applies`);
      const attr = setOf(spec, set).attributes[indexOf(setOf(spec, set), name)]!;
      if (attr.enum !== undefined) throw new Error(`fix: ${set}.${name} already takes ${attr.enum}; the fix no longer applies`);
      (spec.definitions ??= []).push(structuredClone(flags));
      attr.enum = flags.name;
    },
  };
}

/** Adds definitions (structs, enums, flags, consts) the spec lacks: kernel facts that live only in C headers. */
function definitionsAdded(defs: RawDefinition[], header: string): Omit<Fix, 'spec'> {
  return {
    description: `definitions: ${defs.map((d) => `${d.type} ${d.name}`).join(', ')} added (${header})`,
    apply(spec) {
      for (const def of defs) {
        if (spec.definitions?.some((d) => d.name === def.name)) throw new Error(`fix: ${spec.name} already has ${def.name}; the fix no longer applies`);
        (spec.definitions ??= []).push(structuredClone(def));
      }
    },
  };
}

/** Makes binary attribute `name` of `set` a struct `struct` (the spec leaves it as bytes). */
function attrStruct(set: string, name: string, struct: string, source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${name} is struct ${struct} (${source})`,
    apply(spec) {
      const attr = setOf(spec, set).attributes[indexOf(setOf(spec, set), name)]!;
      if (attr.type !== 'binary' || attr.struct !== undefined) throw new Error(`fix: ${set}.${name} is no longer bare bytes; the fix no longer applies`);
      if (!spec.definitions?.some((d) => d.name === struct && d.type === 'struct')) throw new Error(`fix: ${spec.name} has no struct ${struct}`);
      attr.struct = struct;
    },
  };
}

/** Gives attributes of `set` another integer type (the kernel's policy and nla_get_* say another width). */
function attrTypes(set: string, types: Record<string, RawAttr['type']>, source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${Object.entries(types).map(([n, t]) => `${n} ${t}`).join(', ')} (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      for (const [name, type] of Object.entries(types)) {
        const attr = s.attributes[indexOf(s, name)]!;
        if (attr.type === type) throw new Error(`fix: ${set}.${name} is already ${type}; the fix no longer applies`);
        attr.type = type;
      }
    },
  };
}

/** Removes a byte order the spec states for attributes the kernel reads in host order. */
function hostOrderStated(set: string, names: string[], source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${names.join(', ')} in host byte order (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      for (const name of names) {
        const attr = s.attributes[indexOf(s, name)]!;
        if (attr['byte-order'] !== 'big-endian') throw new Error(`fix: ${set}.${name} is no longer big-endian; the fix no longer applies`);
        delete attr['byte-order'];
      }
    },
  };
}

/** Makes attributes of `set` take enum or flags `name` (defined by the spec or another fix). */
function attrEnum(set: string, names: string[], enumName: string, source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${names.join(', ')} take ${enumName} (${source})`,
    apply(spec) {
      if (!spec.definitions?.some((d) => d.name === enumName)) throw new Error(`fix: ${spec.name} has no ${enumName}`);
      const s = setOf(spec, set);
      for (const name of names) {
        const attr = s.attributes[indexOf(s, name)]!;
        if (attr.enum !== undefined) throw new Error(`fix: ${set}.${name} already takes ${attr.enum}; the fix no longer applies`);
        attr.enum = enumName;
      }
    },
  };
}

/** Adds an attribute set the spec lacks (one that another fix nests). */
function attrSetAdded(set: RawAttrSet, source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set.name} added (${source})`,
    apply(spec) {
      if (spec['attribute-sets'].some((s) => s.name === set.name)) throw new Error(`fix: ${spec.name} already has ${set.name}; the fix no longer applies`);
      spec['attribute-sets'].push(structuredClone(set));
    },
  };
}

/** Adds an attribute set and operations (with their message types) the spec lacks. */
function operationsAdded(set: RawAttrSet, ops: RawOperation[], header: string): Omit<Fix, 'spec'> {
  return {
    description: `operations: ${ops.map((o) => o.name).join(', ')} on ${set.name} added (${header})`,
    apply(spec) {
      if (spec['attribute-sets'].some((s) => s.name === set.name)) throw new Error(`fix: ${spec.name} already has ${set.name}; the fix no longer applies`);
      for (const op of ops) if (spec.operations.list.some((o) => o.name === op.name)) throw new Error(`fix: ${spec.name} has operation ${op.name} already; the fix no longer applies`);
      spec['attribute-sets'].push(structuredClone(set));
      spec.operations.list.push(...structuredClone(ops));
    },
  };
}

/** Adds operations (with their message types) on a set the spec has. */
function operationsOnSetAdded(ops: RawOperation[], header: string): Omit<Fix, 'spec'> {
  return {
    description: `operations: ${ops.map((o) => o.name).join(', ')} added (${header})`,
    apply(spec) {
      for (const op of ops) {
        if (spec.operations.list.some((o) => o.name === op.name)) throw new Error(`fix: ${spec.name} has operation ${op.name} already; the fix no longer applies`);
        setOf(spec, op['attribute-set']!);
      }
      spec.operations.list.push(...structuredClone(ops));
    },
  };
}

/** Adds attribute sets and definitions the spec lacks (formats the kernel has that no spec describes yet). */
function attributeSetsAdded(sets: RawAttrSet[], defs: RawDefinition[], header: string): Omit<Fix, 'spec'> {
  return {
    description: `${[...defs.map((d) => `${d.type} ${d.name}`), ...sets.map((s) => `attribute set ${s.name}`)].join(', ')} added (${header})`,
    apply(spec) {
      for (const def of defs) {
        if (spec.definitions?.some((d) => d.name === def.name)) throw new Error(`fix: ${spec.name} already has ${def.name}; the fix no longer applies`);
        (spec.definitions ??= []).push(structuredClone(def));
      }
      for (const set of sets) {
        if (spec['attribute-sets'].some((s) => s.name === set.name)) throw new Error(`fix: ${spec.name} already has ${set.name}; the fix no longer applies`);
        spec['attribute-sets'].push(structuredClone(set));
      }
    },
  };
}

/** Adds formats to sub-message `subMessage` (selector values the spec does not list). */
function formatsAdded(subMessage: string, formats: RawSubMessageFormat[], source: string): Omit<Fix, 'spec'> {
  return {
    description: `${subMessage}: ${formats.map((f) => `${f.value} (${f['attribute-set'] ?? f['fixed-header'] ?? 'empty'})`).join(', ')} added (${source})`,
    apply(spec) {
      const sub = spec['sub-messages']?.find((m) => m.name === subMessage);
      if (!sub) throw new Error(`fix: ${spec.name} has no sub-message ${subMessage}; the fix no longer applies`);
      for (const format of formats) {
        if (sub.formats.some((f) => f.value === format.value)) throw new Error(`fix: ${subMessage} already has ${format.value}; the fix no longer applies`);
        sub.formats.push({ ...format });
      }
    },
  };
}

/**
 * Makes binary attributes of `set` addresses of one family (exact length 4 or 16 with the matching display
 * hint), where the spec says `ipv4-or-v6` or gives no length, so that they decode to text.
 */
function addressesOf(set: string, names: string[], family: 4 | 6, source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${names.join(', ')} are IPv${family} addresses (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      for (const name of names) {
        const attr = s.attributes[indexOf(s, name)]!;
        if (attr.checks?.['exact-len'] !== undefined) throw new Error(`fix: ${set}.${name} already has an exact length; the fix no longer applies`);
        attr.checks = { ...attr.checks, 'exact-len': family === 4 ? 4 : 16 };
        attr['display-hint'] = family === 4 ? 'ipv4' : 'ipv6';
      }
    },
  };
}

/** Makes attribute `name` of `set` a nest that starts with struct `header`, then the attributes of `nested`. */
function headedNestOf(set: string, name: string, header: string, nested: string, source: string): Omit<Fix, 'spec'> {
  return {
    description: `${set}: ${name} is struct ${header} then ${nested} (${source})`,
    apply(spec) {
      const s = setOf(spec, set);
      const attr = s.attributes[indexOf(s, name)]!;
      if (attr.type !== 'binary') throw new Error(`fix: ${set}.${name} is no longer bare bytes; the fix no longer applies`);
      if (!spec.definitions?.some((d) => d.name === header && d.type === 'struct')) throw new Error(`fix: ${spec.name} has no struct ${header}`);
      setOf(spec, nested);
      Object.assign(attr, { type: 'nest', 'fixed-header': header, 'nested-attributes': nested });
    },
  };
}

const IF_LINK_H = 'linux/if_link.h';
/** Bonding's option values, by the names `ip -d link` prints and takes (drivers/net/bonding/bond_options.c's value tables). */
const BOND_OPTIONS_C = 'drivers/net/bonding/bond_options.c';

const NF_TABLES_H = 'linux/netfilter/nf_tables.h';
const NFNETLINK_CONNTRACK_H = 'linux/netfilter/nfnetlink_conntrack.h';
const NF_TABLES_API = 'net/netfilter/nf_tables_api.c';
const pad: RawAttr = { name: 'pad', type: 'pad' };
/** tc_gen of linux/pkt_cls.h: the members every action's parameters struct starts with. */
const TC_GEN: RawMember[] = [
  { name: 'index', type: 'u32' },
  { name: 'capab', type: 'u32' },
  { name: 'action', type: 's32' },
  { name: 'refcnt', type: 's32' },
  { name: 'bindcnt', type: 's32' },
];

export const FIXES: readonly Fix[] = [
  {
    spec: 'rt-link.yaml',
    ...flagsAsU8(
      'linkinfo-brport-attrs',
      ['mode', 'guard', 'protect', 'fast-leave', 'learning', 'unicast-flood', 'proxyarp', 'learning-sync', 'proxyarp-wifi', 'mcast-flood', 'mcast-to-ucast', 'vlan-tunnel', 'bcast-flood', 'neigh-suppress', 'isolated', 'mrp-ring-open', 'mrp-in-open', 'locked', 'mab', 'neigh-vlan-suppress'],
      'br_port_fill_attrs() in net/bridge/br_netlink.c: nla_put_u8 of each bit; the policy takes NLA_U8 (only IFLA_BRPORT_FLUSH is a flag)',
    ),
  },
  { spec: 'rt-link.yaml', ...bigEndian('linkinfo-bridge-attrs', ['vlan-protocol'], 'br_fill_info() in net/bridge/br_netlink.c: nla_put_be16') },
  {
    spec: 'rt-link.yaml',
    ...structBigEndian('ifla-bridge-id', ['prio'], 'struct ifla_bridge_id in linux/if_link.h: __u8 prio[2], most significant byte first (br_stp_set_bridge_priority() in net/bridge/br_stp_if.c)'),
  },
  { spec: 'rt-link.yaml', ...hostOrder('linkinfo-ip6tnl-attrs', ['flags'], 'ip6_tnl_fill_info() in net/ipv6/ip6_tunnel.c: nla_put_u32, unlike the be16 of ipip and sit') },
  // ---- rt-link: the link kinds' info data the spec lacks or leaves as bytes (linx declared them by hand
  // in packages/rtnl/src/link/ before), their enums, and the kinds the sub-messages do not list.
  {
    spec: 'rt-link.yaml',
    ...attributeSetsAdded(
      [
        {
          name: 'linkinfo-vxlan-attrs',
          'name-prefix': 'ifla-vxlan-',
          attributes: [
            { name: 'id', type: 'u32' },
            { name: 'group', type: 'u32', 'display-hint': 'ipv4' },
            { name: 'link', type: 'u32' },
            { name: 'local', type: 'u32', 'display-hint': 'ipv4' },
            { name: 'ttl', type: 'u8' },
            { name: 'tos', type: 'u8' },
            { name: 'learning', type: 'u8' },
            { name: 'ageing', type: 'u32' },
            { name: 'limit', type: 'u32' },
            { name: 'port-range', type: 'binary', struct: 'ifla-vxlan-port-range' },
            { name: 'proxy', type: 'u8' },
            { name: 'rsc', type: 'u8' },
            { name: 'l2miss', type: 'u8' },
            { name: 'l3miss', type: 'u8' },
            { name: 'port', type: 'u16', 'byte-order': 'big-endian' },
            { name: 'group6', type: 'binary', 'display-hint': 'ipv6', checks: { 'exact-len': 16 } },
            { name: 'local6', type: 'binary', 'display-hint': 'ipv6', checks: { 'exact-len': 16 } },
            { name: 'udp-csum', type: 'u8' },
            { name: 'udp-zero-csum6-tx', type: 'u8' },
            { name: 'udp-zero-csum6-rx', type: 'u8' },
            { name: 'remcsum-tx', type: 'u8' },
            { name: 'remcsum-rx', type: 'u8' },
            { name: 'gbp', type: 'flag' },
            { name: 'remcsum-nopartial', type: 'flag' },
            { name: 'collect-metadata', type: 'u8' },
            { name: 'label', type: 'u32', 'byte-order': 'big-endian' },
            { name: 'gpe', type: 'flag' },
            // The policy takes IFLA_VXLAN_TTL_INHERIT as a flag, but vxlan_fill_info() sends it as a u8.
            { name: 'ttl-inherit', type: 'u8' },
            { name: 'df', type: 'u8', enum: 'vxlan-df' },
            { name: 'vnifilter', type: 'u8' },
            { name: 'localbypass', type: 'u8' },
            { name: 'label-policy', type: 'u32', enum: 'vxlan-label-policy' },
            { name: 'reserved-bits', type: 'binary', checks: { 'exact-len': 8 } },
            { name: 'mc-route', type: 'u8' },
          ],
        },
        {
          name: 'linkinfo-macvlan-attrs',
          'name-prefix': 'ifla-macvlan-',
          attributes: [
            { name: 'mode', type: 'u32', enum: 'macvlan-mode' },
            { name: 'flags', type: 'u16', enum: 'macvlan-flags' },
            { name: 'macaddr-mode', type: 'u32', enum: 'macvlan-macaddr-mode' },
            { name: 'macaddr', type: 'binary', 'display-hint': 'mac' },
            { name: 'macaddr-data', type: 'nest', 'nested-attributes': 'macvlan-macaddr-data-attrs' },
            { name: 'macaddr-count', type: 'u32' },
            { name: 'bc-queue-len', type: 'u32' },
            { name: 'bc-queue-len-used', type: 'u32' },
            { name: 'bc-cutoff', type: 's32' },
          ],
        },
        {
          // IFLA_MACVLAN_MACADDR_DATA: the source addresses (mode source), each an IFLA_MACVLAN_MACADDR.
          name: 'macvlan-macaddr-data-attrs',
          'name-prefix': 'ifla-macvlan-',
          attributes: [{ name: 'macaddr', value: 4, type: 'binary', 'display-hint': 'mac', 'multi-attr': true }],
        },
        {
          name: 'linkinfo-ipvlan-attrs',
          'name-prefix': 'ifla-ipvlan-',
          attributes: [
            { name: 'mode', type: 'u16', enum: 'ipvlan-mode' },
            { name: 'flags', type: 'u16', enum: 'ipvlan-flags' },
          ],
        },
        {
          // VETH_INFO_PEER: an ifinfomsg, then the peer's link attributes (its name, namespace, address…; sent
          // on creation only, the kernel's dumps show the peer as IFLA_LINK).
          name: 'linkinfo-veth-attrs',
          'name-prefix': 'veth-info-',
          attributes: [{ name: 'peer', type: 'nest', 'fixed-header': 'ifinfomsg', 'nested-attributes': 'link-attrs' }],
        },
        {
          name: 'linkinfo-xfrm-attrs',
          'name-prefix': 'ifla-xfrm-',
          attributes: [
            { name: 'link', type: 'u32' },
            { name: 'if-id', type: 'u32' },
            { name: 'collect-metadata', type: 'flag' },
          ],
        },
        {
          name: 'linkinfo-macsec-attrs',
          'name-prefix': 'ifla-macsec-',
          attributes: [
            // sci_t: the MAC address then the port, in network order (nla_get_sci, nla_put_sci).
            { name: 'sci', type: 'u64', 'byte-order': 'big-endian', 'display-hint': 'hex' },
            { name: 'port', type: 'u16', 'byte-order': 'big-endian' },
            { name: 'icv-len', type: 'u8' },
            { name: 'cipher-suite', type: 'u64', 'display-hint': 'hex' },
            { name: 'window', type: 'u32' },
            { name: 'encoding-sa', type: 'u8' },
            { name: 'encrypt', type: 'u8' },
            { name: 'protect', type: 'u8' },
            { name: 'inc-sci', type: 'u8' },
            { name: 'es', type: 'u8' },
            { name: 'scb', type: 'u8' },
            { name: 'replay-protect', type: 'u8' },
            { name: 'validation', type: 'u8', enum: 'macsec-validation-type' },
            { name: 'pad', type: 'pad' },
            { name: 'offload', type: 'u8', enum: 'macsec-offload' },
          ],
        },
        {
          name: 'linkinfo-vrf-port-attrs',
          'name-prefix': 'ifla-vrf-port-',
          attributes: [{ name: 'table', type: 'u32' }],
        },
      ],
      [
        {
          name: 'ifla-vxlan-port-range',
          type: 'struct',
          members: [
            { name: 'low', type: 'u16', 'byte-order': 'big-endian' },
            { name: 'high', type: 'u16', 'byte-order': 'big-endian' },
          ],
        },
        { name: 'vxlan-df', type: 'enum', 'name-prefix': 'vxlan-df-', entries: ['unset', 'set', 'inherit'] },
        { name: 'vxlan-label-policy', type: 'enum', 'name-prefix': 'vxlan-label-', entries: ['fixed', 'inherit'] },
        {
          name: 'macvlan-mode',
          type: 'enum',
          'name-prefix': 'macvlan-mode-',
          entries: [
            { name: 'private', value: 1 },
            { name: 'vepa', value: 2 },
            { name: 'bridge', value: 4 },
            { name: 'passthru', value: 8 },
            { name: 'source', value: 16 },
          ],
        },
        { name: 'macvlan-flags', type: 'flags', 'name-prefix': 'macvlan-flag-', entries: ['nopromisc', 'nodst'] },
        { name: 'macvlan-macaddr-mode', type: 'enum', 'name-prefix': 'macvlan-macaddr-', entries: ['add', 'del', 'flush', 'set'] },
        { name: 'ipvlan-mode', type: 'enum', 'name-prefix': 'ipvlan-mode-', entries: ['l2', 'l3', 'l3s'] },
        { name: 'ipvlan-flags', type: 'flags', 'name-prefix': 'ipvlan-f-', entries: ['private', 'vepa'] },
        { name: 'macsec-validation-type', type: 'enum', 'name-prefix': 'macsec-validate-', entries: ['disabled', 'check', 'strict'] },
        { name: 'macsec-offload', type: 'enum', 'name-prefix': 'macsec-offload-', entries: ['off', 'phy', 'mac'] },
      ],
      `${IF_LINK_H}: enum IFLA_VXLAN_* (up to IFLA_VXLAN_MC_ROUTE, Linux 6.16), struct ifla_vxlan_port_range, VXLAN_DF_*, VXLAN_LABEL_*; IFLA_MACVLAN_*, MACVLAN_MODE_*, MACVLAN_FLAG_*, MACVLAN_MACADDR_*; IFLA_IPVLAN_*, IPVLAN_MODE_*, IPVLAN_F_*; IFLA_XFRM_*; IFLA_MACSEC_*, MACSEC_VALIDATE_*, MACSEC_OFFLOAD_*; IFLA_VRF_PORT_TABLE; linux/veth.h: VETH_INFO_PEER (veth_newlink() in drivers/net/veth.c reads an ifinfomsg, then link attributes)`,
    ),
  },
  {
    spec: 'rt-link.yaml',
    ...formatsAdded(
      'linkinfo-data-msg',
      [
        { value: 'veth', 'attribute-set': 'linkinfo-veth-attrs' },
        { value: 'macvlan', 'attribute-set': 'linkinfo-macvlan-attrs' },
        { value: 'macvtap', 'attribute-set': 'linkinfo-macvlan-attrs' },
        { value: 'ipvlan', 'attribute-set': 'linkinfo-ipvlan-attrs' },
        { value: 'ipvtap', 'attribute-set': 'linkinfo-ipvlan-attrs' },
        { value: 'vxlan', 'attribute-set': 'linkinfo-vxlan-attrs' },
        { value: 'xfrm', 'attribute-set': 'linkinfo-xfrm-attrs' },
        { value: 'macsec', 'attribute-set': 'linkinfo-macsec-attrs' },
        { value: 'ip6gretap', 'attribute-set': 'linkinfo-gre6-attrs' },
        { value: 'ip6erspan', 'attribute-set': 'linkinfo-gre6-attrs' },
      ],
      'the rtnl_link_ops .kind of drivers/net/veth.c, macvlan.c, macvtap.c, ipvlan/ipvlan_main.c, ipvlan/ipvtap.c, vxlan/vxlan_core.c, net/xfrm/xfrm_interface_core.c, drivers/net/macsec.c, and net/ipv6/ip6_gre.c (ip6gretap, ip6erspan: ip6gre_tap_ops, ip6erspan_tap_ops fill the same IFLA_GRE_* as ip6gre)',
    ),
  },
  {
    spec: 'rt-link.yaml',
    ...formatsAdded('linkinfo-member-data-msg', [{ value: 'vrf', 'attribute-set': 'linkinfo-vrf-port-attrs' }], 'vrf_fill_slave_info() in drivers/net/vrf.c: IFLA_VRF_PORT_TABLE of a VRF\'s port'),
  },
  {
    spec: 'rt-link.yaml',
    ...headedNestOf('linkinfo-netkit-attrs', 'peer-info', 'ifinfomsg', 'link-attrs', 'netkit_new_link() in drivers/net/netkit.c: IFLA_NETKIT_PEER_INFO is an ifinfomsg, then the peer\'s link attributes, as veth\'s VETH_INFO_PEER'),
  },
  ...(
    [
      ['linkinfo-gre-attrs', 4, 'ipgre_fill_info() in net/ipv4/ip_gre.c: nla_put_in_addr (gre, gretap, erspan)'],
      ['linkinfo-gre6-attrs', 6, 'ip6gre_fill_info() in net/ipv6/ip6_gre.c: nla_put_in6_addr'],
      ['linkinfo-vti-attrs', 4, 'vti_fill_info() in net/ipv4/ip_vti.c: nla_put_in_addr'],
      ['linkinfo-vti6-attrs', 6, 'vti6_fill_info() in net/ipv6/ip6_vti.c: nla_put_in6_addr'],
      ['linkinfo-iptun-attrs', 4, 'ipip_fill_info() in net/ipv4/ipip.c, ipip6_fill_info() in net/ipv6/sit.c: nla_put_in_addr'],
      ['linkinfo-ip6tnl-attrs', 6, 'ip6_tnl_fill_info() in net/ipv6/ip6_tunnel.c: nla_put_in6_addr'],
    ] as [string, 4 | 6, string][]
  ).map(([set, family, source]): Fix => ({ spec: 'rt-link.yaml', ...addressesOf(set, ['local', 'remote'], family, source) })),
  { spec: 'rt-link.yaml', ...addressesOf('linkinfo-iptun-attrs', ['6rd-prefix'], 6, 'ipip6_fill_info() in net/ipv6/sit.c: nla_put_in6_addr(IFLA_IPTUN_6RD_PREFIX)') },
  { spec: 'rt-link.yaml', ...addressesOf('linkinfo-geneve-attrs', ['remote6'], 6, 'geneve_fill_info() in drivers/net/geneve.c: nla_put_in6_addr(IFLA_GENEVE_REMOTE6)') },
  {
    spec: 'rt-link.yaml',
    ...definitionsAdded(
      [
        { name: 'bond-mode', type: 'enum', entries: ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'] },
        { name: 'bond-xmit-hash-policy', type: 'enum', entries: ['layer2', 'layer3+4', 'layer2+3', 'encap2+3', 'encap3+4', 'vlan+srcmac'] },
        { name: 'bond-arp-validate', type: 'enum', entries: ['none', 'active', 'backup', 'all', 'filter', 'filter_active', 'filter_backup'] },
        { name: 'bond-arp-all-targets', type: 'enum', entries: ['any', 'all'] },
        { name: 'bond-primary-reselect', type: 'enum', entries: ['always', 'better', 'failure'] },
        { name: 'bond-fail-over-mac', type: 'enum', entries: ['none', 'active', 'follow'] },
        { name: 'bond-ad-lacp-rate', type: 'enum', entries: ['slow', 'fast'] },
        { name: 'bond-ad-select', type: 'enum', entries: ['stable', 'bandwidth', 'count'] },
        { name: 'bond-slave-state', type: 'enum', entries: ['active', 'backup'] },
        { name: 'bond-slave-mii-status', type: 'enum', entries: ['up', 'going-down', 'down', 'going-back'] },
      ],
      `linux/if_bonding.h: BOND_MODE_ROUNDROBIN 0 … BOND_MODE_ALB 6, BOND_XMIT_POLICY_LAYER2 0 … BOND_XMIT_POLICY_VLAN_SRCMAC 5, BOND_STATE_ACTIVE/BACKUP, BOND_LINK_UP/FAIL/DOWN/BACK; include/net/bonding.h: BOND_ARP_VALIDATE_*, BOND_ARP_TARGETS_ANY/ALL, BOND_PRI_RESELECT_*, BOND_FOM_*, AD_LACP_SLOW/FAST, BOND_AD_STABLE/BANDWIDTH/COUNT; named as ${BOND_OPTIONS_C} and iproute2 name them`,
    ),
  },
  ...(
    [
      ['mode', 'bond-mode'],
      ['xmit-hash-policy', 'bond-xmit-hash-policy'],
      ['arp-validate', 'bond-arp-validate'],
      ['arp-all-targets', 'bond-arp-all-targets'],
      ['primary-reselect', 'bond-primary-reselect'],
      ['fail-over-mac', 'bond-fail-over-mac'],
      ['ad-lacp-rate', 'bond-ad-lacp-rate'],
      ['ad-select', 'bond-ad-select'],
    ] as const
  ).map(([name, enumName]): Fix => ({ spec: 'rt-link.yaml', ...attrEnum('linkinfo-bond-attrs', [name], enumName, `bond_fill_info() in drivers/net/bonding/bond_netlink.c and ${BOND_OPTIONS_C}`) })),
  { spec: 'rt-link.yaml', ...attrEnum('bond-slave-attrs', ['state'], 'bond-slave-state', 'bond_fill_slave_info() in drivers/net/bonding/bond_netlink.c: bond_slave_state()') },
  { spec: 'rt-link.yaml', ...attrEnum('bond-slave-attrs', ['mii-status'], 'bond-slave-mii-status', 'bond_fill_slave_info() in drivers/net/bonding/bond_netlink.c: slave->link, BOND_LINK_*') },
  {
    spec: 'rt-link.yaml',
    ...definitionsAdded(
      [{ name: 'br-port-state', type: 'enum', 'name-prefix': 'br-state-', entries: ['disabled', 'listening', 'learning', 'forwarding', 'blocking'] }],
      'linux/if_bridge.h: BR_STATE_DISABLED 0 … BR_STATE_BLOCKING 4, a bridge port\'s STP state',
    ),
  },
  { spec: 'rt-link.yaml', ...attrEnum('linkinfo-brport-attrs', ['state'], 'br-port-state', 'br_port_fill_attrs() in net/bridge/br_netlink.c: nla_put_u8(IFLA_BRPORT_STATE, p->state)') },
  {
    spec: 'rt-link.yaml',
    ...definitionsAdded(
      [
        {
          name: 'gre-flags',
          type: 'flags',
          'name-prefix': 'gre-',
          entries: [
            { name: 'ack', value: 7 },
            { name: 'strict', value: 11 },
            { name: 'seq', value: 12 },
            { name: 'key', value: 13 },
            { name: 'routing', value: 14 },
            { name: 'csum', value: 15 },
          ],
        },
        { name: 'tunnel-encap-flags', type: 'flags', 'name-prefix': 'tunnel-encap-flag-', entries: ['csum', 'csum6', 'remcsum'] },
        {
          name: 'ip6-tnl-flags',
          type: 'flags',
          'name-prefix': 'ip6-tnl-f-',
          entries: ['ign-encap-limit', 'use-orig-tclass', 'use-orig-flowlabel', 'mip6-dev', 'rcv-dscp-copy', 'use-orig-fwmark', 'allow-local-remote'],
        },
      ],
      'linux/if_tunnel.h: GRE_CSUM __cpu_to_be16(0x8000), GRE_ROUTING 0x4000, GRE_KEY 0x2000, GRE_SEQ 0x1000, GRE_STRICT 0x0800, GRE_ACK 0x0080 (bits of the big-endian IFLA_GRE_IFLAGS/OFLAGS; GRE_REC and GRE_VERSION are fields, left as numbers), TUNNEL_ENCAP_FLAG_CSUM (1<<0) … REMCSUM (1<<2); linux/ip6_tunnel.h: IP6_TNL_F_IGN_ENCAP_LIMIT 0x1 … IP6_TNL_F_ALLOW_LOCAL_REMOTE 0x40',
    ),
  },
  ...(['linkinfo-gre-attrs', 'linkinfo-gre6-attrs'] as const).map((set): Fix => ({ spec: 'rt-link.yaml', ...attrEnum(set, ['iflags', 'oflags'], 'gre-flags', 'ipgre_fill_info() in net/ipv4/ip_gre.c, ip6gre_fill_info() in net/ipv6/ip6_gre.c: nla_put_be16 of gre_tnl_flags_to_gre_flags()') })),
  ...(['linkinfo-gre-attrs', 'linkinfo-gre6-attrs', 'linkinfo-iptun-attrs', 'linkinfo-ip6tnl-attrs'] as const).map((set): Fix => ({ spec: 'rt-link.yaml', ...attrEnum(set, ['encap-flags'], 'tunnel-encap-flags', 'ip_tunnel_encap: a u16 of TUNNEL_ENCAP_FLAG_* (IFLA_GRE_ENCAP_FLAGS, IFLA_IPTUN_ENCAP_FLAGS)') })),
  ...(['linkinfo-gre6-attrs', 'linkinfo-ip6tnl-attrs'] as const).map((set): Fix => ({ spec: 'rt-link.yaml', ...attrEnum(set, ['flags'], 'ip6-tnl-flags', 'ip6gre_fill_info(), ip6_tnl_fill_info(): nla_put_u32 of IP6_TNL_F_* bits') })),
  {
    spec: 'rt-link.yaml',
    ...operationsOnSetAdded(
      [
        { name: 'newlinkprop', 'attribute-set': 'link-attrs', 'fixed-header': 'ifinfomsg', do: { request: { value: 108, attributes: ['ifname', 'prop-list'] } } },
        { name: 'dellinkprop', 'attribute-set': 'link-attrs', 'fixed-header': 'ifinfomsg', do: { request: { value: 109, attributes: ['ifname', 'prop-list'] } } },
      ] as RawOperation[],
      'linux/rtnetlink.h: RTM_NEWLINKPROP 108, RTM_DELLINKPROP 109 (ip link property add/del: IFLA_PROP_LIST of IFLA_ALT_IFNAME); rtnl_newlinkprop() and rtnl_dellinkprop() in net/core/rtnetlink.c',
    ),
  },
  {
    // What IFLA_AF_SPEC holds in AF_BRIDGE link messages (bridge vlan): the IFLA_BRIDGE_* attributes directly,
    // not nested per family as in af-spec-attrs. Nothing links them to link-attrs: rtnl's bridge/ folder
    // composes a message with them for AF_BRIDGE.
    spec: 'rt-link.yaml',
    ...attributeSetsAdded(
      [
        {
          name: 'bridge-af-spec-attrs',
          'name-prefix': 'ifla-bridge-',
          attributes: [
            { name: 'flags', type: 'u16', value: 0, enum: 'bridge-flags', 'enum-as-flags': true },
            { name: 'mode', type: 'u16', enum: 'bridge-mode' },
            { name: 'vlan-info', type: 'binary', struct: 'bridge-vlan-info', 'multi-attr': true },
            { name: 'vlan-tunnel-info', type: 'nest', 'nested-attributes': 'bridge-vlan-tunnel-attrs', 'multi-attr': true },
            { name: 'mrp', type: 'binary' },
            { name: 'cfm', type: 'binary' },
            { name: 'mst', type: 'binary' },
          ],
        },
        {
          name: 'bridge-vlan-tunnel-attrs',
          'name-prefix': 'ifla-bridge-vlan-tunnel-',
          attributes: [
            { name: 'id', type: 'u32', value: 1 },
            { name: 'vid', type: 'u16' },
            { name: 'flags', type: 'u16', enum: 'bridge-vlan-info-flags', 'enum-as-flags': true },
          ],
        },
      ],
      [
        { name: 'bridge-flags', type: 'flags', 'name-prefix': 'bridge-flags-', entries: ['master', 'self'] },
        { name: 'bridge-mode', type: 'enum', 'name-prefix': 'bridge-mode-', entries: ['veb', 'vepa'] },
        {
          name: 'bridge-vlan-info-flags',
          type: 'flags',
          'name-prefix': 'bridge-vlan-info-',
          entries: ['master', 'pvid', 'untagged', 'range-begin', 'range-end', 'brentry', 'only-opts'],
        },
        {
          name: 'bridge-vlan-info',
          type: 'struct',
          members: [
            { name: 'flags', type: 'u16', enum: 'bridge-vlan-info-flags', 'enum-as-flags': true },
            { name: 'vid', type: 'u16' },
          ],
        },
      ],
      'linux/if_bridge.h: enum IFLA_BRIDGE_FLAGS = 0 … IFLA_BRIDGE_MST, BRIDGE_FLAGS_*, BRIDGE_MODE_*, BRIDGE_VLAN_INFO_*, struct bridge_vlan_info, enum IFLA_BRIDGE_VLAN_TUNNEL_*; br_fill_ifinfo() and br_afspec() in net/bridge/br_netlink.c',
    ),
  },
  { spec: 'rt-route.yaml', ...bigEndian('route-attrs', ['sport', 'dport'], 'rt_fill_info() in net/ipv4/route.c: nla_put_be16') },
  {
    spec: 'rt-route.yaml',
    ...mcastGroupsAdded(
      [
        { name: 'rtnlgrp-ipv4-route', value: 7 },
        { name: 'rtnlgrp-ipv6-route', value: 11 },
      ],
      'linux/rtnetlink.h: RTNLGRP_IPV4_ROUTE = 7, RTNLGRP_IPV6_ROUTE = 11; the spec has no mcast-groups, unlike rt-addr and rt-rule',
    ),
  },
  {
    spec: 'rt-route.yaml',
    ...definitionsAdded(
      [{ name: 'lwtunnel-encap-types', type: 'enum', 'name-prefix': 'lwtunnel-encap-', entries: ['none', 'mpls', 'ip', 'ila', 'ip6', 'seg6', 'bpf', 'seg6-local', 'rpl', 'ioam6', 'xfrm'] }],
      'linux/lwtunnel.h: enum lwtunnel_encap_types, LWTUNNEL_ENCAP_NONE 0 … LWTUNNEL_ENCAP_XFRM 10, the values of RTA_ENCAP_TYPE',
    ),
  },
  {
    spec: 'rt-route.yaml',
    ...attrSetAdded(
      { name: 'mpls-iptunnel-attrs', 'name-prefix': 'mpls-iptunnel-', attributes: [{ name: 'dst', type: 'binary', value: 1 }, { name: 'ttl', type: 'u8' }] },
      'linux/mpls_iptunnel.h: MPLS_IPTUNNEL_DST 1 (a label stack), MPLS_IPTUNNEL_TTL 2; mpls_build_state() in net/mpls/mpls_iptunnel.c reads them from RTA_ENCAP when RTA_ENCAP_TYPE is LWTUNNEL_ENCAP_MPLS',
    ),
  },
  {
    spec: 'rt-route.yaml',
    ...recordsOf(
      'route-attrs',
      'multipath',
      {
        name: 'rtnexthop',
        type: 'struct',
        members: [
          { name: 'rtnh-len', type: 'u16' },
          { name: 'rtnh-flags', type: 'u8' },
          { name: 'rtnh-hops', type: 'u8' },
          { name: 'rtnh-ifindex', type: 's32' },
        ],
      },
      'route-attrs',
      'struct rtnexthop in linux/rtnetlink.h (rtnh_len covers the record, RTNH_ALIGN to 4), each followed by route attributes: fib_get_nhs() in net/ipv4/fib_semantics.c reads RTA_MULTIPATH so, fib_add_multipath_nh() and rt6_fill_node() write it so',
    ),
  },
  { spec: 'rt-neigh.yaml', ...bigEndian('neighbour-attrs', ['port'], 'vxlan_fdb_info() in drivers/net/vxlan: nla_put_be16') },
  { spec: 'rt-rule.yaml', ...bigEndian('fib-rule-attrs', ['tun-id'], 'fib_nl_fill_rule() in net/core/fib_rules.c: nla_put_be64') },
  {
    spec: 'rt-rule.yaml',
    ...definitionsAdded(
      [{ name: 'fib-rule-flags', type: 'flags', 'name-prefix': 'fib-rule-', entries: ['permanent', 'invert', 'unresolved', 'iif-detached', 'oif-detached', { name: 'find-saddr', value: 16 }] }],
      'linux/fib_rules.h: FIB_RULE_PERMANENT 0x1, FIB_RULE_INVERT 0x2, FIB_RULE_UNRESOLVED 0x4, FIB_RULE_IIF_DETACHED 0x8, FIB_RULE_OIF_DETACHED 0x10, FIB_RULE_FIND_SADDR 0x10000, the bits of fib_rule_hdr.flags',
    ),
  },
  {
    spec: 'rt-rule.yaml',
    ...ipAddressText(
      'fib-rule-attrs',
      ['dst', 'src'],
      'fib4_rule_fill() in net/ipv4/fib_rules.c: nla_put_in_addr(FRA_DST/FRA_SRC); fib6_rule_fill() in net/ipv6/fib6_rules.c: nla_put_in6_addr; the spec states u32, which read 10.9.0.0 as 2314 and a 16-byte IPv6 source as its first 4 bytes',
    ),
  },
  {
    spec: 'rt-addr.yaml',
    ...ipAddressText(
      'addr-attrs',
      ['address', 'local', 'anycast', 'multicast'],
      'inet_fill_ifaddr() in net/ipv4/devinet.c: nla_put_in_addr(IFA_ADDRESS/IFA_LOCAL); inet6_fill_ifaddr() in net/ipv6/addrconf.c: nla_put_in6_addr(IFA_ADDRESS/IFA_LOCAL/IFA_MULTICAST/IFA_ANYCAST). Not for phonet, whose IFA_LOCAL is one byte (net/phonet/pn_netlink.c)',
    ),
  },
  {
    spec: 'rt-neigh.yaml',
    ...ipAddressText(
      'neighbour-attrs',
      ['dst'],
      'neigh_fill_info() in net/core/neighbour.c: nla_put(NDA_DST, tbl->key_len, primary_key), key_len 4 in arp_tbl, 16 in nd_tbl; vxlan_fdb_info() in drivers/net/vxlan: nla_put_in_addr/nla_put_in6_addr',
    ),
  },
  {
    spec: 'rt-route.yaml',
    ...ipAddressText(
      'route-attrs',
      ['dst', 'src', 'gateway', 'prefsrc'],
      'rt_fill_info()/fib_dump_info() in net/ipv4: nla_put_in_addr; rt6_fill_node() in net/ipv6/route.c: nla_put_in6_addr. An AF_MPLS route\'s RTA_DST is a label (mpls_dump_route(): nla_put_labels), not an address: rtnl\'s route decoder reads it by family',
    ),
  },
  { spec: 'nftables.yaml', ...insertBefore('table-attrs', 'userdata', pad, `${NF_TABLES_H}: NFTA_TABLE_PAD = 5, NFTA_TABLE_USERDATA = 6`) },
  { spec: 'nftables.yaml', ...insertBefore('chain-attrs', 'flags', pad, `${NF_TABLES_H}: NFTA_CHAIN_PAD = 9, NFTA_CHAIN_FLAGS = 10`) },
  { spec: 'nftables.yaml', ...insertBefore('rule-attrs', 'id', pad, `${NF_TABLES_H}: NFTA_RULE_PAD = 8, NFTA_RULE_ID = 9`) },
  { spec: 'nftables.yaml', ...insertBefore('setelem-attrs', 'objref', pad, `${NF_TABLES_H}: NFTA_SET_ELEM_PAD = 8, NFTA_SET_ELEM_OBJREF = 9`) },
  { spec: 'nftables.yaml', ...bigEndian('nft-counter-attrs', ['bytes', 'packets'], `nft_dump_stats() in ${NF_TABLES_API}: nla_put_be64`) },
  { spec: 'nftables.yaml', ...bigEndian('expr-counter-attrs', ['bytes', 'packets'], 'nft_counter_do_dump() in net/netfilter/nft_counter.c: nla_put_be64') },
  { spec: 'nftables.yaml', ...bigEndian('rule-attrs', ['id', 'position-id', 'chain-id'], `${NF_TABLES_API}: ntohl(nla_get_be32())`) },
  { spec: 'nftables.yaml', ...bigEndian('set-attrs', ['id', 'timeout', 'gc-interval'], `${NF_TABLES_API}: nla_get_be32, nla_put_be64 of the timeout in ms, htonl of the interval`) },
  { spec: 'nftables.yaml', ...bigEndian('setelem-attrs', ['timeout', 'expiration'], `${NF_TABLES_API}: nla_put_be64 of milliseconds`) },
  { spec: 'nftables.yaml', ...bigEndian('setelem-list-attrs', ['set-id'], `nft_set_lookup_byid() in ${NF_TABLES_API}: ntohl(nla_get_be32())`) },
  { spec: 'nftables.yaml', ...bigEndian('verdict-attrs', ['chain-id'], `nft_chain_lookup_byid() in ${NF_TABLES_API}: ntohl(nla_get_be32())`) },
  {
    spec: 'conntrack.yaml',
    ...moveBefore('nat-attrs', 'nat-proto', 'nat-v6-minip', 'linux/netfilter/nfnetlink_conntrack.h: CTA_NAT_PROTO = 3, CTA_NAT_V6_MINIP = 4'),
  },
  {
    spec: 'conntrack.yaml',
    ...nestOf(
      'conntrack-attrs',
      'timestamp',
      {
        name: 'timestamp-attrs',
        attributes: [
          { name: 'start', type: 'u64', 'byte-order': 'big-endian' },
          { name: 'stop', type: 'u64', 'byte-order': 'big-endian' },
          { name: 'pad', type: 'pad' },
        ],
      },
      `${NFNETLINK_CONNTRACK_H}: enum ctattr_tstamp (CTA_TIMESTAMP_START 1, CTA_TIMESTAMP_STOP 2, CTA_TIMESTAMP_PAD 3); ctnetlink_dump_timestamp() in net/netfilter/nf_conntrack_netlink.c: a nest with nla_put_be64 of nanoseconds`,
    ),
  },
  {
    spec: 'conntrack.yaml',
    ...nestOf(
      'conntrack-attrs',
      'filter',
      {
        name: 'filter-attrs',
        attributes: [
          { name: 'orig-flags', type: 'u32' },
          { name: 'reply-flags', type: 'u32' },
        ],
      },
      `${NFNETLINK_CONNTRACK_H}: enum ctattr_filter (CTA_FILTER_ORIG_FLAGS 1, CTA_FILTER_REPLY_FLAGS 2); ctnetlink_parse_filter() in net/netfilter/nf_conntrack_netlink.c: nla_get_u32 of CTA_FILTER_FLAG_* bits, host order`,
    ),
  },
  {
    spec: 'conntrack.yaml',
    ...enumEntriesCorrected(
      'nf-ct-sctp-state',
      { cloned: 'closed', 'shutdown-received': 'shutdown-recd', 'shutdown-heartbeat-sent': 'heartbeat-sent' },
      ['heartbeat-acked'],
      'linux/netfilter/nf_conntrack_sctp.h: enum sctp_conntrack (SCTP_CONNTRACK_CLOSED = 1, SCTP_CONNTRACK_SHUTDOWN_RECD = 6, SCTP_CONNTRACK_HEARTBEAT_SENT = 8, SCTP_CONNTRACK_HEARTBEAT_ACKED = 9); conntrack -L prints CLOSED, SHUTDOWN_RECD',
    ),
  },
  { spec: 'nlctrl.yaml', ...moveBefore('policy-attrs', 'pad', 'mask', 'linux/netlink.h: NL_POLICY_TYPE_ATTR_PAD = 11, NL_POLICY_TYPE_ATTR_MASK = 12') },
  {
    spec: 'nlctrl.yaml',
    ...notificationsAdded(
      'getfamily',
      [
        { name: 'newfamily', value: 1 },
        { name: 'delfamily', value: 2 },
        { name: 'newmcast-grp', value: 7 },
        { name: 'delmcast-grp', value: 8 },
      ],
      'linux/genetlink.h: CTRL_CMD_NEWFAMILY = 1, CTRL_CMD_DELFAMILY = 2, CTRL_CMD_NEWMCAST_GRP = 7, CTRL_CMD_DELMCAST_GRP = 8, sent to the "notify" group by genl_ctrl_event() in net/netlink/genetlink.c',
    ),
  },
  { spec: 'nlctrl.yaml', ...mcastGroupsAdded([{ name: 'notify' }], 'net/netlink/genetlink.c: genl_ctrl_groups[] = { { .name = "notify" } }; its id is resolved like any family\'s') },
  {
    spec: 'ethtool.yaml',
    ...enumEntriesAdded(
      'stringset',
      'eth-ss-',
      ['test', 'stats', 'priv-flags', 'ntuple-filters', 'features', 'rss-hash-funcs', 'tunables', 'phy-stats', 'phy-tunables', 'link-modes', 'msg-classes', 'wol-modes', 'sof-timestamping', 'ts-tx-types', 'ts-rx-filters', 'udp-tunnel-types', 'stats-std', 'stats-eth-phy', 'stats-eth-mac', 'stats-eth-ctrl', 'stats-rmon'],
      'linux/ethtool.h: enum ethtool_stringset, ETH_SS_TEST = 0 … ETH_SS_STATS_RMON = 20; the spec leaves the enum empty ("skip rendering"), yet ETHTOOL_A_STRINGSET_ID takes these ids',
    ),
  },
  { spec: 'ethtool.yaml', ...mcastGroupsAdded([{ name: 'monitor' }], 'linux/ethtool_netlink.h: #define ETHTOOL_MCGRP_MONITOR_NAME "monitor"; ethnl_mcgrps[] in net/ethtool/netlink.c; its id is resolved like any family\'s') },
  { spec: 'ethtool.yaml', ...multiAttr('stats', 'grp', 'net/ethtool/stats.c: stats_fill_reply() puts one ETHTOOL_A_STATS_GRP nest per statistics group in a reply') },
  { spec: 'ethtool.yaml', ...multiAttr('stats-grp', 'stat', 'net/ethtool/stats.c: stat_put() puts one ETHTOOL_A_STATS_GRP_STAT nest per counter') },
  { spec: 'ethtool.yaml', ...multiAttr('stats-grp', 'hist-rx', 'net/ethtool/stats.c: stats_put_rmon_hist() puts one ETHTOOL_A_STATS_GRP_HIST_RX nest per histogram bucket') },
  { spec: 'ethtool.yaml', ...multiAttr('stats-grp', 'hist-tx', 'net/ethtool/stats.c: stats_put_rmon_hist() puts one ETHTOOL_A_STATS_GRP_HIST_TX nest per histogram bucket') },
  { spec: 'tc.yaml', ...memberTypes('tc-ratespec', { overhead: 'u16', 'cell-align': 's16', mpu: 'u16' }, 'struct tc_ratespec in linux/pkt_sched.h: unsigned short overhead, short cell_align, unsigned short mpu') },
  {
    spec: 'tc.yaml',
    ...structFormatAdded(
      'tca-stats-app-msg',
      'htb',
      {
        name: 'tc-htb-xstats',
        type: 'struct',
        members: [
          { name: 'lends', type: 'u32' },
          { name: 'borrows', type: 'u32' },
          { name: 'giants', type: 'u32' },
          { name: 'tokens', type: 's32' },
          { name: 'ctokens', type: 's32' },
        ],
      },
      'struct tc_htb_xstats in linux/pkt_sched.h; htb_dump_class_stats() in net/sched/sch_htb.c sends it as a class\'s xstats',
    ),
  },
  // Kernel facts of traffic control that tc.yaml does not declare (linx used to declare them by hand in
  // packages/rtnl/src/tc/): the structs behind the actions' TCA_*_PARMS, the shared-action messages, and
  // the numbers tc's words stand for.
  ...(
    [
      ['tc-mirred', [{ name: 'eaction', type: 's32' }, { name: 'ifindex', type: 'u32' }], 'linux/tc_act/tc_mirred.h'],
      ['tc-csum', [{ name: 'update-flags', type: 'u32' }], 'linux/tc_act/tc_csum.h'],
      [
        'tc-nat',
        [
          { name: 'old-addr', type: 'u32', 'byte-order': 'big-endian' },
          { name: 'new-addr', type: 'u32', 'byte-order': 'big-endian' },
          { name: 'mask', type: 'u32', 'byte-order': 'big-endian' },
          { name: 'flags', type: 'u32' },
        ],
        'linux/tc_act/tc_nat.h',
      ],
      ['tc-skbedit', [], 'linux/tc_act/tc_skbedit.h'],
      ['tc-tunnel-key', [{ name: 't-action', type: 's32' }], 'linux/tc_act/tc_tunnel_key.h'],
      ['tc-act-bpf', [], 'linux/tc_act/tc_bpf.h'],
    ] as [string, RawMember[], string][]
  ).map(([name, members, header]): Fix => ({
    spec: 'tc.yaml',
    ...definitionsAdded([{ name, type: 'struct', members: [...TC_GEN, ...members] }], `struct ${name.replace(/-/g, '_')} in ${header}: tc_gen (linux/pkt_cls.h), then its own members`),
  })),
  { spec: 'tc.yaml', ...attrStruct('act-mirred-attrs', 'parms', 'tc-mirred', 'tcf_mirred_init() in net/sched/act_mirred.c: nla_data(tb[TCA_MIRRED_PARMS]) is a struct tc_mirred') },
  { spec: 'tc.yaml', ...attrStruct('act-csum-attrs', 'parms', 'tc-csum', 'tcf_csum_init() in net/sched/act_csum.c: struct tc_csum') },
  { spec: 'tc.yaml', ...attrStruct('act-nat-attrs', 'parms', 'tc-nat', 'tcf_nat_init() in net/sched/act_nat.c: struct tc_nat') },
  { spec: 'tc.yaml', ...attrStruct('act-skbedit-attrs', 'parms', 'tc-skbedit', 'tcf_skbedit_init() in net/sched/act_skbedit.c: struct tc_skbedit') },
  { spec: 'tc.yaml', ...attrStruct('act-tunnel-key-attrs', 'parms', 'tc-tunnel-key', 'tunnel_key_init() in net/sched/act_tunnel_key.c: struct tc_tunnel_key') },
  { spec: 'tc.yaml', ...attrStruct('act-bpf-attrs', 'parms', 'tc-act-bpf', 'tcf_bpf_init() in net/sched/act_bpf.c: struct tc_act_bpf') },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [{ name: 'sock-filter', type: 'struct', members: [{ name: 'code', type: 'u16' }, { name: 'jt', type: 'u8' }, { name: 'jf', type: 'u8' }, { name: 'k', type: 'u32' }] }],
      'struct sock_filter in linux/filter.h: one classic BPF instruction; TCA_BPF_OPS and TCA_ACT_BPF_OPS are an array of them',
    ),
  },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [
        {
          name: 'tc-act',
          type: 'enum',
          'name-prefix': 'tc-act-',
          entries: [{ name: 'unspec', value: -1 }, 'ok', 'reclassify', 'shot', 'pipe', 'stolen', 'queued', 'repeat', 'redirect', 'trap'],
        },
        { name: 'tc-act-ext-val-mask', type: 'const', value: 0x0fff_ffff },
        { name: 'tc-act-goto-chain', type: 'const', value: 0x2000_0000 },
        { name: 'tca-act-max-prio', type: 'const', value: 32 },
        { name: 'tc-u32-flags', type: 'flags', 'name-prefix': 'tc-u32-', entries: ['terminal', 'offset', 'varoffset', 'eat'] },
        { name: 'tca-bpf-flag-act-direct', type: 'const', value: 1 },
        { name: 'bpf-maxinsns', type: 'const', value: 4096 },
      ],
      'linux/pkt_cls.h: TC_ACT_UNSPEC (-1) … TC_ACT_TRAP 8, TC_ACT_GOTO_CHAIN __TC_ACT_EXT(2) = 2 << 28 with the chain in TC_ACT_EXT_VAL_MASK (1 << 28) - 1, TCA_ACT_MAX_PRIO 32, TC_U32_TERMINAL 1 … TC_U32_EAT 8 (struct tc_u32_sel\'s flags), TCA_BPF_FLAG_ACT_DIRECT (1 << 0); linux/bpf_common.h: BPF_MAXINSNS 4096',
    ),
  },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [
        {
          name: 'eth-p',
          type: 'enum',
          'name-prefix': 'eth-p-',
          entries: [
            { name: 'all', value: 0x0003 },
            { name: 'ip', value: 0x0800 },
            { name: 'arp', value: 0x0806 },
            { name: '8021q', value: 0x8100 },
            { name: 'ipv6', value: 0x86dd },
            { name: 'mpls-uc', value: 0x8847 },
            { name: 'mpls-mc', value: 0x8848 },
            { name: '8021ad', value: 0x88a8 },
          ],
        },
      ],
      'linux/if_ether.h: ETH_P_ALL, ETH_P_IP, … the EtherTypes tc names as a filter\'s protocol',
    ),
  },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [
        { name: 'tc-h-unspec', type: 'const', value: 0 },
        { name: 'tc-h-root', type: 'const', value: 0xffff_ffff },
        { name: 'tc-h-ingress', type: 'const', value: 0xffff_fff1 },
        { name: 'tc-h-min-ingress', type: 'const', value: 0xfff2 },
        { name: 'tc-h-min-egress', type: 'const', value: 0xfff3 },
        { name: 'tcm-ifindex-magic-block', type: 'const', value: 0xffff_ffff },
      ],
      'linux/pkt_sched.h: TC_H_UNSPEC, TC_H_ROOT, TC_H_INGRESS (= TC_H_CLSACT), TC_H_MIN_INGRESS, TC_H_MIN_EGRESS; linux/rtnetlink.h: TCM_IFINDEX_MAGIC_BLOCK',
    ),
  },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [
        { name: 'mirred-eaction', type: 'enum', 'name-prefix': 'tca-', entries: [{ name: 'egress-redir', value: 1 }, 'egress-mirror', 'ingress-redir', 'ingress-mirror'] },
        { name: 'pgact', type: 'enum', 'name-prefix': 'pgact-', entries: ['none', 'netrand', 'determ'] },
        { name: 'tca-vlan-act', type: 'enum', 'name-prefix': 'tca-vlan-act-', entries: [{ name: 'pop', value: 1 }, 'push', 'modify', 'pop-eth', 'push-eth'] },
        { name: 'tca-tunnel-key-act', type: 'enum', 'name-prefix': 'tca-tunnel-key-act-', entries: [{ name: 'set', value: 1 }, 'release'] },
        { name: 'tca-csum-update-flag', type: 'flags', 'name-prefix': 'tca-csum-update-flag-', entries: ['ipv4hdr', 'icmp', 'igmp', 'tcp', 'udp', 'udplite', 'sctp'] },
        { name: 'tca-nat-flag', type: 'flags', 'name-prefix': 'tca-nat-flag-', entries: ['egress'] },
        { name: 'skbedit-f', type: 'flags', 'name-prefix': 'skbedit-f-', entries: ['priority', 'queue-mapping', 'mark', 'ptype', 'mask', 'inheritdsfield', 'txq-skbhash'] },
        { name: 'packet-type', type: 'enum', 'name-prefix': 'packet-', entries: ['host', 'broadcast', 'multicast', 'otherhost'] },
      ],
      'linux/tc_act/tc_mirred.h: TCA_EGRESS_REDIR 1 … TCA_INGRESS_MIRROR 4; tc_gact.h: PGACT_*; tc_vlan.h: TCA_VLAN_ACT_*; tc_tunnel_key.h: TCA_TUNNEL_KEY_ACT_*; tc_csum.h: enum TCA_CSUM_UPDATE_FLAG_*; tc_nat.h: TCA_NAT_FLAG_EGRESS; tc_skbedit.h: SKBEDIT_F_*; linux/if_packet.h: PACKET_HOST 0 … PACKET_OTHERHOST 3, skbedit\'s TCA_SKBEDIT_PTYPE',
    ),
  },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [
        { name: 'tcamsg', type: 'struct', members: [{ name: 'family', type: 'u8' }, { name: 'pad', type: 'pad', len: 3 }] },
        { name: 'tca-act-flag-large-dump-on', type: 'const', value: 1 },
      ],
      'struct tcamsg in linux/rtnetlink.h: tca_family, then two pad fields; TCA_ACT_FLAG_LARGE_DUMP_ON = TCA_FLAG_LARGE_DUMP_ON (1 << 0)',
    ),
  },
  {
    spec: 'tc.yaml',
    ...operationsAdded(
      {
        name: 'action-root-attrs',
        'name-prefix': 'tca-root-',
        attributes: [
          { name: 'tab', type: 'indexed-array', 'sub-type': 'nest', 'nested-attributes': 'act-attrs' },
          { name: 'flags', type: 'bitfield32' },
          { name: 'count', type: 'u32' },
          { name: 'time-delta', type: 'u32' },
          { name: 'ext-warn-msg', type: 'string' },
        ],
      } as RawAttrSet,
      [
        { name: 'newaction', 'attribute-set': 'action-root-attrs', 'fixed-header': 'tcamsg', do: { request: { value: 48, attributes: ['tab'] } } },
        { name: 'delaction', 'attribute-set': 'action-root-attrs', 'fixed-header': 'tcamsg', do: { request: { value: 49, attributes: ['tab'] } } },
        {
          name: 'getaction',
          'attribute-set': 'action-root-attrs',
          'fixed-header': 'tcamsg',
          do: { request: { value: 50, attributes: ['tab'] }, reply: { value: 48, attributes: ['tab'] } },
          dump: { request: { value: 50, attributes: ['tab', 'flags'] }, reply: { value: 48, attributes: ['tab', 'flags', 'count', 'time-delta', 'ext-warn-msg'] } },
        },
      ] as RawOperation[],
      'linux/rtnetlink.h: RTM_NEWACTION 48, RTM_DELACTION 49, RTM_GETACTION 50 with struct tcamsg and enum TCA_ROOT_* (TCA_ROOT_TAB holds the actions as a filter\'s TCA_*_ACT does); tc_ctl_action() in net/sched/act_api.c',
    ),
  },
  { spec: 'tc.yaml', ...attrTypes('act-tunnel-key-attrs', { 'enc-key-id': 'u32' }, 'tunnel_key_init() in net/sched/act_tunnel_key.c: key32_to_tunnel_id(nla_get_be32(tb[TCA_TUNNEL_KEY_ENC_KEY_ID])); the policy is NLA_U32') },
  { spec: 'tc.yaml', ...bigEndian('act-vlan-attrs', ['push-vlan-protocol'], 'tcf_vlan_init() in net/sched/act_vlan.c: nla_get_be16(tb[TCA_VLAN_PUSH_VLAN_PROTOCOL])') },
  { spec: 'tc.yaml', ...hostOrderStated('flower-attrs', ['key-vlan-id', 'key-cvlan-id'], 'fl_set_key_vlan() in net/sched/cls_flower.c: nla_get_u16(tb[vlan_id_key]) & VLAN_VID_MASK, host order') },
  {
    spec: 'tc.yaml',
    ...definitionsAdded([{ name: 'arpop', type: 'enum', 'name-prefix': 'arpop-', 'value-start': 1, entries: ['request', 'reply'] }], 'linux/if_arp.h: ARPOP_REQUEST 1, ARPOP_REPLY 2 (the values flower\'s TCA_FLOWER_KEY_ARP_OP matches)'),
  },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [{ name: 'tc-service-curve', type: 'struct', members: [{ name: 'm1', type: 'u32' }, { name: 'd', type: 'u32' }, { name: 'm2', type: 'u32' }] }],
      'struct tc_service_curve in linux/pkt_sched.h: __u32 m1 (slope of the 1st segment, bytes/s), d (its x-projection, µs), m2 (slope of the 2nd segment, bytes/s)',
    ),
  },
  ...(['rsc', 'fsc', 'usc'] as const).map((name) => ({ spec: 'tc.yaml', ...attrStruct('hfsc-attrs', name, 'tc-service-curve', 'hfsc_change_class() in net/sched/sch_hfsc.c: nla_data(tb[TCA_HFSC_RSC/FSC/USC]) is a struct tc_service_curve') })),
  { spec: 'tc.yaml', ...bigEndian('flower-key-enc-opt-geneve-attrs', ['class'], 'fl_set_geneve_opt() in net/sched/cls_flower.c: opt->opt_class = nla_get_be16(class)') },
  { spec: 'tc.yaml', ...multiAttr('flower-key-enc-opts-attrs', 'geneve', 'fl_set_enc_opt() in net/sched/cls_flower.c takes one TCA_FLOWER_KEY_ENC_OPTS_GENEVE nest per option; fl_dump_key_geneve_opt() puts one per option back') },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [
        {
          name: 'tc-fq-codel-cl-xstats',
          type: 'struct',
          members: [
            { name: 'type', type: 'u32' },
            { name: 'deficit', type: 's32' },
            { name: 'ldelay', type: 'u32' },
            { name: 'count', type: 'u32' },
            { name: 'lastcount', type: 'u32' },
            { name: 'dropping', type: 'u32' },
            { name: 'drop-next', type: 's32' },
            { name: 'pad', type: 'pad', len: 12 },
          ],
        },
      ],
      'struct tc_fq_codel_xstats in linux/pkt_sched.h with type TCA_FQ_CODEL_XSTATS_CLASS (1): its union holds struct tc_fq_codel_cl_stats (__s32 deficit, __u32 ldelay, count, lastcount, dropping, __s32 drop_next), 12 bytes short of the qdisc stats the union is sized by; fq_codel_dump_class_stats() in net/sched/sch_fq_codel.c copies the whole struct as a class\'s xstats',
    ),
  },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [
        {
          name: 'tc-hfsc-stats',
          type: 'struct',
          members: [
            { name: 'work', type: 'u64' },
            { name: 'rtwork', type: 'u64' },
            { name: 'period', type: 'u32' },
            { name: 'level', type: 'u32' },
          ],
        },
      ],
      'struct tc_hfsc_stats in linux/pkt_sched.h (__u64 work: total work done, rtwork: work done by the real-time criteria, __u32 period: current period, level: class level in the hierarchy); hfsc_dump_class_stats() in net/sched/sch_hfsc.c sends it as a class\'s xstats',
    ),
  },
  { spec: 'tc.yaml', ...bigEndian('flower-key-enc-opt-erspan-attrs', ['index'], 'fl_set_erspan_opt() in net/sched/cls_flower.c: md->u.index = nla_get_be32(nla)') },
  { spec: 'tc.yaml', ...hostOrderStated('flower-attrs', ['key-mpls-label'], 'fl_set_key_mpls() in net/sched/cls_flower.c: nla_get_u32(tb[TCA_FLOWER_KEY_MPLS_LABEL]) & MPLS_LABEL_MASK, host order; fl_dump_key_mpls() puts it back with nla_put_u32') },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [{ name: 'flower-key-ct-flags', type: 'flags', 'name-prefix': 'tca-flower-key-ct-flags-', entries: ['new', 'established', 'related', 'tracked', 'invalid', 'reply'] }],
      'linux/pkt_cls.h: enum TCA_FLOWER_KEY_CT_FLAGS_NEW (1 << 0) … TCA_FLOWER_KEY_CT_FLAGS_REPLY (1 << 5)',
    ),
  },
  { spec: 'tc.yaml', ...attrEnum('flower-attrs', ['key-ct-state', 'key-ct-state-mask'], 'flower-key-ct-flags', 'fl_set_key_ct() in net/sched/cls_flower.c: a u16 of TCA_FLOWER_KEY_CT_FLAGS_* bits') },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [
        { name: 'pedit-header-type', type: 'enum', 'name-prefix': 'tca-pedit-key-ex-hdr-type-', entries: ['network', 'eth', 'ip4', 'ip6', 'tcp', 'udp'] },
        { name: 'pedit-cmd', type: 'enum', 'name-prefix': 'tca-pedit-key-ex-cmd-', entries: ['set', 'add'] },
      ],
      'linux/tc_act/tc_pedit.h: enum pedit_header_type (TCA_PEDIT_KEY_EX_HDR_TYPE_NETWORK 0 … _UDP 5), enum pedit_cmd (TCA_PEDIT_KEY_EX_CMD_SET 0, _ADD 1)',
    ),
  },
  {
    spec: 'tc.yaml',
    ...attrSetAdded(
      {
        name: 'pedit-key-ex-attrs',
        'name-prefix': 'tca-pedit-key-ex-',
        attributes: [
          { name: 'htype', type: 'u16', enum: 'pedit-header-type' },
          { name: 'cmd', type: 'u16', enum: 'pedit-cmd' },
        ],
      },
      'linux/tc_act/tc_pedit.h: TCA_PEDIT_KEY_EX_HTYPE 1, TCA_PEDIT_KEY_EX_CMD 2; tcf_pedit_keys_ex_parse() in net/sched/act_pedit.c: nla_get_u16 of each',
    ),
  },
  {
    spec: 'tc.yaml',
    ...nestOf(
      'act-pedit-attrs',
      'keys-ex',
      { name: 'pedit-keys-ex-attrs', 'name-prefix': 'tca-pedit-', attributes: [{ name: 'key-ex', value: 6, type: 'nest', 'nested-attributes': 'pedit-key-ex-attrs', 'multi-attr': true }] },
      'tcf_pedit_keys_ex_parse() in net/sched/act_pedit.c: TCA_PEDIT_KEYS_EX nests one TCA_PEDIT_KEY_EX (6) per key, each a nest of TCA_PEDIT_KEY_EX_HTYPE and _CMD',
    ),
  },
  { spec: 'tc.yaml', ...attrStruct('act-pedit-attrs', 'parms-ex', 'tc-pedit-sel', 'tcf_pedit_init() in net/sched/act_pedit.c: TCA_PEDIT_PARMS_EX is a struct tc_pedit_sel with its keys, as TCA_PEDIT_PARMS') },
  {
    spec: 'tc.yaml',
    ...definitionsAdded(
      [
        { name: 'tc-linklayer', type: 'enum', 'name-prefix': 'tc-linklayer-', entries: ['unaware', 'ethernet', 'atm'] },
        { name: 'tc-red-flags', type: 'flags', 'name-prefix': 'tc-red-', entries: ['ecn', 'harddrop', 'adaptative', 'nodrop'] },
        { name: 'tc-htb-protover', type: 'const', value: 3 },
        { name: 'tc-htb-numprio', type: 'const', value: 8 },
        { name: 'tcq-prio-bands', type: 'const', value: 16 },
        { name: 'tc-prio-max', type: 'const', value: 15 },
        { name: 'cake-flow', type: 'enum', 'name-prefix': 'cake-flow-', entries: ['none', 'src-ip', 'dst-ip', 'hosts', 'flows', 'dual-src', 'dual-dst', 'triple'] },
        { name: 'cake-diffserv', type: 'enum', 'name-prefix': 'cake-diffserv-', entries: ['diffserv3', 'diffserv4', 'diffserv8', 'besteffort', 'precedence'] },
        { name: 'cake-atm', type: 'enum', 'name-prefix': 'cake-atm-', entries: ['none', 'atm', 'ptm'] },
      ],
      'linux/pkt_sched.h: enum TC_LINKLAYER_*, TC_RED_ECN 1 … TC_RED_NODROP 8, TC_HTB_PROTOVER 3, TC_HTB_NUMPRIO 8, TCQ_PRIO_BANDS 16, TC_PRIO_MAX 15, enum CAKE_FLOW_*, CAKE_DIFFSERV_*, CAKE_ATM_*',
    ),
  },
  { spec: 'mptcp_pm.yaml', ...mcastGroupsAdded([{ name: 'mptcp_pm_events' }], 'linux/mptcp.h: #define MPTCP_PM_EV_GRP_NAME "mptcp_pm_events"; mptcp_pm_mcgrps[] in net/mptcp/pm_netlink.c; its id is resolved like any family\'s') },
  {
    spec: 'mptcp_pm.yaml',
    ...flagsAdded(
      'address',
      'flags',
      { name: 'address-flags', type: 'flags', 'name-prefix': 'mptcp-pm-addr-flag-', entries: ['signal', 'subflow', 'backup', 'fullmesh', 'implicit'] },
      'linux/mptcp.h: MPTCP_PM_ADDR_FLAG_SIGNAL (1 << 0) … MPTCP_PM_ADDR_FLAG_IMPLICIT (1 << 4); the spec states a bare u32',
    ),
  },
  {
    spec: 'nl80211.yaml',
    ...nestOf(
      'nl80211-attrs',
      'bss',
      {
        name: 'bss-attrs',
        'name-prefix': 'nl80211-bss-',
        attributes: [
          { name: 'bssid', type: 'binary', value: 1, 'display-hint': 'mac' },
          { name: 'frequency', type: 'u32' },
          { name: 'tsf', type: 'u64' },
          { name: 'beacon-interval', type: 'u16' },
          { name: 'capability', type: 'u16' },
          { name: 'information-elements', type: 'binary' },
          { name: 'signal-mbm', type: 's32' },
          { name: 'signal-unspec', type: 'u8' },
          { name: 'status', type: 'u32' },
          { name: 'seen-ms-ago', type: 'u32' },
          { name: 'beacon-ies', type: 'binary' },
          { name: 'chan-width', type: 'u32' },
          { name: 'beacon-tsf', type: 'u64' },
          { name: 'presp-data', type: 'flag' },
          { name: 'last-seen-boottime', type: 'u64' },
          { name: 'pad', type: 'pad' },
          { name: 'parent-tsf', type: 'u64' },
          { name: 'parent-bssid', type: 'binary', 'display-hint': 'mac' },
          { name: 'chain-signal', type: 'binary' },
          { name: 'frequency-offset', type: 'u32' },
          { name: 'mlo-link-id', type: 'u8' },
          { name: 'mld-addr', type: 'binary', 'display-hint': 'mac' },
        ],
      },
      'linux/nl80211.h: enum nl80211_bss, NL80211_BSS_BSSID = 1 … NL80211_BSS_MLD_ADDR; net/wireless/nl80211.c nl80211_send_bss() nests them in NL80211_ATTR_BSS, which the spec states as binary',
    ),
  },
];

/** The fixes for a spec file. */
export const fixesFor = (file: string): Fix[] => FIXES.filter((f) => f.spec === file);

/** A deep copy of the spec with its fixes applied. */
export function applyFixes(spec: RawSpec, file: string): { spec: RawSpec; applied: string[] } {
  const fixes = fixesFor(file);
  if (fixes.length === 0) return { spec, applied: [] };
  const copy = structuredClone(spec);
  for (const fix of fixes) fix.apply(copy);
  return { spec: copy, applied: fixes.map((f) => f.description) };
}
