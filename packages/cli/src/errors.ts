import { LinxError } from '@linx/netlink-wire';
import { EXIT } from './exit-codes.js';

/**
 * The command line is wrong (an unknown option, object or keyword, a missing or malformed value): found
 * before anything is sent to the kernel. Exit code 2.
 */
export class UsageError extends LinxError {
  readonly exitCode = EXIT.usage;
  constructor(message: string) {
    super('ERR_LINX_CLI_USAGE', message);
  }
}

/** A namespace named with `-n` that does not exist (no /run/netns/NAME). Exit code 4. */
export class NoSuchNamespaceError extends LinxError {
  readonly exitCode = EXIT.noSuchNamespace;
  constructor(readonly netns: string) {
    super('ERR_LINX_CLI_NO_NETNS', `network namespace "${netns}" does not exist (no /run/netns/${netns}; see \`ip netns list\`)`);
  }
}
