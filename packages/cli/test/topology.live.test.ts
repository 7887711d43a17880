// `linx topology` on a topology built with ip in namespaces of this file's own. Both drawings (mermaid
// and dot) are parsed back, and their interfaces, edges and addresses must be what `ip -j -d link` and
// `ip -j addr` say: a bridge's ports (master), veth pairs (link, or link_index + link_netnsid for a peer
// in the other namespace), macvlan and vxlan lowers (link, and vxlan's info_data.link). Read-only after setup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, runOrThrow, type TestNetns } from '@linx/test-kit';
import { linx, linxJson, linxOk } from './helpers/linx.js';
import { parseSvg } from './helpers/svg.js';

interface Drawn {
  /** Node id → its label's lines. */
  nodes: Map<string, string[]>;
  /** Edges as "from-name kind to-name", names read from the labels. */
  edges: string[];
}

const nameOf = (drawn: Drawn, id: string) => drawn.nodes.get(id)![0]!.replace(/ \(.*\)$/, '');

/** Edges by name; a veth pair has no direction, so its two names in order. */
function edgeNames(drawn: Drawn, raw: [string, string, string][]): string[] {
  return raw
    .map(([from, kind, to]) => {
      const ends = [nameOf(drawn, from), nameOf(drawn, to)];
      return (kind === 'veth' ? ends.sort() : ends).join(` ${kind} `);
    })
    .sort();
}

function parseMermaid(text: string): Drawn {
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe('flowchart LR');
  const nodes = new Map<string, string[]>();
  const raw: [string, string, string][] = [];
  for (const line of lines.slice(1)) {
    const node = /^  (\w+)(?:\["(.*)"\]|\("(.*)"\)|\[\/"(.*)"\/\])$/.exec(line);
    const edge = /^  (\w+) (?:-->|<-->)\|(\w+)\| (\w+)$/.exec(line);
    if (node) nodes.set(node[1]!, (node[2] ?? node[3] ?? node[4])!.split('<br/>'));
    else if (edge) raw.push([edge[1]!, edge[2]!, edge[3]!]);
    else throw new Error(`not a node or an edge: ${line}`);
  }
  const drawn = { nodes, edges: [] as string[] };
  drawn.edges = edgeNames(drawn, raw);
  return drawn;
}

function parseDot(text: string): Drawn {
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe('digraph topology {');
  expect(lines.at(-1)).toBe('}');
  const nodes = new Map<string, string[]>();
  const raw: [string, string, string][] = [];
  for (const line of lines.slice(1, -1)) {
    const node = /^  "(\w+)" \[label="((?:[^"\\]|\\.)*)"(?:, style=\w+)?\];$/.exec(line);
    const edge = /^  "(\w+)" -> "(\w+)" \[label="(\w+)"(?:, dir=both)?\];$/.exec(line);
    if (node) nodes.set(node[1]!, node[2]!.split('\\n'));
    else if (edge) raw.push([edge[1]!, edge[3]!, edge[2]!]);
    else if (!/^  (rankdir=LR|node \[shape=box\]);$/.test(line)) throw new Error(`not a node or an edge: ${line}`);
  }
  const drawn = { nodes, edges: [] as string[] };
  drawn.edges = edgeNames(drawn, raw);
  return drawn;
}

/** The SVG drawing read back by Python's XML parser (helpers/svg.ts): each box's lines, each edge's ends. */
function parseSvgDrawing(text: string): Drawn {
  const svg = parseSvg(text);
  const nodes = new Map(svg.nodes.map((n) => [n.id, n.lines] as const));
  const drawn = { nodes, edges: [] as string[] };
  drawn.edges = edgeNames(drawn, svg.edges.map((e) => [e.from, e.kind, e.to] as [string, string, string]));
  return drawn;
}

const PARSERS: Record<string, (text: string) => Drawn> = { mermaid: parseMermaid, dot: parseDot, svg: parseSvgDrawing };

