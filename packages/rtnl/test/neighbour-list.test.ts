// neighbours.list / stream / get / flush without a kernel: a fake kernel that filters nothing (as an
// older kernel may) answers with literal ndmsg + NDA_* entries (linux/neighbour.h: NDA_DST 1, NDA_LLADDR 2,
// NDA_VLAN 5, NDA_IFINDEX 8, NDA_MASTER 9; NUD_REACHABLE 0x02, NUD_STALE 0x04, NUD_NOARP 0x40,
// NUD_PERMANENT 0x80; NTF_PROXY 0x08), so the filters done here are seen doing it.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, type NetlinkMessage } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl } from '../src/index.js';

/** ndmsg: family, pad, ifindex, state (u16), flags 0, type 0; then attributes. */
const entry = (family: number, ifindex: number, state: number, ...attrs: number[][]) => Uint8Array.from([family, 0, 0, 0, ifindex, 0, 0, 0, state & 0xff, state >> 8, 0, 0, ...attrs.flat()]);
const dst4 = (...b: number[]) => [8, 0, 1, 0, ...b];
const lladdr = (last: number) => [10, 0, 2, 0, 2, 0, 0, 0, 0, last, 0, 0];
const vlan = (id: number) => [6, 0, 5, 0, id, 0, 0, 0];

const ENTRIES = [
  entry(2, 3, 0x02, dst4(10, 0, 0, 1), lladdr(0x0a)), // 10.0.0.1 reachable on 3
  entry(10, 3, 0x04, [20, 0, 1, 0, 0xfd, ...new Array(14).fill(0), 1]), // fd00::1 stale on 3
  entry(2, 4, 0x80, dst4(10, 0, 0, 2)), // 10.0.0.2 permanent on 4
  entry(2, 3, 0x00, dst4(10, 0, 0, 3)), // 10.0.0.3, no state, on 3
  entry(7, 5, 0xc0, lladdr(0x0b), vlan(10)), // FDB 02:..:0b vlan 10
  entry(7, 5, 0x02, lladdr(0x0c)), // FDB 02:..:0c, no vlan
];

