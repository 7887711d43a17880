import { HOST_LITTLE_ENDIAN, NESTING_DEPTH_LIMIT, NLA_HDRLEN, NLA_TYPE_MASK, NLMSG_HDRLEN, NetlinkError, viewOf } from '@linx/netlink-wire';
import type { AnyTypeDecl, AttrSetDecl, MessageDecl } from './schema.js';
import { resolve } from './schema.js';
import { compileMessage } from './message.js';
import { compileStruct } from './types/struct.js';
import { align } from '@linx/netlink-wire';
import { formatPath } from './errors.js';

/** What an ext-ack offset points at, in the words of the declaration. */
export interface AttributePath {
  /** Names (and array indexes) from the outermost attribute in, e.g. ['linkinfo', 'data', 'peer']. */
  path: (string | number)[];
  /** The same path as text: `linkinfo.data.peer`. */
  text: string;
  /** The offset is the attribute's first byte (the kernel points at headers) rather than inside it. */
  exact: boolean;
}

/**
 * Maps an ext-ack offset (from the start of the request's nlmsghdr) to the attribute it points at, using
 * the declaration to descend exactly: nests, indexed arrays and sub-messages. `request` is the whole
 * message as sent. Attributes the declaration does not know are named by their type number.
 */
export function attributePathAt(decl: MessageDecl, request: Uint8Array, offset: number): AttributePath | undefined {
  return attributePathInPayload(decl, request.subarray(NLMSG_HDRLEN), offset);
}

/**
 * The same for a request known by its payload (the bytes after nlmsghdr), as families keep it: `offset`
 * still counts from the start of the nlmsghdr, as the kernel reports it.
 */
export function attributePathInPayload(decl: MessageDecl, payload: Uint8Array, offset: number): AttributePath | undefined {
  if (!decl.attrs) return undefined;
  const target = offset - NLMSG_HDRLEN;
  const start = compileMessage(decl).headerLength;
  // (An offset in the header or past the end lies in no attribute: the walk finds nothing.)
  const path: (string | number)[] = [];
  const exact = walkSet(decl.attrs, payload, viewOf(payload), start, payload.length, target, path, 1);
  return path.length ? { path, text: formatPath(path), exact } : undefined;
}

/**
 * Names, in a kernel error whose ext-ack offset points into a request of `decl` with this payload, the
 * attribute it blames (`NetlinkError.nameAttribute`). Anything else is returned as it is.
 */
export function nameBlamedAttribute<E>(error: E, decl: MessageDecl, payload: Uint8Array): E {
  if (!(error instanceof NetlinkError) || error.offset === undefined) return error;
  const where = attributePathInPayload(decl, payload, error.offset);
  if (where) error.nameAttribute(where.text);
  return error;
}

/**
 * Finds the attribute of `set` (at nesting level `depth`) in [start, end) that contains `offset`, pushes
 * its name, descends; no deeper than the codec's limit, so a payload nested thousands of levels deep
 * (not one linx encoded) gets the path down to the limit rather than a stack overflow.
 */
function walkSet(set: AttrSetDecl, bytes: Uint8Array, view: DataView, start: number, end: number, offset: number, path: (string | number)[], depth: number): boolean {
  if (depth > NESTING_DEPTH_LIMIT) return false;
  const siblings = new Map<string, { start: number; end: number }>();
  for (let at = start; at + NLA_HDRLEN <= end; ) {
    const length = view.getUint16(at, HOST_LITTLE_ENDIAN);
    if (length < NLA_HDRLEN || at + length > end) return false;
    const id = view.getUint16(at + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
    const found = Object.entries(set.attributes).find(([, a]) => a.id === id);
    if (found) siblings.set(found[0], { start: at + NLA_HDRLEN, end: at + length });
    if (offset >= at && offset < at + length) {
      if (!found) {
        path.push(id);
        return offset === at;
      }
      const [name, attribute] = found;
      path.push(name);
      // An offset inside the header lies in none of the children looked at below.
      if (offset === at) return true;
      const type = attribute.type as AnyTypeDecl;
      const payloadStart = at + NLA_HDRLEN;
      if (type.kind === 'sub-message') {
        // The selector comes before the sub-message in every family that uses one: read it from the siblings.
        const selector = siblings.get(type.selector);
        if (!selector) return false;
        // Stryker disable next-line Regex: with the s flag, .* runs to the end of the text, so the $ anchor changes nothing
        const key = new TextDecoder().decode(bytes.subarray(selector.start, selector.end)).replace(/\0.*$/s, '');
        const format = Object.hasOwn(type.formats, key) ? type.formats[key] : undefined;
        if (!format?.attrs) return false;
        const headerSize = format.header ? align(compileStruct(format.header).size) : 0;
        return walkSet(resolve(format.attrs), bytes, view, payloadStart + headerSize, at + length, offset, path, depth + 1);
      }
      if (type.kind === 'nest') {
        const skip = type.header ? align(compileStruct(type.header).size) : 0;
        return walkSet(resolve(type.attrs), bytes, view, payloadStart + skip, at + length, offset, path, depth + 1);
      }
      if (type.kind === 'indexed-array') {
        const inner = indexedChild(view, payloadStart, at + length, offset);
        if (!inner) return false;
        path.push(inner.index);
        const item = type.item as AnyTypeDecl;
        if (offset === inner.at || item.kind !== 'nest') return offset === inner.at;
        return walkSet(resolve(item.attrs), bytes, view, inner.at + NLA_HDRLEN, inner.end, offset, path, depth + 1);
      }
      return false;
    }
    at += (length + 3) & ~3;
  }
  return false;
}

function indexedChild(view: DataView, start: number, end: number, offset: number): { index: number; at: number; end: number } | undefined {
  for (let at = start, index = 0; at + NLA_HDRLEN <= end; index++) {
    const length = view.getUint16(at, HOST_LITTLE_ENDIAN);
    if (length < NLA_HDRLEN || at + length > end) return undefined;
    if (offset >= at && offset < at + length) return { index, at, end: at + length };
    at += (length + 3) & ~3;
  }
  return undefined;
}
