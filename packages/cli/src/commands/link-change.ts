import type { LinkCreateOptions, LinkSetOptions } from '@linx/rtnl';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { Words } from '../words.js';

/** `link add|set|del`, as `ip link` spells them, mapped to rtnl.links.create / set / delete. */
export async function change(context: CommandContext, command: string, args: string[]): Promise<void> {
  if (command === 'add') {
    const spec = parseLinkAdd(args);
    await (await context.rtnl()).links.create(spec);
  } else if (command === 'set') {
    const { dev, changes } = parseLinkSet(args);
    await (await context.rtnl()).links.set(dev, changes);
  } else {
    const dev = parseLinkDel(args);
    await (await context.rtnl()).links.delete(dev);
  }
}

/** `[name] NAME type KIND [peer [name] PEER] [mtu N] [address MAC] [master DEV] [up]`. */
export function parseLinkAdd(args: readonly string[]): LinkCreateOptions {
  const words = new Words(args, 'link add');
  let name: string | undefined;
  let kind: string | undefined;
  let peer: string | undefined;
  const common: { mtu?: number; address?: string; master?: string; up?: boolean; txqlen?: number } = {};
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'name' || word === 'dev') name = words.value(word);
    else if (word === 'type') {
      kind = words.value('type');
      if (kind !== 'veth' && kind !== 'bridge') throw new UsageError(`link add: type "${kind}": linx link add makes veth and bridge links`);
    } else if (word === 'peer' && kind === 'veth') {
      const next = words.value('peer');
      peer = next === 'name' ? words.value('peer name') : next;
    } else if (word === 'mtu') common.mtu = words.integer('mtu', 0);
    else if (word === 'address') common.address = words.value('address');
    else if (word === 'master') common.master = words.value('master');
    else if (word === 'txqueuelen' || word === 'txqlen' || word === 'qlen') common.txqlen = words.integer(word);
    else if (word === 'up') common.up = true;
    else if (name === undefined && kind === undefined) name = word;
    else words.unknown(word);
  }
  if (name === undefined) throw new UsageError('link add: no name given (linx link add NAME type veth|bridge)');
  if (kind === undefined) throw new UsageError('link add: no type given (type veth or type bridge)');
  if (kind === 'veth') return { ...common, name, kind: 'veth', ...(peer !== undefined ? { peer: { name: peer } } : {}) } as LinkCreateOptions;
  return { ...common, name, kind: 'bridge' } as LinkCreateOptions;
}

/** `[dev] NAME { up | down | mtu N | master DEV | nomaster | name NEW | address MAC | txqueuelen N | alias TEXT } …`. */
export function parseLinkSet(args: readonly string[]): { dev: string; changes: LinkSetOptions } {
  const words = new Words(args, 'link set');
  let dev: string | undefined;
  const changes: LinkSetOptions = {};
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'dev') dev = words.value('dev');
    else if (word === 'up') changes.up = true;
    else if (word === 'down') changes.up = false;
    else if (word === 'mtu') changes.mtu = words.integer('mtu');
    else if (word === 'master') changes.master = words.value('master');
    else if (word === 'nomaster') changes.master = null;
    else if (word === 'name') changes.name = words.value('name');
    else if (word === 'address') changes.address = words.value('address');
    else if (word === 'txqueuelen' || word === 'txqlen' || word === 'qlen') changes.txqlen = words.integer(word);
    else if (word === 'alias') changes.alias = words.value('alias');
    else if (dev === undefined) dev = word;
    else words.unknown(word);
  }
  if (dev === undefined) throw new UsageError('link set: no device given (linx link set dev NAME …)');
  if (Object.keys(changes).length === 0) throw new UsageError(`link set ${dev}: nothing to change (up, down, mtu N, master DEV, nomaster, name NEW, address MAC, txqueuelen N, alias TEXT)`);
  return { dev, changes };
}

/** `[dev] NAME`. */
export function parseLinkDel(args: readonly string[]): string {
  const words = new Words(args, 'link del');
  let dev: string | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'dev') dev = words.value('dev');
    else if (dev === undefined) dev = word;
    else words.unknown(word);
  }
  if (dev === undefined) throw new UsageError('link del: no device given (linx link del NAME)');
  return dev;
}
