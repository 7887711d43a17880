import type { NeighbourSpec } from '@linx/rtnl';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { Words } from '../words.js';

const STATES = new Set(['permanent', 'noarp', 'reachable', 'stale', 'delay', 'probe', 'failed', 'incomplete', 'none']);

/** `neigh add|del|replace`, mapped to rtnl.neighbours.add / delete / replace. */
export async function change(context: CommandContext, command: string, args: string[]): Promise<void> {
  const spec = parseNeighSpec(command, args);
  const neighbours = (await context.rtnl()).neighbours;
  if (command === 'add') await neighbours.add(spec);
  else if (command === 'replace') await neighbours.replace(spec);
  else await neighbours.delete(spec);
}

/** `ADDR [lladdr MAC] dev NAME [nud STATE] [router] [proxy]`; `ip`'s default state is permanent. */
export function parseNeighSpec(command: string, args: readonly string[]): NeighbourSpec {
  const words = new Words(args, `neigh ${command}`);
  const spec: { -readonly [K in keyof NeighbourSpec]?: NeighbourSpec[K] } = {};
  const flags: string[] = [];
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'dev') spec.interface = words.value('dev');
    else if (word === 'lladdr') spec.lladdr = words.value('lladdr');
    else if (word === 'nud') {
      const state = words.value('nud');
      if (!STATES.has(state)) throw new UsageError(`neigh ${command}: nud "${state}" is not one of ${[...STATES].join(', ')}`);
      spec.state = state as never;
    } else if (word === 'router' || word === 'proxy') flags.push(word);
    else if (word === 'to' && spec.dst === undefined) spec.dst = words.value('to');
    else if (spec.dst === undefined) spec.dst = word;
    else words.unknown(word);
  }
  if (spec.dst === undefined) throw new UsageError(`neigh ${command}: no address given (linx neigh ${command} ADDR lladdr MAC dev NAME)`);
  if (spec.interface === undefined) throw new UsageError(`neigh ${command}: no device given (dev NAME)`);
  if (command !== 'del' && spec.state === undefined) spec.state = 'permanent';
  if (flags.length > 0) spec.flags = flags as never;
  return spec as NeighbourSpec;
}
