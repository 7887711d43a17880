// A kernel test must not change anything through a socket before it knows the socket is in the test's
// namespace: a broken netns option (or a mutant of it under `pnpm mutation`) would otherwise change the
// host. The check is read-only through the socket: lo gets an alias only this namespace has (set with
// `ip -n`), read back with RTM_GETLINK (18) of index 1, IFLA_IFALIAS (20) (include/uapi/linux/if_link.h).
import { iterateAttributes, viewOf, writeInt } from '@linx/netlink-wire';
import type { Connection } from '../../src/engine/connection.js';
import type { TestNetns } from './netns.js';
import { IFLA_IFALIAS, RTM_GETLINK } from './rtnl.js';

const IFINFOMSG_SIZE = 16;

/** Throws unless `connection` is in `ns`. */
export async function assertInNamespace(connection: Connection, ns: TestNetns): Promise<void> {
  const marker = `linx-guard-${ns.name}`;
  ns.ip('link', 'set', 'lo', 'alias', marker);
  try {
    const request = new Uint8Array(IFINFOMSG_SIZE);
    writeInt(viewOf(request), 4, 's32', 1);
    const [reply] = await connection.request({ type: RTM_GETLINK, payload: request }, { ack: false });
    let alias: string | undefined;
    for (const attr of iterateAttributes(reply!.payload, IFINFOMSG_SIZE)) {
      if (attr.type === IFLA_IFALIAS) alias = new TextDecoder().decode(attr.payload).replace(/\0+$/, '');
    }
    if (alias !== marker) throw new Error(`the connection is not in network namespace ${ns.name}: lo's alias is ${JSON.stringify(alias)}`);
  } finally {
    ns.ip('link', 'set', 'lo', 'alias', '');
  }
}
