import { InvalidArgumentError } from '@linx/netlink-socket';
import type { Family } from '../nfgenmsg.js';

/** Base chain hooks by family (enum nf_inet_hooks, NF_ARP_*, enum nf_dev_hooks): names as nft writes them. */
export const hookValues = {
  ip: { prerouting: 0, input: 1, forward: 2, output: 3, postrouting: 4 },
  ip6: { prerouting: 0, input: 1, forward: 2, output: 3, postrouting: 4 },
  inet: { prerouting: 0, input: 1, forward: 2, output: 3, postrouting: 4, ingress: 5 },
  bridge: { prerouting: 0, input: 1, forward: 2, output: 3, postrouting: 4 },
  arp: { input: 0, output: 1, forward: 2 },
  netdev: { ingress: 0, egress: 1 },
  unspec: {},
} as const satisfies Record<Family, Record<string, number>>;

/** A hook by name: 'prerouting', 'input', 'forward', 'output', 'postrouting', 'ingress', 'egress'. */
export type HookName = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting' | 'ingress' | 'egress';

/** The hook number of `hook` in `family`; numbers pass through. */
export function hookNumber(family: Family, hook: HookName | number): number {
  if (typeof hook === 'number') return hook;
  const hooks = Object.hasOwn(hookValues, family) ? (hookValues[family] as Record<string, number>) : undefined;
  if (!hooks) throw new InvalidArgumentError('family', `unknown family ${JSON.stringify(family)} (one of ${Object.keys(hookValues).join(', ')})`);
  const n = Object.hasOwn(hooks, hook) ? hooks[hook] : undefined;
  if (n === undefined) throw new InvalidArgumentError('hook', `${family} has no hook ${JSON.stringify(hook)} (it has ${Object.keys(hooks).join(', ') || 'none'})`);
  return n;
}

/** The name of hook number `n` in `family`, or the number if it has none. */
export function hookName(family: Family | number, n: number): HookName | number {
  const hooks = typeof family === 'string' ? (hookValues[family] as Record<string, number>) : {};
  for (const [name, value] of Object.entries(hooks)) if (value === n) return name as HookName;
  return n;
}

/** Standard priorities by name, as nft spells them (ip, ip6, inet, arp, netdev; bridge has its own). */
export const priorityValues = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 } as const;
/** The bridge family's standard priorities. */
export const bridgePriorityValues = { dstnat: -300, filter: -200, out: 100, srcnat: 300 } as const;
/** A priority: a number, or a standard name ('filter', 'raw', 'dstnat', …). */
export type Priority = number | keyof typeof priorityValues | keyof typeof bridgePriorityValues;

/** The number of a priority (a standard name is resolved for the family). */
export function priorityNumber(family: Family, priority: Priority): number {
  if (typeof priority === 'number') return priority;
  const table: Record<string, number> = family === 'bridge' ? bridgePriorityValues : priorityValues;
  const n = Object.hasOwn(table, priority) ? table[priority] : undefined;
  if (n === undefined) throw new InvalidArgumentError('priority', `no standard priority ${JSON.stringify(priority)} for ${family} (one of ${Object.keys(table).join(', ')}, or a number)`);
  return n;
}

/** Base chain types. */
export type ChainType = 'filter' | 'nat' | 'route';
/** A base chain's policy. */
export type ChainPolicy = 'accept' | 'drop';
