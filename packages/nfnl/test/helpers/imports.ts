// What the tests import from the package and its neighbours, in one place.
export * from '../../src/index.js';
export { formatIPv4, formatIPv6 } from '@linx/netlink-wire';
export { decodedMessage } from '../../src/nftables/common.js';
