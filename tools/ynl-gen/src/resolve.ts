import type { LoadedSpec } from './load.js';
import type { LenOrDefine, RawAttr, RawDefinition, RawMember, RawOperation, RawSpec, RawSubMessageFormat, RawSubOp } from './spec.js';

/**
 * A spec with its implicit facts made explicit, the way the kernel's own YNL library (tools/net/ynl,
 * lib/nlspec.py) reads it: attribute ids, enum values, operation message ids, inherited attribute sets.
 */
export interface Family {
  name: string;
  protocol: 'netlink-raw' | 'genetlink' | 'genetlink-c' | 'genetlink-legacy';
  protonum: number | undefined;
  license: string;
  file: string;
  consts: Map<string, ConstModel>;
  enums: Map<string, EnumModel>;
  structs: Map<string, StructModel>;
  attrSets: Map<string, AttrSetModel>;
  subMessages: Map<string, SubMessageModel>;
  enumModel: 'unified' | 'directional';
  operations: OperationModel[];
  mcastGroups: { name: string; value: number | undefined }[];
  /** Things in the spec the generator could not follow (missing references, …), for the CLI to print. */
  warnings: string[];
}

export interface ConstModel {
  name: string;
  value: number | string;
  /** The C-side prefix (`name-prefix`), used to resolve lengths written as C names (`wg-key-len`). */
  prefix: string | undefined;
}

export interface EnumModel {
  name: string;
  kind: 'enum' | 'flags';
  /** Raw values: the number of an enum entry, the bit number of a flags entry. */
  entries: { name: string; value: number }[];
  prefix: string | undefined;
}

/** The user value of an entry: the value of an enum entry; the mask (1 << value) of a flags entry or enum-as-flags. */
export function entryValue(e: EnumModel, value: number, asFlags: boolean): number {
  return e.kind === 'flags' || asFlags ? 2 ** value : value;
}

export interface StructModel {
  name: string;
  members: RawMember[];
}

export interface AttrModel {
  name: string;
  id: number;
  /** The attribute's spec, merged over its parent's for an attribute of a `subset-of` set. */
  spec: RawAttr & { type: NonNullable<RawAttr['type']> };
}

export interface AttrSetModel {
  name: string;
  subsetOf: string | undefined;
  /** The C prefix of the attribute names (the parent's for a subset), when the spec gives one. */
  prefix: string | undefined;
  attrs: AttrModel[];
}

export interface SubMessageModel {
  name: string;
  formats: RawSubMessageFormat[];
}

export interface OperationModel {
  name: string;
  /** Message id of the request (user → kernel), if the operation has one. */
  requestValue: number | undefined;
  /** Message id of the reply or notification (kernel → user), if any. */
  replyValue: number | undefined;
  /** Extra ids when `dump` names other values than `do`. */
  dumpRequestValue: number | undefined;
  dumpReplyValue: number | undefined;
  attributeSet: string | undefined;
  fixedHeader: string | undefined;
  kind: 'call' | 'notify' | 'event' | 'reserved';
  hasDo: boolean;
  hasDump: boolean;
  /** The attributes (spec names) the `do` request and reply carry, as the spec lists them; a reply the spec does not give is undefined. */
  do: ModeModel | undefined;
  dump: ModeModel | undefined;
  /** A notification's or event's multicast group, as the spec names it (`mcgrp`). */
  mcgrp: string | undefined;
  /** An event's attributes (`event.attributes`); a notification's are its operation's reply's (see `notifies`). */
  eventAttributes: string[] | undefined;
  /** The operation a notification notifies for (`notify`). */
  notifies: string | undefined;
}

/** One mode (do or dump) of an operation: the attributes of its request and of its reply. */
export interface ModeModel {
  request: string[];
  /** Undefined when the mode has no reply (the kernel answers with an ACK only). */
  reply: string[] | undefined;
}

/** Resolves a length written as a number, a const's name or "<const> - 1". */
export function resolveLen(family: Pick<Family, 'consts'>, len: LenOrDefine | undefined): number | undefined {
  if (len === undefined) return undefined;
  if (typeof len === 'number') return len;
  const m = /^\s*([0-9A-Za-z_-]+)\s*(-\s*1)?\s*$/.exec(len);
  if (!m) return undefined;
  const [, name, minusOne] = m;
  let value: number | undefined;
  if (/^\d+$/.test(name!)) value = Number(name);
  else {
    const norm = (s: string) => s.toLowerCase().replace(/_/g, '-');
    const wanted = norm(name!);
    for (const c of family.consts.values()) {
      if (typeof c.value !== 'number') continue;
      if (norm(c.name) === wanted || (c.prefix !== undefined && norm(c.prefix + c.name) === wanted)) value = c.value;
    }
  }
  return value === undefined ? undefined : value - (minusOne ? 1 : 0);
}