describe.skipIf(kernelSkipReason(['ip']))('linx topology, checked against ip -j', () => {
  let ns: TestNetns;
  let other: TestNetns;

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
    other = createTestNetns('linx-cli');
    ns.batch([
      'link add v0 type veth peer name v1',
      'link add br0 type bridge',
      'link set v1 master br0',
      'link add v2 type veth peer name v3',
      'link set v3 master br0',
      'link add mv0 link v0 type macvlan mode bridge',
      'link add vx0 type vxlan id 42 dev v0 dstport 4789',
      `link add p0 type veth peer name p1 netns ${other.name}`,
      'link set v0 up',
      'link set br0 up',
      'addr add 10.0.0.1/24 dev v0',
      'addr add 2001:db8::1/64 dev v0 nodad',
      'addr add 10.1.0.1/16 dev br0',
    ]);
  });
  afterAll(() => {
    ns?.remove();
    other?.remove();
  });

  /** The edges ip's JSON implies, named as the drawings name them. */
  function expectedEdges(): string[] {
    const links = JSON.parse(runOrThrow(['ip', '-n', ns.name, '-j', '-d', 'link', 'show'])) as Record<string, any>[];
    const peers = JSON.parse(runOrThrow(['ip', '-n', other.name, '-j', 'link', 'show'])) as Record<string, any>[];
    const edges = new Set<string>();
    for (const link of links) {
      const kind = link.linkinfo?.info_kind;
      if (link.master !== undefined) edges.add(`${link.ifname} port ${link.master}`);
      if (kind === 'veth' && link.link !== undefined) edges.add([link.ifname, link.link].sort().join(' veth '));
      if (kind === 'veth' && link.link_index !== undefined) edges.add([link.ifname, peers.find((p) => p.ifindex === link.link_index)!.ifname].sort().join(' veth '));
      if (kind === 'macvlan') edges.add(`${link.ifname} lower ${link.link}`);
      if (kind === 'vxlan') edges.add(`${link.ifname} lower ${link.linkinfo.info_data.link}`);
    }
    return [...edges].sort();
  }

  it.each(['mermaid', 'dot', 'svg'])('--format %s draws every interface, its state and addresses, and every edge ip -j implies', (format) => {
    const drawn = PARSERS[format]!(linxOk('-n', ns.name, 'topology', '--format', format));
    const expected = expectedEdges();
    expect(expected).toHaveLength(7);
    expect(drawn.edges).toEqual(expected);
    const links = JSON.parse(runOrThrow(['ip', '-n', ns.name, '-j', 'addr', 'show'])) as Record<string, any>[];
    const here = [...drawn.nodes.values()].filter((label) => !label.some((line) => line.startsWith('netns ')));
    expect(here.map((label) => nameOf({ nodes: new Map([['x', label]]), edges: [] }, 'x')).sort()).toEqual(links.map((l) => l.ifname).sort());
    for (const link of links) {
      const label = here.find((l) => l[0]!.split(' ')[0] === link.ifname)!;
      expect(label).toContain(link.operstate);
      const addresses = (link.addr_info as { local: string; prefixlen: number }[]).map((a) => `${a.local}/${a.prefixlen}`);
      for (const address of addresses) expect(label).toContain(address);
      expect(label.filter((line) => /^[0-9a-f.:]+\/\d+$/.test(line)).sort()).toEqual(addresses.sort());
    }
    // The peer in the other namespace is named with that namespace.
    const peer = [...drawn.nodes.values()].find((label) => label.includes(`netns ${other.name}`));
    expect(peer?.[0]).toBe('p1 (veth)');
  });

  it('-j is the graph both drawings come from', () => {
    const graph = linxJson('-n', ns.name, 'topology');
    const drawn = parseMermaid(linxOk('-n', ns.name, 'topology'));
    expect(graph.nodes.map((n: { id: string }) => n.id).sort()).toEqual([...drawn.nodes.keys()].sort());
    expect(graph.edges).toHaveLength(drawn.edges.length);
    expect(linxJson('-n', ns.name, '-4', 'topology').nodes.flatMap((n: { addresses: string[] }) => n.addresses).sort()).toEqual(['10.0.0.1/24', '10.1.0.1/16']);
  });

  it('refuses a format it does not draw', () => {
    const result = linx('-n', ns.name, 'topology', '--format', 'png');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('format "png" is not one of mermaid, dot, svg');
  });
});
