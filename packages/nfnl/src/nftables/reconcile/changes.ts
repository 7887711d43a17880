import { chainOps, type Chain, type ChainSpec } from '../chain.js';
import { objectOps, type NftObject, type ObjectSpec } from '../object.js';
import { setOps, type NftSet } from '../set.js';
import { tableOps, type Table, type TableSpec } from '../table.js';
import { named, objectId } from './keys.js';
import { asListed, canonical, expressionsKey, firstDifference, objectSettings, sortedFlags, type AnonymousSets } from './normalize.js';
import type { DesiredSet, ObservedRuleset } from './types.js';

// What the kernel cannot change in place (and the one chain setting it can): a difference here makes
// the plan delete the owned table and add it again, in the same batch.

const none: AnonymousSets = () => undefined;

/**
 * What a table's, chain's, set's or object's user data is compared by: the comment, unless the caller
 * gives user data of its own. (nft writes more there than the comment: a set's key byte order and
 * `typeof` expressions, which a ruleset nft made has and one linx made has not.)
 */
function labelField(spec: { userdata?: Uint8Array | undefined }): 'comment' | 'userdata' {
  return spec.userdata !== undefined ? 'userdata' : 'comment';
}

/** Why a table must be recreated: its flags or comment differ (the kernel keeps a table's user data). */
export function tableChange(want: TableSpec, have: Table): string | undefined {
  const listed = asListed.table(tableOps.add(want));
  const label = labelField(want);
  const d = firstDifference({ flags: sortedFlags(listed.flags), [label]: listed[label] }, { flags: sortedFlags(have.flags), [label]: have[label] }, ['flags', label]);
  return d && `table ${d.field} differs`;
}

/** Why a table that stays must be recreated anyway: a chain, set or object the kernel cannot change in place. */
export function contentChange(chains: readonly ChainSpec[], sets: readonly DesiredSet[], objects: readonly ObjectSpec[], observed: ObservedRuleset): string | undefined {
  for (const c of chains) {
    const have = observed.chains.find((h) => named(h) === named(c));
    if (!have) continue;
    const want = asListed.chain(chainOps.add(c));
    const d = firstDifference(want, have, ['type', 'hook', 'priority', 'device', 'devices', labelField(c)]);
    if (d) return `chain ${named(c)}: ${d.field} differs`;
  }
  for (const s of sets) {
    const have = observed.sets.find((h) => named(h) === named(s));
    if (!have) continue;
    const { elements: _elements, ...spec } = s;
    const want = asListed.set(setOps.add(spec));
    const fields: (keyof NftSet)[] = ['keyType', 'keyLen', 'dataType', 'objType', 'concat', labelField(spec)];
    // Settings the kernel may fill in itself (a verdict map's data length, …) are compared only when the caller gives them.
    for (const optional of ['dataLen', 'policy', 'size', 'timeout', 'gcInterval'] as const) if (spec[optional] !== undefined) fields.push(optional);
    const d = firstDifference(want, have, fields) ?? firstDifference({ flags: sortedFlags(want.flags) }, { flags: sortedFlags(have.flags) }, ['flags']) ?? (expressionsKey(want.expressions ?? [], none) !== expressionsKey(have.expressions ?? [], none) ? { field: 'expressions' } : undefined);
    if (d) return `set ${named(s)}: ${d.field} differs`;
  }
  for (const o of objects) {
    const have: NftObject | undefined = observed.objects.find((h) => objectId(h) === objectId(o));
    if (!have) continue;
    if (canonical(objectSettings(asListed.object(objectOps.add(o)), labelField(o))) !== canonical(objectSettings(have, labelField(o)))) return `${String(o.type)} ${named(o)}: its settings differ`;
  }
  return undefined;
}

/** A base chain's policy, the one setting of a chain the kernel changes in place (accept unless given). */
export function policyChange(want: ChainSpec, have: Chain): string | undefined {
  if (want.hook === undefined) return undefined;
  const to = want.policy ?? 'accept';
  return canonical(to) === canonical(have.policy ?? 'accept') ? undefined : `policy ${String(have.policy ?? 'accept')} -> ${to}`;
}
