// The verbs' client is @linx/netlink-client's FamilyClient, shared with nfnl and genl (see its README for
// why it is a package of its own). This module only keeps the old import path working for code being
// written against it at the time of the move; new code imports from '@linx/netlink-client'.
export { FamilyClient as RtnlClient, checkListOptions, requestOptions, type CallOptions, type ListOptions } from '@linx/netlink-client';
