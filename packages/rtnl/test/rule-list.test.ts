// rules.list filters and the interface names of rules.add, without a kernel: the fake kernel answers the
// RTM_GETRULE dump with literal fib_rule_hdr + FRA_* messages (linux/fib_rules.h: FRA_IIFNAME 3,
// FRA_PRIORITY 6, FRA_TABLE 15, FRA_OIFNAME 17, FRA_PROTOCOL 21; FR_ACT_TO_TBL 1, FR_ACT_BLACKHOLE 6) and
// link lookups by index with RTM_NEWLINK (ifinfomsg + IFLA_IFNAME).
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError, Rtnl } from '../src/index.js';

const str = (type: number, text: string) => {
  const bytes = [...text].map((c) => c.charCodeAt(0));
  const out = [4 + bytes.length + 1, 0, type, 0, ...bytes, 0];
  while (out.length % 4) out.push(0);
  return out;
};
const u32 = (type: number, value: number) => [8, 0, type, 0, value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24];
/** fib_rule_hdr: family, dst_len 0, src_len 0, tos 0, `table`, res, res, `action`, flags 0; then attributes. */
const rule = (family: number, table: number, action: number, ...attrs: number[][]) => Uint8Array.from([family, 0, 0, 0, table, 0, 0, action, 0, 0, 0, 0, ...attrs.flat()]);

const RULES = [
  rule(2, 255, 1, u32(15, 255)), // 0: local
  rule(2, 0, 1, u32(6, 100), u32(15, 1000), str(3, 'eth0')), // 100: lookup 1000 iif eth0
  rule(10, 254, 1, u32(6, 200), u32(15, 254), str(17, 'eth1'), [5, 0, 21, 0, 4, 0, 0, 0]), // 200 (IPv6): main oif eth1 proto static
  rule(2, 0, 6, u32(6, 300)), // 300: blackhole
  rule(128, 255, 1, u32(15, 255)), // IPMR
  rule(2, 100, 1, u32(6, 400)), // 400: lookup 100 (header table only)
];

