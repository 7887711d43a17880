import type { CommandContext } from '../context.js';
import { emit } from '../output/emit.js';
import { routeToIp } from '../output/ip-json.js';
import { routeText } from '../output/text.js';
import { Words, commandOf } from '../words.js';
import { tableOf } from './route-words.js';

export const usage = `Usage: linx route [show] [ [to] PREFIX ] [ table TABLE | table all ] [ dev NAME ] [ proto PROTO ]
       linx route { add | del | replace } [ TYPE ] PREFIX [ via ADDR ] [ dev NAME ] [ nhid ID ] [ metric N ] [ table TABLE ]
                  [ proto PROTO ] [ scope SCOPE ] [ src ADDR ] [ mtu N ] [ onlink ]
       linx route get ADDR [ from ADDR ] [ iif NAME ] [ oif NAME ] [ mark N ]
TYPE := unicast | blackhole | unreachable | prohibit | local | broadcast ; PREFIX := default | ADDR[/LEN]
TABLE := main | local | default | 1..4294967295. IPv4 unless -6 or an IPv6 prefix. Options: -j, -4, -6, -n NETNS.
`;

export async function run(context: CommandContext): Promise<void> {
  const { command, rest } = commandOf(context.args, ['show', 'add', 'del', 'replace', 'append', 'get']);
  if (command === 'show') return show(context, rest);
  const { change } = await import('./route-change.js');
  return change(context, command, rest);
}

async function show(context: CommandContext, args: string[]): Promise<void> {
  const words = new Words(args, 'route show');
  let table: number | 'all' = 254;
  let dev: string | undefined;
  let protocol: string | undefined;
  let dst: string | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'table') {
      const value = words.value('table');
      table = value === 'all' ? 'all' : tableOf(value);
    } else if (word === 'dev') dev = words.value('dev');
    else if (word === 'proto' || word === 'protocol') protocol = words.value(word);
    else if ((word === 'to' || word === 'exact') && dst === undefined) dst = words.value(word);
    else if (dst === undefined) dst = word;
    else words.unknown(word);
  }
  const rtnl = await context.rtnl();
  // `ip route` shows IPv4 unless -6, except for `table all`, which shows every family.
  const family = context.options.family ?? (table === 'all' ? undefined : 'inet');
  const routes = await rtnl.routes.list({
    ...(family !== undefined ? { family } : {}),
    ...(table !== 'all' ? { table } : {}),
    ...(dev !== undefined ? { interface: dev } : {}),
    ...(protocol !== undefined ? { protocol: protocol as never } : {}),
    // `ip route show PREFIX` shows the routes to exactly that prefix.
    ...(dst !== undefined ? { dst } : {}),
  });
  // `ip route` leaves out cloned (cached) routes; `dev NAME` selects by the output interface alone (not
  // by a next hop's) and then goes without saying, so `ip` does not print it.
  const shown = routes.filter((r) => !(r.flags as string[]).includes('cloned') && (dev === undefined || r.oif !== undefined));
  const objects = shown.map((r) => routeToIp(r, { names: new Map(), showTable: table === 'all' && r.table !== 254 }));
  if (dev !== undefined) for (const o of objects) delete o.dev;
  emit(context, objects, (o) => routeText(o, context.paint));
}
