import { HOST_LITTLE_ENDIAN, NLMSG_HDRLEN } from '@linx/netlink-wire';
import { readWholeDump } from '@linx/netlink-socket';
import type { CallOptions, ListOptions, FamilyClient } from '@linx/netlink-client';
import { linkAttrs, linkMessage } from '../generated/rt-link.js';

const RTM_GETLINK = linkMessage.types.getlink;
const RTM_NEWLINK = linkMessage.types.newlink;
const IFINFOMSG_SIZE = 16;
const IFLA_IFNAME = linkAttrs.attributes.ifname.id;
const decoder = new TextDecoder();

/**
 * Interface index → name, from one RTM_GETLINK dump read without decoding the links (only IFLA_IFNAME is
 * looked at), so that route and address results can say `dev: 'eth0'` like `ip` does. One dump per call
 * (names can change between calls); list verbs take `names: false` to skip it.
 */
export async function interfaceNames(client: FamilyClient, options: CallOptions): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  await readNames(client, options, names);
  return names;
}

/**
 * `interfaceNames` for a list verb: an interrupted link dump is handled as the verb's `onInterrupt`
 * says, and `interrupted` tells the verb to mark its list (with `accept`, some names may be missing).
 */
export async function interfaceNamesForList(client: FamilyClient, options: ListOptions): Promise<{ names: Map<number, string>; interrupted: boolean }> {
  const { result, interrupted } = await readWholeDump(() => new Map<number, string>(), (names) => readNames(client, options, names), options);
  return { names: result, interrupted };
}

async function readNames(client: FamilyClient, options: CallOptions, names: Map<number, string>): Promise<void> {
  for await (const chunk of client.chunks(linkMessage, RTM_GETLINK, { header: {} }, options)) {
    const { bytes, view, offsets } = chunk;
    for (const at of offsets) {
      if (view.getUint16(at + 4, HOST_LITTLE_ENDIAN) !== RTM_NEWLINK) continue;
      const end = at + view.getUint32(at, HOST_LITTLE_ENDIAN);
      const named = linkNameAt(bytes, view, at + NLMSG_HDRLEN, end);
      if (named !== undefined) names.set(named.index, named.name);
    }
  }
}

/**
 * The index and IFLA_IFNAME of an RTM_NEWLINK payload at `bytes[start, end)` (ifinfomsg + attributes),
 * without decoding the rest; undefined when it has no name. The monitor keeps its cache current with it.
 */
export function linkNameAt(bytes: Uint8Array, view: DataView, start: number, end: number): { index: number; name: string } | undefined {
  if (end - start < IFINFOMSG_SIZE) return undefined;
  const index = view.getInt32(start + 4, HOST_LITTLE_ENDIAN);
  for (let off = start + IFINFOMSG_SIZE; off + 4 <= end; ) {
    const length = view.getUint16(off, HOST_LITTLE_ENDIAN);
    if (length < 4 || off + length > end) break;
    if ((view.getUint16(off + 2, HOST_LITTLE_ENDIAN) & 0x3fff) === IFLA_IFNAME) {
      let stop = off + 4;
      while (stop < off + length && bytes[stop] !== 0) stop++;
      return { index, name: decoder.decode(bytes.subarray(off + 4, stop)) };
    }
    off += (length + 3) & ~3;
  }
  return undefined;
}
