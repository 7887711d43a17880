// A topology drawn as a standalone SVG image, laid out here (no Graphviz needed): interfaces in columns
// from left to right, as the dot drawing's rankdir=LR puts them (a port left of its bridge, an upper
// device left of the one it sits on), each a box with the same label lines as the other drawings.
import { nodeLabel, type Topology, type TopologyEdge, type TopologyNode } from './graph.js';

/** Text metrics of the monospace font the image asks for (12 px: about 7.2 px a character). */
const FONT_SIZE = 12;
const CHAR_WIDTH = 7.3;
const LINE_HEIGHT = 16;
const PADDING = 8;
/** Space between columns (room for an edge's label) and between boxes of a column. */
const COLUMN_GAP = 90;
const ROW_GAP = 24;
const MARGIN = 20;

interface Box {
  node: TopologyNode;
  lines: string[];
  column: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** XML text: the five characters with a meaning in markup escaped. */
const xml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');

/**
 * Each node's column: the longest chain of edges leading to it (an edge goes from a column to a later
 * one). A cycle (which the kernel's links do not make, but a graph could) stops growing after as many
 * rounds as there are nodes.
 */
function columns(topology: Topology): Map<string, number> {
  const column = new Map(topology.nodes.map((node) => [node.id, 0]));
  for (let round = 0; round < topology.nodes.length; round++) {
    let changed = false;
    for (const { from, to } of topology.edges) {
      const next = (column.get(from) ?? 0) + 1;
      if (column.has(to) && next > column.get(to)!) {
        column.set(to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return column;
}

/**
 * Orders each column by the mean row of its nodes' neighbours in the column before (then after), so
 * that edges cross less; a node without such neighbours keeps its place.
 */
function orderColumns(byColumn: Box[][], edges: readonly TopologyEdge[]): void {
  const neighbours = new Map<string, string[]>();
  for (const { from, to } of edges) {
    neighbours.set(from, [...(neighbours.get(from) ?? []), to]);
    neighbours.set(to, [...(neighbours.get(to) ?? []), from]);
  }
  const sweep = (order: number[]) => {
    for (const c of order) {
      const row = new Map<string, number>();
      for (const other of [byColumn[c - 1], byColumn[c + 1]]) other?.forEach((box, i) => row.set(box.node.id, i));
      const column = byColumn[c]!;
      const keys = column.map((box, i) => {
        const rows = (neighbours.get(box.node.id) ?? []).map((id) => row.get(id)).filter((r): r is number => r !== undefined);
        return rows.length === 0 ? i : rows.reduce((a, b) => a + b, 0) / rows.length;
      });
      const sorted = column.map((box, i) => ({ box, key: keys[i]!, i })).sort((a, b) => a.key - b.key || a.i - b.i);
      byColumn[c] = sorted.map((entry) => entry.box);
    }
  };
  const all = byColumn.map((_, c) => c);
  sweep(all.slice(1));
  sweep(all.slice(0, -1).reverse());
}

/** The boxes, placed: columns left to right, each column's boxes stacked and centred vertically. */
function layout(topology: Topology): { boxes: Map<string, Box>; width: number; height: number } {
  const column = columns(topology);
  const byColumn: Box[][] = [];
  for (const node of topology.nodes) {
    const lines = nodeLabel(node, '\n').split('\n');
    const c = column.get(node.id)!;
    const box: Box = {
      node,
      lines,
      column: c,
      x: 0,
      y: 0,
      width: Math.ceil(Math.max(...lines.map((line) => line.length)) * CHAR_WIDTH) + 2 * PADDING,
      height: lines.length * LINE_HEIGHT + 2 * PADDING - 4,
    };
    (byColumn[c] ??= []).push(box);
  }
  // A column no node reached (possible only after a cycle) is dropped.
  const filled = byColumn.filter((boxes) => boxes !== undefined);
  orderColumns(filled, topology.edges);
  const columnHeight = (boxes: Box[]) => boxes.reduce((sum, box) => sum + box.height, 0) + ROW_GAP * (boxes.length - 1);
  const height = Math.max(0, ...filled.map(columnHeight)) + 2 * MARGIN;
  let x = MARGIN;
  const boxes = new Map<string, Box>();
  for (const column of filled) {
    let y = (height - columnHeight(column)) / 2;
    const width = Math.max(...column.map((box) => box.width));
    for (const box of column) {
      box.x = x + (width - box.width) / 2;
      box.y = y;
      y += box.height + ROW_GAP;
      boxes.set(box.node.id, box);
    }
    x += width + COLUMN_GAP;
  }
  return { boxes, width: Math.max(x - COLUMN_GAP + MARGIN, 2 * MARGIN), height };
}

/** An edge's curve: from the right side of the earlier box to the left side of the later one, or, between boxes of one column, a loop out to the right. */
function edgePath(a: Box, b: Box): { d: string; labelX: number; labelY: number } {
  const round = (n: number) => Math.round(n * 10) / 10;
  if (a.column === b.column) {
    const x = Math.max(a.x + a.width, b.x + b.width);
    const [y1, y2] = [a.y + a.height / 2, b.y + b.height / 2];
    const bulge = x + COLUMN_GAP / 2;
    return { d: `M ${round(a.x + a.width)} ${round(y1)} C ${round(bulge)} ${round(y1)}, ${round(bulge)} ${round(y2)}, ${round(b.x + b.width)} ${round(y2)}`, labelX: round(bulge - 10), labelY: round((y1 + y2) / 2) };
  }
  const [left, right] = a.column < b.column ? [a, b] : [b, a];
  const [x1, y1] = [left.x + left.width, left.y + left.height / 2];
  const [x2, y2] = [right.x, right.y + right.height / 2];
  const mid = (x1 + x2) / 2;
  const d = a === left ? `M ${round(x1)} ${round(y1)} C ${round(mid)} ${round(y1)}, ${round(mid)} ${round(y2)}, ${round(x2)} ${round(y2)}` : `M ${round(x2)} ${round(y2)} C ${round(mid)} ${round(y2)}, ${round(mid)} ${round(y1)}, ${round(x1)} ${round(y1)}`;
  return { d, labelX: round(mid), labelY: round((y1 + y2) / 2 - 4) };
}

/** Box fill by operational state: up green, down grey, anything else (unknown, a peer elsewhere) white. */
const FILL: Record<string, string> = { UP: '#e8f5e9', DOWN: '#eeeeee', LOWERLAYERDOWN: '#eeeeee' };

/**
 * The image. Every node is a `<g class="node" data-id="…">` (a box, one `<tspan>` per label line), every
 * edge a `<g class="edge" data-from data-to data-kind>` (a curve and its label), so the picture can also
 * be read back by a program.
 */
export function toSvg(topology: Topology): string {
  const { boxes, width, height } = layout(topology);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="${FONT_SIZE}">`,
    '  <defs>',
    '    <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker>',
    '  </defs>',
    '  <rect width="100%" height="100%" fill="#ffffff"/>',
  ];
  for (const edge of topology.edges) {
    const [a, b] = [boxes.get(edge.from), boxes.get(edge.to)];
    if (a === undefined || b === undefined) continue;
    const { d, labelX, labelY } = edgePath(a, b);
    const markers = edge.kind === 'veth' ? ' marker-start="url(#arrow)" marker-end="url(#arrow)"' : ' marker-end="url(#arrow)"';
    out.push(
      `  <g class="edge" data-from="${xml(edge.from)}" data-to="${xml(edge.to)}" data-kind="${edge.kind}">`,
      `    <path d="${d}" fill="none" stroke="#555" stroke-width="1.4"${markers}/>`,
      `    <text x="${labelX}" y="${labelY}" text-anchor="middle" fill="#333" stroke="#ffffff" stroke-width="3" paint-order="stroke">${edge.kind}</text>`,
      '  </g>',
    );
  }
  for (const box of boxes.values()) {
    const { node } = box;
    const rounded = node.kind === 'bridge' ? ' rx="12"' : ' rx="2"';
    const dashed = node.netns !== undefined ? ' stroke-dasharray="5 3"' : '';
    const fill = FILL[node.state ?? ''] ?? '#ffffff';
    out.push(
      `  <g class="node" data-id="${xml(node.id)}">`,
      `    <rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}"${rounded} fill="${fill}" stroke="#333"${dashed}/>`,
      `    <text x="${box.x + PADDING}" y="${box.y + PADDING + FONT_SIZE - 1}">`,
      ...box.lines.map((line, i) => `      <tspan x="${box.x + PADDING}" dy="${i === 0 ? 0 : LINE_HEIGHT}"${i === 0 ? ' font-weight="bold"' : ''}>${xml(line)}</tspan>`),
      '    </text>',
      '  </g>',
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
