import type { Link } from '@linx/rtnl';
import type { CommandContext } from '../context.js';
import { emit } from '../output/emit.js';
import { linkToIp, type LinkShapeOptions } from '../output/ip-json.js';
import { linkText } from '../output/text.js';
import { Words, commandOf } from '../words.js';

export const usage = `Usage: linx link show [ [dev] NAME ] [up] [master DEV] [type KIND]
       linx link add [name] NAME type { veth [peer [name] PEER] | bridge } [mtu N] [up]
       linx link set [dev] NAME { up | down | mtu N | master DEV | nomaster | name NEW | address MAC | txqueuelen N } …
       linx link del [dev] NAME
Options: -j (ip -j's fields), -d (details), -s (statistics), -n NETNS.
`;

/** What `ip link` / `ip addr` know about the namespace's links: names and which are up. */
export function linkShape(links: readonly Link[], o: Pick<LinkShapeOptions, 'linkmode' | 'details' | 'stats' | 'linkLayer'>): LinkShapeOptions {
  const names = new Map(links.map((l) => [l.index, l.ifname ?? `if${l.index}`]));
  const up = new Set(links.filter((l) => (l.flags as string[]).includes('up')).map((l) => l.index));
  return { ...o, names, up };
}

export async function run(context: CommandContext): Promise<void> {
  const { command, rest } = commandOf(context.args, ['show', 'add', 'set', 'del']);
  if (command === 'show') return show(context, rest);
  const { change } = await import('./link-change.js');
  return change(context, command, rest);
}

async function show(context: CommandContext, args: string[]): Promise<void> {
  const words = new Words(args, 'link show');
  let dev: string | undefined;
  let up = false;
  let master: string | undefined;
  let kind: string | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'dev') dev = words.value('dev');
    else if (word === 'up') up = true;
    else if (word === 'master') master = words.value('master');
    else if (word === 'type') kind = words.value('type');
    else if (dev === undefined) dev = word;
    else words.unknown(word);
  }
  const rtnl = await context.rtnl();
  const all = await rtnl.links.list();
  const { json, stats } = context.options;
  // The text's "missed" column is rx_missed_errors, which ip -j shows only with -s -s: text asks for both.
  const shape = linkShape(all, { linkmode: true, details: context.options.details, stats: json || stats === 0 ? stats : 2, linkLayer: true });
  let links: readonly Link[] = all;
  if (dev !== undefined) {
    links = [await rtnl.links.get(dev)];
  } else if (up || master !== undefined || kind !== undefined) {
    links = await rtnl.links.list({ ...(up ? { up: true } : {}), ...(master !== undefined ? { master } : {}), ...(kind !== undefined ? { kind } : {}) });
  }
  emit(context, links.map((l) => linkToIp(l, shape)), (o) => linkText(o, { statsErrors: stats > 1, paint: context.paint }));
}
