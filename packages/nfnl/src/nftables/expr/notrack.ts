import { attrset } from '@linx/netlink-codec';

/** `notrack`: exempts the packet from connection tracking; it has no attributes. */
export const notrackAttrs = attrset('expr-notrack-attrs', {});
