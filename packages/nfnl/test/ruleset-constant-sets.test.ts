// ruleset() keeps the elements of anonymous constant sets a rule uses, per handle, and asks again for every
// other set's: against a fake kernel whose ruleset the tests change between calls, counting the element
// dumps each set gets. A kept set is named by its table's handle and its own (both never reused by the
// kernel), so a table or set made again under the same names gets its new elements; sets that can change
// (named ones, unbound ones, ones with timeouts or element expressions) are always read again; kept
// elements are given out only from a read at one generation, and as copies.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { FakeKernel } from '@linx/netlink-socket/testing';
import type { NetlinkMessage } from '@linx/netlink-wire';
import { Nfnl, nft } from '../src/index.js';

const M = nft.messages;
const codec = { table: compileMessage(M.tableMessage), chain: compileMessage(M.chainMessage), rule: compileMessage(M.ruleMessage), set: compileMessage(M.setMessage), elems: compileMessage(M.setElemListMessage), gen: compileMessage(M.genMessage) };
const NFT_MSG = M.nftMsgValues;
const type = (msg: keyof typeof NFT_MSG) => 0xa00 | NFT_MSG[msg];

interface FakeSet {
  name: string;
  handle: bigint;
  flags: string[];
  keys: number[];
  /** Elements with a counter each. */
  counters?: boolean;
}
/** The ruleset the fake kernel lists: one inet table `t`, its sets, a chain `c` with one rule looking up each name in `uses`. */
interface State {
  tableHandle: bigint;
  sets: FakeSet[];
  uses: string[];
  /** The generation each GETGEN answers, in turn (the last one repeated). */
  generations: number[];
}

function fakeKernel(state: State) {
  const elementDumps = new Map<string, number>();
  let gens = 0;
  const multipart = (req: NetlinkMessage, k: FakeKernel, payloads: Uint8Array[]) => k.multipart(req, payloads, { type: req.type - 1 });
  const kernel = new FakeKernel((req, k) => {
    switch (req.type) {
      case type('getgen'): {
        const id = state.generations[Math.min(gens++, state.generations.length - 1)]!;
        return [{ messages: [k.reply(req, { type: 0xa0f, flags: 0, payload: codec.gen.encode({ header: { family: 'unspec' }, attrs: { id } }) })] }, k.ack(req)];
      }
      case type('gettable'):
        return multipart(req, k, [codec.table.encode({ header: { family: 'inet' }, attrs: { name: 't', handle: state.tableHandle, flags: [] } })]);
      case type('getrule'):
        return multipart(req, k, state.uses.map((set, i) => codec.rule.encode({ header: { family: 'inet' }, attrs: { table: 't', chain: 'c', handle: BigInt(i + 1), expressions: { elem: [{ name: 'lookup', data: { set, sreg: 1 } }] } } })));
      case type('getset'):
        return multipart(req, k, state.sets.map((s) => codec.set.encode({ header: { family: 'inet' }, attrs: { table: 't', name: s.name, handle: s.handle, flags: s.flags as never, keyType: 13, keyLen: 2 } })));
      case type('getsetelem'): {
        const name = codec.elems.decode(req.payload).attrs.set!;
        elementDumps.set(name, (elementDumps.get(name) ?? 0) + 1);
        const set = state.sets.find((s) => s.name === name)!;
        const elem = set.keys.map((port) => ({ key: { value: Uint8Array.of(port >> 8, port & 0xff) }, ...(set.counters ? { expressions: { elem: [{ name: 'counter', data: { packets: 0n, bytes: 0n } }] } } : {}) }));
        return multipart(req, k, [codec.elems.encode({ header: { family: 'inet' }, attrs: { table: 't', set: name, elements: { elem: elem as never } } })]);
      }
      case type('getchain'):
        return multipart(req, k, [codec.chain.encode({ header: { family: 'inet' }, attrs: { table: 't', name: 'c' } })]);
      case type('getobj'):
      case type('getflowtable'):
        return multipart(req, k, []);
    }
  });
  return { nfnl: new Nfnl(kernel), dumps: (set: string) => elementDumps.get(set) ?? 0 };
}

const anonymous = ['anonymous', 'constant'];
const ports = async (nfnl: Nfnl, name: string) => {
  const set = (await nfnl.nftables.ruleset()).sets.find((s) => s.name === name)!;
  return set.elements.map((e) => (e.key![0]! << 8) | e.key![1]!);
};

