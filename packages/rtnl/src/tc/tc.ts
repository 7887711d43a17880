import type { FamilyClient } from '@linx/netlink-client';
import { TcClasses } from './classes.js';
import { Qdiscs } from './qdiscs.js';

/** Traffic control (`tc`): `qdiscs` and `classes`, on the handle's socket. */
export class Tc {
  readonly qdiscs: Qdiscs;
  readonly classes: TcClasses;
  constructor(client: FamilyClient) {
    this.qdiscs = new Qdiscs(client);
    this.classes = new TcClasses(client);
  }
}
