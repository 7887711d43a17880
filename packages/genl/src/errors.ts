import { LinxError } from '@linx/netlink-wire';

/**
 * No generic netlink family of that name is registered in the namespace (nlctrl answered ENOENT): its
 * module is not loaded, or the kernel was built without it. `family` is the name asked for.
 */
export class FamilyNotFoundError extends LinxError {
  readonly family: string;

  constructor(family: string, options?: { cause?: unknown }) {
    super('ERR_LINX_GENL_FAMILY_NOT_FOUND', `generic netlink family "${family}" is not registered in this namespace (module not loaded?)`, options);
    this.family = family;
  }
}

/** A family does not have the multicast group asked for; `groups` lists the ones it has. */
export class GroupNotFoundError extends LinxError {
  readonly family: string;
  readonly group: string;
  readonly groups: readonly string[];

  constructor(family: string, group: string, groups: readonly string[]) {
    super('ERR_LINX_GENL_GROUP_NOT_FOUND', `generic netlink family "${family}" has no multicast group "${group}" (it has ${groups.length ? groups.join(', ') : 'none'})`);
    this.family = family;
    this.group = group;
    this.groups = groups;
  }
}
