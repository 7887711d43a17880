import type { NftObject } from '../object.js';
import { limitRendered, quotaRendered } from './actions.js';
import { inetProtocols } from './fields.js';
import { timeText } from './time.js';
import { UnrenderableRuleError } from './statements.js';

// Stateful objects as `nft list ruleset` prints them (the lines inside `counter c { … }`) and as `nft -j`
// writes them (`{ "counter": { family, name, table, handle, … } }`), from their listed data.

/** An object both ways: its block's lines, one tab in (nft adds the table's), and its nft -j object. */
export interface ObjectRendered {
  lines: string[];
  json: Record<string, unknown>;
}

/** NFPROTO_* as nft names a ct helper's, timeout's or expectation's layer 3 protocol. */
const l3Names: Record<number, string> = { 1: 'inet', 2: 'ip', 10: 'ip6' };

/**
 * The states of a `ct timeout` by their CTA_TIMEOUT_<PROTO>_* number, as nft names them, with nft's
 * defaults in seconds (nftables' src/ct.c; the same as the kernel's nf_conntrack_proto_tcp.c/udp.c): nft
 * prints only the states whose timeout differs from these.
 */
const timeoutStates: Record<number, Record<number, [string, number]>> = {
  6: {
    1: ['syn_sent', 120], 2: ['syn_recv', 60], 3: ['established', 432000], 4: ['fin_wait', 120], 5: ['close_wait', 60], 6: ['last_ack', 30],
    7: ['time_wait', 120], 8: ['close', 10], 9: ['syn_sent2', 120], 10: ['retrans', 300], 11: ['unack', 300],
  },
  17: { 1: ['unreplied', 30], 2: ['replied', 180] },
};

/** The nft -j key (and text keyword) of each object type. */
const kinds: Record<string, string> = { 'ct-helper': 'ct helper', 'ct-timeout': 'ct timeout', 'ct-expect': 'ct expectation' };

/** The word nft starts an object's block with (`ct helper`, `counter`, …), its nft -j key too. */
export function objectKeyword(object: { type: string | number }): string {
  return kinds[String(object.type)] ?? String(object.type);
}

/** An object as nft prints and writes it; `UnrenderableRuleError` for types linx does not print (tunnel, connlimit: nft 1.0.6 cannot either). */
export function objectRendered(object: NftObject): ObjectRendered {
  const kind = objectKeyword(object);
  const d = (object.data ?? {}) as Record<string, any>;
  const head: Record<string, unknown> = { family: object.family, name: object.name, table: object.table, ...(object.handle !== undefined ? { handle: Number(object.handle) } : {}) };
  const lines: string[] = [];
  if (object.comment !== undefined) {
    head.comment = object.comment;
    lines.push(`comment "${object.comment}"`);
  }
  let fields: Record<string, unknown>;
  const unprintable = (why: string): never => {
    throw new UnrenderableRuleError(0, kind, why);
  };
  const l3 = (n: unknown) => l3Names[Number(n)] ?? unprintable(`layer 3 protocol ${String(n)}`);
  const l4 = (n: unknown) => inetProtocols[Number(n)] ?? String(n);
  switch (object.type) {
    case 'counter':
      lines.push(`packets ${d.packets ?? 0n} bytes ${d.bytes ?? 0n}`);
      fields = { packets: Number(d.packets ?? 0n), bytes: Number(d.bytes ?? 0n) };
      break;
    case 'quota':
      lines.push(quotaRendered(d).text.replace(/^quota /, ''));
      // nft -j writes the quota object in bytes, with its use and inversion always.
      fields = { bytes: Number(d.bytes ?? 0n), used: Number(d.consumed ?? 0n), inv: (d.flags ?? []).includes('inv') };
      break;
    case 'limit': {
      const r = limitRendered(d);
      lines.push(r.text.replace(/^limit /, ''));
      const j = (r.json as { limit: Record<string, unknown> }).limit;
      // The object names its rate's unit before the burst (the statement after), and a packet limit's burst always.
      fields = { rate: j.rate, per: j.per, ...(j.inv ? { inv: true } : {}), ...(j.rate_unit ? { rate_unit: j.rate_unit } : {}) };
      if (d.type !== 'pkt-bytes') fields.burst = j.burst;
      else if (Number(d.burst ?? 0) !== 0) Object.assign(fields, { burst: j.burst, burst_unit: j.burst_unit });
      break;
    }
    case 'ct-helper':
      lines.push(`type "${d.name}" protocol ${l4(d.l4proto)}`, `l3proto ${l3(d.l3proto)}`);
      fields = { type: d.name, protocol: l4(d.l4proto), l3proto: l3(d.l3proto) };
      break;
    case 'ct-timeout': {
      const states = timeoutStates[Number(d.l4proto)] ?? unprintable(`the states of protocol ${l4(d.l4proto)}`);
      const policy: [string, number][] = [];
      for (const { type, value } of (d.data ?? []) as { type: number; value: number }[]) {
        const [name, dflt] = states[type] ?? unprintable(`state ${type} of protocol ${l4(d.l4proto)}`);
        if (value !== dflt) policy.push([name, value]);
      }
      lines.push(`protocol ${l4(d.l4proto)}`, `l3proto ${l3(d.l3proto)}`, `policy = { ${policy.map(([n, v]) => `${n} : ${v}`).join(', ')} }`);
      fields = { protocol: l4(d.l4proto), l3proto: l3(d.l3proto), policy: policy.length ? Object.fromEntries(policy) : null };
      break;
    }
    case 'ct-expect':
      lines.push(`protocol ${l4(d.l4proto)}`, `dport ${d.dport}`, `timeout ${timeText(Number(d.timeout ?? 0))}`, `size ${d.size}`, `l3proto ${l3(d.l3proto)}`);
      fields = { protocol: l4(d.l4proto), dport: d.dport, timeout: Number(d.timeout ?? 0), size: d.size, l3proto: l3(d.l3proto) };
      break;
    case 'synproxy': {
      const options = synproxyOptions(d.flags);
      lines.push(`mss ${d.mss}`, `wscale ${d.wscale}`);
      if (options.length) lines.push(options.text);
      fields = { mss: d.mss, wscale: d.wscale, ...(options.length ? { flags: options.names } : {}) };
      break;
    }
    case 'secmark':
      lines.push(`"${d.ctx}"`);
      fields = { context: d.ctx };
      break;
    default:
      return unprintable(`linx does not print ${kind} objects yet`);
  }
  return { lines, json: { [kind]: { ...head, ...fields } } };
}

/**
 * The TCP options a synproxy offers, as nft prints them (`timestamp sack-perm`; a lone timestamp keeps
 * nft's trailing space) and writes them (`["timestamp", "sack-perm"]`); the MSS and window scale bits
 * only say those are set.
 */
export function synproxyOptions(flags: readonly (string | number)[] | undefined): { names: string[]; text: string; length: number } {
  const names = ['timestamp', 'sack-perm'].filter((f) => flags?.includes(f));
  const text = `${names.includes('timestamp') ? 'timestamp ' : ''}${names.includes('sack-perm') ? 'sack-perm' : ''}`;
  return { names, text, length: names.length };
}
