// The `conntrack` tool's text output (`conntrack -L -o extended,id,ktimestamp`, `-E`, `-S`) parsed into
// plain objects, for comparing with what linx decodes. Written from the tool's output format, e.g.
//   ipv4 2 tcp 6 99 ESTABLISHED src=… dst=… sport=… dport=… packets=0 bytes=0 [UNREPLIED] src=… … [ASSURED]
//   mark=4 zone=5 delta-time=0 [start=Fri Dec  4 23:56:18 2026] use=1 id=2648878914

export interface ToolTuple {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  type?: number;
  code?: number;
  id?: number;
  packets?: bigint;
  bytes?: bigint;
  zone?: number;
}

export interface ToolEntry {
  family: 'ipv4' | 'ipv6';
  protocol: string;
  protocolNumber: number;
  timeout?: number;
  state?: string;
  original: ToolTuple;
  reply: ToolTuple;
  /** Bracketed flags: UNREPLIED, ASSURED, OFFLOAD, … */
  flags: string[];
  mark?: number;
  zone?: number;
  use?: number;
  id?: number;
  /** `[start=…]` as milliseconds since the epoch (whole seconds). */
  start?: number;
  /** `-E` only: NEW, UPDATE, DESTROY. */
  event?: string;
  line: string;
}

const TUPLE_KEYS = new Set(['src', 'dst', 'sport', 'dport', 'type', 'code', 'id', 'packets', 'bytes', 'zone-orig', 'zone-reply']);

/** One line of `conntrack -L -o extended,…` (or `-E -o extended,…`). */
export function parseEntryLine(line: string): ToolEntry {
  // Bracketed timestamps contain spaces: pull them out first.
  let start: number | undefined;
  const text = line.replace(/\[start=([^\]]+)\]/, (_, when: string) => {
    start = Date.parse(when);
    return '';
  }).replace(/\[stop=[^\]]+\]/, '');
  const tokens = text.trim().split(/\s+/);
  let i = 0;
  let event: string | undefined;
  if (tokens[0]!.startsWith('[')) event = tokens[i++]!.slice(1, -1);
  const family = tokens[i++] as 'ipv4' | 'ipv6';
  i++; // the family's number
  const protocol = tokens[i++]!;
  const protocolNumber = Number(tokens[i++]);
  const entry: ToolEntry = { family, protocol, protocolNumber, original: { src: '', dst: '' }, reply: { src: '', dst: '' }, flags: [], line };
  if (event !== undefined) entry.event = event;
  if (start !== undefined) entry.start = start;
  if (/^\d+$/.test(tokens[i]!)) entry.timeout = Number(tokens[i++]);
  if (/^[A-Z_0-9]+$/.test(tokens[i]!)) entry.state = tokens[i++]!;
  let tuple: ToolTuple | undefined;
  let seen = 0;
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.startsWith('[')) {
      entry.flags.push(token.slice(1, -1));
      continue;
    }
    const eq = token.indexOf('=');
    if (eq < 0) continue;
    const key = token.slice(0, eq);
    const value = token.slice(eq + 1);
    if (key === 'src') {
      tuple = seen++ === 0 ? entry.original : entry.reply;
    }
    // Tuple keys follow `src=` until a key of the entry's own (mark=, zone=, use=, id= …) ends the tuple.
    // An ICMP tuple has an id of its own; any other id= (or a second one) is the entry's.
    const icmp = entry.protocol === 'icmp' || entry.protocol === 'icmpv6';
    if (tuple && TUPLE_KEYS.has(key) && !(key === 'id' && (!icmp || tuple.id !== undefined))) {
      if (key === 'src' || key === 'dst') tuple[key] = value;
      else if (key === 'packets' || key === 'bytes') tuple[key] = BigInt(value);
      else if (key === 'zone-orig' || key === 'zone-reply') tuple.zone = Number(value);
      else (tuple as unknown as Record<string, number>)[key] = Number(value);
      continue;
    }
    tuple = undefined;
    if (key === 'mark') entry.mark = Number(value);
    else if (key === 'zone') entry.zone = Number(value);
    else if (key === 'use') entry.use = Number(value);
    else if (key === 'id') entry.id = Number(value);
  }
  return entry;
}

/** Every entry line of the tool's output (its "N flow entries" summary goes to stderr). */
export function parseEntries(output: string): ToolEntry[] {
  return output
    .split('\n')
    .filter((l) => /^(\[[A-Z]+\]\s+)?ipv[46]\s/.test(l.trim()))
    .map(parseEntryLine);
}

/** `conntrack -S`: one object per CPU, keyed as the tool prints (insert_failed, chaintoolong, …). */
export function parseStats(output: string): Record<string, number>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('cpu='))
    .map((l) => Object.fromEntries(l.trim().split(/\s+/).map((kv) => kv.split('=') as [string, string]).map(([k, v]) => [k, Number(v)])));
}
