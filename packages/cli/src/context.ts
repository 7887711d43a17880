import { existsSync } from 'node:fs';
import type { Rtnl } from '@linx/rtnl';
import { NoSuchNamespaceError } from './errors.js';
import type { GlobalOptions } from './options.js';

/** What a command runs with: the options, its own arguments, where to print, and rtnetlink on demand. */
export interface CommandContext {
  options: GlobalOptions;
  /** The arguments after the object (`show dev v0`, `add 10.0.0.1/24 dev v0`). */
  args: string[];
  /** Prints one chunk of output (no newline added). */
  write(text: string): void;
  /** Opens rtnetlink in `-n NETNS` or the process's namespace; closed by `main` when the command ends. */
  rtnl(): Promise<Rtnl>;
}

/** Opens rtnetlink lazily (importing @linx/rtnl only then), once; `close` closes what was opened. */
export function rtnlOpener(options: GlobalOptions): { open(): Promise<Rtnl>; close(): void } {
  let handle: Rtnl | undefined;
  return {
    async open() {
      if (handle) return handle;
      // Said before opening: the socket layer's error would name the path, not the namespace.
      if (options.netns !== undefined && !existsSync(`/run/netns/${options.netns}`)) throw new NoSuchNamespaceError(options.netns);
      const { open } = await import('@linx/rtnl');
      handle = open(options.netns === undefined ? {} : { netns: options.netns });
      return handle;
    },
    close() {
      handle?.close();
      handle = undefined;
    },
  };
}
