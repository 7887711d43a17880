// The topology renderers on a graph made here (no kernel): names that need escaping stay inside their label.
import { describe, expect, it } from 'vitest';
import type { Topology } from '../src/topology/graph.js';
import { toDot } from '../src/topology/dot.js';
import { toMermaid } from '../src/topology/mermaid.js';

const topology: Topology = {
  nodes: [
    { id: 'if2', ifname: 'a"b\\c', ifindex: 2, kind: 'veth', state: 'UP', addresses: ['10.0.0.1/24'] },
    { id: 'ns1_if9', ifname: 'peer', ifindex: 9, kind: 'veth', addresses: [], netns: { nsid: 1 } },
  ],
  edges: [{ from: 'if2', to: 'ns1_if9', kind: 'veth' }],
};

describe('topology drawings', () => {
  it('mermaid: a quote becomes #quot; and an unnamed namespace is shown by its id', () => {
    const text = toMermaid(topology);
    expect(text).toContain('if2["a#quot;b\\c (veth)<br/>UP<br/>10.0.0.1/24"]');
    expect(text).toContain('ns1_if9[/"peer (veth)<br/>netnsid 1"/]');
    expect(text).toContain('if2 <-->|veth| ns1_if9');
  });
  it('dot: quotes and backslashes escaped, lines as \\n', () => {
    const text = toDot(topology);
    expect(text).toContain('"if2" [label="a\\"b\\\\c (veth)\\nUP\\n10.0.0.1/24"];');
    expect(text).toContain('"if2" -> "ns1_if9" [label="veth", dir=both];');
  });
});
