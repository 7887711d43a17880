// A topology in Graphviz's DOT language (`linx topology --format dot | dot -Tsvg`).
import { nodeLabel, type Topology } from './graph.js';

/** A DOT string literal: quotes and backslashes escaped, lines joined with DOT's own \n. */
const quote = (text: string) => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;

const STYLE = { port: 'label="port"', veth: 'label="veth", dir=both', lower: 'label="lower"' } as const;

export function toDot(topology: Topology): string {
  const lines = ['digraph topology {', '  rankdir=LR;', '  node [shape=box];'];
  for (const node of topology.nodes) {
    const shape = node.kind === 'bridge' ? ', style=rounded' : node.netns !== undefined ? ', style=dashed' : '';
    lines.push(`  ${quote(node.id)} [label=${quote(nodeLabel(node, '\n'))}${shape}];`);
  }
  for (const edge of topology.edges) lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [${STYLE[edge.kind]}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