function fake(onDelete: (req: NetlinkMessage) => number = () => 0) {
  const handler: FakeHandler = (req, k) => {
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, ENTRIES, { type: 28 });
    if (req.type === 18) {
      const name = new TextDecoder().decode(req.payload.subarray(20)).replace(/\0.*$/s, '');
      const index = { v0: 3, br0: 9 }[name];
      return index === undefined ? k.error(req, 19) : { messages: [k.reply(req, { type: 16, payload: Uint8Array.from([0, 0, 0, 0, index, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) })] };
    }
    if (req.type === 29) {
      const errno = onDelete(req);
      return errno ? k.error(req, errno) : k.ack(req);
    }
    if (req.type === 30) {
      const ip = req.payload.subarray(16, 20).join('.');
      if (ip === '10.0.0.1') return { messages: [k.reply(req, { type: 28, payload: ENTRIES[0]! })] };
      if (ip === '10.0.0.9') return k.ack(req);
      if (ip === '10.0.0.8') return k.error(req, 1);
      return k.error(req, 2);
    }
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler);
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

const dsts = (list: { dst?: string; lladdr?: string }[]) => list.map((n) => n.dst ?? n.lladdr);

describe.runIf(endianness() === 'LE')('neighbours.list filters', () => {
  it('ARP and NDP by default, one family when asked; the request says family, interface, master and proxy', async () => {
    const { kernel, rtnl } = fake();
    expect(dsts(await rtnl.neighbours.list())).toEqual(['10.0.0.1', 'fd00::1', '10.0.0.2', '10.0.0.3']);
    expect(dsts(await rtnl.neighbours.list({ family: 'inet6' }))).toEqual(['fd00::1']);
    expect(dsts(await rtnl.neighbours.list({ family: 'bridge', master: 'br0' }))).toEqual(['02:00:00:00:00:0b', '02:00:00:00:00:0c']);
    expect(dsts(await rtnl.neighbours.list({ interface: 'v0', proxy: true }))).toEqual(['10.0.0.1', 'fd00::1', '10.0.0.3']);
    const dumps = kernel.requests.filter((r) => r.type === 30);
    // ndmsg family and flags, then NDA_MASTER 9 / NDA_IFINDEX 3.
    expect(dumps.map((r) => [r.payload[0], r.payload[10], [...r.payload.subarray(12)]])).toEqual([
      [0, 0, []],
      [10, 0, []],
      [7, 0, [8, 0, 9, 0, 9, 0, 0, 0]],
      [0, 0x08, [8, 0, 8, 0, 3, 0, 0, 0]],
    ]);
    rtnl.close();
  });

  it('by state: any of the states given; none takes the entries without a state', async () => {
    const { rtnl } = fake();
    expect(dsts(await rtnl.neighbours.list({ state: 'permanent' }))).toEqual(['10.0.0.2']);
    expect(dsts(await rtnl.neighbours.list({ state: ['stale', 'reachable'] }))).toEqual(['10.0.0.1', 'fd00::1']);
    expect(dsts(await rtnl.neighbours.list({ state: 'none' }))).toEqual(['10.0.0.3']);
    expect(dsts(await rtnl.neighbours.list({ state: ['none', 'permanent'] }))).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(dsts(await rtnl.neighbours.list({ state: [] }))).toEqual([]);
    rtnl.close();
  });

  it('by address, compared in canonical form; FDB entries by VLAN (none is 0)', async () => {
    const { rtnl } = fake();
    expect(dsts(await rtnl.neighbours.list({ dst: 'FD00:0::1' }))).toEqual(['fd00::1']);
    expect(dsts(await rtnl.neighbours.list({ lladdr: '02:00:00:00:00:0A' }))).toEqual(['10.0.0.1']);
    expect(dsts(await rtnl.neighbours.list({ family: 'bridge', vlan: 10 }))).toEqual(['02:00:00:00:00:0b']);
    expect(dsts(await rtnl.neighbours.list({ family: 'bridge', vlan: 0 }))).toEqual(['02:00:00:00:00:0c']);
    const streamed: string[] = [];
    for await (const n of rtnl.neighbours.stream({ family: 'inet', state: 'reachable' })) streamed.push(n.dst!);
    expect(streamed).toEqual(['10.0.0.1']);
    rtnl.close();
  });

  it('bad filters say what is wrong, and nothing is sent', async () => {
    const { kernel, rtnl } = fake();
    const cases: [unknown, string, RegExp][] = [
      [7, 'filter', /^filter: expected a filter object, got number$/],
      [{ proxy: true, family: 'bridge' }, 'filter.proxy', /^filter\.proxy: proxy entries are ARP and NDP entries, not bridge FDB entries$/],
      [{ dst: 10 }, 'filter.dst', /^filter\.dst: expected a string, got number$/],
      [{ dst: '10.0.0' }, 'filter.dst', /^filter\.dst: "10\.0\.0" is not a valid address$/],
      [{ lladdr: '02:00' + ':zz' }, 'filter.lladdr', /is not a valid address/],
      [{ vlan: 4096 }, 'filter.vlan', /is not an integer in 0\.\.4095/],
      [{ family: 'ipx' }, 'filter.family', /is not a neighbour family/],
      [{ state: 'happy' }, 'filter.state', /unknown neighbour state "happy"/],
    ];
    for (const [filter, argument, message] of cases) {
      const error = await rtnl.neighbours.list(filter as never).then(() => undefined, (e: unknown) => e);
      expect(error, JSON.stringify(filter)).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect((error as InvalidArgumentError).message).toMatch(message);
    }
    expect(await rtnl.neighbours.list({ vlan: 4095, family: 'bridge' })).toEqual([]);
    expect(kernel.requests.filter((r) => r.type === 30)).toHaveLength(1);
    rtnl.close();
  });
});

describe.runIf(endianness() === 'LE')('neighbours.get and flush', () => {
  it('get: the entry the kernel answers with; undefined for ENOENT or no answer; other errors thrown', async () => {
    const { rtnl } = fake();
    expect(await rtnl.neighbours.get({ interface: 3, dst: '10.0.0.1' })).toMatchObject({ dst: '10.0.0.1', lladdr: '02:00:00:00:00:0a', state: 'reachable' });
    expect(await rtnl.neighbours.get({ interface: 3, dst: '10.0.0.7' })).toBeUndefined();
    expect(await rtnl.neighbours.get({ interface: 3, dst: '10.0.0.9' })).toBeUndefined();
    await expect(rtnl.neighbours.get({ interface: 3, dst: '10.0.0.8' })).rejects.toMatchObject({ errnoName: 'EPERM' });
    rtnl.close();
  });

  it('flush: every state but permanent and noarp by default; entries already gone are not an error, nor in the result', async () => {
    const { kernel, rtnl } = fake((req) => (req.payload[0] === 10 ? 2 : 0));
    const flushed = await rtnl.neighbours.flush({ interface: 'v0' });
    expect(dsts(flushed)).toEqual(['10.0.0.1', '10.0.0.3']);
    const deletes = kernel.requests.filter((r) => r.type === 29);
    expect(deletes.map((r) => r.payload[0])).toEqual([2, 10, 2]);
    expect(dsts(await rtnl.neighbours.flush({ state: 'permanent' }))).toEqual(['10.0.0.2']);
    rtnl.close();
  });

  it('flush: another failure is thrown once every delete has been tried', async () => {
    const { kernel, rtnl } = fake((req) => (req.payload[4] === 4 ? 1 : 0));
    await expect(rtnl.neighbours.flush({ state: ['permanent', 'reachable'] })).rejects.toMatchObject({ errnoName: 'EPERM' });
    expect(kernel.requests.filter((r) => r.type === 29)).toHaveLength(2);
    await expect(rtnl.neighbours.flush(null as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    rtnl.close();
  });
});
