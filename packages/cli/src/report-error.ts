import { LinxError, NetlinkError } from '@linx/netlink-wire';
import { EXIT } from './exit-codes.js';

/** Hints for kernel refusals whose errno alone leaves a user guessing. */
const HINTS: Record<string, string> = {
  EPERM: 'changing the network needs CAP_NET_ADMIN (run as root, or grant the capability)',
  EACCES: 'changing the network needs CAP_NET_ADMIN (run as root, or grant the capability)',
  EEXIST: 'it exists already (use `replace`, or delete it first)',
  ENODEV: 'no such device',
  ESRCH: 'no such entry (nothing matched what was given)',
  EOPNOTSUPP: 'this kernel does not support it (a module may be missing)',
  ENETUNREACH: 'no route to the gateway: add an address or route that reaches it first',
};

/** The exit codes of the other packages' typed errors that are not bugs, by their stable `code`. */
const EXIT_BY_CODE: Record<string, number> = {
  ERR_LINX_NO_SUCH_INTERFACE: EXIT.noSuchInterface,
  ERR_LINX_ETHTOOL_NO_SUCH_DEVICE: EXIT.noSuchInterface,
  ERR_LINX_WIREGUARD_NO_SUCH_DEVICE: EXIT.noSuchInterface,
  ERR_LINX_NETNS_NOT_FOUND: EXIT.noSuchNamespace,
  // A file given to `decode` that is not a pcap/pcapng capture of netlink: the input is wrong.
  ERR_LINX_CAPTURE: EXIT.usage,
  // ip netns add of a name that is taken: refused, as the kernel refuses an existing object.
  ERR_LINX_NETNS_EXISTS: EXIT.kernel,
  ERR_LINX_INVALID_ARGUMENT: EXIT.usage,
  // The kernel answered ENOENT for the family's name: a refusal, as a NetlinkError would be.
  ERR_LINX_GENL_FAMILY_NOT_FOUND: EXIT.kernel,
};

/** What `linx` prints on stderr for an error, and the exit code it exits with. */
export interface ErrorReport {
  text: string;
  exitCode: number;
}

/**
 * Describes an error for a person: the kernel's errno and ext-ack text, the attribute it blames and a
 * hint for a NetlinkError; the message of linx's own typed errors; the stack of anything else (a bug).
 * `doing` says what was being done (`link add v0`).
 */
export function reportError(error: unknown, doing: string): ErrorReport {
  if (error instanceof NetlinkError) {
    // The library's reading of the errno for this call (`no nexthop with this id`), when it has one.
    const meaning = error.hint === undefined ? '' : ` (${error.hint})`;
    const lines = [`linx ${doing}: the kernel refused: ${error.errnoName}${meaning}${error.extAckMessage ? `: ${error.extAckMessage}` : ''}`];
    if (error.attributePath !== undefined) lines.push(`  attribute: ${error.attributePath}`);
    const hint = HINTS[error.errnoName];
    if (hint !== undefined) lines.push(`  hint: ${hint}`);
    return { text: `${lines.join('\n')}\n`, exitCode: EXIT.kernel };
  }
  if (error instanceof LinxError && error.code === 'ERR_LINX_NATIVE') {
    // The socket layer's system-call errors (NativeError: stage, errnoName), told apart by their code so
    // that the command need not load the socket package to name the class.
    const { stage, errnoName } = error as LinxError & { stage?: string; errnoName?: string };
    if (stage === 'setns' && (errnoName === 'EPERM' || errnoName === 'EACCES')) {
      return { text: `linx ${doing}: ${error.message}\n  hint: entering another network namespace needs CAP_SYS_ADMIN (run as root)\n`, exitCode: EXIT.notPermitted };
    }
    if (stage !== undefined && ['mkdir', 'mount', 'create', 'unshare', 'unlink'].includes(stage) && (errnoName === 'EPERM' || errnoName === 'EACCES')) {
      return { text: `linx ${doing}: ${error.message}\n  hint: making or removing a named network namespace needs CAP_SYS_ADMIN (run as root)\n`, exitCode: EXIT.notPermitted };
    }
    if (stage === 'open' && errnoName === 'ENOENT') return { text: `linx ${doing}: ${error.message}\n  hint: the namespace does not exist (see \`ip netns list\`)\n`, exitCode: EXIT.noSuchNamespace };
  }
  if (error instanceof LinxError) {
    const own = (error as { exitCode?: unknown }).exitCode;
    const exitCode = typeof own === 'number' ? own : (EXIT_BY_CODE[error.code] ?? EXIT.internal);
    const usage = exitCode === EXIT.usage ? '\n  (see `linx help`)' : '';
    return { text: `linx ${doing}: ${error.message}${usage}\n`, exitCode };
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { text: `linx ${doing}: unexpected error: ${text}\n`, exitCode: EXIT.internal };
}
