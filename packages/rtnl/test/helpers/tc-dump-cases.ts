// tc dumps linx must read as `tc -j -s -d` shows them: each case sets up a namespace's v0 (its veth peer v1,
// 10.77.0.1/24 with a permanent neighbour 10.77.0.2, so traffic can be sent) with `tc` commands and UDP
// packets, then traces `tc -j -s -d SHOW…`: the kernel's replies and tc's output. tc-dumps.live.test.ts
// compares linx's list with tc's output on the kernel, and captures both (test/fixtures/tc-dumps.json);
// tc-dumps.test.ts answers linx's dump with the captured replies, without root, and compares the same way.
import { expect } from 'vitest';
import { parseRate, parseSize, type Qdisc, type Rtnl, type TcActionInfo, type TbfInfo, type TcChain, type TcClass, type TcFilter } from '../../src/index.js';

export interface DumpCase {
  name: string;
  /** `tc` commands run first, in order (arguments after `tc`). */
  setup: string[][];
  /** UDP packets sent to 10.77.0.2 after the setup (through v0). */
  packets?: number;
  /** What `tc -j -s -d` shows (arguments after those). */
  show: string[];
  /** tc prints text for this dump (htb classes, even with -j): `json` is that text. */
  text?: boolean;
  /** The reply message type of that dump. */
  replyType: number;
  /** linx's list for the same thing. */
  list: (r: Rtnl) => Promise<unknown[]>;
  /** The list and tc's output, each as comparable values (the same shape when linx reads the dump as tc does). */
  compare: (mine: unknown[], theirs: any) => void;
}

const stats = (s: { bytes: number; packets: number; drops: number; overlimits: number; requeues: number; backlog: number; qlen: number }) => ({
  bytes: s.bytes, packets: s.packets, drops: s.drops, overlimits: s.overlimits, requeues: s.requeues, backlog: s.backlog, qlen: s.qlen,
});

/** An action as tc -j prints it (mirred's fields; the control action by tc's name). */
const tcAction = (t: any) => ({
  order: t.order, kind: t.kind, index: t.index, verdict: t.control_action.type === 'goto' ? { gotoChain: t.control_action.chain } : t.control_action.type, refcnt: t.ref, bindcnt: t.bind, stats: stats(t.stats),
  ...(t.kind === 'mirred' ? { options: { action: `${t.direction} ${t.mirred_action}`, dev: t.to_dev } } : {}),
});
const linxAction = (a: TcActionInfo) => ({
  order: a.order, kind: a.kind, index: a.index, verdict: a.verdict, refcnt: a.refcnt, bindcnt: a.bindcnt, stats: stats(a.stats!),
  ...(a.kind === 'mirred' ? { options: { action: (a.options as { action: string }).action, dev: (a.options as { dev: string }).dev } } : {}),
});

/** A filter as tc -j prints it: the entries with options (a priority's head entry has none). */
function tcFilter(t: any) {
  const o = t.options;
  const one = o.match !== undefined && !Array.isArray(o.match) ? { value: parseInt(o.match.value, 16), mask: parseInt(o.match.mask, 16), at: o.match.off } : undefined;
  return {
    parent: t.parent, protocol: t.protocol, priority: t.pref, kind: t.kind, chain: t.chain,
    handle: t.kind === 'u32' ? o.fh : `0x${Number(o.handle).toString(16)}`,
    classid: o.flowid, divisor: o.ht_divisor, link: o.link, key: one,
    actions: o.actions?.map(tcAction),
  };
}
function linxFilter(f: TcFilter) {
  const o = (f.options ?? {}) as { classid?: string; divisor?: number; link?: string; selector?: { keys: { value: number; mask: number; at: number }[] } };
  const keys = o.selector?.keys ?? [];
  return {
    parent: f.parent, protocol: f.protocol, priority: f.priority, kind: f.kind, chain: f.chain, handle: f.handle,
    classid: o.classid, divisor: o.divisor, link: o.link,
    // tc -j prints each key as a "match" member of one object: JSON keeps the last.
    key: keys.length === 0 ? undefined : { value: keys.at(-1)!.value >>> 0, mask: keys.at(-1)!.mask >>> 0, at: keys.at(-1)!.at },
    actions: f.actions?.map(linxAction),
  };
}

