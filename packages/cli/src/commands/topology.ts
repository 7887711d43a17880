import { readdirSync } from 'node:fs';
import type { Link } from '@linx/rtnl';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { toDot } from '../topology/dot.js';
import { buildTopology, type PeerNamer } from '../topology/graph.js';
import { toMermaid } from '../topology/mermaid.js';
import { toSvg } from '../topology/svg.js';

export const usage = `Usage: linx topology [ --format mermaid | dot | svg ]
Draws the namespace's interfaces: bridges and their ports, veth pairs (a peer in another namespace named
when that namespace is in /run/netns), macvlan/vlan/vxlan devices and the devices they sit on, each
interface's state and addresses. mermaid (the default) renders on GitHub and in mermaid.live; dot is for
Graphviz; svg is an image laid out by linx itself (\`linx topology --format svg > net.svg\`, no Graphviz
needed: columns left to right, a port left of its bridge, an upper device left of its lower one).
With -j, the graph itself:
{ nodes: [{ id, ifname, ifindex, kind?, state?, addresses, netns? }], edges: [{ from, to, kind }] }
(edge kinds: port, veth, lower). Options: -j, -p, -n NETNS, -4, -6 (addresses of one family).
`;

const FORMATS = ['mermaid', 'dot', 'svg'] as const;

export async function run(context: CommandContext): Promise<void> {
  let format: (typeof FORMATS)[number] = 'mermaid';
  const args = [...context.args];
  for (let word = args.shift(); word !== undefined; word = args.shift()) {
    const inline = /^--?format=(.*)$/.exec(word);
    const value = inline ? inline[1] : word === '--format' || word === 'format' || word === '-f' ? args.shift() : undefined;
    if (value === undefined) throw new UsageError(inline || word.includes('format') || word === '-f' ? 'topology: --format needs mermaid, dot or svg' : `topology: unknown argument "${word}"`);
    if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`topology: format "${value}" is not one of ${FORMATS.join(', ')}`);
    format = value as (typeof FORMATS)[number];
  }
  const rtnl = await context.rtnl();
  const family = context.options.family;
  const links = await rtnl.links.list();
  const addresses = await rtnl.addresses.list({ names: false, ...(family ? { family } : {}) });
  const topology = buildTopology(links, addresses, await peerNamer(links, context.options.netns));
  if (context.options.json) {
    context.write(`${context.options.pretty ? JSON.stringify(topology, null, 4) : JSON.stringify(topology)}\n`);
    return;
  }
  context.write(format === 'dot' ? toDot(topology) : format === 'svg' ? toSvg(topology) : toMermaid(topology));
}

/**
 * Names the other ends of veth pairs whose peer is in another namespace. The kernel gives only the peer's
 * index and the namespace's id as this namespace knows it; so each namespace in /run/netns is read (one
 * link dump each, only when there is such a peer) for a veth at that index whose own peer is ours.
 */
async function peerNamer(links: readonly Link[], self: string | undefined): Promise<PeerNamer> {
  const wanted = links.filter((l) => l.linkNetnsid !== undefined && l.linkinfo?.kind === 'veth' && l.link);
  if (wanted.length === 0) return () => undefined;
  let names: string[] = [];
  try {
    names = readdirSync('/run/netns').filter((n) => n !== self);
  } catch {
    return () => undefined;
  }
  const { open } = await import('@linx/rtnl');
  const found = new Map<string, { ifname: string; netns: string }>();
  for (const name of names) {
    const other = open({ netns: name });
    try {
      for (const peer of await other.links.list({ kind: 'veth' })) {
        const ours = wanted.find((l) => l.link === peer.index && peer.link === l.index && peer.linkNetnsid !== undefined);
        if (ours !== undefined) found.set(`${ours.linkNetnsid!}:${peer.index}`, { ifname: peer.ifname ?? `if${peer.index}`, netns: name });
      }
    } catch {
      // A namespace that cannot be read (removed meanwhile, no permission) names no peer.
    } finally {
      other.close();
    }
  }
  return (nsid, ifindex) => found.get(`${nsid}:${ifindex}`);
}
