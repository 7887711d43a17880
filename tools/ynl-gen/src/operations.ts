import { attrSetIdent, camelCase, memberName, messageGroupName, messageIdent, propertyKey, quote, structIdent } from './naming.js';
import type { Family, OperationModel } from './resolve.js';
import type { TypeContext } from './types.js';

/**
 * Operations → messages. Operations that share a fixed header and an attribute set share one
 * `message()` declaration; its `types` maps each operation to its nlmsg_type: the request under the
 * operation's name, the reply under `<name>Reply` when its value differs, a notification under its own
 * name. Genetlink messages have no nlmsg_type of their own (the family id is resolved at run time), so
 * their commands are exported apart, as `commandValues` (or `requestCommandValues` and
 * `replyCommandValues` for a directional family).
 */

interface Group {
  header: string | undefined;
  attrSet: string | undefined;
  ops: OperationModel[];
  name: string;
}

export const isGenetlink = (family: Family): boolean => family.protocol !== 'netlink-raw';

function groups(family: Family): Group[] {
  const byKey = new Map<string, Group>();
  for (const op of family.operations) {
    if (op.attributeSet === undefined && op.fixedHeader === undefined) continue;
    const key = `${op.fixedHeader ?? ''}\0${op.attributeSet ?? ''}`;
    let group = byKey.get(key);
    if (!group) {
      group = { header: op.fixedHeader, attrSet: op.attributeSet, ops: [], name: messageGroupName(op.attributeSet, op.fixedHeader) };
      byKey.set(key, group);
    }
    group.ops.push(op);
  }
  const all = [...byKey.values()];
  // One attribute set under two headers: every message of that name gets its header's name too.
  const clashing = new Set(all.filter((g) => all.some((o) => o !== g && o.name === g.name)).map((g) => g.name));
  for (const g of all) if (clashing.has(g.name) && g.header !== undefined) g.name = `${g.name}-${g.header}`;
  return all;
}

/** nlmsg_type of each operation of a netlink-raw group, by property name. */
function typesOf(group: Group): [string, number][] {
  const types: [string, number][] = [];
  const add = (name: string, value: number | undefined) => {
    if (value === undefined) return;
    if (types.some(([n]) => n === name)) throw new Error(`message ${group.name}: two message types named ${name}`);
    types.push([name, value]);
  };
  for (const op of group.ops) {
    const name = memberName(op.name);
    if (op.kind === 'notify' || op.kind === 'event') {
      add(name, op.replyValue ?? op.requestValue);
      continue;
    }
    add(name, op.requestValue);
    if (op.replyValue !== undefined && op.replyValue !== op.requestValue) add(`${name}Reply`, op.replyValue);
    add(`${name}Dump`, op.dumpRequestValue);
    add(`${name}DumpReply`, op.dumpReplyValue);
  }
  return types;
}

export function emitMessages(ctx: TypeContext): string[] {
  const { family, out } = ctx;
  const genl = isGenetlink(family);
  const lines: string[] = [];
  if (genl) {
    lines.push(
      '// genetlink: every message starts with struct genlmsghdr (cmd, version), which belongs to the genetlink',
      '// layer; the messages below are what follows it. Their commands are in the command values further down.',
      '',
    );
  }
  for (const group of groups(family)) {
    const ident = out.declare(messageIdent(group.name), `message ${group.name}`);
    const parts: string[] = [];
    if (group.header !== undefined) {
      if (family.structs.has(group.header)) parts.push(`  header: ${structIdent(group.header)},`);
      else ctx.note(`message ${group.name}: fixed header ${group.header} is not defined in the spec`);
    }
    if (group.attrSet !== undefined) {
      if (family.attrSets.has(group.attrSet)) parts.push(`  attrs: ${attrSetIdent(group.attrSet)},`);
      else ctx.note(`message ${group.name}: attribute set ${group.attrSet} is not defined in the spec`);
    }
    if (!genl) {
      parts.push('  types: {', ...typesOf(group).map(([n, v]) => `    ${propertyKey(n)}: ${v},`), '  },');
    }
    lines.push(`export const ${ident} = ${out.use('message')}(${quote(group.name)}, {`, ...parts, '});', '');
  }
  return lines;
}

function valuesConst(ctx: TypeContext, ident: string, what: string, entries: [string, number][]): string[] {
  ctx.out.declare(ident, what);
  return [`/** ${what} */`, `export const ${ident} = {`, ...entries.map(([n, v]) => `  ${propertyKey(n)}: ${v},`), '} as const;', ''];
}

/** Genetlink command numbers (genlmsghdr.cmd), named as in the spec. */
export function emitCommands(ctx: TypeContext): string[] {
  const { family } = ctx;
  if (!isGenetlink(family)) return [];
  if (family.enumModel === 'unified') {
    const entries = family.operations.filter((op) => op.requestValue !== undefined).map((op): [string, number] => [op.name, op.requestValue!]);
    return valuesConst(ctx, 'commandValues', 'genetlink commands (genlmsghdr.cmd), in both directions', entries);
  }
  const requests: [string, number][] = [];
  const replies: [string, number][] = [];
  for (const op of family.operations) {
    if (op.requestValue !== undefined) requests.push([op.name, op.requestValue]);
    if (op.replyValue !== undefined) replies.push([op.kind === 'call' ? `${op.name}-reply` : op.name, op.replyValue]);
  }
  return [
    ...valuesConst(ctx, 'requestCommandValues', 'genetlink commands sent to the kernel (genlmsghdr.cmd)', requests),
    ...valuesConst(ctx, 'replyCommandValues', 'genetlink commands the kernel sends: replies and notifications (genlmsghdr.cmd)', replies),
  ];
}

/** The family's name and protocol, and its multicast groups. */
export function emitFamily(ctx: TypeContext): string[] {
  const { family, out } = ctx;
  out.declare('family', 'the family description');
  const fields = [`name: ${quote(family.name)}`, `protocol: ${quote(family.protocol)}`];
  if (family.protonum !== undefined) fields.push(`protonum: ${family.protonum}`);
  return [`export const family = { ${fields.join(', ')} } as const;`, ''];
}

export function emitMcastGroups(ctx: TypeContext): string[] {
  const { family, out } = ctx;
  if (family.mcastGroups.length === 0) return [];
  out.declare('mcastGroups', 'the multicast groups');
  const lines = [
    '/** Multicast groups: the group number, or (genetlink, or no number in the spec) its name, resolved at run time. */',
    'export const mcastGroups = {',
  ];
  for (const g of family.mcastGroups) lines.push(`  ${propertyKey(camelCase(g.name))}: ${g.value !== undefined ? g.value : quote(g.name)},`);
  lines.push('} as const;', '');
  return lines;
}
