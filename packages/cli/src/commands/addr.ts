import type { CommandContext } from '../context.js';
import { addressToIp, linkToIp } from '../output/ip-json.js';
import { addressText, linkText } from '../output/text.js';
import { Words, commandOf } from '../words.js';
import { linkShape } from './link.js';

export const usage = `Usage: linx addr [show] [ [dev] NAME ]
       linx addr add IFADDR dev NAME [ broadcast ADDR | brd + ] [ label LABEL ] [ scope SCOPE ] [ noprefixroute ] [ nodad ]
       linx addr del IFADDR dev NAME
       linx addr flush dev NAME
IFADDR := PREFIX/LEN (10.0.0.1/24, 2001:db8::1/64). Options: -j, -4, -6, -n NETNS.
`;

export async function run(context: CommandContext): Promise<void> {
  const { command, rest } = commandOf(context.args, ['show', 'add', 'del', 'flush']);
  if (command === 'show') return show(context, rest);
  const { change } = await import('./addr-change.js');
  return change(context, command, rest);
}

async function show(context: CommandContext, args: string[]): Promise<void> {
  const words = new Words(args, 'addr show');
  let dev: string | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'dev') dev = words.value('dev');
    else if (dev === undefined) dev = word;
    else words.unknown(word);
  }
  const rtnl = await context.rtnl();
  const family = context.options.family;
  const links = await rtnl.links.list();
  const shown = dev === undefined ? links : [await rtnl.links.get(dev)];
  // names: false: the links are listed here already, so no second link dump for the addresses' `dev`.
  const addresses = await rtnl.addresses.list({ names: false, ...(family ? { family } : {}), ...(dev !== undefined ? { interface: dev } : {}) });
  const shape = linkShape(links, { linkmode: false, details: context.options.details, stats: 0, linkLayer: family === undefined });
  const out = [];
  for (const link of shown) {
    const own = addresses.filter((a) => a.ifindex === link.index);
    // With -4/-6, `ip addr` leaves out the links without an address of that family.
    if (family !== undefined && own.length === 0) continue;
    out.push({ ...linkFields(linkToIp(link, shape), family), addr_info: own.map(addressToIp) });
  }
  if (context.options.json) {
    context.write(`${context.options.pretty ? JSON.stringify(out, null, 4) : JSON.stringify(out)}\n`);
    return;
  }
  const text = out.map((o) => [linkText(o, { paint: context.paint }), ...(o.addr_info as Record<string, unknown>[]).map((a) => addressText(a, context.paint))].join('\n'));
  if (text.length > 0) context.write(`${text.join('\n')}\n`);
}

/**
 * With -6, `ip addr` asks for the links with family AF_INET6, and the kernel answers with its IPv6 view
 * of each link (inet6_fill_ifinfo), which has no qdisc, master or group: `ip` prints what it got.
 */
const INET6_LINK_FIELDS = new Set(['ifindex', 'link', 'link_index', 'ifname', 'flags', 'mtu', 'operstate', 'txqlen']);

function linkFields(link: Record<string, unknown>, family: string | undefined): Record<string, unknown> {
  if (family !== 'inet6') return link;
  return Object.fromEntries(Object.entries(link).filter(([key]) => INET6_LINK_FIELDS.has(key)));
}
