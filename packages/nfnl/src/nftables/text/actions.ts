import type { Rendered } from './format.js';

// The statements that act rather than match (limit, quota, log, NAT flags), as nft prints them and as
// nft -j writes them: the rule printer's and the ruleset printer's (objects), from the expressions' data.

/** nf_nat_range flags as nft prints them; map-ips and proto-specified only say which registers are set. */
export function natFlags(flags: (string | number)[] | undefined): string[] {
  const names: Record<string, string> = { 'proto-random': 'random', 'proto-random-fully': 'fully-random', persistent: 'persistent', netmap: 'netmap' };
  const order = ['proto-random', 'proto-random-fully', 'persistent', 'netmap'];
  return order.filter((f) => flags?.includes(f)).map((f) => names[f]!);
}

export function limitRendered(d: Record<string, any>): Rendered {
  const units: Record<string, string> = { 1: 'second', 60: 'minute', 3600: 'hour', 86400: 'day', 604800: 'week' };
  const per = units[String(d.unit ?? 1n)] ?? `${d.unit} seconds`;
  const over = (d.flags ?? []).includes('inv');
  const rate = BigInt(d.rate ?? 0n);
  const burst = Number(d.burst ?? 0);
  const json: Record<string, unknown> = {};
  let text: string;
  if (d.type === 'pkt-bytes') {
    const [r, ru] = byteUnits(rate);
    const [b, bu] = byteUnits(BigInt(burst));
    Object.assign(json, { rate: Number(r), burst: Number(b), per, ...(over ? { inv: true } : {}), rate_unit: ru, burst_unit: bu });
    text = `limit rate ${over ? 'over ' : ''}${r} ${ru}/${per}${burst !== 0 ? ` burst ${b} ${bu}` : ''}`;
  } else {
    Object.assign(json, { rate: Number(rate), burst, per, ...(over ? { inv: true } : {}) });
    text = `limit rate ${over ? 'over ' : ''}${rate}/${per}${burst !== 5 ? ` burst ${burst} packets` : ''}`;
  }
  return { json: { limit: json }, text };
}

/** Bytes in the largest unit that divides them, as nft prints rates and quotas. */
function byteUnits(n: bigint): [bigint, string] {
  const units = ['bytes', 'kbytes', 'mbytes', 'gbytes'];
  let i = 0;
  while (n !== 0n && n % 1024n === 0n && i < units.length - 1) {
    n /= 1024n;
    i++;
  }
  return [n, units[i]!];
}

export function quotaRendered(d: Record<string, any>): Rendered {
  const over = (d.flags ?? []).includes('inv');
  const [b, bu] = byteUnits(BigInt(d.bytes ?? 0n));
  const used = BigInt(d.consumed ?? 0n);
  const [u, uu] = byteUnits(used);
  // In nft -j's order: the inversion before the use.
  const json: Record<string, unknown> = { val: Number(b), val_unit: bu };
  if (over) json.inv = true;
  if (used !== 0n) Object.assign(json, { used: Number(u), used_unit: uu });
  return { json: { quota: json }, text: `quota ${over ? 'over ' : ''}${b} ${bu}${used !== 0n ? ` used ${u} ${uu}` : ''}` };
}

export function logRendered(d: Record<string, any>): Rendered {
  const json: Record<string, unknown> = {};
  const parts = ['log'];
  if (d.prefix !== undefined) {
    parts.push(`prefix "${d.prefix}"`);
    json.prefix = d.prefix;
  }
  if (d.group !== undefined) {
    parts.push(`group ${d.group}`);
    json.group = d.group;
  }
  if (d.snaplen !== undefined && d.snaplen !== 0) {
    parts.push(`snaplen ${d.snaplen}`);
    json.snaplen = d.snaplen;
  }
  if (d.qthreshold !== undefined && d.qthreshold !== 0) {
    parts.push(`queue-threshold ${d.qthreshold}`);
    json['queue-threshold'] = d.qthreshold;
  }
  if (d.level !== undefined && d.level !== 'warn') {
    parts.push(`level ${d.level}`);
    json.level = d.level;
  }
  // nft groups the flags: `flags all`, else `flags tcp sequence,options`, `flags ip options`, `flags skuid`, `flags ether`.
  const flags: string[] = d.flags ?? [];
  if (flags.length) {
    const has = (f: string) => flags.includes(f);
    if (['tcp-seq', 'tcp-opt', 'ip-opt', 'uid', 'mac-decode'].every(has)) {
      parts.push('flags all');
      json.flags = 'all';
    } else {
      const names: string[] = [];
      if (has('tcp-seq') || has('tcp-opt')) {
        parts.push(`flags tcp ${[has('tcp-seq') ? 'sequence' : '', has('tcp-opt') ? 'options' : ''].filter(Boolean).join(',')}`);
        if (has('tcp-seq')) names.push('tcp sequence');
        if (has('tcp-opt')) names.push('tcp options');
      }
      for (const [flag, name] of [['ip-opt', 'ip options'], ['uid', 'skuid'], ['mac-decode', 'ether']] as const) {
        if (!has(flag)) continue;
        parts.push(`flags ${name}`);
        names.push(name);
      }
      json.flags = names.length === 1 ? names[0] : names;
    }
  }
  return { json: { log: Object.keys(json).length ? json : null }, text: parts.join(' ') };
}
