// `linx monitor all` next to `ip monitor all` in a network namespace of this file's own: both follow the
// same changes, and print the same lines. The two start listening at moments of their own, so the
// comparison covers what lies between two marker rules both have seen. Only the namespace made here is
// touched; it is deleted afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, type TestNetns } from '@linx/test-kit';
import { BIN } from './helpers/linx.js';

/** A running process whose stdout is collected. */
function follow(argv: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => void (text += chunk));
  return { child, output: () => text };
}

/** Polls until `ready()`, doing `poke()` between looks; fails after many tries, not after a set time. */
async function until(ready: () => boolean, poke: () => void = () => {}, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (ready()) return;
    poke();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the monitors did not report in time');
}

describe.skipIf(kernelSkipReason(['ip']))('linx monitor, next to ip monitor', () => {
  let ns: TestNetns;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
    ns.batch(['link add v0 type veth peer name v1', 'link set v0 up', 'link set v1 up', 'addr add 10.0.0.1/24 dev v0']);
  });
  afterAll(() => {
    for (const child of children) child.kill();
    ns?.remove();
  });

  it('prints what ip monitor all prints, change for change', async () => {
    const ip = follow(['ip', '-n', ns.name, 'monitor', 'all']);
    const ours = follow([process.execPath, BIN, '-n', ns.name, 'monitor', 'all']);
    const json = follow([process.execPath, BIN, '-j', '-n', ns.name, 'monitor', 'rule', 'route']);
    // And coloured, as ip -c monitor colours it.
    const ipColour = follow(['ip', '-c=always', '-n', ns.name, 'monitor', 'all']);
    const oursColour = follow([process.execPath, BIN, '--color=always', '-n', ns.name, 'monitor', 'all']);
    children.push(ip.child, ours.child, json.child, ipColour.child, oursColour.child);
    const all = [ip, ours, json, ipColour, oursColour];
    // Until all three are listening: a rule added and removed again until each has seen one.
    await until(() => all.every((m) => m.output().includes('from all lookup 99') || m.output().includes('"priority":99')), () => {
      ns.ip('rule', 'add', 'pref', '99', 'table', '99');
      ns.ip('rule', 'del', 'pref', '99');
    });
    ns.ip('rule', 'add', 'pref', '97', 'table', '97');
    ns.batch([
      'addr add 10.0.0.77/24 dev v0',
      'route add 192.0.2.77 via 10.0.0.2',
      'route add 198.51.100.0/24 dev v0 table 100',
      'route del 192.0.2.77',
      'addr del 10.0.0.77/24 dev v0',
      'link set v0 mtu 1450',
      'neigh add 10.0.0.78 lladdr 02:00:00:00:00:78 dev v0',
      'neigh del 10.0.0.78 dev v0',
      'rule add pref 77 table 7',
      'rule del pref 77',
    ]);
    ns.ip('rule', 'add', 'pref', '96', 'table', '96');
    await until(() => all.every((m) => m.output().includes('lookup 96') || m.output().includes('"priority":96')));
    const between = (text: string) => {
      const lines = text.split('\n').map((line) => line.trimEnd());
      return lines.slice(lines.indexOf('[RULE]97:\tfrom all lookup 97'), lines.indexOf('[RULE]96:\tfrom all lookup 96') + 1);
    };
    const expected = between(ip.output());
    expect(expected.length).toBeGreaterThan(10);
    expect(between(ours.output())).toEqual(expected);
    const expectedColour = between(ipColour.output());
    expect(expectedColour.join('\n')).toContain('\x1b[36m');
    expect(between(oursColour.output())).toEqual(expectedColour);

    // -j: one JSON object per line, the object as ip -j shows it.
    const events = json.output().trim().split('\n').map((line) => JSON.parse(line) as { type: string; kind: string; object: Record<string, unknown> });
    const tableRoute = events.find((e) => e.kind === 'route' && e.object.dst === '198.51.100.0/24');
    expect(tableRoute).toEqual({ type: 'new', kind: 'route', object: { ...ns.ipJson('route', 'show', 'table', '100')[0], table: '100' } });
    expect(events.filter((e) => e.kind === 'rule' && e.object.priority === 77).map((e) => e.type)).toEqual(['new', 'del']);
    expect(events.every((e) => e.kind === 'rule' || e.kind === 'route')).toBe(true);
  });
});
