// `linx tc qdisc show` against `tc` in a network namespace of this file's own: `-j` equals `tc -j` (the
// options of the kinds whose options linx prints in linx's own names, tbf here, set aside), and the text
// equals tc's for the kinds whose options it shapes as tc does. Only the namespace made here is touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, runOrThrow, type TestNetns } from '@linx/test-kit';
import { linxJson, linxOk } from './helpers/linx.js';

/** The kinds whose options linx prints as `tc` does (README). */
const TC_SHAPED = new Set(['htb', 'noqueue', 'clsact', 'ingress']);

describe.skipIf(kernelSkipReason(['ip', 'tc']))('linx tc qdisc show, compared with tc', () => {
  let ns: TestNetns;
  const tc = (...args: string[]) => runOrThrow(['tc', '-n', ns.name, ...args]);

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
    ns.batch(['link add v0 type veth peer name v1', 'link add v2 type veth peer name v3', 'link set v0 up', 'link set v1 up', 'link set v2 up']);
    tc('qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb', 'default', '10');
    tc('class', 'add', 'dev', 'v0', 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '1mbit');
    tc('qdisc', 'add', 'dev', 'v0', 'clsact');
    tc('qdisc', 'add', 'dev', 'v1', 'ingress');
    tc('qdisc', 'add', 'dev', 'v2', 'root', 'tbf', 'rate', '10mbit', 'burst', '32kb', 'latency', '50ms');
  });
  afterAll(() => ns?.remove());

  it.each([[[] as string[]], [['dev', 'v0']], [['dev', 'v2']]])('linx -j tc qdisc show %j equals tc -j', (args) => {
    const strip = (list: { kind: string; options?: unknown }[]) => list.map((q) => (TC_SHAPED.has(q.kind) ? q : { ...q, options: undefined }));
    const ours = linxJson('-n', ns.name, 'tc', 'qdisc', 'show', ...args);
    const theirs = JSON.parse(tc('-j', 'qdisc', 'show', ...args));
    expect(ours.length).toBeGreaterThan(0);
    expect(strip(ours)).toEqual(strip(theirs));
  });

  it('prints the lines tc prints, for the kinds it shapes as tc does', () => {
    const lines = (text: string) => text.trim().split('\n').map((l) => l.trimEnd()).filter((l) => TC_SHAPED.has(l.split(' ')[1]!));
    const ours = lines(linxOk('-n', ns.name, 'tc', 'qdisc'));
    expect(ours.length).toBeGreaterThanOrEqual(4);
    expect(ours).toEqual(lines(tc('qdisc', 'show')));
  });
});
