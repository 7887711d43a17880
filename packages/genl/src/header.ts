import { message, struct, u16, u8, type AttrSetDecl, type Attributes, type MessageDecl } from '@linx/netlink-codec';
import { NLMSG_MIN_TYPE } from '@linx/netlink-wire';

/**
 * nlctrl's own family id, the one id that is not resolved (linux/genetlink.h: `#define GENL_ID_CTRL
 * NLMSG_MIN_TYPE`): every other family is found by asking it.
 */
export const GENL_ID_CTRL = NLMSG_MIN_TYPE;

/** struct genlmsghdr (linux/genetlink.h): the command, the family's interface version, two reserved bytes. */
export const genlmsghdr = struct('genlmsghdr', { cmd: u8(), version: u8(), reserved: u16() });

/** GENL_HDRLEN (linux/genetlink.h): genlmsghdr's size, where a family's own header or attributes start. */
export const GENL_HDRLEN = 4;

/**
 * A generic netlink message of an attribute set: genlmsghdr, then the attributes. The generated
 * declarations leave genlmsghdr out (it belongs to the genetlink layer, not to a family's spec), so a
 * family's messages are made here; their nlmsg_type is the family id, resolved at run time.
 */
export function genlMessage<A extends Attributes>(name: string, attrs: AttrSetDecl<A>): MessageDecl<(typeof genlmsghdr)['fields'], A> {
  return message(name, { header: genlmsghdr, attrs });
}
