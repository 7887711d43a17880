// What a kernel would list after a batch of add operations, without a kernel: each operation's message
// encoded as it is sent and decoded by the package's own listing decoders, handles numbered as the kernel
// numbers them (per table, from 1), anonymous sets renamed `__set0`, `__set1`, … and rules' references to
// them by batch id turned into those names (what nft_lookup dumps). For pure tests of reconcile's plan;
// what the kernel itself adds to a listing is checked by reconcile.live.test.ts.
import { compileMessage } from '@linx/netlink-codec';
import { chainFrom, elementsFrom, objectFrom, ruleFrom, setFrom, tableFrom, type NftOperation, type Ruleset } from '../../src/nftables/index.js';

export function listedBack(operations: readonly NftOperation[], generation = 1): Ruleset {
  const ruleset: Ruleset = { generation, tables: [], chains: [], rules: [], sets: [], objects: [], flowtables: [] };
  const handles = new Map<string, bigint>();
  const nextHandle = (table: string) => {
    const h = (handles.get(table) ?? 0n) + 1n;
    handles.set(table, h);
    return h;
  };
  const anonymousById = new Map<number, string>();
  let anonymous = 0;
  for (const op of operations) {
    const decoded = compileMessage(op.decl).decode(compileMessage(op.decl).encode(op.value as never)) as any;
    const table = `${decoded.header.family} ${decoded.attrs.table ?? decoded.attrs.name}`;
    switch (op.msg) {
      case 'newtable':
        ruleset.tables.push({ ...tableFrom(decoded), handle: nextHandle(table) });
        break;
      case 'newchain':
        ruleset.chains.push({ ...chainFrom(decoded), handle: nextHandle(table) });
        break;
      case 'newobj':
        ruleset.objects.push({ ...objectFrom(decoded), handle: nextHandle(table) });
        break;
      case 'newset': {
        const set = setFrom(decoded);
        if (set.name.includes('%d')) {
          set.name = set.name.replace('%d', String(anonymous++));
          anonymousById.set(set.id!, set.name);
        }
        delete set.id;
        ruleset.sets.push({ ...set, handle: nextHandle(table), elements: [] });
        break;
      }
      case 'newsetelem': {
        const { family, table: t, set, elements } = elementsFrom(decoded);
        const name = decoded.attrs.setId !== undefined && anonymousById.has(decoded.attrs.setId) ? anonymousById.get(decoded.attrs.setId) : set;
        ruleset.sets.find((s) => s.family === family && s.table === t && s.name === name)!.elements.push(...elements);
        break;
      }
      case 'newrule': {
        const rule = ruleFrom(decoded);
        rule.expressions = rule.expressions.map((e: any) =>
          e.name === 'lookup' && e.data.setId !== undefined ? { ...e, data: { ...e.data, set: anonymousById.get(e.data.setId) ?? e.data.set, setId: undefined } } : e,
        );
        delete rule.id;
        ruleset.rules.push({ ...rule, handle: nextHandle(table) });
        break;
      }
      default:
        throw new Error(`listedBack: ${op.msg} is not an add`);
    }
  }
  return ruleset;
}

export const emptyRuleset = (generation = 1): Ruleset => ({ generation, tables: [], chains: [], rules: [], sets: [], objects: [], flowtables: [] });