/** A qdisc as `tc -j -s -d qdisc show` prints it (iproute2 6.1's names), htb's options included. */
function tcQdisc(t: any) {
  return {
    // tc prints refcnt only when it is not 1 (iproute2's tc/tc_qdisc.c).
    kind: t.kind, handle: t.handle, root: t.root === true, parent: t.parent, refcnt: t.refcnt ?? 1, stats: stats(t),
    rate: t.rate_est === undefined ? undefined : { bps: t.rate_est.bps, pps: t.rate_est.pps },
    options: t.kind === 'htb' ? { r2q: t.options.r2q, default: parseInt(t.options.default, 16), directPacketsStat: t.options.direct_packets_stat, directQlen: t.options.direct_qlen } : t.kind === 'tbf' ? tcTbf(t.options) : undefined,
  };
}

/** tbf's options as tc prints them: sizes as text with their cell ("20Kb/1"), the link layer by name. */
const tcSize = (text: string | undefined) => (text === undefined ? undefined : parseSize(text.replace(/\/\d+$/, ''), 'size'));
const tcTbf = (o: any) => ({ rate: o.rate, burst: tcSize(o.burst), mpu: o.mpu, mtu: tcSize(o.mtu), linklayer: o.linklayer });
function linxQdisc(q: Qdisc) {
  const o = q.options as { r2q: number; default: number; directPacketsStat: number; directQlen?: number } | undefined;
  return {
    kind: q.kind, handle: q.handle, root: q.root, parent: q.root ? undefined : q.parentId === 0xffff_fff1 ? 'ffff:fff1' : q.parent, refcnt: q.refcnt, stats: stats(q.stats),
    rate: q.stats.rate,
    options: q.kind === 'htb' ? { r2q: o!.r2q, default: o!.default, directPacketsStat: o!.directPacketsStat, directQlen: o!.directQlen } : q.kind === 'tbf' ? linxTbf(q.options as TbfInfo) : undefined,
  };
}
/** enum tc_link_layer (linux/pkt_sched.h) by tc's names: TC_LINKLAYER_ETHERNET 1, TC_LINKLAYER_ATM 2. */
const LINKLAYERS: Record<number, string> = { 1: 'ethernet', 2: 'atm' };
const linxTbf = (o: TbfInfo) => ({ rate: o.rate, burst: o.burst, mpu: o.mpu, mtu: o.mtu, linklayer: LINKLAYERS[o.linklayer] });

/** One htb class of `tc -s -d class show` text: the numbers linx reports. */
export function htbClassesOfText(text: string): Record<string, Record<string, number | string>> {
  const out: Record<string, Record<string, number | string>> = {};
  for (const block of text.split(/\n(?=class )/)) {
    const head = /^class htb (\S+) (?:root|parent (\S+)) (?:leaf \S+ )?(?:prio (\d+) quantum (\d+) )?rate (\S+) ceil (\S+) linklayer \S+ burst (\S+?)\/\d+ mpu \S+ cburst (\S+?)\/\d+ mpu \S+ level (\d+)/.exec(block);
    if (!head) continue;
    const sent = /Sent (\d+) bytes (\d+) pkt \(dropped (\d+), overlimits (\d+) requeues (\d+)\)/.exec(block)!;
    const backlog = /backlog (\d+)b (\d+)p/.exec(block)!;
    const lended = /lended: (\d+) borrowed: (\d+) giants: (\d+)/.exec(block)!;
    const tokens = /tokens: (-?\d+) ctokens: (-?\d+)/.exec(block)!;
    out[head[1]!] = {
      parent: head[2] ?? 'root',
      prio: Number(head[3] ?? 0), ...(head[4] === undefined ? {} : { quantum: Number(head[4]) }), rate: parseRate(head[5]!, 'rate'), ceil: parseRate(head[6]!, 'ceil'),
      burst: parseSize(head[7]!, 'burst'), cburst: parseSize(head[8]!, 'cburst'), level: Number(head[9]),
      bytes: Number(sent[1]), packets: Number(sent[2]), drops: Number(sent[3]), overlimits: Number(sent[4]),
      backlog: Number(backlog[1]), qlen: Number(backlog[2]),
      lends: Number(lended[1]), borrows: Number(lended[2]), giants: Number(lended[3]), tokens: Number(tokens[1]), ctokens: Number(tokens[2]),
    };
  }
  return out;
}

