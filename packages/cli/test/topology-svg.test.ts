// The SVG drawing of a topology (no kernel), read back by an XML parser no one here wrote (Python's
// xml.etree, /usr/bin/python3): well-formed, every node's label lines and every edge there, names that
// need escaping intact, no two boxes overlapping, everything inside the image, a port left of its bridge.
import { describe, expect, it } from 'vitest';
import { nodeLabel, type Topology } from '../src/topology/graph.js';
import { toSvg } from '../src/topology/svg.js';
import { parseSvg, python, type ParsedSvg } from './helpers/svg.js';

/** Whether two boxes share any area. */
const overlap = (a: ParsedSvg['nodes'][number], b: ParsedSvg['nodes'][number]) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const topology: Topology = {
  nodes: [
    { id: 'if1', ifname: 'lo', ifindex: 1, state: 'UNKNOWN', addresses: ['127.0.0.1/8', '::1/128'] },
    { id: 'if2', ifname: 'a"b<&>\'c', ifindex: 2, kind: 'veth', state: 'UP', addresses: ['10.0.0.1/24'] },
    { id: 'if3', ifname: 'br0', ifindex: 3, kind: 'bridge', state: 'UP', addresses: ['10.1.0.1/16'] },
    { id: 'if4', ifname: 'v1', ifindex: 4, kind: 'veth', state: 'UP', addresses: [] },
    { id: 'if5', ifname: 'mv0', ifindex: 5, kind: 'macvlan', state: 'DOWN', addresses: [] },
    { id: 'if6', ifname: 'v3', ifindex: 6, kind: 'veth', state: 'DOWN', addresses: [] },
    { id: 'ns1_if9', ifname: 'peer', ifindex: 9, kind: 'veth', addresses: [], netns: { nsid: 1, name: 'other' } },
  ],
  edges: [
    { from: 'if2', to: 'if4', kind: 'veth' },
    { from: 'if4', to: 'if3', kind: 'port' },
    { from: 'if6', to: 'if3', kind: 'port' },
    { from: 'if5', to: 'if2', kind: 'lower' },
    { from: 'if2', to: 'ns1_if9', kind: 'veth' },
  ],
};

describe.skipIf(!python)('topology as SVG (skipped: no /usr/bin/python3 to parse it)', () => {
  const drawn = parseSvg(toSvg(topology));

  it('draws every node with the same label lines as the other drawings, escaped characters intact', () => {
    expect(drawn.nodes.map((n) => n.id).sort()).toEqual(topology.nodes.map((n) => n.id).sort());
    for (const node of topology.nodes) expect(drawn.nodes.find((n) => n.id === node.id)!.lines).toEqual(nodeLabel(node, '\n').split('\n'));
    expect(drawn.nodes.find((n) => n.id === 'if2')!.lines[0]).toBe('a"b<&>\'c (veth)');
  });

  it('draws every edge once, a veth pair with arrows at both ends and the others at one', () => {
    expect(drawn.edges.map(({ from, to, kind }) => `${from} ${kind} ${to}`).sort()).toEqual(topology.edges.map(({ from, to, kind }) => `${from} ${kind} ${to}`).sort());
    for (const edge of drawn.edges) expect(edge.markers).toEqual(edge.kind === 'veth' ? ['marker-start', 'marker-end'] : ['marker-end']);
  });

  it('lays the boxes out without overlap, inside the image, each edge going left to right', () => {
    for (const [i, a] of drawn.nodes.entries()) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(drawn.width);
      expect(a.y + a.height).toBeLessThanOrEqual(drawn.height);
      // Wide enough for its longest line at the font's ~7.2 px a character.
      expect(a.width).toBeGreaterThan(Math.max(...a.lines.map((l) => l.length)) * 7.2);
      for (const b of drawn.nodes.slice(i + 1)) expect(overlap(a, b), `${a.id} and ${b.id} overlap`).toBe(false);
    }
    const x = (id: string) => drawn.nodes.find((n) => n.id === id)!.x;
    for (const { from, to } of topology.edges) expect(x(from), `${from} left of ${to}`).toBeLessThan(x(to));
  });

  it('draws an empty namespace as an empty, still valid image', () => {
    const empty = parseSvg(toSvg({ nodes: [], edges: [] }));
    expect(empty.nodes).toEqual([]);
    expect(empty.width).toBeGreaterThan(0);
  });

  it('stops at a cycle of edges (which no kernel topology makes) instead of looping', () => {
    const cycle = parseSvg(
      toSvg({
        nodes: [
          { id: 'a', ifname: 'a', ifindex: 1, addresses: [] },
          { id: 'b', ifname: 'b', ifindex: 2, addresses: [] },
        ],
        edges: [
          { from: 'a', to: 'b', kind: 'lower' },
          { from: 'b', to: 'a', kind: 'lower' },
        ],
      }),
    );
    expect(cycle.nodes).toHaveLength(2);
    expect(overlap(cycle.nodes[0]!, cycle.nodes[1]!)).toBe(false);
  });
});
