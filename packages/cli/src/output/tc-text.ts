// tc's text for classes and filters (iproute2 6.1): htb classes as `tc class show` prints them, u32 filters
// and mirred/gact actions as `tc filter show` does; other kinds' options as linx's own `name value`.
import type { TcClass, TcFilter } from '@linx/rtnl';

/** tc's sprint_rate: bits per second in decimal units, the largest that keeps the number whole (or ≥ 1000×). */
export function tcRate(bytesPerSecond: number): string {
  let rate = bytesPerSecond * 8;
  const units = ['', 'K', 'M', 'G', 'T'];
  let i = 0;
  for (; i < units.length - 1; i++) {
    if (rate < 1000) break;
    if (rate % 1000 !== 0 && rate < 1000 * 1000) break;
    rate /= 1000;
  }
  return `${Math.round(rate)}${units[i]!}bit`;
}

/** tc's sprint_size: Mb or Kb when the size is (within tc's tolerance) a whole number of them, else bytes. */
export function tcSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && Math.abs(1024 * 1024 * Math.round(bytes / (1024 * 1024)) - bytes) < 1024) return `${Math.round(bytes / (1024 * 1024))}Mb`;
  if (bytes >= 1024 && Math.abs(1024 * Math.round(bytes / 1024) - bytes) < 16) return `${Math.round(bytes / 1024)}Kb`;
  return `${bytes}b`;
}

const hex = (n: number) => n.toString(16);

/** A class as `tc class show` prints it; `leaf`: the handle of the qdisc under it, if any; `showDev` without `dev` asked. */
export function classText(c: TcClass, o: { leaf?: string; showDev: boolean }): string {
  let line = `class ${c.kind} ${c.handle} `;
  if (o.showDev) line += `dev ${c.dev ?? `if${c.ifindex}`} `;
  line += c.parent === 'root' ? 'root ' : `parent ${c.parent} `;
  if (o.leaf !== undefined) line += `leaf ${o.leaf} `;
  const options = (c.options ?? {}) as Record<string, unknown>;
  if (c.kind === 'htb' && typeof options.rate === 'number') {
    // tc prints a class's prio only for leaf classes (level 0): inner classes do not use it.
    if (options.level === 0) line += `prio ${String(options.prio)} `;
    line += `rate ${tcRate(options.rate)} ceil ${tcRate(options.ceil as number)} burst ${tcSize(options.burst as number)} cburst ${tcSize(options.cburst as number)} `;
    return line;
  }
  return line + otherOptions(options);
}

function otherOptions(options: Record<string, unknown> | Uint8Array): string {
  if (options instanceof Uint8Array) return `bytes ${Buffer.from(options).toString('hex')} `;
  return Object.entries(options)
    .map(([key, value]) => `${key} ${typeof value === 'object' ? JSON.stringify(value) : String(value)} `)
    .join('');
}

/** TCA_CLS_FLAGS_*: what tc prints for each bit of a filter's flags. */
const CLS_FLAGS: [number, string][] = [[1, 'skip_hw'], [2, 'skip_sw'], [4, 'in_hw'], [8, 'not_in_hw']];
/** TC_U32_TERMINAL in a selector's flags. */
const U32_TERMINAL = 1;

/** Where `tc filter show` was asked: what it leaves out of each line. */
export interface FilterShown {
  dev?: string;
  parent?: string;
}

/** A filter as `tc filter show` prints it (u32 in full; other kinds' options as linx's own). */
export function filterText(f: TcFilter, shown: FilterShown): string {
  let line = 'filter ';
  if (shown.dev === undefined) line += `dev ${f.dev ?? `if${f.ifindex}`} `;
  if (shown.parent === undefined || shown.parent !== f.parent) line += `parent ${f.parent} `;
  line += `protocol ${String(f.protocol)} pref ${f.priority} ${f.kind} chain ${f.chain ?? 0} `;
  if (f.handleId === 0) return line;
  line += `fh ${f.handle} `;
  const options = (f.options ?? {}) as Record<string, any>;
  if (f.kind !== 'u32') return line + otherOptions(options) + actionsText(f);
  const node = f.handleId & 0xfff;
  if (node !== 0) line += `order ${node} `;
  if (options.divisor !== undefined) line += `ht divisor ${options.divisor} `;
  else if (options.hash !== undefined) line += `key ht ${hex(options.hash >>> 20)} bkt ${hex((options.hash >>> 12) & 0xff)} `;
  const terminal = ((options.selector?.flags ?? 0) & U32_TERMINAL) !== 0;
  if (options.classid !== undefined) line += `${terminal ? '*' : ''}flowid ${options.classid} `;
  else if (terminal) line += 'terminal flowid ';
  if (options.link !== undefined) line += `link ${String(options.link)} `;
  for (const [bit, word] of CLS_FLAGS) if (((options.flags ?? 0) & bit) !== 0) line += `${word} `;
  for (const key of options.selector?.keys ?? []) {
    line += `\n  match ${(key.value >>> 0).toString(16).padStart(8, '0')}/${(key.mask >>> 0).toString(16).padStart(8, '0')} at ${key.at}`;
  }
  return line + actionsText(f);
}

const MIRRED_WORDS: Record<string, string> = { 'egress redirect': 'Egress Redirect', 'egress mirror': 'Egress Mirror', 'ingress redirect': 'Ingress Redirect', 'ingress mirror': 'Ingress Mirror' };

function actionsText(f: TcFilter): string {
  const actions = (f as { actions?: Record<string, any>[] }).actions ?? [];
  let text = '';
  for (const a of actions) {
    text += `\n\taction order ${a.order}: `;
    const verdict = typeof a.verdict === 'object' ? `goto chain ${a.verdict.gotoChain}` : String(a.verdict);
    if (a.kind === 'mirred') text += `mirred (${MIRRED_WORDS[a.options?.action] ?? a.options?.action} to device ${a.options?.dev ?? `if${a.options?.ifindex}`}) ${verdict}`;
    else if (a.kind === 'gact') text += `gact action ${verdict}`;
    else text += `${a.kind} ${verdict} ${otherOptions(a.options ?? {})}`.trimEnd();
    text += `\n\tindex ${a.index} ref ${a.refcnt} bind ${a.bindcnt}\n`;
  }
  return text;
}