/** linx's htb classes as the same numbers. */
export function htbClassesOf(classes: TcClass[]): Record<string, Record<string, number | string>> {
  const out: Record<string, Record<string, number | string>> = {};
  for (const c of classes) {
    if (c.kind !== 'htb' || c.options === undefined) continue;
    const o = c.options as import('../../src/index.js').HtbClassInfo;
    const x = c.xstats as import('../../src/index.js').HtbClassXstats;
    out[c.handle] = {
      parent: c.parent, prio: o.prio, quantum: o.quantum, rate: o.rate, ceil: o.ceil, burst: o.burst, cburst: o.cburst, level: o.level,
      bytes: c.stats.bytes, packets: c.stats.packets, drops: c.stats.drops, overlimits: c.stats.overlimits, backlog: c.stats.backlog, qlen: c.stats.qlen,
      lends: x.lends, borrows: x.borrows, giants: x.giants, tokens: x.tokens, ctokens: x.ctokens,
    };
  }
  return out;
}

const filters = (mine: unknown[], theirs: any[]) => {
  expect((mine as TcFilter[]).filter((f) => f.options !== undefined).map(linxFilter)).toEqual(theirs.filter((t) => t.options !== undefined).map(tcFilter));
  expect(theirs.length).toBeGreaterThan(0);
};

