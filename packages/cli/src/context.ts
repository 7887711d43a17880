import { createRequire } from 'node:module';
import type { Rtnl } from '@linx/rtnl';
import type { Nfnl } from '@linx/nfnl';
import type { Genl } from '@linx/genl';
import { NoSuchNamespaceError } from './errors.js';
import type { GlobalOptions } from './options.js';
import type { Paint } from './output/color.js';

/** What a command runs with: the options, its own arguments, where to print, and each family on demand. */
export interface CommandContext {
  options: GlobalOptions;
  /** The arguments after the object (`show dev v0`, `add 10.0.0.1/24 dev v0`). */
  args: string[];
  /** Prints one chunk of output (no newline added). */
  write(text: string): void;
  /** Colours for the text output (`--color`); every function is the identity when colour is off. */
  paint: Paint;
  /** Opens rtnetlink in `-n NETNS` or the process's namespace; closed by `main` when the command ends. */
  rtnl(): Promise<Rtnl>;
  /** Opens nfnetlink (nftables, conntrack) the same way. */
  nfnl(): Promise<Nfnl>;
  /** Opens generic netlink (families, ethtool) the same way. */
  genl(): Promise<Genl>;
}

/** The handles a command may open, each opened at most once, lazily; `close` closes what was opened. */
export interface Handles {
  rtnl(): Promise<Rtnl>;
  nfnl(): Promise<Nfnl>;
  genl(): Promise<Genl>;
  close(): void;
}

/**
 * Opens the families' handles lazily: each package is imported only when a command asks for its handle,
 * so `linx addr` loads neither @linx/nfnl nor @linx/genl.
 */
export function handleOpener(options: GlobalOptions): Handles {
  const opened: { close(): void }[] = [];
  const netns = options.netns === undefined ? {} : { netns: options.netns };
  // Said before opening: the socket layer's error would name the path, not the namespace.
  const checkNetns = () => {
    if (options.netns === undefined) return;
    // node:fs through require, not an import: its ESM facade of every fs export costs each `linx` start
    // about 1.8 ms (node 20, measured alone), and only -n needs it.
    const { existsSync } = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
    if (!existsSync(`/run/netns/${options.netns}`)) throw new NoSuchNamespaceError(options.netns);
  };
  function once<T extends { close(): void }>(load: () => Promise<T>): () => Promise<T> {
    let handle: Promise<T> | undefined;
    return () => {
      handle ??= (async () => {
        checkNetns();
        const fresh = await load();
        opened.push(fresh);
        return fresh;
      })();
      return handle;
    };
  }
  return {
    rtnl: once(async () => (await import('@linx/rtnl')).open(netns)),
    nfnl: once(async () => (await import('@linx/nfnl')).open(netns)),
    genl: once(async () => (await import('@linx/genl')).open(netns)),
    close() {
      for (const handle of opened.splice(0)) handle.close();
    },
  };
}
