// Live tests change rulesets through an nfnl handle opened in a namespace of their own. This opens it and
// checks that it really is there before anything is changed: a table nft adds in the namespace must be
// visible through the handle. So a broken `open` (or a mutant of it, under mutation testing) that ignored
// `netns` fails the test instead of changing the host's ruleset.
import { open, type Nfnl } from '../../src/index.js';

const MARKER = 'linx_netns_guard';

export async function openIn(ns: { name: string; nft(ruleset: string): void }): Promise<Nfnl> {
  const nfnl = open({ netns: ns.name });
  ns.nft(`add table netdev ${MARKER}`);
  try {
    const tables = await nfnl.nftables.tables.list({ family: 'netdev' });
    if (!tables.some((t) => t.name === MARKER)) throw new Error(`the nfnl handle is not in network namespace ${ns.name}`);
  } catch (error) {
    nfnl.close();
    throw error;
  } finally {
    ns.nft(`delete table netdev ${MARKER}`);
  }
  return nfnl;
}
