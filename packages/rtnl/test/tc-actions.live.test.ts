// The actions this kernel lacks (police, skbedit, vlan, csum, nat, tunnel_key, pedit, bpf: CONFIG_NET_ACT_* unset
// here) by bytes: for each command, the request linx sends equals the one `tc` sends (traced with strace,
// attributes compared as sets, each action's options opened), as a shared action (`tc actions add`) and
// inside a filter (`tc filter add … matchall action …`); and tc's own request decoded by linx reads back as
// the command's meaning. The kernel here then refuses tc's request (no such action module), so none of
// these is added live (mirred, which it has, is: tc-filter.live.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { run } from '@linx/test-kit';
import type { Rtnl } from '../src/index.js';
import { actionMessage } from '../src/tc/actions/declarations.js';
import { toActionInfo } from '../src/tc/actions/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { IN_FILTER, SHARED, deep, linxSends, tcSends } from './helpers/tc-bytes.js';
import { ACTION_CASES, type ActionCase } from './helpers/tc-request-cases.js';

const skip = kernelSkipReason ?? (run(['sh', '-c', 'command -v tc && command -v strace']).status === 0 ? undefined : '`tc` or `strace` is not installed');

let ns: TestNetns;
let rtnl: Rtnl;
let v0: number;


type Case = ActionCase;
const CASES = ACTION_CASES;

const title = (c: Case) => `${c.tc.join(' ')}`;

describe.skipIf(skip !== undefined)(`tc actions by bytes${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    ns = createNetns('tca');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    rtnl = await ns.rtnl();
    v0 = (await rtnl.links.get('v0')).index;
  });
  afterAll(() => ns?.remove());

  it.each(CASES)('shared: tc actions add action $tc.0 … sends what tc sends ($tc)', async (c) => {
    const theirs = tcSends(ns.name, ['actions', 'add', 'action', ...c.tc], deep(SHARED));
    const mine = await linxSends((r) => r.tc.actions.add(c.action), { v0 }, deep(SHARED));
    expect(mine.type).toBe(48);
    expect([mine.type, mine.flags, mine.header, mine.attrs]).toEqual([theirs.type, theirs.flags, theirs.header, theirs.attrs]);
  });

  it.each(CASES)("tc's request read back as the command's meaning: $tc", (c) => {
    const theirs = tcSends(ns.name, ['actions', 'add', 'action', ...c.tc], deep(SHARED));
    const decoded = compileMessage(actionMessage).decode(theirs.payload) as { attrs: { tab?: Record<string, unknown>[] } };
    const [item] = decoded.attrs.tab!;
    const info = toActionInfo(item!, 1, undefined);
    expect({ kind: info.kind, index: info.index, verdict: info.verdict, options: info.options }).toEqual(c.meaning);
  });

  it.each(CASES)('in a filter: tc filter add … matchall action $tc.0 … sends what tc sends ($tc)', async (c) => {
    const theirs = tcSends(ns.name, ['filter', 'add', 'dev', 'v0', 'ingress', 'protocol', 'all', 'pref', '1', 'matchall', 'action', ...c.tc], deep(IN_FILTER));
    const mine = await linxSends((r) => r.tc.filters.add({ dev: 'v0', parent: 'ingress', protocol: 'all', priority: 1, kind: 'matchall', actions: [c.action] }), { v0 }, deep(IN_FILTER));
    expect([mine.type, mine.flags, mine.header, mine.attrs]).toEqual([theirs.type, theirs.flags, theirs.header, theirs.attrs]);
  });

  it('names the case for each kind', () => expect(new Set(CASES.map(title).map((t) => t.split(' ')[0]))).toEqual(new Set(['police', 'skbedit', 'vlan', 'csum', 'nat', 'tunnel_key', 'pedit', 'bpf'])));
});
