import { readFileSync } from 'node:fs';
import { protocolName } from '@linx/netlink-wire';
import { readCapture, type CapturedPacket } from '@linx/netlink-wire/capture';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { decodeMessage, learnGenlNames } from '../decode/decoders.js';
import { loadFamilies } from '../decode/genl-families.js';

export const usage = `Usage: linx decode FILE.pcap|FILE.pcapng [ family ID=NAME ]…
Every netlink message of a capture (as \`tcpdump -i nlmon0 -w FILE\` writes it), named and decoded with the
declarations linx has: rtnetlink (links, addresses, routes, neighbours, rules, next hops, netconf, tc),
generic netlink (nlctrl; other families named by the nlctrl replies in the capture, or by \`family ID=NAME\`
for ids resolved before the capture began, and decoded by operation where @linx/genl has the family's
declarations: ethtool, nl80211, mptcp_pm, wireguard, devlink, …),
nfnetlink (subsystems named; nftables decoded), control messages (errors with their errno and ext-ack).
With -j, [{ packet, time, protocol, messages: [{ type, flags, seq, pid, value | raw }] }]. Reads the file
only: no socket is opened.
`;

export async function run(context: CommandContext): Promise<void> {
  const [file, ...rest] = context.args;
  if (file === undefined) throw new UsageError('decode: needs a capture file (pcap or pcapng)');
  // Generic netlink ids the capture does not resolve itself (it began after the lookup).
  const given = new Map<number, string>();
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    const pair = word === 'family' ? rest[++i] : undefined;
    const match = pair === undefined ? null : /^(0x[0-9a-f]+|\d+)=([\w-]+)$/i.exec(pair);
    if (match === null) throw new UsageError(`decode: unknown argument "${word}" (family ID=NAME names a generic netlink family id)`);
    given.set(Number(match[1]), match[2]!);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    throw new UsageError(`decode: cannot read "${file}": ${(error as Error).message}`);
  }
  const packets: CapturedPacket[] = [...readCapture(bytes)];
  // Generic netlink ids are the kernel's own: learn them from the capture's nlctrl replies first.
  const genlNames = learnGenlNames(packets.flatMap((p) => p.messages.map((message) => ({ protocol: p.protocol, message }))));
  for (const [id, name] of given) genlNames.set(id, name);
  const genlFamilies = await loadFamilies(genlNames.values());
  const shown = packets.map((p) => ({
    packet: p.index,
    ...(p.timestamp !== undefined ? { time: isoTime(p.timestamp) } : {}),
    protocol: protocolName(p.protocol) ?? `protocol ${p.protocol}`,
    ...(p.truncated ? { truncated: true } : {}),
    messages: p.messages.map((m) => decodeMessage(p.protocol, m, genlNames, genlFamilies)),
  }));
  if (context.options.json) {
    context.write(`${JSON.stringify(shown, null, context.options.pretty ? 4 : undefined)}\n`);
    return;
  }
  let text = '';
  for (const p of shown) {
    text += `#${p.packet}${p.time !== undefined ? ` ${p.time}` : ''} ${p.protocol}${p.truncated ? ' (truncated)' : ''}\n`;
    for (const m of p.messages) {
      text += `  ${m.type} flags=0x${m.flags.toString(16)} seq=${m.seq} pid=${m.pid}\n`;
      if (m.value !== undefined) text += `    ${JSON.stringify(m.value)}\n`;
      else if (m.raw !== undefined) text += `${m.raw.split('\n').slice(1).map((l) => `    ${l}`).join('\n')}\n`;
    }
  }
  context.write(text);
}

/** A capture's timestamp as ISO 8601 UTC with its nanoseconds (a Date holds only milliseconds). */
function isoTime(t: { seconds: number; nanoseconds: number }): string {
  return new Date(t.seconds * 1000).toISOString().replace('.000Z', `.${String(t.nanoseconds).padStart(9, '0')}Z`);
}