function fake() {
  const kernel = new FakeKernel((req, k) => {
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) {
      const family = req.payload[0]!;
      return k.multipart(req, RULES.filter((r) => family === 0 || r[0] === family), { type: 32 });
    }
    if (req.type === 18) {
      const index = new DataView(req.payload.buffer, req.payload.byteOffset).getInt32(4, true);
      if (index === 7) return { messages: [k.reply(req, { type: 16, payload: Uint8Array.from([0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...str(3, 'uplink')]) })] };
      if (index === 8) return { messages: [k.reply(req, { type: 16, payload: Uint8Array.from([0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) })] };
      return k.error(req, 19);
    }
    return k.ack(req);
  });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

const priorities = (rules: { priority: number }[]) => rules.map((r) => r.priority);

describe.runIf(endianness() === 'LE')('rules.list filters', () => {
  it('without a family: inet and inet6 only; with one, that family as the kernel filtered it', async () => {
    const { kernel, rtnl } = fake();
    expect(priorities(await rtnl.rules.list())).toEqual([0, 100, 200, 300, 400]);
    expect(priorities(await rtnl.rules.list({ family: 'inet6' }))).toEqual([200]);
    expect(priorities(await rtnl.rules.list({ family: 'inet' }))).toEqual([0, 100, 300, 400]);
    expect((await rtnl.rules.list({ family: 128 })).map((r) => r.family)).toEqual([128]);
    expect(kernel.requests.map((r) => r.payload[0])).toEqual([0, 10, 2, 128]);
    rtnl.close();
  });

  it('by table (FRA_TABLE, else the header\'s), priority, action, interfaces and protocol', async () => {
    const { rtnl } = fake();
    expect(priorities(await rtnl.rules.list({ table: 1000 }))).toEqual([100]);
    expect(priorities(await rtnl.rules.list({ table: 100 }))).toEqual([400]);
    expect(priorities(await rtnl.rules.list({ table: 'local' }))).toEqual([0]);
    expect(priorities(await rtnl.rules.list({ table: 'main' }))).toEqual([200]);
    expect(priorities(await rtnl.rules.list({ priority: 300 }))).toEqual([300]);
    expect(priorities(await rtnl.rules.list({ priority: 0 }))).toEqual([0]);
    expect(priorities(await rtnl.rules.list({ action: 'blackhole' }))).toEqual([300]);
    expect(priorities(await rtnl.rules.list({ action: 'to-table' }))).toEqual([0, 100, 200, 400]);
    expect(priorities(await rtnl.rules.list({ iifname: 'eth0' }))).toEqual([100]);
    expect(priorities(await rtnl.rules.list({ oifname: 'eth1' }))).toEqual([200]);
    expect(priorities(await rtnl.rules.list({ protocol: 'static' }))).toEqual([200]);
    expect(priorities(await rtnl.rules.list({ protocol: 0 }))).toEqual([0, 100, 300, 400]);
    expect(priorities(await rtnl.rules.list({ table: 1000, iifname: 'eth1' }))).toEqual([]);
    rtnl.close();
  });

  it('bad filters are refused before anything is sent', async () => {
    const { kernel, rtnl } = fake();
    const cases: [unknown, string, RegExp][] = [
      [null, 'filter', /^filter: expected a filter object, got null$/],
      ['inet', 'filter', /^filter: expected a filter object, got string$/],
      [{ family: 0 }, 'filter.family', /is not an integer in 1\.\.255/],
      [{ family: 256 }, 'filter.family', /is not an integer in 1\.\.255/],
      [{ priority: 2 ** 32 }, 'filter.priority', /is not an integer in 0\.\.4294967295/],
      [{ action: 'explode' }, 'filter.action', /^filter\.action: unknown rule action "explode"; expected unspec, to-table, goto/],
      [{ oifname: 'a b' }, 'filter.oifname', /contains a character/],
      [{ protocol: 'pigeon' }, 'filter.protocol', /^filter\.protocol: unknown protocol "pigeon"$/],
    ];
    for (const [filter, argument, message] of cases) {
      const error = await rtnl.rules.list(filter as never).then(() => undefined, (e: unknown) => e);
      expect(error, JSON.stringify(filter)).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect((error as InvalidArgumentError).message).toMatch(message);
    }
    expect(kernel.requests).toEqual([]);
    rtnl.close();
  });
});

describe.runIf(endianness() === 'LE')('rules.stream', () => {
  const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const item of items) out.push(item);
    return out;
  };

  it('yields what list returns, filter for filter, with one dump each', async () => {
    const { kernel, rtnl } = fake();
    for (const filter of [{}, { family: 'inet6' as const }, { table: 'local' as const }, { table: 1000 }, { action: 'blackhole' as const }, { oifname: 'eth1' }, { protocol: 'static' as const }]) {
      const before = kernel.requests.length;
      expect(await collect(rtnl.rules.stream(filter)), JSON.stringify(filter)).toEqual([...(await rtnl.rules.list(filter))]);
      expect(kernel.requests.length - before).toBe(2);
    }
    rtnl.close();
  });

  it('refuses a bad filter when called, before anything is sent', () => {
    const { kernel, rtnl } = fake();
    expect(() => rtnl.rules.stream({ action: 'explode' as never })).toThrow(InvalidArgumentError);
    expect(() => rtnl.rules.stream(null as never)).toThrow(/^filter: expected a filter object, got null$/);
    expect(kernel.requests).toEqual([]);
    rtnl.close();
  });
});

describe.runIf(endianness() === 'LE')('rules.add names interfaces given by index', () => {
  it('looks the name up (RTM_GETLINK by index) and sends FRA_IIFNAME / FRA_OIFNAME', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ iifname: 7, oifname: 7, table: 5 });
    const sent = kernel.requests.filter((r) => r.type === 32);
    expect(sent).toHaveLength(1);
    expect(kernel.requests.filter((r) => r.type === 18)).toHaveLength(2);
    const text = new TextDecoder().decode(sent[0]!.payload);
    expect(text.split('uplink').length - 1).toBe(2);
    rtnl.close();
  });

  it('an index with no interface (ENODEV), or a link without a name, is NoSuchInterfaceError; nothing is added', async () => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.rules.add({ iifname: 9, table: 5 })).rejects.toMatchObject({ name: 'NoSuchInterfaceError', interface: 9 });
    await expect(rtnl.rules.delete({ oifname: 8 })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    expect(kernel.requests.filter((r) => r.type === 32 || r.type === 33)).toEqual([]);
    rtnl.close();
  });
});
