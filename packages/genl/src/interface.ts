import type { CallOptions } from '@linx/netlink-client';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NetlinkError, NoSuchInterfaceError } from '@linx/netlink-wire';
import { deviceHeader } from './ethtool/device.js';
import * as ethtool from './ethtool/generated/ethtool.js';
import type { Genl } from './genl.js';
import { genlMessage } from './header.js';

/** An interface named in a call does not exist: wire's one class (also rtnl's). */
export { NoSuchInterfaceError };

const linkstate = genlMessage('linkstate', ethtool.linkstateAttrs);

/**
 * The index of interface `name` in the handle's namespace. Generic netlink has no name lookup of its own
 * and @linx/genl does not depend on rtnetlink, so this asks ethtool (built into every kernel with
 * ETHTOOL_NETLINK): ETHTOOL_MSG_LINKSTATE_GET answers any device, with its index in the reply header.
 * `NoSuchInterfaceError` when there is none (the kernel's ENODEV); a name that cannot be one is refused
 * before anything is sent.
 */
export async function interfaceIndex(genl: Genl, name: string, options: CallOptions = {}): Promise<number> {
  const header = deviceHeader(name);
  if (!('devName' in header)) throw new InvalidArgumentError('device', `expected an interface name, got ${JSON.stringify(name)}`);
  const { id } = await genl.family(ethtool.family.name, options);
  try {
    // version: ETHTOOL_GENL_VERSION (linux/ethtool_netlink.h), what ethtool's own requests carry.
    const [reply] = await genl.client.request(linkstate, id, { header: { cmd: ethtool.requestCommandValues['linkstate-get'], version: 1, reserved: 0 }, attrs: { header } }, 0, options);
    const index = reply?.attrs.header?.devIndex;
    if (index === undefined) throw new NoSuchInterfaceError(name);
    return index;
  } catch (error) {
    if (error instanceof NetlinkError && error.errnoName === 'ENODEV') throw new NoSuchInterfaceError(name, { cause: error });
    throw error;
  }
}
