// nft against an nfnetlink "kernel" of the test's own (@linx/test-kit's runWithFakeNetlink, an LD_PRELOAD
// shim): what nft sends, as it builds it, and what it prints when its dumps are answered with `replies`
// (the NFT_MSG_NEW* messages a kernel would list). For what this kernel lacks (flowtables, the queue and
// flow_offload expressions), nft itself is still the oracle.
import { fakeNetlinkSkipReason, runWithFakeNetlink } from '@linx/test-kit';
import { encodeMessages, parseMessages, type MessageInit, type NetlinkMessage } from '@linx/netlink-wire';

const NETLINK_NETFILTER = 12;

/** Why nft cannot be run against the shim here (not root, no gcc, no nft), or undefined. */
export function fakeNftSkipReason(): string | undefined {
  return fakeNetlinkSkipReason(['nft']);
}

export interface FakeNftRun {
  /** Every message nft sent, batch markers included. */
  sent: NetlinkMessage[];
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs `nft args…` with its nfnetlink socket answered from `replies`. */
export function runFakeNft(args: string[], replies: readonly MessageInit[] = []): FakeNftRun {
  const r = runWithFakeNetlink(['nft', ...args], { protocol: NETLINK_NETFILTER, replies: encodeMessages(replies) });
  return { ...r, sent: r.sent.flatMap((m) => parseMessages(m)) };
}
