/**
 * How spec names become TypeScript names. The rule, also in README.md:
 *
 * - property names (attributes, struct members, message types, multicast groups): camelCase of the spec
 *   name, dashes and underscores removed: `proto-down` → `protoDown`, `ifi-family` → `ifiFamily`,
 *   `6rd-prefix` → `'6rdPrefix'` (quoted where it is not an identifier). A `name-prefix` never changes them.
 * - enum and flags value names: the spec's string as it is (`'not-present'`, `'lower-up'`, `'8021q'`).
 * - exported declarations: attribute set `x` → `xAttrs` (`link-attrs` → `linkAttrs`, `metrics` →
 *   `metricsAttrs`), struct `x` → `x` (`rtnl-link-stats64` → `rtnlLinkStats64`), enum or flags `x` →
 *   `xValues` (plus the type `X` of its names, and `xBits` when an enum is used as flags), const `x` → `x`,
 *   sub-message `x` → `xFormats`, message group `x` → `xMessage`.
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await arguments eval undefined NaN Infinity'
  ).split(' '),
);

/** The words of a spec name: `--kernel-timespec` → [kernel, timespec]. */
function words(name: string): string[] {
  return String(name)
    .split(/[-_\s]+/)
    .filter((w) => w.length > 0);
}

/** camelCase of a spec name: `proto-down` → `protoDown`, `rtnl-link-stats64` → `rtnlLinkStats64`. */
export function camelCase(name: string): string {
  const parts = words(name);
  if (parts.length === 0) throw new Error(`cannot make a name of ${JSON.stringify(name)}`);
  return parts.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('');
}

/** PascalCase of a spec name, for type names: `rtm-type` → `RtmType`. */
export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return safeIdentifier(camel.charAt(0).toUpperCase() + camel.slice(1));
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A name usable as a top-level binding: prefixed with `_` if it starts with a digit, suffixed if reserved. */
export function safeIdentifier(name: string): string {
  let id = IDENTIFIER.test(name) ? name : `_${name.replace(/[^\w$]/g, '_')}`;
  if (RESERVED.has(id)) id = `${id}_`;
  return id;
}

/** A string literal in single quotes. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** An object key: bare where it is an identifier, quoted otherwise (`'8021q'`, `'flow_offload'`, `'6rdPrefix'`). */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

/** The property name of an attribute, struct member, message type or multicast group. */
export const memberName = camelCase;

export const attrSetIdent = (name: string): string => {
  const camel = camelCase(name);
  return safeIdentifier(camel.endsWith('Attrs') ? camel : `${camel}Attrs`);
};
export const structIdent = (name: string): string => safeIdentifier(camelCase(name));
export const enumValuesIdent = (name: string): string => safeIdentifier(`${camelCase(name)}Values`);
export const enumBitsIdent = (name: string): string => safeIdentifier(`${camelCase(name)}Bits`);
export const enumTypeIdent = (name: string): string => pascalCase(name);
export const constIdent = (name: string): string => safeIdentifier(camelCase(name));
export const formatsIdent = (name: string): string => safeIdentifier(`${camelCase(name)}Formats`);
export const messageIdent = (name: string): string => safeIdentifier(`${camelCase(name)}Message`);

/** The name of a message group: its attribute set's name without a trailing `-attrs`. */
export function messageGroupName(attrSet: string | undefined, header: string | undefined): string {
  if (attrSet) return attrSet.replace(/-attrs$/, '');
  if (header) return header;
  throw new Error('a message needs an attribute set or a fixed header');
}
