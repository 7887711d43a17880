import type { NftChange, PrintOptions, Ruleset } from '@linx/nfnl';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { changeText, generationText, setKey, type KnownSets } from '../output/nft-monitor-text.js';

export const usage = `Usage: linx nft list ruleset [ FAMILY ]
       linx nft list tables [ FAMILY ]
       linx nft list table FAMILY NAME
       linx nft list chain FAMILY TABLE NAME
       linx nft monitor
As nft prints them (@linx/nfnl's ruleset() and its nft text). FAMILY := ip | ip6 | inet | arp | bridge | netdev.
With -j, list prints {"nftables":[…]} with nft -j's objects for tables, chains and rules (sets, maps and
stateful objects are not in it yet); monitor prints one {"generation":{…},"changes":[…]} per commit.
Options: -j, -p, -n NETNS.
`;

const FAMILIES = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'] as const;
type Family = (typeof FAMILIES)[number];

function family(word: string | undefined, what: string): Family {
  if (word === undefined || !(FAMILIES as readonly string[]).includes(word)) throw new UsageError(`${what}: "${word ?? ''}" is not a family (${FAMILIES.join(', ')})`);
  return word as Family;
}

export async function run(context: CommandContext): Promise<void> {
  const [command, what, ...rest] = context.args;
  if (command === 'monitor') {
    if (what !== undefined) throw new UsageError(`nft monitor: unknown argument "${what}" (linx follows every change)`);
    return monitor(context);
  }
  if (command !== 'list') throw new UsageError(`nft: unknown command "${command ?? ''}": list, monitor`);
  let filter: { family?: Family } = {};
  let pick: (r: Ruleset) => Ruleset = (r) => r;
  let tablesOnly = false;
  if (what === 'ruleset' || what === 'tables') {
    if (rest.length > 1) throw new UsageError(`nft list ${what}: takes at most a family`);
    if (rest[0] !== undefined) filter = { family: family(rest[0], `nft list ${what}`) };
    tablesOnly = what === 'tables';
  } else if (what === 'table') {
    if (rest.length !== 2) throw new UsageError('nft list table: FAMILY NAME');
    const [f, name] = [family(rest[0], 'nft list table'), rest[1]!];
    filter = { family: f };
    pick = (r) => inTable(r, f, name);
  } else if (what === 'chain') {
    if (rest.length !== 3) throw new UsageError('nft list chain: FAMILY TABLE NAME');
    const [f, table, chain] = [family(rest[0], 'nft list chain'), rest[1]!, rest[2]!];
    filter = { family: f };
    pick = (r) => {
      const t = inTable(r, f, table);
      if (!t.chains.some((c) => c.name === chain)) throw new UsageError(`nft list chain: no chain "${chain}" in table ${f} ${table}`);
      // nft prints the chain inside its table, without the table's sets and objects (anonymous sets stay: rules use them).
      return { ...t, chains: t.chains.filter((c) => c.name === chain), rules: t.rules.filter((rule) => rule.chain === chain), sets: t.sets.filter((s) => s.flags.includes('anonymous')), objects: [] };
    };
  } else throw new UsageError(`nft list: "${what ?? ''}" is not one of ruleset, tables, table, chain`);
  const nfnl = await context.nfnl();
  const ruleset = pick(await nfnl.nftables.ruleset(filter));
  const { nft } = await import('@linx/nfnl');
  if (context.options.json) {
    // As nft -j writes it (nfnl's rulesetJson); `list tables` keeps the metainfo and the tables.
    const json = await withInterfaceNames(context, (options) => nft.rulesetJson(ruleset, options));
    const objects = tablesOnly ? json.nftables.filter((o) => 'metainfo' in o || 'table' in o) : json.nftables;
    context.write(`${JSON.stringify({ nftables: objects }, undefined, context.options.pretty ? 4 : undefined)}\n`);
    return;
  }
  if (tablesOnly) {
    context.write(ruleset.tables.map((t) => `table ${t.family} ${t.name}\n`).join(''));
    return;
  }
  context.write(await withInterfaceNames(context, (options) => nft.rulesetText(ruleset, options)));
}

