// linx's tc requests against iproute2's, without root: for every command of helpers/tc-request-cases.ts
// (qdiscs, classes, netem, filters, chains, shared actions and actions in filters), the request linx sends
// for the same thing (a FakeKernel records it, answering interface lookups with the indexes v0 and v1 had)
// equals the one `tc` sent, as captured in test/fixtures/tc-requests.json (tc-requests.live.test.ts checks
// the file against tc): message type, flags, fixed header, and attributes compared as sets (tc orders
// them otherwise). tc's requests for kinds this kernel lacks (netem, the actions) also decode back to the
// command's meaning.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { attrsMessage } from '../src/generated/tc.js';
import { toQdisc } from '../src/tc/shape.js';
import { actionMessage } from '../src/tc/actions/declarations.js';
import { toActionInfo } from '../src/tc/actions/index.js';
import { ACTION_CASES, FILTER_CASES, LIST_CASES, NETEM_CASES, QDISC_CLASS_CASES, actionInFilterCommand, filterCaseCall, netemCommand, sharedActionCommand } from './helpers/tc-request-cases.js';
import { IN_FILTER, SHARED, capturedRequests, deep, linxSends, optionsAttrs, tcSent } from './helpers/tc-bytes.js';

const captured = capturedRequests();
const { indexes } = captured;
const comparable = (s: { type: number; flags: number; header: number[]; attrs: unknown }) => ({ type: s.type, flags: s.flags, header: s.header, attrs: s.attrs });

describe("tc's requests, as captured", () => {
  it.each(QDISC_CLASS_CASES)('%s', async (_name, args, spec, group, verb, optionsHeader = 0) => {
    const open = (bytes: Uint8Array, from: number, to: number) => optionsAttrs(bytes, from, to, optionsHeader);
    const theirs = tcSent(captured, args, open);
    const mine = await linxSends((r) => {
      const g = group === 'qdisc' ? r.tc.qdiscs : r.tc.classes;
      return (g[verb] as (s: unknown) => Promise<void>).call(g, spec(indexes.v0));
    }, indexes, open);
    expect(comparable(mine)).toEqual(comparable(theirs));
  });

  describe('netem', () => {
    const decode = (payload: Uint8Array) => toQdisc(compileMessage(attrsMessage).decode(payload)).options;
    const open = (bytes: Uint8Array, from: number, to: number) => optionsAttrs(bytes, from, to, 24);
    it.each(NETEM_CASES)('%s', async (_name, command, options, meaning) => {
      const theirs = tcSent(captured, netemCommand(command), open);
      const mine = await linxSends((r) => r.tc.qdiscs.add({ dev: indexes.v0, kind: 'netem', options }), indexes, open);
      expect(comparable(mine)).toEqual(comparable(theirs));
      expect(decode(theirs.payload)).toMatchObject(meaning);
    });
  });

  it.each(FILTER_CASES)('%s', async (_name, command, spec, verb) => {
    const theirs = tcSent(captured, Array.isArray(command) ? command : command.split(' '));
    const mine = await linxSends(filterCaseCall(spec('v0'), verb), indexes);
    expect(comparable(mine)).toEqual(comparable(theirs));
  });

  it.each(LIST_CASES)('dump: %s', async (_name, args, _type, list) => {
    const theirs = tcSent(captured, args);
    const mine = await linxSends(async (r) => void (await list(r)), indexes);
    expect(comparable(mine)).toEqual(comparable(theirs));
  });

  describe('actions this kernel lacks', () => {
    it.each(ACTION_CASES)('shared: tc actions add action $tc', async (c) => {
      const theirs = tcSent(captured, sharedActionCommand(c), deep(SHARED));
      const mine = await linxSends((r) => r.tc.actions.add(c.action), indexes, deep(SHARED));
      expect(mine.type).toBe(48);
      expect(comparable(mine)).toEqual(comparable(theirs));
    });

    it.each(ACTION_CASES)("tc's request read back as the command's meaning: $tc", (c) => {
      const theirs = tcSent(captured, sharedActionCommand(c));
      const decoded = compileMessage(actionMessage).decode(theirs.payload) as { attrs: { tab?: Record<string, unknown>[] } };
      const [item] = decoded.attrs.tab!;
      const info = toActionInfo(item!, 1, undefined);
      expect({ kind: info.kind, index: info.index, verdict: info.verdict, options: info.options }).toEqual(c.meaning);
    });

    it.each(ACTION_CASES)('in a filter: tc filter add … matchall action $tc', async (c) => {
      const theirs = tcSent(captured, actionInFilterCommand(c), deep(IN_FILTER));
      const mine = await linxSends((r) => r.tc.filters.add({ dev: 'v0', parent: 'ingress', protocol: 'all', priority: 1, kind: 'matchall', actions: [c.action] }), indexes, deep(IN_FILTER));
      expect(comparable(mine)).toEqual(comparable(theirs));
    });
  });
});
