import type { MessageDecl, MessageTypes } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';

/**
 * Which nlmsg_type a request goes out as: a name from its declaration's `types` (`'getroute'`,
 * `'gettable'`: checked by TypeScript against the declaration), or the number itself (a generic netlink
 * family's id is only known once nlctrl has resolved it; rtnl's verbs pass the RTM_* constants).
 */
export type MessageTypeRef<T extends MessageTypes> = (keyof T & string) | number;

/** The nlmsg_type `type` names in `decl`; an unknown name (a cast got past the types) is an `InvalidArgumentError`. */
export function resolveMessageType<T extends MessageTypes>(decl: MessageDecl<any, any, T>, type: MessageTypeRef<T>): number {
  if (typeof type === 'number') return type;
  const value = decl.types[type];
  if (value === undefined) throw new InvalidArgumentError('type', `message ${decl.name} has no type "${type}" (it has ${Object.keys(decl.types).join(', ') || 'none'})`);
  return value;
}