/** A map of interface names that notes whether the printer asked it for one. */
class AskedNames extends Map<number, string> {
  asked = false;
  override get(index: number): string | undefined {
    this.asked = true;
    return super.get(index);
  }
}

/**
 * The ruleset printed as nft prints it, interface indexes by name (`iif "v0"`, `type iface_index;
 * elements = { "lo" }`): a first print asks for names of an empty map; only if it asked are the links
 * dumped (opening rtnl) and the ruleset printed again with their names, so a listing without interface
 * indexes (most) costs what it did.
 */
async function withInterfaceNames<T>(context: CommandContext, print: (options: PrintOptions) => T): Promise<T> {
  const names = new AskedNames();
  const first = print({ interfaces: names });
  if (!names.asked) return first;
  const links = await (await context.rtnl()).links.list();
  return print({ interfaces: new Map(links.flatMap((l) => (l.ifname !== undefined ? [[l.index, l.ifname] as const] : []))) });
}

function inTable(r: Ruleset, f: Family, name: string): Ruleset {
  const table = r.tables.find((t) => t.family === f && t.name === name);
  if (table === undefined) throw new UsageError(`nft list table: no table ${f} ${name}`);
  const mine = <T extends { family: string; table: string }>(items: T[]) => items.filter((i) => i.family === f && i.table === name);
  return { ...r, tables: [table], chains: mine(r.chains), rules: mine(r.rules), sets: mine(r.sets), objects: mine(r.objects), flowtables: mine(r.flowtables) };
}

async function monitor(context: CommandContext): Promise<void> {
  const nfnl = await context.nfnl();
  const events = nfnl.nftables.monitor();
  // The sets that exist now, for the element changes to come (sets made later arrive as changes first).
  const sets: KnownSets = new Map((await nfnl.nftables.sets.list()).map((s) => [setKey(s), { ...s, elements: [] }]));
  for await (const event of events) {
    if (event.kind === 'overrun') {
      context.write(context.options.json ? `${JSON.stringify({ overrun: true })}\n` : '# linx: the kernel dropped notifications (receive buffer full): list the ruleset again\n');
      continue;
    }
    if (context.options.json) {
      const changes = event.changes.map((c) => ({ op: c.op, kind: c.kind, value: c.value }));
      context.write(`${JSON.stringify({ generation: event.generation, changes }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))}\n`);
      continue;
    }
    let text = '';
    for (const change of mergeElements(event.changes)) {
      // Anonymous sets and their elements come with the rule that uses them, which prints them (as nft does).
      const anonymous = (change.kind === 'set' && change.value.flags.includes('anonymous')) || (change.kind === 'elements' && sets.get(setKey(change.value))?.flags.includes('anonymous') === true);
      let line: string | undefined;
      try {
        line = changeText(change, sets);
      } catch (error) {
        // A rule or element nfnl cannot print as nft does: said on its line, and the monitor goes on.
        line = `# linx: ${change.op} ${change.kind}: ${(error as Error).message}`;
      }
      if (line !== undefined) text += `${line}\n`;
      else if (!anonymous) text += `# linx: ${change.op} ${change.kind} (not printed yet)\n`;
    }
    context.write(`${text}${generationText(event.generation)}\n`);
  }
}

/**
 * Element changes of one set next to each other, as one: an interval's start and end element can come in
 * separate messages, and nft pairs them into one `a-b` (or prefix) element.
 */
function mergeElements(changes: readonly NftChange[]): NftChange[] {
  const out: NftChange[] = [];
  for (const change of changes) {
    const last = out.at(-1);
    if (change.kind === 'elements' && last?.kind === 'elements' && last.op === change.op && setKey(last.value) === setKey(change.value)) {
      out[out.length - 1] = { ...last, value: { ...last.value, elements: [...last.value.elements, ...change.value.elements] } };
    } else out.push(change);
  }
  return out;
}
