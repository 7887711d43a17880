import { NLA_HDRLEN, iterateAttributes, parsesAsAttributes } from './attribute.js';
import { HOST_LITTLE_ENDIAN } from './endian.js';
import { NLMSG_HDRLEN } from './message.js';

/** Where an ext-ack offset points inside a request: the chain of attribute types down to it. */
export interface AttributeLocation {
  /** Attribute types from the outermost to the innermost attribute that contains the offset. */
  path: number[];
  /** Offset, in the request message, of the innermost attribute's header. */
  attributeOffset: number;
  /** The offset is that attribute's first byte (the kernel points at headers), not somewhere inside it. */
  exact: boolean;
}

/**
 * Finds which attribute of `request` (a whole message, nlmsghdr included) the kernel's ext-ack `offset`
 * points into. `headerLength` is the size of the family's fixed header after nlmsghdr (ifinfomsg: 16,
 * rtmsg: 12, nfgenmsg: 4, genlmsghdr: 4). Without a schema, a nest is recognised by NLA_F_NESTED or by
 * its payload parsing as attributes; the codec maps the result to names exactly.
 */
export function locateAttribute(
  request: Uint8Array,
  offset: number,
  headerLength: number,
  littleEndian = HOST_LITTLE_ENDIAN,
): AttributeLocation | undefined {
  // An offset in the headers or past the end is in no attribute: the walk below finds none.
  const path: number[] = [];
  let from = NLMSG_HDRLEN + headerLength;
  let to = request.length;
  let found: AttributeLocation | undefined;
  for (;;) {
    const hit = findContaining(request, from, to, offset, littleEndian);
    if (!hit) return found;
    path.push(hit.type);
    found = { path: [...path], attributeOffset: hit.offset, exact: hit.offset === offset };
    const payloadStart = hit.offset + NLA_HDRLEN;
    const payloadEnd = payloadStart + hit.payload.length;
    // A leaf ends the walk. (When the offset is the nest's header, not its payload, no inner attribute holds it.)
    if (!(hit.nested || parsesAsAttributes(request, payloadStart, payloadEnd, littleEndian))) return found;
    from = payloadStart;
    to = payloadEnd;
  }
}

function findContaining(bytes: Uint8Array, from: number, to: number, offset: number, le: boolean) {
  try {
    for (const attribute of iterateAttributes(bytes, from, to, le)) {
      if (offset >= attribute.offset && offset < attribute.offset + NLA_HDRLEN + attribute.payload.length) return attribute;
    }
  } catch {
    // A request we built ourselves is well formed; a damaged one simply has no location.
  }
  return undefined;
}
