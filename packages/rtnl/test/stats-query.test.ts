// rtnl.stats without a kernel: the filter mask of RTM_GETSTATS (IFLA_STATS_FILTER_BIT(attr) = 1 << (attr - 1),
// linux/if_link.h: LINK_64 1, LINK_XSTATS 2, LINK_XSTATS_SLAVE 3, LINK_OFFLOAD_XSTATS 4, AF_SPEC 5), the
// request header (struct if_stats_msg: family u8, pad u8, pad u16, ifindex u32, filter_mask u32), and the
// replies decoded from literal bytes (struct rtnl_link_stats64: u64 counters, rx_packets first).
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError, Rtnl } from '../src/index.js';
import { rtLink } from '../src/protocol.js';

const RTM_NEWSTATS = rtLink.statsMessage.types.getstatsReply;
const RTM_GETSTATS = rtLink.statsMessage.types.getstats;

/** if_stats_msg of `ifindex` with `mask`, then IFLA_STATS_LINK_64 with rx_packets 7, tx_packets 8, rx_bytes 2^40 (the rest 0). */
function statsPayload(ifindex: number, mask: number): Uint8Array {
  const out = new Uint8Array(12 + 4 + 24 * 8);
  const view = new DataView(out.buffer);
  view.setUint32(4, ifindex, true);
  view.setUint32(8, mask, true);
  view.setUint16(12, 4 + 24 * 8, true);
  view.setUint16(14, 1, true);
  view.setBigUint64(16, 7n, true);
  view.setBigUint64(24, 8n, true);
  view.setBigUint64(32, 2n ** 40n, true);
  return out;
}

function fake(replies: Uint8Array[]) {
  const handler: FakeHandler = (req, k) =>
    (req.flags & NLM_F_DUMP) === NLM_F_DUMP
      ? k.multipart(req, replies, { type: RTM_NEWSTATS })
      : replies.length > 0
        ? { messages: [k.reply(req, { type: RTM_NEWSTATS, payload: replies[0]! })] }
        : k.ack(req);
  const kernel = new FakeKernel(handler);
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

/** The filter mask of each RTM_GETSTATS request sent. */
const masks = (kernel: FakeKernel) => kernel.requests.filter((r) => r.type === RTM_GETSTATS).map((r) => new DataView(r.payload.buffer, r.payload.byteOffset).getUint32(8, true));

describe.runIf(endianness() === 'LE')('stats', () => {
  it('the filter mask: link64 by default, names OR-ed, or a number as it is', async () => {
    const { kernel, rtnl } = fake([]);
    await rtnl.stats.list();
    await rtnl.stats.list({ filterMask: ['link64', 'afSpec'] });
    await rtnl.stats.list({ filterMask: ['linkXstats', 'linkXstatsSlave', 'linkOffloadXstats'] });
    await rtnl.stats.list({ filterMask: 0xffff_ffff });
    await rtnl.stats.list({ filterMask: 1 });
    await rtnl.stats.stream({ filterMask: ['afSpec'] }).next();
    expect(masks(kernel)).toEqual([0x1, 0x11, 0xe, 0xffff_ffff, 0x1, 0x10]);
    expect([...kernel.requests.at(-1)!.payload]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0]);
    rtnl.close();
  });

  it('get: one interface by index, its counters as bigints, the groups the kernel filled in by name', async () => {
    const { kernel, rtnl } = fake([statsPayload(4, 0x1 | 0x10 | 0x100)]);
    const entry = await rtnl.stats.get(4, { filterMask: ['link64'] });
    const [req] = kernel.requests;
    expect(req!.type).toBe(RTM_GETSTATS);
    expect([...req!.payload]).toEqual([0, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0]);
    expect(entry).toMatchObject({ ifindex: 4, family: 'unspec', filterMask: ['link64', 'afSpec', 0x100] });
    expect(entry.link64).toMatchObject({ rxPackets: 7n, txPackets: 8n, rxBytes: 2n ** 40n, txBytes: 0n });
    expect(Object.getPrototypeOf(entry.link64)).toBe(Object.prototype);
    rtnl.close();
  });

  it('list and stream: one entry per interface; a mask of only unnamed bits stays numbers', async () => {
    const { rtnl } = fake([statsPayload(1, 0x1), statsPayload(2, 0x8000_0000 | 0x40)]);
    const listed = await rtnl.stats.list();
    expect(listed.map((s) => [s.ifindex, s.filterMask])).toEqual([[1, ['link64']], [2, [0x40, 0x8000_0000]]]);
    const streamed = [];
    for await (const s of rtnl.stats.stream()) streamed.push(s.ifindex);
    expect(streamed).toEqual([1, 2]);
    rtnl.close();
  });

  it('an entry without IFLA_STATS_LINK_64 has no link64', async () => {
    const { rtnl } = fake([Uint8Array.of(0, 0, 0, 0, 6, 0, 0, 0, 0x10, 0, 0, 0, 8, 0, 5, 0, 1, 2, 3, 4)]);
    const [entry] = await rtnl.stats.list({ filterMask: ['afSpec'] });
    expect(entry).toStrictEqual({ ifindex: 6, family: 'unspec', filterMask: ['afSpec'], afSpec: Uint8Array.of(1, 2, 3, 4) });
    rtnl.close();
  });

  it('get: no reply means no such interface; a bad name is refused', async () => {
    const { rtnl } = fake([]);
    await expect(rtnl.stats.get(9)).rejects.toBeInstanceOf(NoSuchInterfaceError);
    await expect(rtnl.stats.get('a/b')).rejects.toMatchObject({ argument: 'interface' });
    rtnl.close();
  });

  it('bad queries are refused before anything is sent, saying why', async () => {
    const { kernel, rtnl } = fake([]);
    const cases: [unknown, string, RegExp][] = [
      [null, 'query', /^query: expected \{ filterMask \}, got null$/],
      ['link64', 'query', /^query: expected \{ filterMask \}, got string$/],
      [{ filterMask: 0 }, 'query.filterMask', /^query\.filterMask: 0 is not a filter mask \(a non-zero 32-bit integer\)$/],
      [{ filterMask: 2 ** 32 }, 'query.filterMask', /is not a filter mask/],
      [{ filterMask: 1.5 }, 'query.filterMask', /is not a filter mask/],
      [{ filterMask: -1 }, 'query.filterMask', /is not a filter mask/],
      [{ filterMask: [] }, 'query.filterMask', /^query\.filterMask: expected a non-empty list of link64, linkXstats, linkXstatsSlave, linkOffloadXstats, afSpec$/],
      [{ filterMask: 'link64' }, 'query.filterMask', /expected a non-empty list/],
      [{ filterMask: ['link64', 'bogus'] }, 'query.filterMask', /^query\.filterMask: unknown stats group "bogus"; expected link64, linkXstats/],
      [{ filterMask: [1] }, 'query.filterMask', /unknown stats group 1/],
    ];
    for (const [query, argument, message] of cases) {
      for (const call of [() => rtnl.stats.list(query as never), () => rtnl.stats.get(1, query as never), () => rtnl.stats.stream(query as never).next()]) {
        const error = await call().then(() => undefined, (e: unknown) => e);
        expect(error, JSON.stringify(query)).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).argument).toBe(argument);
        expect((error as InvalidArgumentError).message).toMatch(message);
      }
    }
    expect(kernel.requests).toEqual([]);
    rtnl.close();
  });
});
