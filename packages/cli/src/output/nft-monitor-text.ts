// nftables changes as `nft monitor` (nftables 1.0.6) prints them: one line per change, and a
// `# new generation N by process PID (NAME)` line closing each commit.
import { nft, type NftChange } from '@linx/nfnl';

type Generation = { id: number; procPid?: number; procName?: string };

function chainSpec(chain: Extract<NftChange, { kind: 'chain' }>['value']): string {
  if (chain.hook === undefined) return '';
  const devices = chain.devices ?? (chain.device !== undefined ? [chain.device] : []);
  const device = devices.length === 1 ? ` device "${devices[0]}"` : devices.length ? ` devices = { ${devices.map((d) => `"${d}"`).join(', ')} }` : '';
  return ` { type ${chain.type} hook ${chain.hook}${device} priority ${nft.priorityText(chain.family, chain.hook, chain.priority ?? 0)}; policy ${chain.policy ?? 'accept'}; }`;
}

/** One change as its line; undefined for kinds linx does not print yet (objects, flowtables). */
export function changeText(change: NftChange): string | undefined {
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
      return `add rule ${r.family} ${r.table} ${r.chain} ${nft.ruleStatements(r).text}`;
    }
    case 'set': {
      const s = change.value;
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
