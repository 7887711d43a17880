// Runs a generic netlink tool (wg, iw) against a family this kernel lacks, through test-kit's fake
// netlink shim: its requests, as it builds them, and its output when its dumps are answered with `replies`
// (netlink messages built by the test from the spec) and its other requests with `doReplies`.
import { encodeMessages, NETLINK_GENERIC, parseMessages, type MessageInit, type NetlinkMessage } from '@linx/netlink-wire';
import { fakeNetlinkFile, runWithFakeNetlink } from '@linx/test-kit';

export interface FakeToolRun {
  /** Every message the tool sent on its generic netlink sockets, nlctrl's included. */
  sent: NetlinkMessage[];
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * Runs `argv` with family `family` resolved to `id`; dumps to it are answered with `replies`, other
 * requests with those of `doReplies` of their genetlink command (then an ACK if asked).
 */
export function runFakeGenl(argv: string[], family: string, id: number, replies: MessageInit[] = [], doReplies: MessageInit[] = []): FakeToolRun {
  const run = runWithFakeNetlink(argv, { protocol: NETLINK_GENERIC, replies: encodeMessages(replies), genlFamily: { name: family, id }, doReplies: encodeMessages(doReplies) });
  return { sent: run.sent.flatMap((bytes) => parseMessages(bytes)), stdout: run.stdout, stderr: run.stderr, status: run.status };
}

/** A file in the run's scratch folder (for a tool's configuration or key files). */
export const scratchFile = fakeNetlinkFile;
