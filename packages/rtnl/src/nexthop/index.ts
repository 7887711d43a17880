// Nexthops is a lazy group (its code loads on first call); its types from its own module.
export { Nexthops } from './lazy-group.js';
export type * from './nexthops.js';
export { USER_HZ } from './shape.js';
export { MAX_NEXTHOP_WEIGHT } from './request.js';
