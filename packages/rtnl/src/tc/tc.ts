import type { FamilyClient } from '@linx/netlink-client';
import { TcClasses } from './classes.js';
import { TcActions } from './actions/actions.js';
import { TcChains } from './filters/chains.js';
import { TcFilters } from './filters/filters.js';
import { Qdiscs } from './qdiscs.js';

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
