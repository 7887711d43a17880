import type { CommandContext } from './context.js';

/** A command group (`link`, `addr`, …): its help text and its runner. */
export interface CommandGroup {
  /** The usage text `linx help OBJECT` prints. */
  readonly usage: string;
  run(context: CommandContext): Promise<void>;
}

/**
 * The objects `linx` knows, each under the names and abbreviations `ip` accepts, loaded only when used
 * (a dynamic import per group keeps `linx addr` from loading the route or rule code).
 */
const GROUPS: Record<string, { names: readonly string[]; load: () => Promise<CommandGroup> }> = {
  link: { names: ['link', 'l', 'li', 'lin'], load: () => import('./commands/link.js') },
  address: { names: ['address', 'addr', 'a', 'ad', 'add', 'addre', 'addres'], load: () => import('./commands/addr.js') },
  route: { names: ['route', 'r', 'ro', 'rou', 'rout'], load: () => import('./commands/route.js') },
  neighbour: { names: ['neighbour', 'neighbor', 'neigh', 'n', 'ne', 'nei'], load: () => import('./commands/neigh.js') },
  rule: { names: ['rule', 'ru', 'rul'], load: () => import('./commands/rule.js') },
  monitor: { names: ['monitor', 'mon', 'm'], load: () => import('./commands/monitor.js') },
  tc: { names: ['tc'], load: () => import('./commands/tc.js') },
};

/** The canonical name of an object as typed (`addr` → `address`), or undefined. */
export function objectName(typed: string): string | undefined {
  for (const [name, group] of Object.entries(GROUPS)) if (group.names.includes(typed)) return name;
  return undefined;
}

/** The objects' canonical names, in help order. */
export const OBJECT_NAMES = Object.keys(GROUPS);

export function loadGroup(name: string): Promise<CommandGroup> {
  return GROUPS[name]!.load();
}
