// The actions this kernel lacks (police, skbedit, vlan, csum, nat, tunnel_key, pedit, bpf: CONFIG_NET_ACT_* unset
// here) by bytes: for each command, the request linx sends equals the one `tc` sends (traced with strace,
// attributes compared as sets, each action's options opened), as a shared action (`tc actions add`) and
// inside a filter (`tc filter add … matchall action …`); and tc's own request decoded by linx reads back as
// the command's meaning. The kernel here then refuses tc's request (no such action module), so none of
// these is added live (mirred, which it has, is: tc-filter.live.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { run } from '@linx/test-kit';
import type { Rtnl, TcAction } from '../src/index.js';
import { actionMessage } from '../src/tc/actions/declarations.js';
import { toActionInfo } from '../src/tc/actions/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { linxSends, tcSends, type Tree } from './helpers/tc-bytes.js';

const skip = kernelSkipReason ?? (run(['sh', '-c', 'command -v tc && command -v strace']).status === 0 ? undefined : '`tc` or `strace` is not installed');

let ns: TestNetns;
let rtnl: Rtnl;
let v0: number;

/** Which attributes hold attributes, level by level: `open[n]` says for an attribute type at depth n. */
type Plan = ((type: number) => boolean)[];
const any = () => true;
const options = (t: number) => t === 2;
/** A shared action: TCA_ROOT_TAB (1), its items, each item's TCA_ACT_OPTIONS (2). */
const SHARED: Plan = [(t) => t === 1, any, options];
/** A filter: TCA_OPTIONS (2), the classifier's attributes (its action list), the items, their options. */
const IN_FILTER: Plan = [options, any, any, options];

/** Attributes as sorted sets, opened where `plan` says (tc writes them in another order than linx). */
function deep(plan: Plan) {
  const walk = (bytes: Uint8Array, from: number, to: number, level = 0): Tree => {
    const out: Tree = [];
    for (let at = from; at + 4 <= to; ) {
      const len = bytes[at]! | (bytes[at + 1]! << 8);
      const type = bytes[at + 2]! | (bytes[at + 3]! << 8);
      const nests = plan[level]?.(type & 0x3fff) === true && len > 4;
      out.push([type, nests ? walk(bytes, at + 4, at + len, level + 1) : [...bytes.subarray(at + 4, at + len)]]);
      at += (len + 3) & ~3;
    }
    return out.sort((a, b) => a[0] - b[0]);
  };
  return walk;
}

