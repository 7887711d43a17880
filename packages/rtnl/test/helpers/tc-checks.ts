// The comparisons of tc-requests.test.ts and tc-dumps.test.ts as named checks, so that tc-fresh-import.test.ts
// can run them all again on a freshly imported package (see there why).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { attrsMessage } from '../../src/generated/tc.js';
import { Rtnl } from '../../src/index.js';
import { toQdisc } from '../../src/tc/shape.js';
import { actionMessage } from '../../src/tc/actions/declarations.js';
import { toActionInfo } from '../../src/tc/actions/index.js';
import { linkReply } from './captured.js';
import { DUMP_CASES } from './tc-dump-cases.js';
import { ACTION_CASES, FILTER_CASES, LIST_CASES, NETEM_CASES, QDISC_CLASS_CASES, actionInFilterCommand, filterCaseCall, netemCommand, sharedActionCommand } from './tc-request-cases.js';
import { IN_FILTER, SHARED, TC_DUMPS_FILE, capturedRequests, deep, linxSends, optionsAttrs, tcSent, type CapturedDumps } from './tc-bytes.js';

export interface Check {
  name: string;
  run: () => Promise<void> | void;
}

const comparable = (s: { type: number; flags: number; header: number[]; attrs: unknown }) => ({ type: s.type, flags: s.flags, header: s.header, attrs: s.attrs });

/** linx's request for each case of tc-request-cases.ts against tc's, as captured. */
export function requestChecks(): Check[] {
  const captured = capturedRequests();
  const { indexes } = captured;
  const decodeNetem = (payload: Uint8Array) => toQdisc(compileMessage(attrsMessage).decode(payload)).options;
  const netemOpen = (bytes: Uint8Array, from: number, to: number) => optionsAttrs(bytes, from, to, 24);
  return [
    ...QDISC_CLASS_CASES.map(([name, args, spec, group, verb, optionsHeader = 0]): Check => ({
      name,
      async run() {
        const open = (bytes: Uint8Array, from: number, to: number) => optionsAttrs(bytes, from, to, optionsHeader);
        const theirs = tcSent(captured, args, open);
        const mine = await linxSends((r) => {
          const g = group === 'qdisc' ? r.tc.qdiscs : r.tc.classes;
          return (g[verb] as (s: unknown) => Promise<void>).call(g, spec(indexes.v0));
        }, indexes, open);
        expect(comparable(mine)).toEqual(comparable(theirs));
      },
    })),
    ...NETEM_CASES.map(([name, command, options, meaning]): Check => ({
      name: `netem: ${name}`,
      async run() {
        const theirs = tcSent(captured, netemCommand(command), netemOpen);
        const mine = await linxSends((r) => r.tc.qdiscs.add({ dev: indexes.v0, kind: 'netem', options }), indexes, netemOpen);
        expect(comparable(mine)).toEqual(comparable(theirs));
        expect(decodeNetem(theirs.payload)).toMatchObject(meaning);
      },
    })),
    ...FILTER_CASES.map(([name, command, spec, verb]): Check => ({
      name,
      async run() {
        const theirs = tcSent(captured, Array.isArray(command) ? command : command.split(' '));
        const mine = await linxSends(filterCaseCall(spec('v0'), verb), indexes);
        expect(comparable(mine)).toEqual(comparable(theirs));
      },
    })),
    ...LIST_CASES.map(([name, args, , list]): Check => ({
      name: `dump: ${name}`,
      async run() {
        const theirs = tcSent(captured, args);
        const mine = await linxSends(async (r) => void (await list(r)), indexes);
        expect(comparable(mine)).toEqual(comparable(theirs));
      },
    })),
    ...ACTION_CASES.flatMap((c): Check[] => [
      {
        name: `shared: tc ${sharedActionCommand(c).join(' ')}`,
        async run() {
          const theirs = tcSent(captured, sharedActionCommand(c), deep(SHARED));
          const mine = await linxSends((r) => r.tc.actions.add(c.action), indexes, deep(SHARED));
          expect(mine.type).toBe(48);
          expect(comparable(mine)).toEqual(comparable(theirs));
        },
      },
      {
        name: `tc's request read back as the command's meaning: ${c.tc.join(' ')}`,
        run() {
          const theirs = tcSent(captured, sharedActionCommand(c));
          const decoded = compileMessage(actionMessage).decode(theirs.payload) as { attrs: { tab?: Record<string, unknown>[] } };
          const [item] = decoded.attrs.tab!;
          const info = toActionInfo(item!, 1, undefined);
          expect({ kind: info.kind, index: info.index, verdict: info.verdict, options: info.options }).toEqual(c.meaning);
        },
      },
      {
        name: `in a filter: tc ${actionInFilterCommand(c).join(' ')}`,
        async run() {
          const theirs = tcSent(captured, actionInFilterCommand(c), deep(IN_FILTER));
          const mine = await linxSends((r) => r.tc.filters.add({ dev: 'v0', parent: 'ingress', protocol: 'all', priority: 1, kind: 'matchall', actions: [c.action] }), indexes, deep(IN_FILTER));
          expect(comparable(mine)).toEqual(comparable(theirs));
        },
      },
    ]),
  ];
}

/** linx's list for each case of tc-dump-cases.ts, answered with the kernel's captured replies, against tc's output. */
export function dumpChecks(): Check[] {
  const captured = JSON.parse(readFileSync(TC_DUMPS_FILE, 'utf8')) as CapturedDumps;
  const { v0, v1 } = captured.indexes;
  const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
  return DUMP_CASES.map((c): Check => ({
    name: c.name,
    async run() {
      const dump = captured.dumps[c.name];
      if (dump === undefined) throw new Error(`no captured dump for ${c.name}: run tc-dumps.live.test.ts with LINX_WRITE_TC_DUMPS=1`);
      const kernel = new FakeKernel((req, k) => {
        // An interface asked for by name (RTM_GETLINK with IFLA_IFNAME): v0.
        if (req.type === 18 && (req.flags & NLM_F_DUMP) === 0) return { messages: [k.reply(req, { type: 16, payload: linkReply(v0, 'v0') })] };
        if ((req.flags & NLM_F_DUMP) === 0) return k.ack(req);
        if (req.type === 18) return k.multipart(req, [linkReply(1, 'lo'), linkReply(v1, 'v1'), linkReply(v0, 'v0')], { type: 16 });
        return k.multipart(req, dump.replies.map(bytes), { type: c.replyType });
      }, { replyType: rtnetlinkReplyType });
      const rtnl = new Rtnl(new Connection(kernel));
      try {
        c.compare(await c.list(rtnl), dump.json);
      } finally {
        rtnl.close();
      }
    },
  }));
}
