import type { CommandContext } from '../context.js';
import { emit } from '../output/emit.js';
import { neighbourToIp } from '../output/ip-json.js';
import { neighbourText } from '../output/text.js';
import { Words, commandOf } from '../words.js';

export const usage = `Usage: linx neigh [show] [ [to] ADDR ] [ dev NAME ]
       linx neigh { add | del | replace } ADDR [ lladdr MAC ] dev NAME [ nud { permanent | noarp | reachable | stale } ] [ router ]
Options: -j, -4, -6, -n NETNS.
`;

export async function run(context: CommandContext): Promise<void> {
  const { command, rest } = commandOf(context.args, ['show', 'add', 'del', 'replace']);
  if (command === 'show') return show(context, rest);
  const { change } = await import('./neigh-change.js');
  return change(context, command, rest);
}

async function show(context: CommandContext, args: string[]): Promise<void> {
  const words = new Words(args, 'neigh show');
  let dev: string | undefined;
  let address: string | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'dev') dev = words.value('dev');
    else if (address !== undefined) words.unknown(word);
    else address = word === 'to' ? words.value('to') : word;
  }
  const rtnl = await context.rtnl();
  const links = await rtnl.links.list();
  const names = new Map(links.map((l) => [l.index, l.ifname ?? `if${l.index}`]));
  const family = context.options.family;
  // Names come from the links listed above: no second link dump for the neighbours' own `dev`.
  const list = await rtnl.neighbours.list({ names: false, ...(family ? { family } : {}), ...(dev !== undefined ? { interface: dev } : {}) });
  // `ip neigh show` leaves out NOARP entries (and NONE) unless asked for them.
  const shown = list.filter((n) => !(n.states as string[]).includes('noarp') && n.states.length > 0 && (address === undefined || n.dst === address));
  emit(context, shown.map((n) => neighbourToIp(n, names)), (o) => neighbourText(o, context.paint));
}
