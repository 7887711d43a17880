// Reads an SVG drawing of `linx topology` back with an XML parser no one here wrote: Python's xml.etree
// (/usr/bin/python3, which the project's setup installs with python3-pyroute2).
import { spawnSync } from 'node:child_process';

/** Whether /usr/bin/python3 and its XML parser are there. */
export const python = spawnSync('/usr/bin/python3', ['-c', 'import xml.etree.ElementTree'], { stdio: 'ignore' }).status === 0;

export interface ParsedSvg {
  width: number;
  height: number;
  nodes: { id: string; x: number; y: number; width: number; height: number; lines: string[] }[];
  edges: { from: string; to: string; kind: string; markers: string[] }[];
}

/** Parses an SVG drawing with Python's XML parser (which refuses anything not well-formed). */
export function parseSvg(text: string): ParsedSvg {
  const script = `
import json, sys, xml.etree.ElementTree as ET
ns = {'s': 'http://www.w3.org/2000/svg'}
root = ET.fromstring(sys.stdin.read())
nodes, edges = [], []
for g in root.iter('{http://www.w3.org/2000/svg}g'):
    if g.get('class') == 'node':
        r = g.find('s:rect', ns)
        nodes.append({'id': g.get('data-id'), 'x': float(r.get('x')), 'y': float(r.get('y')), 'width': float(r.get('width')), 'height': float(r.get('height')),
                      'lines': [t.text or '' for t in g.find('s:text', ns).findall('s:tspan', ns)]})
    elif g.get('class') == 'edge':
        p = g.find('s:path', ns)
        edges.append({'from': g.get('data-from'), 'to': g.get('data-to'), 'kind': g.get('data-kind'), 'markers': [m for m in ('marker-start', 'marker-end') if p.get(m)]})
print(json.dumps({'width': float(root.get('width')), 'height': float(root.get('height')), 'nodes': nodes, 'edges': edges}))
`;
  const run = spawnSync('/usr/bin/python3', ['-c', script], { input: text, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`not well-formed SVG: ${run.stderr}`);
  return JSON.parse(run.stdout) as ParsedSvg;
}
