// Decodes a netlink capture (pcap or pcapng, as `tcpdump -i nlmon0 -w file` writes it) and prints each
// packet and its messages. Without an argument it reads the capture shipped with the repository.
//
//   node examples/dist/show-capture.js [file.pcap]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NETLINK_GENERIC, NETLINK_ROUTE, formatMessage, protocolName, type FormatOptions } from '@linx/netlink-wire';
import { readCapture } from '@linx/netlink-wire/capture';

// A few family facts (linux/rtnetlink.h, linux/genetlink.h) so the printout names what it can; the family
// packages bring the complete vocabularies.
const RTNL_TYPES: Record<number, [name: string, headerLength: number]> = {
  16: ['RTM_NEWLINK', 16], 17: ['RTM_DELLINK', 16], 18: ['RTM_GETLINK', 16], 19: ['RTM_SETLINK', 16],
  20: ['RTM_NEWADDR', 8], 21: ['RTM_DELADDR', 8], 22: ['RTM_GETADDR', 8],
  24: ['RTM_NEWROUTE', 12], 25: ['RTM_DELROUTE', 12], 26: ['RTM_GETROUTE', 12],
};
const RTM_FLAG_KINDS = ['new', 'delete', 'get', undefined] as const;

function familyOptions(protocol: number): FormatOptions {
  if (protocol === NETLINK_ROUTE) {
    return {
      typeName: (type) => RTNL_TYPES[type]?.[0],
      flagKind: (type) => (type >= 16 ? RTM_FLAG_KINDS[(type - 16) % 4] : undefined),
    };
  }
  if (protocol === NETLINK_GENERIC) return { headerLength: 4, typeName: (type) => (type === 16 ? 'nlctrl' : undefined) };
  return {};
}

const file = process.argv[2] ?? fileURLToPath(new URL('../../fixtures/pyroute2/nl0.pcap', import.meta.url));
const bytes = new Uint8Array(readFileSync(file));
let packets = 0;
let messages = 0;
for (const packet of readCapture(bytes)) {
  packets++;
  const when = packet.time === undefined ? '' : new Date(packet.time).toISOString();
  console.log(`#${packet.index} ${when} ${protocolName(packet.protocol) ?? `protocol ${packet.protocol}`}${packet.truncated ? ' (truncated)' : ''}`);
  const options = familyOptions(packet.protocol);
  for (const message of packet.messages) {
    messages++;
    const headerLength = packet.protocol === NETLINK_ROUTE ? RTNL_TYPES[message.type]?.[1] : options.headerLength;
    const text = formatMessage(message, headerLength === undefined ? options : { ...options, headerLength });
    console.log(text.replace(/^/gm, '  '));
  }
}
console.log(`\n${packets} packets, ${messages} netlink messages`);
