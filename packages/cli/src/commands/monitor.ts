import type { Link, MonitorKind, ObjectEvent } from '@linx/rtnl';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { addressToIp, linkToIp, neighbourToIp, routeToIp, ruleToIp, type IpObject } from '../output/ip-json.js';
import { addressText, linkText, neighbourText, routeText, ruleText } from '../output/text.js';
import type { Paint } from '../output/color.js';
import { linkShape } from './link.js';

export const usage = `Usage: linx monitor [ all | OBJECT… ]
OBJECT := link | address | route | neigh | rule
Prints each change as \`ip monitor\` does ("Deleted " before a removal; with \`all\`, a [LINK], [ADDR], …
banner before each line); with -j, one JSON object per line: {"type":"new"|"del","kind":KIND,"object":{…}},
the object as \`ip -j KIND show\` prints it. Until interrupted. Options: -j, -4, -6, -n NETNS.
`;

const KINDS: Record<string, MonitorKind> = {
  link: 'link', l: 'link', address: 'address', addr: 'address', a: 'address', route: 'route', r: 'route', ro: 'route',
  neigh: 'neighbour', neighbour: 'neighbour', neighbor: 'neighbour', n: 'neighbour', rule: 'rule', ru: 'rule',
};
const BANNERS: Record<MonitorKind, string> = { link: '[LINK]', address: '[ADDR]', route: '[ROUTE]', neighbour: '[NEIGH]', rule: '[RULE]' };

/** `monitor [all | OBJECT…]`: the kinds to follow, and whether to print banners (`all`, as `ip monitor all`). */
export function parseMonitor(args: readonly string[]): { kinds: MonitorKind[]; banner: boolean } {
  if (args.length === 0) return { kinds: ['link', 'address', 'route', 'neighbour', 'rule'], banner: false };
  if (args.length === 1 && args[0] === 'all') return { kinds: ['link', 'address', 'route', 'neighbour', 'rule'], banner: true };
  const kinds = args.map((word) => {
    const kind = KINDS[word];
    if (kind === undefined) throw new UsageError(`monitor: unknown object "${word}" (all, link, address, route, neigh, rule)`);
    return kind;
  });
  return { kinds: [...new Set(kinds)], banner: false };
}

export async function run(context: CommandContext): Promise<void> {
  const { kinds, banner } = parseMonitor(context.args);
  const rtnl = await context.rtnl();
  // Interface names for links' `master` and `link`, and neighbours' `dev`, kept current by link events.
  const links = new Map<number, Link>((await rtnl.links.list()).map((l) => [l.index, l]));
  const family = context.options.family;
  const monitor = await rtnl.monitor({ kinds: kinds.includes('link') ? kinds : [...kinds, 'link'], ...(family ? { family } : {}) });
  for await (const event of monitor) {
    if (event.type === 'overrun') {
      context.write(context.options.json ? `${JSON.stringify({ type: 'overrun' })}\n` : 'linx monitor: the kernel dropped notifications (receive buffer full)\n');
      continue;
    }
    if (event.kind === 'link') {
      if (event.type === 'del') links.delete(event.object.index);
      else links.set(event.object.index, event.object);
    }
    if (!(kinds as string[]).includes(event.kind)) continue;
    // Only rtnl's own kinds were asked for: no tc events come.
    const shaped = shape(event as ObjectEvent, [...links.values()]);
    if (context.options.json) {
      context.write(`${JSON.stringify({ type: event.type, kind: event.kind, object: shaped })}\n`);
    } else {
      context.write(`${banner ? BANNERS[event.kind as MonitorKind] : ''}${event.type === 'del' ? 'Deleted ' : ''}${text(event.kind as MonitorKind, shaped, context.paint)}\n`);
    }
  }
}

function shape(event: ObjectEvent, links: Link[]): IpObject {
  const names = new Map(links.map((l) => [l.index, l.ifname ?? `if${l.index}`]));
  switch (event.kind) {
    case 'link': {
      const shaped = linkToIp(event.object, linkShape(links, { linkmode: false, details: false, stats: 0, linkLayer: true }));
      // `ip monitor` prints a link without its queue length.
      delete shaped.txqlen;
      return shaped;
    }
    case 'address': {
      const a = event.object;
      return { ifindex: a.ifindex, dev: a.dev ?? names.get(a.ifindex) ?? `if${a.ifindex}`, ...addressToIp(a) };
    }
    case 'route': {
      const r = event.object;
      return routeToIp(r, { names, showTable: r.table !== 254 });
    }
    case 'neighbour':
      return neighbourToIp(event.object, names);
    case 'rule':
      return ruleToIp(event.object);
  }
}

/** A change's text, coloured as `ip -c monitor` colours it (the device before an address stays plain, as in ip). */
function text(kind: MonitorKind, o: IpObject, paint: Paint): string {
  switch (kind) {
    case 'link':
      return linkText(o, { paint });
    case 'address': {
      const { ifindex, dev, ...address } = o;
      return `${String(ifindex)}: ${String(dev)}${addressText(address, paint)}`;
    }
    case 'route':
      return routeText(o, paint);
    case 'neighbour':
      return neighbourText(o, paint);
    case 'rule':
      return ruleText(o);
  }
}
