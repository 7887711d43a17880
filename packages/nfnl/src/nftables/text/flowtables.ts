import type { Flowtable } from '../flowtable.js';
import { priorityText } from './priority.js';

/**
 * A flowtable as `nft list ruleset` prints it (its block's lines, one tab in) and as `nft -j` writes it:
 * the hook (always netdev ingress) with its priority by name, the devices, the offload and counter flags
 * (nft 1.0.6's JSON leaves the flags out).
 */
export function flowtableRendered(flowtable: Flowtable): { lines: string[]; json: Record<string, unknown> } {
  const hook = typeof flowtable.hook === 'string' ? flowtable.hook : 'ingress';
  const priority = flowtable.priority ?? 0;
  // nft sorts the devices by name, in its text and its JSON.
  const devices = [...(flowtable.devices ?? [])].sort();
  const lines = [`hook ${hook} priority ${priorityText('netdev', hook, priority)}`];
  if (devices.length) lines.push(`devices = { ${devices.join(', ')} }`);
  if (flowtable.flags.includes('hw-offload')) lines.push('flags offload');
  if (flowtable.flags.includes('counter')) lines.push('counter');
  const json: Record<string, unknown> = { family: flowtable.family, name: flowtable.name, table: flowtable.table, ...(flowtable.handle !== undefined ? { handle: Number(flowtable.handle) } : {}), hook, prio: priority };
  // nft -j writes one device as a string, several as an array.
  if (devices.length) json.dev = devices.length === 1 ? devices[0] : devices;
  return { lines, json: { flowtable: json } };
}