describe('ruleset(): the elements of anonymous constant sets, kept per handle', () => {
  it('an anonymous constant set a rule uses is read once; a named set every time, with its changes', async () => {
    const state: State = { tableHandle: 5n, sets: [{ name: '__set0', handle: 2n, flags: anonymous, keys: [22, 80] }, { name: 'named', handle: 3n, flags: [], keys: [1] }], uses: ['__set0', 'named'], generations: [9] };
    const { nfnl, dumps } = fakeKernel(state);
    expect(await ports(nfnl, '__set0')).toEqual([22, 80]);
    expect(await ports(nfnl, '__set0')).toEqual([22, 80]);
    expect(dumps('__set0')).toBe(1);
    state.sets[1]!.keys = [1, 2];
    expect(await ports(nfnl, 'named')).toEqual([1, 2]);
    expect(dumps('named')).toBe(3);
    nfnl.close();
  });

  it('each handle keeps its own: another handle reads the set itself', async () => {
    const state: State = { tableHandle: 5n, sets: [{ name: '__set0', handle: 2n, flags: anonymous, keys: [22] }], uses: ['__set0'], generations: [9] };
    const first = fakeKernel(state);
    const second = fakeKernel(state);
    await ports(first.nfnl, '__set0');
    await ports(first.nfnl, '__set0');
    await ports(second.nfnl, '__set0');
    expect([first.dumps('__set0'), second.dumps('__set0')]).toEqual([1, 1]);
    first.nfnl.close();
    second.nfnl.close();
  });

  it('a table made again under its name (a new handle), its set under the same name and set handle, gives the new elements', async () => {
    const state: State = { tableHandle: 5n, sets: [{ name: '__set0', handle: 1n, flags: anonymous, keys: [22] }], uses: ['__set0'], generations: [9] };
    const { nfnl, dumps } = fakeKernel(state);
    expect(await ports(nfnl, '__set0')).toEqual([22]);
    state.tableHandle = 6n; // a set's handle counts per table: the new table's first set is handle 1 again
    state.sets[0]!.keys = [443];
    state.generations = [10];
    expect(await ports(nfnl, '__set0')).toEqual([443]);
    expect(dumps('__set0')).toBe(2);
    nfnl.close();
  });

  it('a set deleted and made again under its name in the same table (a new set handle) gives the new elements', async () => {
    const state: State = { tableHandle: 5n, sets: [{ name: '__set0', handle: 1n, flags: anonymous, keys: [22] }], uses: ['__set0'], generations: [9] };
    const { nfnl } = fakeKernel(state);
    expect(await ports(nfnl, '__set0')).toEqual([22]);
    state.sets = [{ name: '__set0', handle: 2n, flags: anonymous, keys: [8080] }];
    expect(await ports(nfnl, '__set0')).toEqual([8080]);
    nfnl.close();
  });

  it('sets that can change are read every time: unbound, with timeouts, with element counters, named constant, anonymous not constant', async () => {
    const state: State = {
      tableHandle: 5n,
      sets: [
        { name: '__set0', handle: 1n, flags: anonymous, keys: [22] },
        { name: '__set1', handle: 2n, flags: [...anonymous, 'timeout'], keys: [22] },
        { name: '__set2', handle: 3n, flags: anonymous, keys: [22], counters: true },
        { name: 'ro', handle: 4n, flags: ['constant'], keys: [22] },
        { name: '__set3', handle: 5n, flags: ['anonymous'], keys: [22] },
      ],
      uses: ['__set1', '__set2', 'ro', '__set3'], // not __set0: no rule binds it
      generations: [9],
    };
    const { nfnl, dumps } = fakeKernel(state);
    for (let i = 0; i < 3; i++) await nfnl.nftables.ruleset();
    expect(state.sets.map((s) => dumps(s.name))).toEqual([3, 3, 3, 3, 3]);
    nfnl.close();
  });

  it('kept elements are given out as copies: changing what one call returned changes nothing for the next', async () => {
    const state: State = { tableHandle: 5n, sets: [{ name: '__set0', handle: 2n, flags: anonymous, keys: [22] }], uses: ['__set0'], generations: [9] };
    const { nfnl, dumps } = fakeKernel(state);
    for (let i = 0; i < 3; i++) {
      const set = (await nfnl.nftables.ruleset()).sets[0]!;
      expect(set.elements).toEqual([{ key: Uint8Array.of(0, 22), flags: [] }]);
      expect(nft.decodedMessage(set.elements[0]!)).toBeDefined();
      set.elements[0]!.key![1] = 99;
      set.elements[0]!.flags.push('catchall');
      set.elements.push({ flags: [] });
    }
    expect(dumps('__set0')).toBe(1);
    nfnl.close();
  });

  it('nothing is kept from a read during which a commit happened, and the read returned at last is read afresh', async () => {
    // Every GETGEN a new generation: four reads, none at one generation.
    const state: State = { tableHandle: 5n, sets: [{ name: '__set0', handle: 2n, flags: anonymous, keys: [22] }], uses: ['__set0'], generations: Array.from({ length: 20 }, (_, i) => i + 1) };
    const { nfnl, dumps } = fakeKernel(state);
    await nfnl.nftables.ruleset();
    expect(dumps('__set0')).toBe(4);
    await nfnl.nftables.ruleset();
    expect(dumps('__set0')).toBe(8);
    nfnl.close();
  });

  it('a kept set no longer listed is dropped', async () => {
    const state: State = { tableHandle: 5n, sets: [{ name: '__set0', handle: 2n, flags: anonymous, keys: [22] }], uses: ['__set0'], generations: [9] };
    const { nfnl, dumps } = fakeKernel(state);
    await nfnl.nftables.ruleset();
    const gone = state.sets;
    state.sets = [];
    await nfnl.nftables.ruleset();
    // The kernel never lists a handle again once its set is gone; this fake does, to show the entry was dropped.
    state.sets = gone;
    await nfnl.nftables.ruleset();
    expect(dumps('__set0')).toBe(2);
    nfnl.close();
  });

  it('a generation lower than one seen before (nf_tables reloaded, its counters restarted) drops every kept set', async () => {
    const state: State = { tableHandle: 5n, sets: [{ name: '__set0', handle: 2n, flags: anonymous, keys: [22] }], uses: ['__set0'], generations: [9] };
    const { nfnl, dumps } = fakeKernel(state);
    await nfnl.nftables.ruleset();
    state.generations = [3];
    state.sets[0]!.keys = [23];
    expect(await ports(nfnl, '__set0')).toEqual([23]);
    expect(dumps('__set0')).toBe(2);
    nfnl.close();
  });
});
