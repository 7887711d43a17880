import type { Family } from '../../nfgenmsg.js';
import { bridgePriorityValues, priorityValues } from '../names.js';

/**
 * A base chain's priority as nft prints it: a standard name the hook allows (`filter`, `srcnat`, …), or
 * within 10 of one (`filter + 5`, `mangle - 3`), else the number. `dstnat` goes only with prerouting and
 * `srcnat` with postrouting (`out` with output, in bridge); netdev and arp chains name only `filter`.
 */
export function priorityText(family: Family, hook: string | number | undefined, priority: number): string {
  const names: [string, number][] =
    family === 'bridge' ? Object.entries(bridgePriorityValues) : family === 'netdev' || family === 'arp' ? [['filter', 0]] : Object.entries(priorityValues);
  const allowed = names.filter(([name]) => (name === 'dstnat' ? hook === 'prerouting' : name === 'srcnat' ? hook === 'postrouting' : name === 'out' ? hook === 'output' : true));
  for (const [name, value] of allowed) {
    const offset = priority - value;
    if (offset === 0) return name;
    if (Math.abs(offset) > 10) continue;
    // Stryker disable next-line EqualityOperator: offset 0 returned above, so `offset >= 0` picks the same sign
    return `${name} ${offset > 0 ? '+' : '-'} ${Math.abs(offset)}`;
  }
  return String(priority);
}
