import { formatMessage, type NetlinkMessage } from '@linx/netlink-wire';
import { compileMessage } from './message.js';
import type { AnyTypeDecl, AttrSetDecl, MessageDecl } from './schema.js';
import { resolve } from './schema.js';

/**
 * A readable dump of a message, named by its declaration: the message type's name, attributes by name
 * (`linkinfo`, `kind`), nests shown as nests exactly where the schema has them, hex for leaf payloads.
 * Sub-message payloads (chosen by a sibling's value) are shown as nests when they parse as attributes.
 */
export function formatWithSchema(decl: MessageDecl, message: NetlinkMessage): string {
  const typeNames = new Map<number, string>();
  for (const [name, type] of Object.entries(decl.types)) if (!typeNames.has(type)) typeNames.set(type, name);
  return formatMessage(message, {
    headerLength: compileMessage(decl).headerLength,
    typeName: (type) => typeNames.get(type),
    // The modifier flag bits mean different things for NEW, GET and DEL requests: tell by the type's name.
    flagKind: (type) => {
      // Stryker disable next-line StringLiteral: an unnamed type matches none of the patterns below, whatever stands in for its name
      const name = typeNames.get(type) ?? '';
      return /^(new|set|add)/.test(name) ? 'new' : /^get/.test(name) ? 'get' : /^del/.test(name) ? 'delete' : undefined;
    },
    attributeName: (type, path) => attributeAt(decl.attrs, path, type)?.name,
    isNested: (type, path) => {
      const found = attributeAt(decl.attrs, path, type);
      if (!found) return undefined;
      const kind = found.type.kind;
      return kind === 'nest' ? !(found.type as { header?: unknown }).header : kind === 'indexed-array' || kind === 'type-value' ? true : kind === 'sub-message' ? undefined : false;
    },
  });
}

interface Found {
  name: string;
  type: AnyTypeDecl;
}

/** The attribute `type` of the set reached by following `path` (attribute types) from `set`. */
function attributeAt(set: AttrSetDecl | undefined, path: readonly number[], type: number): Found | undefined {
  let current = set;
  for (const step of path) {
    const found = current && find(current, step);
    if (!found) return undefined;
    const inner = found.type;
    // Only a plain nest holds a set the next step names (in an indexed array the next step is an index).
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a kind other than nest has no attrs, so resolve() gives undefined and the next step finds nothing either; and formatMessage never descends into a headed nest, which isNested calls a leaf
    if (inner.kind !== 'nest' || inner.header) return undefined;
    current = resolve(inner.attrs);
  }
  return current && find(current, type);
}

function find(set: AttrSetDecl, id: number): Found | undefined {
  for (const [name, attribute] of Object.entries(set.attributes)) if (attribute.id === id) return { name, type: attribute.type as AnyTypeDecl };
  return undefined;
}