export const DUMP_CASES: DumpCase[] = [
  {
    name: 'u32 with a classid and a mirred mirror, after 3 packets',
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb', 'default', '10'],
      ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'protocol', 'ip', 'prio', '10', 'u32', 'match', 'ip', 'dst', '10.77.0.2/32', 'flowid', '1:10', 'action', 'mirred', 'egress', 'mirror', 'dev', 'v1', 'index', '3'],
    ],
    packets: 3,
    show: ['filter', 'show', 'dev', 'v0'],
    replyType: 44,
    list: (r) => r.tc.filters.list({ dev: 'v0' }),
    compare: filters,
  },
  {
    name: 'u32 hash table, a link into it, a filter in chain 2 with a redirect',
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb'],
      ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '5', 'handle', '2:', 'protocol', 'ip', 'u32', 'divisor', '256'],
      ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '5', 'protocol', 'ip', 'u32', 'link', '2:', 'match', 'ip', 'dst', '10.1.0.0/16'],
      ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '6', 'protocol', 'all', 'chain', '2', 'u32', 'match', 'u32', '0', '0', 'at', '0', 'classid', '1:2', 'action', 'mirred', 'egress', 'redirect', 'dev', 'v1'],
    ],
    show: ['filter', 'show', 'dev', 'v0'],
    replyType: 44,
    list: (r) => r.tc.filters.list({ dev: 'v0' }),
    compare: filters,
  },
  {
    name: 'bpf classic bytecode with a classid',
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb'],
      ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '8', 'bpf', 'bytecode', '4,40 0 0 12,21 0 1 2048,6 0 0 65535,6 0 0 0', 'classid', '1:3'],
    ],
    show: ['filter', 'show', 'dev', 'v0'],
    replyType: 44,
    list: (r) => r.tc.filters.list({ dev: 'v0' }),
    compare: (mine, theirs) => {
      filters(mine, theirs);
      const f = (mine as TcFilter[]).find((x) => x.options !== undefined)!;
      expect((f.options as { bytecode: number[][] }).bytecode).toEqual([[40, 0, 0, 12], [21, 0, 1, 2048], [6, 0, 0, 65535], [6, 0, 0, 0]]);
    },
  },
  {
    name: 'clsact egress: u32 with mirred ingress mirror, after 2 packets',
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'clsact'],
      ['filter', 'add', 'dev', 'v0', 'egress', 'prio', '1', 'protocol', 'ip', 'u32', 'match', 'ip', 'protocol', '17', '0xff', 'action', 'mirred', 'ingress', 'mirror', 'dev', 'v1'],
    ],
    packets: 2,
    show: ['filter', 'show', 'dev', 'v0', 'egress'],
    replyType: 44,
    list: (r) => r.tc.filters.list({ dev: 'v0', parent: 'egress' }),
    // tc prints no parent when it was asked for one.
    compare: (mine, theirs) => filters(mine, theirs.map((t: any) => ({ parent: 'egress', ...t }))),
  },
  {
    name: 'a shared block\'s filters',
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'ingress_block', '22', 'clsact'],
      ['filter', 'add', 'block', '22', 'prio', '2', 'protocol', 'ip', 'u32', 'match', 'ip', 'dst', '10.9.0.0/16', 'classid', '1:9'],
    ],
    show: ['filter', 'show', 'block', '22'],
    replyType: 44,
    list: (r) => r.tc.filters.list({ block: 22 }),
    compare: (mine, theirs) => {
      // tc names a block's filter by its block, with no parent.
      expect((mine as TcFilter[]).filter((f) => f.options !== undefined).map((f) => ({ ...linxFilter(f), parent: undefined, block: f.block }))).toEqual(
        theirs.filter((t: any) => t.options !== undefined).map((t: any) => ({ ...tcFilter(t), parent: undefined, block: 22 })),
      );
    },
  },
  {
    name: 'shared mirred actions, one used by a filter, after 2 packets',
    setup: [
      ['actions', 'add', 'action', 'mirred', 'egress', 'mirror', 'dev', 'v1', 'index', '9'],
      ['actions', 'add', 'action', 'mirred', 'egress', 'redirect', 'dev', 'v1', 'index', '10'],
      ['qdisc', 'add', 'dev', 'v0', 'clsact'],
      ['filter', 'add', 'dev', 'v0', 'egress', 'prio', '1', 'protocol', 'ip', 'u32', 'match', 'u32', '0', '0', 'action', 'mirred', 'index', '9'],
    ],
    packets: 2,
    show: ['actions', 'ls', 'action', 'mirred'],
    // An action dump's replies carry the request's type (tc_dump_action in net/sched/act_api.c).
    replyType: 50,
    list: (r) => r.tc.actions.list('mirred'),
    compare: (mine, theirs) => {
      const [, { actions }] = theirs;
      expect((mine as TcActionInfo[]).map(linxAction)).toEqual(actions.map(tcAction));
    },
  },
  {
    name: 'chains added and made by a filter',
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb'],
      ['chain', 'add', 'dev', 'v0', 'parent', '1:', 'chain', '5'],
      ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'chain', '7', 'prio', '1', 'u32', 'match', 'u32', '0', '0', 'at', '0'],
    ],
    show: ['chain', 'show', 'dev', 'v0'],
    replyType: 100,
    list: (r) => r.tc.chains.list({ dev: 'v0', parent: '1:' }),
    compare: (mine, theirs) => expect((mine as TcChain[]).map((c) => ({ parent: c.parent, chain: c.chain }))).toEqual(theirs),
  },
  {
    name: "a shared block's chains, listed through the clsact holding it",
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'ingress_block', '22', 'clsact'],
      ['chain', 'add', 'block', '22', 'chain', '5'],
      ['filter', 'add', 'block', '22', 'chain', '7', 'prio', '1', 'protocol', 'ip', 'u32', 'match', 'u32', '0', '0', 'at', '0'],
    ],
    show: ['chain', 'show', 'dev', 'v0', 'ingress'],
    replyType: 100,
    list: (r) => r.tc.chains.list({ dev: 'v0', parent: 'ingress' }),
    // The kernel names a shared block's chains by the block (tc prints "block"), not by the interface.
    compare: (mine, theirs) => expect((mine as TcChain[]).map((c) => ({ block: c.block, chain: c.chain }))).toEqual(theirs),
  },
  {
    name: 'filters of two kinds, three priorities and two protocols',
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb'],
      ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '1', 'protocol', 'ip', 'u32', 'match', 'ip', 'dst', '10.1.0.0/16', 'classid', '1:1'],
      ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '2', 'protocol', 'ipv6', 'u32', 'match', 'u32', '0', '0', 'at', '0', 'classid', '1:2'],
      ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '3', 'protocol', 'ip', 'bpf', 'bytecode', '1,6 0 0 0', 'classid', '1:3'],
    ],
    show: ['filter', 'show', 'dev', 'v0'],
    replyType: 44,
    list: (r) => r.tc.filters.list({ dev: 'v0' }),
    compare: filters,
  },
  {
    name: 'qdiscs: htb with a default class and a direct queue, clsact, after 4 packets',
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb', 'default', '1f', 'r2q', '7', 'direct_qlen', '50'],
      ['qdisc', 'add', 'dev', 'v0', 'clsact'],
    ],
    packets: 4,
    show: ['qdisc', 'show', 'dev', 'v0'],
    replyType: 36,
    list: (r) => r.tc.qdiscs.list({ dev: 'v0' }),
    compare: (mine, theirs) => expect((mine as Qdisc[]).map(linxQdisc)).toEqual(theirs.map(tcQdisc)),
  },
  {
    name: 'htb classes: a tree with a leaf qdisc, after 5 packets to the default class',
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb', 'default', '10'],
      ['class', 'add', 'dev', 'v0', 'parent', '1:', 'classid', '1:1', 'htb', 'rate', '10mbit', 'burst', '15k'],
      ['class', 'add', 'dev', 'v0', 'parent', '1:1', 'classid', '1:10', 'htb', 'rate', '1mbit', 'ceil', '5mbit', 'prio', '2', 'quantum', '1500', 'cburst', '3000'],
      ['qdisc', 'add', 'dev', 'v0', 'parent', '1:10', 'handle', '10:', 'pfifo', 'limit', '50'],
    ],
    packets: 5,
    show: ['class', 'show', 'dev', 'v0'],
    text: true,
    replyType: 40,
    list: (r) => r.tc.classes.list({ dev: 'v0' }),
    compare: (mine, theirs: string) => {
      const classes = mine as TcClass[];
      const tcs = htbClassesOfText(theirs);
      const linx = htbClassesOf(classes);
      // tc prints no prio and quantum for inner classes.
      for (const [h, c] of Object.entries(linx)) if (tcs[h]?.quantum === undefined) delete c.quantum;
      expect(linx).toEqual(tcs);
      expect(Object.keys(linx).sort()).toEqual(['1:1', '1:10']);
      expect(linx['1:10']).toMatchObject({ packets: 5, prio: 2, quantum: 1500 });
      // tc's "leaf 10:": the class's qdisc (tcm_info).
      expect(classes.map((c) => [c.handle, c.leaf])).toEqual([...theirs.matchAll(/^class htb (\S+) (?:root|parent \S+) (?:leaf (\S+) )?/gm)].map((m) => [m[1], m[2]]));
    },
  },
  {
    name: 'tbf qdiscs of every interface: a peak rate, and a rate past 32 bits',
    setup: [
      ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'tbf', 'rate', '2mbit', 'burst', '20kb', 'limit', '30kb', 'peakrate', '4mbit', 'mtu', '1600', 'mpu', '64'],
      ['qdisc', 'add', 'dev', 'v1', 'root', 'handle', '2:', 'tbf', 'rate', '50gbit', 'burst', '1mb', 'latency', '10ms'],
    ],
    packets: 3,
    show: ['qdisc', 'show'],
    replyType: 36,
    list: (r) => r.tc.qdiscs.list(),
    compare: (mine, theirs) => {
      expect((mine as Qdisc[]).map(linxQdisc)).toEqual(theirs.map(tcQdisc));
      expect((mine as Qdisc[]).filter((q) => q.kind === 'tbf')).toHaveLength(2);
    },
  },
];
