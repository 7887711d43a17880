import type { RouteLookup, RouteSpec } from '@linx/rtnl';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { emit } from '../output/emit.js';
import { routeToIp } from '../output/ip-json.js';
import { routeText } from '../output/text.js';
import { Words } from '../words.js';
import { tableOf } from './route-words.js';

const TYPES = new Set(['unicast', 'blackhole', 'unreachable', 'prohibit', 'local', 'broadcast', 'throw', 'anycast', 'multicast', 'nat']);
const SCOPES = new Set(['global', 'universe', 'site', 'link', 'host', 'nowhere']);

/** `route add|del|replace|append|get`, mapped to rtnl.routes.add / delete / replace / append / get. */
export async function change(context: CommandContext, command: string, args: string[]): Promise<void> {
  if (command === 'get') {
    const { dst, lookup } = parseRouteGet(args);
    const route = await (await context.rtnl()).routes.get(dst, lookup);
    emit(context, [routeToIp(route, { names: new Map(), showTable: false })], (o) => routeText(o, context.paint));
    return;
  }
  const spec = parseRouteSpec(command, args, context.options.family);
  const routes = (await context.rtnl()).routes;
  if (command === 'add') await routes.add(spec);
  else if (command === 'replace') await routes.replace(spec);
  else if (command === 'append') await routes.append(spec);
  else await routes.delete(spec);
}

/** `[TYPE] PREFIX [via ADDR] [dev NAME] [nhid ID] [metric N] [table T] [proto P] [scope S] [src ADDR] [mtu N] [onlink]`. */
export function parseRouteSpec(command: string, args: readonly string[], family?: 'inet' | 'inet6'): RouteSpec {
  const words = new Words(args, `route ${command}`);
  const spec: { -readonly [K in keyof RouteSpec]?: RouteSpec[K] } = {};
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'via') spec.gateway = words.value('via');
    else if (word === 'dev' || word === 'oif') spec.dev = words.value(word);
    else if (word === 'metric' || word === 'priority' || word === 'preference') spec.priority = words.integer(word);
    else if (word === 'table') spec.table = tableOf(words.value('table'));
    else if (word === 'proto' || word === 'protocol') {
      const value = words.value(word);
      spec.protocol = (/^\d+$/.test(value) ? Number(value) : value) as never;
    } else if (word === 'scope') {
      const value = words.value('scope');
      if (!SCOPES.has(value)) throw new UsageError(`route ${command}: scope "${value}" is not one of ${[...SCOPES].join(', ')}`);
      spec.scope = (value === 'global' ? 'universe' : value) as never;
    } else if (word === 'src') spec.prefsrc = words.value('src');
    else if (word === 'mtu') spec.metrics = { ...spec.metrics, mtu: words.integer('mtu') };
    else if (word === 'onlink') spec.flags = ['onlink'];
    else if (word === 'nhid') spec.nhId = words.integer('nhid', 1);
    else if (TYPES.has(word) && spec.dst === undefined && spec.type === undefined) spec.type = word as never;
    else if (word === 'to' && spec.dst === undefined) spec.dst = words.value('to');
    else if (spec.dst === undefined) spec.dst = word;
    else words.unknown(word);
  }
  if (spec.dst === undefined) throw new UsageError(`route ${command}: no destination given (PREFIX, or default)`);
  if (spec.dst === 'default' && family === 'inet6') spec.dst = '::/0';
  else if (spec.dst === 'default') spec.dst = '0.0.0.0/0';
  if (family !== undefined) spec.family = family;
  return spec as RouteSpec;
}

/** `ADDR [from ADDR] [iif NAME] [oif NAME] [mark N]`. */
export function parseRouteGet(args: readonly string[]): { dst: string; lookup: RouteLookup } {
  const words = new Words(args, 'route get');
  let dst: string | undefined;
  const lookup: { -readonly [K in keyof RouteLookup]?: RouteLookup[K] } = {};
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'from') lookup.from = words.value('from');
    else if (word === 'iif') lookup.iif = words.value('iif');
    else if (word === 'oif' || word === 'dev') lookup.oif = words.value(word);
    else if (word === 'mark' || word === 'fwmark') lookup.mark = words.integer(word);
    else if (word === 'to' && dst === undefined) dst = words.value('to');
    else if (dst === undefined) dst = word;
    else words.unknown(word);
  }
  if (dst === undefined) throw new UsageError('route get: no address given (linx route get ADDR)');
  return { dst, lookup: lookup as RouteLookup };
}
