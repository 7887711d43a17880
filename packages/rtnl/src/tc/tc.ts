import type { FamilyClient } from '@linx/netlink-client';
// Lazy groups: tc's code loads on the first tc call, not with @linx/rtnl.
import { Qdiscs, TcActions, TcChains, TcClasses, TcFilters } from './lazy-groups.js';

/** Traffic control (`tc`): `qdiscs`, `classes`, `filters` (with their actions), `chains` and shared `actions`, on the handle's socket. */
export class Tc {
  readonly qdiscs: Qdiscs;
  readonly classes: TcClasses;
  readonly filters: TcFilters;
  readonly chains: TcChains;
  readonly actions: TcActions;
  constructor(client: FamilyClient) {
    this.qdiscs = new Qdiscs(client);
    this.classes = new TcClasses(client);
    this.filters = new TcFilters(client);
    this.chains = new TcChains(client);
    this.actions = new TcActions(client);
  }
}
