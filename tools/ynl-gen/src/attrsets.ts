import { attrSetIdent, memberName, propertyKey, quote } from './naming.js';
import type { AttrSetModel, Family } from './resolve.js';
import { attrTypeExpr, collectingNotes, type TypeContext } from './types.js';

/** Attribute sets: their order in the module, and each as `attrset('name', { attr: attr(id, type), … })`. */

const NESTING = new Set(['nest', 'indexed-array', 'array-nest', 'nest-type-value']);

/** The sub-messages a set's attributes use. */
export function subMessagesOf(set: AttrSetModel): string[] {
  return set.attrs.filter((a) => a.spec.type === 'sub-message' && a.spec['sub-message'] !== undefined).map((a) => a.spec['sub-message']!);
}

/** The sets a set refers to, directly or through the formats of its sub-messages. */
function edges(family: Family, set: AttrSetModel): string[] {
  const out: string[] = [];
  for (const a of set.attrs) {
    const nested = a.spec['nested-attributes'];
    if (NESTING.has(a.spec.type) && nested !== undefined && family.attrSets.has(nested)) out.push(nested);
    if (a.spec.type === 'sub-message') {
      const sub = family.subMessages.get(a.spec['sub-message'] ?? '');
      for (const f of sub?.formats ?? []) {
        const target = f['attribute-set'];
        if (target !== undefined && family.attrSets.has(target)) out.push(target);
      }
    }
  }
  return out;
}

/**
 * The sets in dependency order: a depth-first walk from each set in spec order, a set written after the
 * sets it refers to. A reference back to a set still being walked closes a cycle; it is the only kind
 * that has to be a function (an annotated thunk), the rest refer to sets already written.
 */
export function attrSetOrder(family: Family): AttrSetModel[] {
  const state = new Map<string, 'walking' | 'done'>();
  const order: AttrSetModel[] = [];
  const visit = (set: AttrSetModel) => {
    if (state.has(set.name)) return;
    state.set(set.name, 'walking');
    for (const target of edges(family, set)) visit(family.attrSets.get(target)!);
    state.set(set.name, 'done');
    order.push(set);
  };
  for (const set of family.attrSets.values()) visit(set);
  return order;
}

/** `export const linkAttrs = attrset('link-attrs', { … });` */
export function emitAttrSet(ctx: TypeContext, set: AttrSetModel): string[] {
  const ident = attrSetIdent(set.name);
  const lines: string[] = [];
  const header = `export const ${ident} = ${ctx.out.use('attrset')}(${quote(set.name)}, {`;
  const body: string[] = [];
  const names = new Set<string>();
  for (const a of set.attrs) {
    const key = memberName(a.name);
    const { result: type, notes } = collectingNotes(ctx, (inner) => attrTypeExpr(inner, set.name, a));
    for (const n of notes) body.push(`  // ${n.slice(n.indexOf(': ') + 2)}`);
    if (type === undefined) {
      // `unused` takes its number and nothing else (ethtool's `strings` lists `unspec` twice).
      body.push(`  // ${a.id}: ${a.name} (unused)`);
      continue;
    }
    if (names.has(key)) throw new Error(`${set.name}: two attributes are named ${key}`);
    names.add(key);
    if (a.spec.type === 'sub-message' && a.spec.selector !== undefined && !set.attrs.some((s) => s.name === a.spec.selector)) {
      ctx.note(`${set.name}.${a.name}: its selector ${a.spec.selector} is not an attribute of ${set.name}; it decodes as bytes`);
      body.push(`  // selector ${a.spec.selector} is not an attribute of this set: the value stays bytes`);
    }
    const options = a.spec['multi-attr'] === true ? ', { multi: true }' : '';
    body.push(`  ${propertyKey(key)}: ${ctx.out.use('attr')}(${a.id}, ${type}${options}),`);
  }
  lines.push(body.length === 0 ? `${header}});` : header, ...(body.length === 0 ? [] : [...body, '});']));
  lines.push('');
  return lines;
}
