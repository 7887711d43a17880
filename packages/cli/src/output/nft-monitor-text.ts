// nftables changes as `nft monitor` (nftables 1.0.6) prints them: one line per change, and a
// `# new generation N by process PID (NAME)` line closing each commit.
import { nft, type NftChange, type NftSet, type SetElement } from '@linx/nfnl';

type Generation = { id: number; procPid?: number; procName?: string };

function chainSpec(chain: Extract<NftChange, { kind: 'chain' }>['value']): string {
  if (chain.hook === undefined) return '';
  const devices = chain.devices ?? (chain.device !== undefined ? [chain.device] : []);
  const device = devices.length === 1 ? ` device "${devices[0]}"` : devices.length ? ` devices = { ${devices.map((d) => `"${d}"`).join(', ')} }` : '';
  return ` { type ${chain.type} hook ${chain.hook}${device} priority ${nft.priorityText(chain.family, chain.hook, chain.priority ?? 0)}; policy ${chain.policy ?? 'accept'}; }`;
}

/**
 * The sets a monitor knows (listed when it starts, then followed), by family, table and name: element lines
 * need a set's types, and a rule using an anonymous set needs its elements (they come in the same commit).
 */
export type KnownSets = Map<string, NftSet & { elements: SetElement[] }>;
export const setKey = (s: { family: string; table: string; name?: string; set?: string }) => `${s.family} ${s.table} ${s.name ?? s.set ?? ''}`;

/** One change as its lines; undefined for what linx does not print yet (objects, flowtables, elements of a set it does not know). */
export function changeText(change: NftChange, sets: KnownSets): string | undefined {
  const op = change.op;
  switch (change.kind) {
    case 'table':
      return `${op} table ${change.value.family} ${change.value.name}`;
    case 'chain':
      return `${op} chain ${change.value.family} ${change.value.table} ${change.value.name}${op === 'add' ? chainSpec(change.value) : ''}`;
    case 'rule': {
      const r = change.value;
      // A deleted rule is named by its handle; an added one printed as nft lists it.
      if (op === 'delete') return `delete rule ${r.family} ${r.table} ${r.chain} handle ${r.handle}`;
      const inTable = [...sets.values()].filter((s) => s.family === r.family && s.table === r.table);
      return `add rule ${r.family} ${r.table} ${r.chain} ${nft.ruleStatements(r, inTable).text}`;
    }
    case 'elements': {
      const e = change.value;
      const set = sets.get(setKey(e));
      if (set === undefined) return undefined;
      if (op === 'add') set.elements.push(...e.elements);
      // Elements of anonymous sets come with the rule that uses them: nft prints them there.
      if (set.flags.includes('anonymous')) return undefined;
      // nft prints one line per element.
      return nft
        .elementItems({ ...set, elements: e.elements })
        .map((item) => `${op} element ${e.family} ${e.table} ${e.set} { ${item.text} }`)
        .join('\n');
    }
    case 'set': {
      const s = change.value;
      if (op === 'add') sets.set(setKey(s), { ...s, elements: [] });
      else sets.delete(setKey(s));
      if (s.flags.includes('anonymous')) return undefined;
      if (op === 'delete') return `delete set ${s.family} ${s.table} ${s.name}`;
      const map = s.flags.includes('map');
      return `add ${map ? 'map' : 'set'} ${s.family} ${s.table} ${s.name} { type ${String(s.keyType)}${map && s.dataType !== undefined ? ` : ${String(s.dataType)}` : ''}; } `;
    }
    default:
      return undefined;
  }
}

export function generationText(g: Generation): string {
  return `# new generation ${g.id}${g.procPid !== undefined ? ` by process ${g.procPid} (${g.procName ?? '?'})` : ''}`;
}
