// rtnl.tc.filters on the kernel, in a fresh namespace: u32 (matches, hash tables), bpf (classic bytecode)
// and their mirred/gact actions added, listed and deleted, compared with `tc -j -s -d filter show`; and the
// request bytes compared with what `tc` sends for the same command (traced with strace; attributes compared
// as sets, TCA_OPTIONS opened), also for kinds this kernel lacks (matchall, gact), which it then refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { run, traceNetlink } from '@linx/test-kit';
import { InvalidArgumentError, Rtnl, isFilterOf, type TcFilterSpec } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';

const skip = kernelSkipReason ?? (run(['sh', '-c', 'command -v tc && command -v strace']).status === 0 ? undefined : '`tc` or `strace` is not installed');

let ns: TestNetns;
let rtnl: Rtnl;
let v0: number;
let v1: number;

const tc = (...args: string[]) => {
  const r = run(['tc', '-n', ns.name, ...args]);
  if (r.status !== 0) throw new Error(`tc ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const tcJson = (...args: string[]): any[] => {
  const out = tc('-j', '-s', '-d', ...args);
  return out.trim() === '' ? [] : JSON.parse(out);
};

type Tree = [type: number, value: number[] | Tree][];
/** Attributes as a sorted set, TCA_OPTIONS (2) opened one level (tc writes its attributes in another order). */
function attrs(bytes: Uint8Array, from: number, to: number, open = true): Tree {
  const out: Tree = [];
  for (let at = from; at + 4 <= to; ) {
    const len = bytes[at]! | (bytes[at + 1]! << 8);
    const type = bytes[at + 2]! | (bytes[at + 3]! << 8);
    out.push([type, open && (type & 0x3fff) === 2 ? attrs(bytes, at + 4, at + len, false) : [...bytes.subarray(at + 4, at + len)]]);
    at += (len + 3) & ~3;
  }
  return out.sort((a, b) => a[0] - b[0]);
}

const FILTER_TYPES = [44, 45];
function tcSends(args: string[]) {
  const traced = traceNetlink(['ip', 'netns', 'exec', ns.name, 'sh', '-c', 'tc "$@"; exit 0', 'sh', ...args]);
  const bytes = traced!.sent.find((b) => FILTER_TYPES.includes(b[4]! | (b[5]! << 8)))!;
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { type: bytes[4]! | (bytes[5]! << 8), flags: bytes[6]! | (bytes[7]! << 8), header: [...bytes.subarray(16, 36)], attrs: attrs(bytes, 36, len) };
}

/** What linx sends for a call, to a FakeKernel that knows v0 and v1 by name. */
async function linxSends(call: (r: Rtnl) => Promise<void>) {
  const handler: FakeHandler = (req, k) => {
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, []);
    if (req.type === 18) {
      const payload = new Uint8Array(16);
      const name = new TextDecoder().decode(req.payload.subarray(20)).includes('v1') ? v1 : v0;
      new DataView(payload.buffer).setInt32(4, name, true);
      return { messages: [k.reply(req, { type: 16, payload })] };
    }
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  await call(new Rtnl(new Connection(kernel)));
  const sent = kernel.requests.filter((r) => FILTER_TYPES.includes(r.type)).at(-1)!;
  return { type: sent.type, flags: sent.flags, header: [...sent.payload.subarray(0, 20)], attrs: attrs(sent.payload, 20, sent.payload.length) };
}

describe.skipIf(skip !== undefined)(`rtnl.tc.filters on the kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    ns = createNetns('tcf');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ns.ip('link', 'set', 'v0', 'up');
    ns.ip('link', 'set', 'v1', 'up');
    rtnl = await ns.rtnl();
    v0 = (await rtnl.links.get('v0')).index;
    v1 = (await rtnl.links.get('v1')).index;
  });
  afterAll(() => ns?.remove());

  describe('the bytes tc sends for the same command', () => {
    const cases: [string, string | string[], (dev: string) => TcFilterSpec | Parameters<Rtnl['tc']['filters']['delete']>[0], 'add' | 'replace' | 'change' | 'delete'][] = [
      ['u32 match ip dst, flowid', 'filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 10.0.0.0/8 flowid 1:10', (dev) => ({ dev, parent: '1:', protocol: 'ip', priority: 10, kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }], classid: '1:10' } }), 'add'],
      ['u32 src, protocol, sport+dport merged', 'filter add dev v0 parent 1: protocol ip prio 3 u32 match ip src 192.168.1.7/32 match ip protocol 17 0xff match ip sport 53 0xffff match ip dport 1000 0xffff classid 1:2', (dev) => ({ dev, parent: '1:', protocol: 'ip', priority: 3, kind: 'u32', options: { match: [{ ip: 'src', prefix: '192.168.1.7/32' }, { ip: 'protocol', value: 17 }, { ip: 'sport', value: 53 }, { ip: 'dport', value: 1000 }], classid: '1:2' } }), 'add'],
      ['u32 raw u32/u16/u8 keys, no classid', 'filter add dev v0 parent 1: prio 4 u32 match u32 0x11223344 0xffffffff at 12 match u16 0x0800 0xffff at 2 match u8 0x45 0xf0 at 0', (dev) => ({ dev, parent: '1:', priority: 4, kind: 'u32', options: { match: [{ u32: 0x11223344, mask: 0xffffffff, at: 12 }, { u16: 0x0800, mask: 0xffff, at: 2 }, { u8: 0x45, mask: 0xf0, at: 0 }] } }), 'add'],
      ['u32 hash table', 'filter add dev v0 parent 1: prio 5 handle 2: protocol ip u32 divisor 256', (dev) => ({ dev, parent: '1:', priority: 5, protocol: 'ip', handle: '2:', kind: 'u32', options: { divisor: 256 } }), 'add'],
      ['u32 link into a table', 'filter add dev v0 parent 1: prio 5 protocol ip u32 link 2: match ip dst 10.1.0.0/16', (dev) => ({ dev, parent: '1:', priority: 5, protocol: 'ip', kind: 'u32', options: { link: '2:', match: [{ ip: 'dst', prefix: '10.1.0.0/16' }] } }), 'add'],
      ['u32 in chain 3 with a handle, replace', 'filter replace dev v0 parent 1: prio 7 chain 3 handle 800::5 protocol ip u32 match ip tos 0x10 0xff flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 7, chain: 3, handle: '800::5', protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'tos', value: 0x10 }], classid: '1:1' } }), 'replace'],
      ['u32 with mirred egress redirect', 'filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 10.0.0.0/8 flowid 1:10 action mirred egress redirect dev v1', (dev) => ({ dev, parent: '1:', protocol: 'ip', priority: 10, kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }], classid: '1:10' }, actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'v1' }] }), 'add'],
      ['u32 on clsact ingress with mirred ingress mirror pipe, gact drop', 'filter add dev v0 ingress prio 1 u32 match u32 0 0 action mirred ingress mirror dev v1 pipe action drop', (dev) => ({ dev, parent: 'ingress', priority: 1, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] }, actions: [{ kind: 'mirred', action: 'ingress mirror', dev: 'v1', then: 'pipe' }, { kind: 'gact', verdict: 'drop' }] }), 'add'],
      ['gact random determ', 'filter add dev v0 egress prio 2 u32 match u32 0 0 action pass random determ drop 10', (dev) => ({ dev, parent: 'egress', priority: 2, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] }, actions: [{ kind: 'gact', verdict: 'pass', random: { type: 'determ', verdict: 'drop', value: 10 } }] }), 'add'],
      ['bpf classic bytecode, classid', ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '8', 'bpf', 'bytecode', '4,40 0 0 12,21 0 1 2048,6 0 0 65535,6 0 0 0', 'classid', '1:3'], (dev) => ({ dev, parent: '1:', priority: 8, kind: 'bpf', options: { bytecode: [[40, 0, 0, 12], [21, 0, 1, 2048], [6, 0, 0, 65535], [6, 0, 0, 0]], classid: '1:3' } }), 'add'],
      ['matchall (lacking here) with skip_hw and mirred', 'filter add dev v0 ingress matchall skip_hw action mirred egress redirect dev v1', (dev) => ({ dev, parent: 'ingress', kind: 'matchall', options: { skipHw: true }, actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'v1' }] }), 'add'],
      ['delete one u32 filter by handle', 'filter del dev v0 parent 1: prio 10 handle 800::800 protocol ip u32', (dev) => ({ dev, parent: '1:', priority: 10, handle: '800::800', protocol: 'ip', kind: 'u32' }), 'delete'],
      ['delete a priority', 'filter del dev v0 parent 1: prio 10', (dev) => ({ dev, parent: '1:', priority: 10 }), 'delete'],
    ];
    it.each(cases)('%s', async (_name, command, spec, verb) => {
      const theirs = tcSends(Array.isArray(command) ? command : command.split(' '));
      const mine = await linxSends((r) => (r.tc.filters[verb] as (s: unknown) => Promise<void>).call(r.tc.filters, spec('v0')));
      expect(mine).toEqual(theirs);
    });
  });
});
