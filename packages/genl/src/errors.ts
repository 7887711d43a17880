import { InvalidArgumentError, LinxError } from '@linx/netlink-wire';

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

/**
 * An operation cannot be called: the family's spec has no such operation or not in that mode (`do`,
 * `dump`), or the kernel's family does not offer it (nlctrl lists no such command, or not with that
 * capability: a kernel older than the spec, or built without it). Nothing was sent.
 */
export class OperationNotSupportedError extends LinxError {
  readonly family: string;
  readonly operation: string;
  readonly mode: 'do' | 'dump';
  /** `spec`: the spec has no such operation or mode; `kernel`: the running kernel's family does not offer it. */
  readonly reason: 'spec' | 'kernel';

  constructor(family: string, operation: string, mode: 'do' | 'dump', reason: 'spec' | 'kernel', detail: string) {
    super('ERR_LINX_GENL_OPERATION_NOT_SUPPORTED', `generic netlink family "${family}": ${mode} of "${operation}" ${detail}`);
    this.family = family;
    this.operation = operation;
    this.mode = mode;
    this.reason = reason;
  }
}

/** What a request's attribute breaks in the family's policy (see `PolicyViolationError`). */
export type PolicyViolationReason = 'unknown-attribute' | 'length' | 'range' | 'mask' | 'malformed';

/**
 * A request breaks the policy the kernel checks it against (CTRL_CMD_GETPOLICY): an attribute the policy
 * does not have, a length, an integer out of range or outside the allowed bits. Found before sending; the
 * kernel would have refused the request. `attribute` names it (`header.devName`), `id` is its number.
 * Bad input found before sending, so an `InvalidArgumentError` (its `argument` is empty: the message names
 * the family, operation and attribute).
 */
export class PolicyViolationError extends InvalidArgumentError {
  readonly family: string;
  readonly operation: string;
  readonly attribute: string;
  readonly id: number;
  readonly reason: PolicyViolationReason;

  constructor(family: string, operation: string, attribute: string, id: number, reason: PolicyViolationReason, detail: string) {
    super('', `generic netlink family "${family}", "${operation}": attribute ${attribute} (${id}) ${detail}`, 'ERR_LINX_GENL_POLICY_VIOLATION');
    this.family = family;
    this.operation = operation;
    this.attribute = attribute;
    this.id = id;
    this.reason = reason;
  }
}

/** The kernel answered a `do` whose spec promises a reply with an ACK only. */
export class NoReplyError extends LinxError {
  readonly family: string;
  readonly operation: string;

  constructor(family: string, operation: string) {
    super('ERR_LINX_GENL_NO_REPLY', `generic netlink family "${family}": "${operation}" was answered without a reply message`);
    this.family = family;
    this.operation = operation;
  }
}
