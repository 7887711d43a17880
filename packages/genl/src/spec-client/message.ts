import { message, struct, type AttrSetDecl, type Fields, type MessageDecl, type StructDecl } from '@linx/netlink-codec';
import { genlMessage, genlmsghdr } from '../header.js';

/**
 * The genetlink message of an attribute set: genlmsghdr then the attributes, or, for a family with a fixed
 * header of its own (OVS's `struct ovs_header`, nlctrl's `hdrsize`), genlmsghdr and that header as one
 * struct. Made once per set and header (the codec compiles a declaration once per object).
 */
const plain = new WeakMap<AttrSetDecl, MessageDecl>();
const headed = new WeakMap<StructDecl, WeakMap<AttrSetDecl, MessageDecl>>();

export function genlMessageOf(attrs: AttrSetDecl<any>, header?: StructDecl<any>): MessageDecl {
  if (header === undefined) {
    let decl = plain.get(attrs);
    if (decl === undefined) plain.set(attrs, (decl = genlMessage(attrs.name, attrs) as unknown as MessageDecl));
    return decl;
  }
  let byAttrs = headed.get(header);
  if (byAttrs === undefined) headed.set(header, (byAttrs = new WeakMap()));
  let decl = byAttrs.get(attrs);
  if (decl === undefined) {
    const fields: Fields = { ...genlmsghdr.fields, ...header.fields };
    decl = message(attrs.name, { header: struct(`genlmsghdr+${header.name}`, fields), attrs }) as unknown as MessageDecl;
    byAttrs.set(attrs, decl);
  }
  return decl;
}

/** The fixed header's own fields of a decoded genlmsghdr+header value. */
export function fixedHeaderOf(header: StructDecl<any>, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(header.fields)) if (name in value) out[name] = value[name];
  return out;
}
