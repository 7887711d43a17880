/**
 * The code @linx/rtnl loads on first use rather than with the package: the tc, bridge and nexthop verb
 * classes (behind the lazy groups of tc/lazy-groups.ts, bridge/lazy-groups.ts, nexthop/lazy-group.ts) and
 * the decoder of every kind's notifications (loaded by the first monitor or mirror).
 *
 * One module for all of them, imported with `import()`: the bundle then has one chunk of them, and the
 * entry point shares one chunk of common code with it. An `import()` per group gave a shared chunk per
 * combination of groups (13 files read and linked by every import of @linx/rtnl), which cost more than
 * the code left out saved (scripts/bundle.mjs).
 */
export { Qdiscs } from './tc/qdiscs.js';
export { TcClasses } from './tc/classes.js';
export { TcFilters } from './tc/filters/filters.js';
export { TcChains } from './tc/filters/chains.js';
export { TcActions } from './tc/actions/actions.js';
export { BridgeVlans } from './bridge/vlans.js';
export { BridgeFdb } from './bridge/fdb.js';
export { BridgeMdb } from './bridge/mdb.js';
export { Nexthops } from './nexthop/nexthops.js';
export { NotificationDecoder } from './monitor/decode.js';