function toInt(v: number | string | undefined, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v.trim())) return Number(v.trim());
  throw new Error(`${what}: expected an integer, got ${JSON.stringify(v)}`);
}

function resolveDefinitions(spec: RawSpec, family: Family): void {
  for (const def of spec.definitions ?? []) {
    const name = String(def.name);
    if (def.type === 'const') {
      family.consts.set(name, { name, value: def.value ?? 0, prefix: def['name-prefix'] });
    } else if (def.type === 'enum' || def.type === 'flags') {
      family.enums.set(name, resolveEnum(def));
    } else if (def.type === 'struct') {
      family.structs.set(name, { name, members: def.members ?? [] });
    } else {
      throw new Error(`definition ${name}: unknown type ${JSON.stringify((def as RawDefinition).type)}`);
    }
  }
}

function resolveEnum(def: RawDefinition): EnumModel {
  // As lib/nlspec.py: an entry's value is its own, else the previous entry's plus one, else value-start.
  const start = def['value-start'] === undefined ? 0 : toInt(def['value-start'], `${def.name} value-start`);
  const entries: { name: string; value: number }[] = [];
  let previous: number | undefined;
  for (const entry of def.entries ?? []) {
    const e = typeof entry === 'object' && entry !== null ? entry : { name: String(entry) };
    const value = e.value !== undefined ? toInt(e.value, `${def.name}.${e.name}`) : previous !== undefined ? previous + 1 : start;
    entries.push({ name: String(e.name), value });
    previous = value;
  }
  return { name: String(def.name), kind: def.type as 'enum' | 'flags', entries, prefix: def['name-prefix'] };
}

function resolveAttrSets(spec: RawSpec, family: Family): void {
  const raw = new Map(spec['attribute-sets'].map((s) => [String(s.name), s]));
  const resolving = new Set<string>();
  const resolveSet = (name: string): AttrSetModel => {
    const done = family.attrSets.get(name);
    if (done) return done;
    const set = raw.get(name);
    if (!set) throw new Error(`attribute set ${name} is not defined`);
    if (resolving.has(name)) throw new Error(`attribute set ${name} is a subset of itself`);
    resolving.add(name);
    const attrs: AttrModel[] = [];
    let prefix = set['name-prefix'];
    if (set['subset-of'] === undefined) {
      // Ids start at 1 and count up; an explicit value resets the count (lib/nlspec.py).
      let next = 1;
      for (const a of set.attributes ?? []) {
        if (a.value !== undefined) next = toInt(a.value, `${name}.${a.name}`);
        if (a.type === undefined) throw new Error(`${name}.${a.name}: an attribute needs a type`);
        attrs.push({ name: String(a.name), id: next, spec: { ...a, name: String(a.name) } as AttrModel['spec'] });
        next++;
      }
    } else {
      // A subset reuses the parent's attribute (id, type, …); what it states itself overrides the rest.
      const parent = resolveSet(String(set['subset-of']));
      prefix = parent.prefix;
      for (const a of set.attributes ?? []) {
        const base = parent.attrs.find((p) => p.name === String(a.name));
        if (!base) throw new Error(`${name}.${a.name}: not an attribute of ${parent.name}, which ${name} is a subset of`);
        attrs.push({ name: base.name, id: base.id, spec: { ...base.spec, ...a, name: base.name } as AttrModel['spec'] });
      }
    }
    const model: AttrSetModel = { name, subsetOf: set['subset-of'], prefix, attrs };
    family.attrSets.set(name, model);
    resolving.delete(name);
    return model;
  };
  for (const name of raw.keys()) resolveSet(name);
  // Keep the spec's order (subsets may have resolved their parent first).
  const ordered = new Map([...raw.keys()].map((n) => [n, family.attrSets.get(n)!]));
  family.attrSets.clear();
  for (const [k, v] of ordered) family.attrSets.set(k, v);
}

