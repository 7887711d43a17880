import { LinxError, NetlinkError } from '@linx/netlink-wire';
import { checkIfname, checkIndex, type InterfaceRef } from './arguments.js';
import type { CallOptions, FamilyClient } from '@linx/netlink-client';
import { linkMessage } from '../generated/rt-link.js';

const RTM_GETLINK = 18;

/** An interface named in a call does not exist (in the namespace the handle is open in). */
export class NoSuchInterfaceError extends LinxError {
  readonly interface: InterfaceRef;
  constructor(ref: InterfaceRef, options?: { cause?: unknown }) {
    super('ERR_LINX_NO_SUCH_INTERFACE', `no interface ${typeof ref === 'number' ? `with index ${ref}` : JSON.stringify(ref)}`, options);
    this.interface = ref;
  }
}

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