interface Case {
  /** The action as tc's words. */
  tc: string[];
  action: TcAction;
  /** What the command means, as linx lists it. */
  meaning: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    tc: ['police', 'rate', '1mbit', 'burst', '10k', 'conform-exceed', 'drop', 'index', '7'],
    action: { kind: 'police', rate: '1mbit', burst: '10k', exceed: 'drop', index: 7 },
    meaning: { kind: 'police', index: 7, verdict: 'drop', options: { rate: 125000, burst: 10240, mtu: 0, exceed: 'drop' } },
  },
  {
    tc: ['police', 'rate', '1mbit', 'burst', '10k', 'mtu', '2k', 'peakrate', '2mbit', 'conform-exceed', 'drop/pipe'],
    action: { kind: 'police', rate: '1mbit', burst: '10k', mtu: '2k', peakrate: '2mbit', exceed: 'drop', conform: 'pipe' },
    meaning: { kind: 'police', index: 0, verdict: 'drop', options: { rate: 125000, burst: 10240, mtu: 2048, peakrate: 250000, exceed: 'drop', conform: 'pipe' } },
  },
  {
    tc: ['police', 'rate', '40gbit', 'burst', '1m'],
    action: { kind: 'police', rate: '40gbit', burst: '1m' },
    meaning: { kind: 'police', index: 0, verdict: 'reclassify', options: { rate: 5e9, burst: 1040000, mtu: 0, exceed: 'reclassify' } },
  },
  {
    tc: ['police', 'avrate', '1mbit', 'conform-exceed', 'drop'],
    action: { kind: 'police', avrate: '1mbit', exceed: 'drop' },
    meaning: { kind: 'police', index: 0, verdict: 'drop', options: { mtu: 0, avrate: 125000, exceed: 'drop' } },
  },
  {
    tc: ['police', 'pkts_rate', '1000', 'pkts_burst', '100'],
    action: { kind: 'police', pktsRate: 1000, pktsBurst: 100 },
    meaning: { kind: 'police', index: 0, verdict: 'reclassify', options: { mtu: 0, exceed: 'reclassify', pktsRate: 1000, pktsBurst: 100 } },
  },
  {
    tc: ['skbedit', 'mark', '5/0xff', 'priority', '1:2', 'queue_mapping', '3', 'ptype', 'host', 'inheritdsfield'],
    action: { kind: 'skbedit', mark: 5, mask: 0xff, priority: '1:2', queueMapping: 3, ptype: 'host', inheritDsfield: true },
    meaning: { kind: 'skbedit', index: 0, verdict: 'pipe', options: { mark: 5, mask: 0xff, priority: '1:2', queueMapping: 3, ptype: 'host', inheritDsfield: true } },
  },
  {
    tc: ['skbedit', 'mark', '9', 'drop', 'index', '4'],
    action: { kind: 'skbedit', mark: 9, then: 'drop', index: 4 },
    meaning: { kind: 'skbedit', index: 4, verdict: 'drop', options: { mark: 9 } },
  },
  { tc: ['vlan', 'pop'], action: { kind: 'vlan', op: 'pop' }, meaning: { kind: 'vlan', index: 0, verdict: 'pipe', options: { op: 'pop' } } },
  {
    tc: ['vlan', 'push', 'id', '100', 'protocol', '802.1ad', 'priority', '3'],
    action: { kind: 'vlan', op: 'push', id: 100, protocol: '802.1ad', priority: 3 },
    meaning: { kind: 'vlan', index: 0, verdict: 'pipe', options: { op: 'push', id: 100, protocol: '802.1ad', priority: 3 } },
  },
  { tc: ['vlan', 'modify', 'id', '5', 'pass'], action: { kind: 'vlan', op: 'modify', id: 5, then: 'pass' }, meaning: { kind: 'vlan', index: 0, verdict: 'pass', options: { op: 'modify', id: 5 } } },
  {
    tc: ['csum', 'ip4h', 'tcp', 'udp'],
    action: { kind: 'csum', update: ['ipv4hdr', 'tcp', 'udp'] },
    meaning: { kind: 'csum', index: 0, verdict: 'pass', options: { update: ['ipv4hdr', 'tcp', 'udp'] } },
  },
  {
    tc: ['csum', 'iph', 'icmp', 'igmp', 'sctp', 'udplite', 'pipe'],
    action: { kind: 'csum', update: ['ipv4hdr', 'icmp', 'igmp', 'sctp', 'udplite'], then: 'pipe' },
    meaning: { kind: 'csum', index: 0, verdict: 'pipe', options: { update: ['ipv4hdr', 'icmp', 'igmp', 'udplite', 'sctp'] } },
  },
  {
    tc: ['nat', 'ingress', '10.0.0.1', '192.168.0.1'],
    action: { kind: 'nat', direction: 'ingress', old: '10.0.0.1', new: '192.168.0.1' },
    meaning: { kind: 'nat', index: 0, verdict: 'pass', options: { direction: 'ingress', old: '10.0.0.1/32', new: '192.168.0.1' } },
  },
  {
    tc: ['nat', 'egress', '10.0.0.0/24', '192.168.0.0'],
    action: { kind: 'nat', direction: 'egress', old: '10.0.0.0/24', new: '192.168.0.0' },
    meaning: { kind: 'nat', index: 0, verdict: 'pass', options: { direction: 'egress', old: '10.0.0.0/24', new: '192.168.0.0' } },
  },
  { tc: ['tunnel_key', 'unset'], action: { kind: 'tunnel_key', op: 'unset' }, meaning: { kind: 'tunnel_key', index: 0, verdict: 'pipe', options: { op: 'unset', noCsum: false } } },
  {
    tc: ['tunnel_key', 'set', 'src_ip', '10.0.0.1', 'dst_ip', '10.0.0.2', 'id', '42', 'dst_port', '4789', 'ttl', '64', 'tos', '0x10', 'nocsum'],
    action: { kind: 'tunnel_key', op: 'set', srcIp: '10.0.0.1', dstIp: '10.0.0.2', id: 42, dstPort: 4789, ttl: 64, tos: 0x10, noCsum: true },
    meaning: { kind: 'tunnel_key', index: 0, verdict: 'pipe', options: { op: 'set', srcIp: '10.0.0.1', dstIp: '10.0.0.2', id: 42, dstPort: 4789, ttl: 64, tos: 0x10, noCsum: true } },
  },
  {
    tc: ['tunnel_key', 'set', 'src_ip', '2001:db8::1', 'dst_ip', '2001:db8::2', 'id', '7'],
    action: { kind: 'tunnel_key', op: 'set', srcIp: '2001:db8::1', dstIp: '2001:db8::2', id: 7 },
    meaning: { kind: 'tunnel_key', index: 0, verdict: 'pipe', options: { op: 'set', srcIp: '2001:db8::1', dstIp: '2001:db8::2', id: 7, noCsum: false } },
  },
  {
    tc: ['pedit', 'munge', 'offset', '8', 'u8', 'set', '10'],
    action: { kind: 'pedit', keys: [{ offset: 8, size: 'u8', set: 10 }] },
    meaning: { kind: 'pedit', index: 0, verdict: 'pass', options: { keys: [{ offset: 8, mask: 0x00ff_ffff, value: 0x0a00_0000, at: 0, offmask: 0, shift: 0 }] } },
  },
  {
    tc: ['pedit', 'munge', 'offset', '10', 'u16', 'set', '0x1234', 'munge', 'offset', '16', 'u32', 'set', '0x0a000001', 'pipe'],
    action: { kind: 'pedit', keys: [{ offset: 10, size: 'u16', set: 0x1234 }, { offset: 16, size: 'u32', set: 0x0a00_0001 }], then: 'pipe' },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pipe',
      options: {
        keys: [
          { offset: 8, mask: 0xffff_0000, value: 0x0000_1234, at: 0, offmask: 0, shift: 0 },
          { offset: 16, mask: 0, value: 0x0a00_0001, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'ip', 'ttl', 'set', '10'],
    action: { kind: 'pedit', keys: [{ header: 'ip4', offset: 8, size: 'u8', set: 10 }] },
    meaning: { kind: 'pedit', index: 0, verdict: 'pass', options: { keys: [{ header: 'ip4', cmd: 'set', offset: 8, mask: 0x00ff_ffff, value: 0x0a00_0000, at: 0, offmask: 0, shift: 0 }] } },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'ip', 'ttl', 'add', '1', 'munge', 'eth', 'dst', 'set', '02:00:00:00:00:01'],
    action: { kind: 'pedit', keys: [{ header: 'ip4', offset: 8, size: 'u8', add: 1 }, { header: 'eth', offset: 0, size: 'u32', set: 0x0200_0000 }, { header: 'eth', offset: 4, size: 'u16', set: 0x0001 }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'ip4', cmd: 'add', offset: 8, mask: 0x00ff_ffff, value: 0x0100_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 0, mask: 0, value: 0x0200_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 4, mask: 0x0000_ffff, value: 0x0001_0000, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'ip', 'src', 'set', '10.0.0.1', 'munge', 'ip', 'dst', 'set', '10.1.2.3'],
    action: { kind: 'pedit', keys: [{ header: 'ip4', field: 'src', set: '10.0.0.1' }, { header: 'ip4', field: 'dst', set: '10.1.2.3' }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'ip4', cmd: 'set', offset: 12, mask: 0x0000_0000, value: 0x0a00_0001, at: 0, offmask: 0, shift: 0 },
          { header: 'ip4', cmd: 'set', offset: 16, mask: 0x0000_0000, value: 0x0a01_0203, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'ip', 'ttl', 'add', '1', 'munge', 'ip', 'tos', 'set', '0x10', 'munge', 'ip', 'ihl', 'set', '5', 'munge', 'ip', 'protocol', 'set', '17'],
    action: { kind: 'pedit', keys: [{ header: 'ip4', field: 'ttl', add: 1 }, { header: 'ip4', field: 'tos', set: 0x10 }, { header: 'ip4', field: 'ihl', set: 5 }, { header: 'ip4', field: 'protocol', set: 17 }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'ip4', cmd: 'add', offset: 8, mask: 0x00ff_ffff, value: 0x0100_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip4', cmd: 'set', offset: 0, mask: 0xff00_ffff, value: 0x0010_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip4', cmd: 'set', offset: 0, mask: 0xf0ff_ffff, value: 0x0500_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip4', cmd: 'set', offset: 8, mask: 0xff00_ffff, value: 0x0011_0000, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'eth', 'dst', 'set', '02:00:00:00:00:01', 'munge', 'eth', 'src', 'set', '02:00:00:00:00:02', 'munge', 'eth', 'type', 'set', '0x0800'],
    action: { kind: 'pedit', keys: [{ header: 'eth', field: 'dst', set: '02:00:00:00:00:01' }, { header: 'eth', field: 'src', set: '02:00:00:00:00:02' }, { header: 'eth', field: 'type', set: 0x0800 }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'eth', cmd: 'set', offset: 0, mask: 0x0000_0000, value: 0x0200_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 4, mask: 0x0000_ffff, value: 0x0001_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 4, mask: 0xffff_0000, value: 0x0000_0200, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 8, mask: 0x0000_0000, value: 0x0000_0002, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 12, mask: 0x0000_ffff, value: 0x0800_0000, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'tcp', 'dport', 'set', '80', 'munge', 'tcp', 'sport', 'add', '1', 'munge', 'tcp', 'flags', 'set', '0x12', 'munge', 'udp', 'dport', 'set', '53'],
    action: { kind: 'pedit', keys: [{ header: 'tcp', field: 'dport', set: 80 }, { header: 'tcp', field: 'sport', add: 1 }, { header: 'tcp', field: 'flags', set: 0x12 }, { header: 'udp', field: 'dport', set: 53 }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'tcp', cmd: 'set', offset: 0, mask: 0xffff_0000, value: 0x0000_0050, at: 0, offmask: 0, shift: 0 },
          { header: 'tcp', cmd: 'add', offset: 0, mask: 0x0000_ffff, value: 0x0001_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'tcp', cmd: 'set', offset: 12, mask: 0xff00_ffff, value: 0x0012_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'udp', cmd: 'set', offset: 0, mask: 0xffff_0000, value: 0x0000_0035, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'ip6', 'dst', 'set', '2001:db8::1', 'munge', 'ip6', 'hoplimit', 'set', '3', 'munge', 'ip6', 'traffic_class', 'set', '0x10', 'munge', 'ip6', 'nexthdr', 'set', '6', 'munge', 'ip6', 'payload_len', 'set', '100'],
    action: { kind: 'pedit', keys: [{ header: 'ip6', field: 'dst', set: '2001:db8::1' }, { header: 'ip6', field: 'hoplimit', set: 3 }, { header: 'ip6', field: 'traffic_class', set: 0x10 }, { header: 'ip6', field: 'nexthdr', set: 6 }, { header: 'ip6', field: 'payload_len', set: 100 }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'ip6', cmd: 'set', offset: 24, mask: 0x0000_0000, value: 0x2001_0db8, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 28, mask: 0x0000_0000, value: 0x0000_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 32, mask: 0x0000_0000, value: 0x0000_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 36, mask: 0x0000_0000, value: 0x0000_0001, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 4, mask: 0xffff_ff00, value: 0x0000_0003, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 0, mask: 0xf00f_ffff, value: 0x0100_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 4, mask: 0xffff_00ff, value: 0x0000_0600, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 4, mask: 0x0000_ffff, value: 0x0064_0000, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['bpf', 'bytecode', '1,6 0 0 0'],
    action: { kind: 'bpf', bytecode: [[6, 0, 0, 0]] },
    meaning: { kind: 'bpf', index: 0, verdict: 'pipe', options: { bytecode: [[6, 0, 0, 0]] } },
  },
  {
    tc: ['bpf', 'bytecode', '2,40 0 0 12,6 0 0 0', 'index', '4'],
    action: { kind: 'bpf', bytecode: [[40, 0, 0, 12], [6, 0, 0, 0]], index: 4 },
    meaning: { kind: 'bpf', index: 4, verdict: 'pipe', options: { bytecode: [[40, 0, 0, 12], [6, 0, 0, 0]] } },
  },
];

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
