/**
 * The exit codes of `linx`, distinct per kind of failure so that scripts can tell them apart. Documented
 * in the README; stable.
 */
export const EXIT = {
  ok: 0,
  /** The kernel refused a request (a NetlinkError: EEXIST, EPERM, EINVAL, …). */
  kernel: 1,
  /** The command line is wrong: nothing was sent. */
  usage: 2,
  /** An interface named on the command line does not exist: nothing was sent. */
  noSuchInterface: 3,
  /** The namespace named with `-n` does not exist. */
  noSuchNamespace: 4,
  /** Not allowed to enter the namespace named with `-n` (setns needs CAP_SYS_ADMIN). */
  notPermitted: 5,
  /** Anything else (a bug, an I/O error): the message and stack are printed. */
  internal: 70,
} as const;
