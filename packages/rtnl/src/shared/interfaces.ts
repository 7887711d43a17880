import { NetlinkError, NoSuchInterfaceError } from '@linx/netlink-wire';

/** An interface named in a call does not exist: wire's one class, which rtnl has always exported. */
export { NoSuchInterfaceError };
import { checkIfname, checkIndex, type InterfaceRef } from './arguments.js';
import type { CallOptions, FamilyClient } from '@linx/netlink-client';
import { linkMessage } from '../generated/rt-link.js';

const { getlink: RTM_GETLINK } = linkMessage.types;

/** ENODEV about the interface a call named becomes `NoSuchInterfaceError`; anything else is returned as is. */
export function noSuchInterface(error: unknown, ref: InterfaceRef | undefined): unknown {
  if (ref !== undefined && error instanceof NetlinkError && error.errnoName === 'ENODEV') return new NoSuchInterfaceError(ref, { cause: error });
  return error;
}

/**
 * The index of an interface given by name or index. An index is checked and returned as it is (the
 * kernel refuses unknown ones itself); a name is looked up with RTM_GETLINK.
 */
export async function resolveIndex(client: FamilyClient, ref: InterfaceRef, argument = 'interface', options: CallOptions = {}): Promise<number> {
  if (typeof ref === 'number') return checkIndex(ref, argument);
  const name = checkIfname(ref, argument);
  try {
    const [reply] = await client.request(linkMessage, RTM_GETLINK, { header: {}, attrs: { ifname: name } }, 0, { ...options, ack: false });
    if (!reply) throw new NoSuchInterfaceError(ref);
    return reply.header.ifiIndex;
  } catch (error) {
    throw noSuchInterface(error, ref);
  }
}

/** The name of the interface with this index (RTM_GETLINK by index); `NoSuchInterfaceError` when there is none. */
export async function interfaceName(client: FamilyClient, index: number, options: CallOptions = {}): Promise<string> {
  try {
    const [reply] = await client.request(linkMessage, RTM_GETLINK, { header: { ifiIndex: index }, attrs: {} }, 0, { ...options, ack: false });
    if (reply?.attrs.ifname === undefined) throw new NoSuchInterfaceError(index);
    return reply.attrs.ifname;
  } catch (error) {
    throw noSuchInterface(error, index);
  }
}
