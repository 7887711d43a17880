// ruleset() reads the sets' elements (one dump per set) over sockets opened beside the handle's, against
// fake kernels: each set gets its own elements whichever socket read them, the extra sockets are closed
// afterwards (and when a dump fails), and a handle that cannot open more reads them all over its own.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NetlinkError, type NetlinkMessage } from '@linx/netlink-wire';
import { Nfnl, nft } from '../src/index.js';

const M = nft.messages;
const codec = {
  set: compileMessage(M.setMessage),
  elems: compileMessage(M.setElemListMessage),
  gen: compileMessage(M.genMessage),
};
const NFT_MSG = nft.messages.nftMsgValues;
const type = (msg: keyof typeof NFT_MSG) => 0xa00 | NFT_MSG[msg];
const SETS = 12;
const names = Array.from({ length: SETS }, (_, i) => `s${i}`);

/** A set's one element: 10.0.0.i for set si, so a set given another set's elements shows. */
const keyOf = (name: string) => Uint8Array.of(10, 0, 0, Number(name.slice(1)));

/** Answers a GETSETELEM dump with the set's element (or `refuse` for the set named so). */
function answerElements(req: NetlinkMessage, k: FakeKernel, refuse?: string) {
  const { attrs } = codec.elems.decode(req.payload);
  if (attrs.set === refuse) return k.error(req, 2);
  const payload = codec.elems.encode({ header: { family: 'inet' }, attrs: { table: 't', set: attrs.set, elements: { elem: [{ key: { value: keyOf(attrs.set!) } }] } } });
  return k.multipart(req, [payload], { type: req.type - 1 });
}

/** The handle's own kernel: the generation, SETS sets, every other list empty, and elements. */
function mainKernel(refuse?: string) {
  return new FakeKernel((req, k) => {
    if (req.type === type('getgen')) return [{ messages: [k.reply(req, { type: 0xa0f, flags: 0, payload: codec.gen.encode({ header: { family: 'unspec' }, attrs: { id: 5 } }) })] }, k.ack(req)];
    if (req.type === type('getset')) return k.multipart(req, names.map((name) => codec.set.encode({ header: { family: 'inet' }, attrs: { table: 't', name, keyType: 7, keyLen: 4 } })), { type: req.type - 1 });
    if (req.type === type('getsetelem')) return answerElements(req, k, refuse);
    return k.multipart(req, [], { type: req.type - 1 });
  });
}

/** A handle whose `reopen` makes fake kernels that only answer element dumps; the ones it made. */
function handle(options: { refuse?: string; reopen?: 'fails' | 'none' } = {}) {
  const main = mainKernel(options.refuse);
  const siblings: FakeKernel[] = [];
  const reopen = () => {
    if (options.reopen === 'fails') throw new Error('no more descriptors');
    const kernel = new FakeKernel((req, k) => (req.type === type('getsetelem') ? answerElements(req, k, options.refuse) : k.error(req, 95)));
    siblings.push(kernel);
    return kernel;
  };
  return { nfnl: options.reopen === 'none' ? new Nfnl(main) : new Nfnl(main, reopen), main, siblings };
}

const elementDumps = (kernel: FakeKernel) => kernel.requests.filter((r) => r.type === type('getsetelem')).length;

describe('ruleset() over more sockets', () => {
  it('reads the elements over sockets beside its own, each set with its own elements, and closes them', async () => {
    const { nfnl, main, siblings } = handle();
    const ruleset = await nfnl.nftables.ruleset();
    expect(ruleset.sets.map((s) => [s.name, s.elements])).toEqual(names.map((name) => [name, [{ key: keyOf(name), flags: [] }]]));
    expect(siblings.length).toBe(3);
    // Every set's elements asked for once, and the extra sockets did some of that.
    expect(elementDumps(main) + siblings.reduce((n, k) => n + elementDumps(k), 0)).toBe(SETS);
    expect(siblings.filter((k) => elementDumps(k) > 0).length).toBeGreaterThan(0);
    expect(siblings.every((k) => k.closed)).toBe(true);
    expect(main.closed).toBe(false);
    nfnl.close();
  });

  it('reads them all over its own socket when it was made without a way to open another', async () => {
    const { nfnl, main } = handle({ reopen: 'none' });
    const ruleset = await nfnl.nftables.ruleset();
    expect(ruleset.sets.map((s) => s.elements[0]!.key)).toEqual(names.map(keyOf));
    expect(elementDumps(main)).toBe(SETS);
    nfnl.close();
  });

  it('reads them all over its own socket when another cannot be opened', async () => {
    const { nfnl, main } = handle({ reopen: 'fails' });
    const ruleset = await nfnl.nftables.ruleset();
    expect(ruleset.sets.map((s) => s.elements[0]!.key)).toEqual(names.map(keyOf));
    expect(elementDumps(main)).toBe(SETS);
    nfnl.close();
  });

  it("a set's refused dump fails the ruleset with the kernel's error, and the extra sockets are closed", async () => {
    const { nfnl, siblings } = handle({ refuse: 's4' });
    const error = await nfnl.nftables.ruleset().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect(error).toMatchObject({ errnoName: 'ENOENT' });
    expect(siblings.length).toBe(3);
    expect(siblings.every((k) => k.closed)).toBe(true);
    nfnl.close();
  });

  it('a single set is read over the handle’s own socket, with no other opened', async () => {
    const main = new FakeKernel((req, k) => {
      if (req.type === type('getgen')) return [{ messages: [k.reply(req, { type: 0xa0f, flags: 0, payload: codec.gen.encode({ header: { family: 'unspec' }, attrs: { id: 1 } }) })] }, k.ack(req)];
      if (req.type === type('getset')) return k.multipart(req, [codec.set.encode({ header: { family: 'inet' }, attrs: { table: 't', name: 's1', keyType: 7, keyLen: 4 } })], { type: req.type - 1 });
      if (req.type === type('getsetelem')) return answerElements(req, k);
      return k.multipart(req, [], { type: req.type - 1 });
    });
    let opened = 0;
    const nfnl = new Nfnl(main, () => {
      opened++;
      return new FakeKernel(() => undefined);
    });
    const ruleset = await nfnl.nftables.ruleset();
    expect(ruleset.sets.map((s) => s.elements)).toEqual([[{ key: keyOf('s1'), flags: [] }]]);
    expect(opened).toBe(0);
    nfnl.close();
  });
});
