import { NetlinkError } from '@linx/netlink-wire';

/** What an errno means for one kind of request, by errno name (`{ EEXIST: 'a route with this key exists' }`). */
export type ErrnoHints = Readonly<Record<string, string>>;

/** What an errno means for any change rtnetlink refuses. */
const COMMON: ErrnoHints = { EPERM: 'not permitted: changing the network needs CAP_NET_ADMIN in its namespace' };

/**
 * Tells a kernel refusal in the caller's terms (`NetlinkError.during`): `routes.add 192.0.2.0/24 via
 * 10.0.0.2: EEXIST (a route with this key exists)` rather than `EEXIST (File exists)`. `operation` is
 * called only when there is an error to describe. Anything but a `NetlinkError` is returned unchanged.
 */
export function inContext(error: unknown, operation: () => string, hints: ErrnoHints = {}): unknown {
  if (error instanceof NetlinkError) error.during(operation(), hints[error.errnoName] ?? COMMON[error.errnoName]);
  return error;
}