function opBase(op: RawOperation, family: Family, defaultHeader: string | undefined): Omit<OperationModel, 'requestValue' | 'replyValue'> {
  const hasDo = op.do !== undefined;
  const hasDump = op.dump !== undefined;
  const kind = op.notify !== undefined ? 'notify' : op.event !== undefined ? 'event' : hasDo || hasDump ? 'call' : 'reserved';
  return {
    name: String(op.name),
    dumpRequestValue: undefined,
    dumpReplyValue: undefined,
    attributeSet: op['attribute-set'],
    fixedHeader: op['fixed-header'] ?? defaultHeader,
    kind,
    hasDo,
    hasDump,
    do: modeOf(op.do),
    dump: modeOf(op.dump),
    mcgrp: op.mcgrp,
    eventAttributes: op.event?.attributes?.map(String),
    notifies: op.notify,
  };
}

function modeOf(mode: RawSubOp | null | undefined): ModeModel | undefined {
  if (mode === undefined) return undefined;
  const request = (mode?.request?.attributes ?? []).map(String);
  const reply = mode?.reply === undefined || mode.reply === null ? undefined : (mode.reply.attributes ?? []).map(String);
  return { request, reply };
}

function resolveOperations(spec: RawSpec, family: Family): void {
  const ops = spec.operations;
  const list = ops.list ?? [];
  const defaultHeader = ops['fixed-header'];
  if (family.enumModel === 'unified') {
    // One number per operation: 1, 2, … with explicit values resetting the count.
    let value = 1;
    for (const op of list) {
      if (op.value !== undefined) value = op.value;
      family.operations.push({ ...opBase(op, family, defaultHeader), requestValue: value, replyValue: value });
      value++;
    }
  } else {
    // Requests and replies counted apart (lib/nlspec.py, _dictify_ops_directional).
    let req: number | undefined = 1;
    let rsp: number | undefined = 1;
    for (const op of list) {
      let reqNext: number | undefined;
      let rspNext: number;
      let dumpReq: number | undefined;
      let dumpRsp: number | undefined;
      if (op.notify !== undefined || op.event !== undefined) {
        if (op.value !== undefined) rsp = op.value;
        reqNext = req;
        rspNext = rsp! + 1;
        req = undefined;
      } else if (op.do !== undefined || op.dump !== undefined) {
        const mode = op.do ?? op.dump ?? {};
        const v = mode?.request?.value;
        if (v) req = v;
        const r = mode?.reply?.value;
        if (r) rsp = r;
        const rspInc = mode && mode.reply !== undefined ? 1 : 0;
        reqNext = req! + 1;
        rspNext = rsp! + rspInc;
        if (op.do !== undefined && op.dump) {
          const dv = op.dump.request?.value;
          const dr = op.dump.reply?.value;
          if (dv && dv !== req) dumpReq = dv;
          if (dr && dr !== rsp) dumpRsp = dr;
        }
      } else {
        throw new Error(`operation ${op.name}: neither do, dump, notify nor event`);
      }
      const requestValue = req === reqNext ? undefined : req;
      const replyValue = rsp === rspNext ? undefined : rsp;
      family.operations.push({
        ...opBase(op, family, defaultHeader),
        requestValue,
        replyValue,
        dumpRequestValue: dumpReq,
        dumpReplyValue: dumpRsp,
      });
      req = reqNext;
      rsp = rspNext;
    }
  }
  // Notifications take the attribute set of the operation they notify for (lib/nlspec.py).
  for (const op of family.operations) {
    if (op.attributeSet !== undefined) continue;
    const raw = list.find((o) => o.name === op.name)!;
    if (raw.notify !== undefined) {
      const target = list.find((o) => o.name === raw.notify);
      if (!target) family.warnings.push(`operation ${op.name} notifies for ${raw.notify}, which is not an operation`);
      else op.attributeSet = target['attribute-set'];
    }
  }
}

/** Makes the implicit facts of a spec explicit. */
export function resolveFamily(loaded: LoadedSpec): Family {
  const { spec } = loaded;
  const family: Family = {
    name: String(spec.name),
    protocol: spec.protocol ?? 'genetlink',
    protonum: spec.protonum,
    license: loaded.license,
    file: loaded.file,
    consts: new Map(),
    enums: new Map(),
    structs: new Map(),
    attrSets: new Map(),
    subMessages: new Map(),
    enumModel: spec.operations['enum-model'] ?? 'unified',
    operations: [],
    mcastGroups: (spec['mcast-groups']?.list ?? []).map((g) => ({ name: String(g.name), value: g.value })),
    warnings: [],
  };
  resolveDefinitions(spec, family);
  resolveAttrSets(spec, family);
  for (const sub of spec['sub-messages'] ?? []) {
    family.subMessages.set(String(sub.name), { name: String(sub.name), formats: sub.formats.map((f) => ({ ...f, value: String(f.value) })) });
  }
  resolveOperations(spec, family);
  return family;
}
