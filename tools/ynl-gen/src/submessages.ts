import { formatsIdent, propertyKey, quote } from './naming.js';
import type { SubMessageModel } from './resolve.js';
import type { TypeContext } from './types.js';

/**
 * A sub-message `x` as `xFormats`: selector value → `{ header?, attrs? }` (a format that is only a
 * fixed header decodes to `{ header }`; a format with neither decodes to `{}`). Attribute uses then read
 * `subMessage('kind', xFormats, 'x')`, the selector being a sibling attribute.
 */
export function emitFormats(ctx: TypeContext, sub: SubMessageModel): string[] {
  const ident = ctx.out.declare(formatsIdent(sub.name), `sub-message ${sub.name}`);
  const lines = [`export const ${ident} = {`];
  const seen = new Set<string>();
  for (const f of sub.formats) {
    if (seen.has(f.value)) throw new Error(`sub-message ${sub.name}: two formats for ${f.value}`);
    seen.add(f.value);
    const parts: string[] = [];
    let missing: string | undefined;
    if (f['fixed-header'] !== undefined) {
      const ref = ctx.structRef(f['fixed-header']);
      if (ref === undefined) missing = `struct ${f['fixed-header']}`;
      else parts.push(`header: ${ref}`);
    }
    if (f['attribute-set'] !== undefined) {
      const ref = ctx.setRef(f['attribute-set']);
      if (ref === undefined) missing = `attribute set ${f['attribute-set']}`;
      else parts.push(`attrs: ${ref}`);
    }
    if (missing !== undefined) {
      // Without a format the codec keeps this selector's payload as bytes.
      ctx.note(`sub-message ${sub.name}, format ${f.value}: ${missing} is not defined in the spec; left out (the value stays bytes)`);
      lines.push(`  // ${quote(f.value)}: ${missing} is not defined in the spec, so the value stays bytes`);
      continue;
    }
    lines.push(`  ${propertyKey(f.value)}: ${parts.length ? `{ ${parts.join(', ')} }` : '{}'},`);
  }
  lines.push('};', '');
  return lines;
}
