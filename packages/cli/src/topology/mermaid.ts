// A topology as a mermaid flowchart (renders on GitHub, GitLab and in mermaid.live).
import { nodeLabel, type Topology } from './graph.js';

/** Mermaid's entity for a double quote, the one character a quoted label cannot hold. */
const escape = (text: string) => text.replaceAll('"', '#quot;');

const ARROWS = { port: '-->|port|', veth: '<-->|veth|', lower: '-->|lower|' } as const;

export function toMermaid(topology: Topology): string {
  const lines = ['flowchart LR'];
  for (const node of topology.nodes) {
    const label = `"${escape(nodeLabel(node, '<br/>'))}"`;
    // A bridge as a rounded box, a peer in another namespace as a dashed-looking parallelogram.
    lines.push(`  ${node.id}${node.kind === 'bridge' ? `(${label})` : node.netns !== undefined ? `[/${label}/]` : `[${label}]`}`);
  }
  for (const edge of topology.edges) lines.push(`  ${edge.from} ${ARROWS[edge.kind]} ${edge.to}`);
  return `${lines.join('\n')}\n`;
}
