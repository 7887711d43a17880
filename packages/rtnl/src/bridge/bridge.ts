import type { FamilyClient } from '@linx/netlink-client';
import { BridgeFdb, BridgeMdb, BridgeVlans } from './lazy-groups.js';

/** The `bridge` command's objects: `vlans` (`bridge vlan`), `fdb` (`bridge fdb`), `mdb` (`bridge mdb`). */
export class Bridge {
  /** VLANs per port (`bridge vlan`). */
  readonly vlans: BridgeVlans;
  /** The forwarding database (`bridge fdb`). */
  readonly fdb: BridgeFdb;
  /** The multicast database (`bridge mdb`). */
  readonly mdb: BridgeMdb;

  constructor(client: FamilyClient) {
    this.vlans = new BridgeVlans(client);
    this.fdb = new BridgeFdb(client);
    this.mdb = new BridgeMdb(client);
  }
}
