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

/** The attributes of `list` that `set` has, as member names; those it has not are left out with a note. */
function memberList(ctx: TypeContext, set: string | undefined, list: readonly string[], what: string): string {
  const known = set === undefined ? undefined : ctx.family.attrSets.get(set);
  const names: string[] = [];
  for (const name of list) {
    if (known && !known.attrs.some((a) => a.name === name)) {
      ctx.note(`${what}: ${name} is not an attribute of ${set}; left out`);
      continue;
    }
    names.push(quote(memberName(name)));
  }
  return `[${names.join(', ')}]`;
}

/**
 * Genetlink operations for a typed client (`@linx/genl`'s `GenlClient`): per operation its attribute set
 * (and fixed header), and per mode (`do`, `dump`) the request's command and attributes and, where the
 * kernel answers with data, the reply's; per notification or event its command, set, attributes and
 * multicast group; per group the notifications it carries. A notification or event with no `mcgrp` goes
 * to the family's only group where it has one (the kernel sends a family's notifications to its own
 * groups), else it is listed without a group.
 */
export function emitOperations(ctx: TypeContext): string[] {
  const { family, out } = ctx;
  if (!isGenetlink(family)) return [];
  const byName = new Map(family.operations.map((op) => [op.name, op]));
  const onlyGroup = family.mcastGroups.length === 1 ? family.mcastGroups[0]!.name : undefined;
  const setRef = (name: string | undefined) => (name !== undefined && family.attrSets.has(name) ? attrSetIdent(name) : undefined);
  const headerRef = (name: string | undefined) => (name !== undefined && family.structs.has(name) ? structIdent(name) : undefined);

  const opLines: string[] = [];
  const ntfLines: string[] = [];
  const groupEvents = new Map<string, string[]>(family.mcastGroups.map((g) => [g.name, []]));
  for (const op of family.operations) {
    const attrs = setRef(op.attributeSet);
    const header = headerRef(op.fixedHeader);
    if (op.kind === 'call') {
      if (attrs === undefined) {
        ctx.note(`operation ${op.name}: no attribute set; not callable through the typed client`);
        continue;
      }
      const modeLine = (mode: 'do' | 'dump', m: NonNullable<OperationModel['do']>) => {
        const requestCmd = mode === 'dump' ? (op.dumpRequestValue ?? op.requestValue) : op.requestValue;
        const replyCmd = mode === 'dump' ? (op.dumpReplyValue ?? op.replyValue) : op.replyValue;
        if (requestCmd === undefined) return [];
        const parts = [`request: { cmd: ${requestCmd}, attributes: ${memberList(ctx, op.attributeSet, m.request, `${op.name} ${mode} request`)} }`];
        if (m.reply !== undefined) parts.push(`reply: { cmd: ${replyCmd ?? requestCmd}, attributes: ${memberList(ctx, op.attributeSet, m.reply, `${op.name} ${mode} reply`)} }`);
        return [`    ${mode}: { ${parts.join(', ')} },`];
      };
      opLines.push(
        `  ${propertyKey(op.name)}: {`,
        `    attrs: ${attrs},`,
        ...(header === undefined ? [] : [`    header: ${header},`]),
        ...(op.do ? modeLine('do', op.do) : []),
        ...(op.dump ? modeLine('dump', op.dump) : []),
        '  },',
      );
    } else if (op.kind === 'notify' || op.kind === 'event') {
      const cmd = op.replyValue ?? op.requestValue;
      if (attrs === undefined || cmd === undefined) {
        ctx.note(`notification ${op.name}: no attribute set or command; not decoded by the typed client`);
        continue;
      }
      const target = op.notifies === undefined ? undefined : byName.get(op.notifies);
      const list = op.kind === 'event' ? op.eventAttributes : (target?.do?.reply ?? target?.dump?.reply);
      const group = op.mcgrp ?? onlyGroup;
      if (group !== undefined) groupEvents.get(group)?.push(op.name);
      const parts = [`cmd: ${cmd}`, `attrs: ${attrs}`];
      if (header !== undefined) parts.push(`header: ${header}`);
      if (list !== undefined) parts.push(`attributes: ${memberList(ctx, op.attributeSet, list, `${op.name}`)}`);
      if (group !== undefined) parts.push(`group: ${quote(group)}`);
      ntfLines.push(`  ${propertyKey(op.name)}: { ${parts.join(', ')} },`);
    }
  }
  const lines: string[] = [];
  out.declare('operations', 'the operations');
  lines.push(
    '/** Operations: attribute set, and per mode (do, dump) the request command and attributes and the reply, as the spec lists them. */',
    'export const operations = {',
    ...opLines,
    '} as const;',
    '',
  );
  out.declare('notifications', 'the notifications');
  lines.push('/** Notifications and events: command, attribute set, attributes, multicast group. */', 'export const notifications = {', ...ntfLines, '} as const;', '');
  out.declare('groupNotifications', 'the notifications of each group');
  lines.push(
    '/** Each multicast group (by its name) and the notifications it carries. */',
    'export const groupNotifications = {',
    ...[...groupEvents].map(([g, ops]) => `  ${propertyKey(g)}: [${ops.map(quote).join(', ')}],`),
    '} as const;',
    '',
  );
  return lines;
}
