// rtnl.neighbours without a kernel: requests as bytes (a FakeKernel records them), and bad input refused
// with InvalidArgumentError before anything is sent.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl, type NeighbourSpec } from '../src/index.js';
import { rtNeigh } from '../src/protocol.js';

const neigh = compileMessage(rtNeigh.neighbourMessage);

/** A handle on a fake kernel that ACKs requests and answers dumps with `dump` (none by default). */
function fake(dump: Uint8Array[] = []) {
  const handler: FakeHandler = (req, k) => ((req.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(req, dump) : k.ack(req));
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

describe('neighbour requests', () => {
  it('add: RTM_NEWNEIGH with CREATE|EXCL, ndmsg and NDA_DST/NDA_LLADDR; permanent by default', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.neighbours.add({ interface: 3, dst: '10.0.0.2', lladdr: '02:00:00:00:00:02' });
    kernel.assertRequests({
      type: 28,
      flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
      payload: (payload) => {
        const v = neigh.decode(payload);
        expect(v.header).toEqual({ ndmFamily: 2, ndmIfindex: 3, ndmState: ['permanent'], ndmFlags: [], ndmType: 'unspec' });
        expect({ ...v.attrs }).toEqual({ dst: '10.0.0.2', lladdr: '02:00:00:00:00:02' });
      },
    });
  });

  it('replace: CREATE|REPLACE; IPv6 with router and managed flags (NDA_FLAGS_EXT) and a state', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.neighbours.replace({ interface: 4, dst: 'fd00::2', lladdr: '02:00:00:00:00:03', state: 'stale', flags: ['router', 'managed'], protocol: 'static' });
    const [req] = kernel.requests;
    expect(req!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
    const v = neigh.decode(req!.payload);
    expect(v.header).toMatchObject({ ndmFamily: 10, ndmIfindex: 4, ndmState: ['stale'], ndmFlags: ['router'] });
    expect(v.attrs.flagsExt).toEqual(['managed']);
    expect(v.attrs.protocol).toBe(4);
  });

  it('the bridge FDB: family 7, lladdr, vlan, master; noarp|permanent by default as `bridge fdb add`', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.neighbours.add({ family: 'bridge', interface: 5, lladdr: '02:00:00:00:00:0a', vlan: 10, flags: ['master'] });
    await rtnl.neighbours.delete({ family: 'bridge', interface: 5, lladdr: '02:00:00:00:00:0a', vlan: 10, flags: ['master'] });
    const [add, del] = kernel.requests.map((r) => neigh.decode(r.payload));
    expect(add!.header).toMatchObject({ ndmFamily: 7, ndmIfindex: 5, ndmState: ['noarp', 'permanent'], ndmFlags: ['master'] });
    expect({ ...add!.attrs }).toEqual({ lladdr: '02:00:00:00:00:0a', vlan: 10 });
    expect(kernel.requests[1]!.type).toBe(29);
    expect(del!.header).toMatchObject({ ndmFamily: 7, ndmFlags: ['master'] });
  });

  it('delete sends the key and a state (the one given, else permanent, as ip neigh del); proxy entries carry NTF_PROXY', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.neighbours.delete({ interface: 2, dst: '10.0.0.9', flags: ['proxy'], lladdr: '02:00:00:00:00:01', state: 'reachable' });
    await rtnl.neighbours.delete({ interface: 2, dst: '10.0.0.9' });
    const v = neigh.decode(kernel.requests[0]!.payload);
    expect(v.header).toEqual({ ndmFamily: 2, ndmIfindex: 2, ndmState: ['reachable'], ndmFlags: ['proxy'], ndmType: 'unspec' });
    expect(neigh.decode(kernel.requests[1]!.payload).header).toMatchObject({ ndmState: ['permanent'], ndmFlags: [] });
    expect(v.attrs.dst).toBe('10.0.0.9');
  });

  it('list filters by interface and master in the kernel (NDA_IFINDEX, NDA_MASTER); proxy dumps with NTF_PROXY', async () => {
    const { kernel, rtnl } = fake();
    // names: false: no link dump for `dev` before each (its request is not what this checks).
    await rtnl.neighbours.list({ interface: 7, master: 8, names: false });
    await rtnl.neighbours.list({ family: 'inet6', proxy: true, names: false });
    await rtnl.neighbours.list({ family: 'bridge', master: 9, names: false });
    const [a, b, c] = kernel.requests;
    expect(a!.type).toBe(30);
    expect(a!.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    expect(neigh.decode(a!.payload).header.ndmFamily).toBe(0);
    expect({ ...neigh.decode(a!.payload).attrs }).toEqual({ ifindex: 7, master: 8 });
    expect(neigh.decode(b!.payload).header).toMatchObject({ ndmFamily: 10, ndmFlags: ['proxy'] });
    expect(neigh.decode(c!.payload).header.ndmFamily).toBe(7);
    expect({ ...neigh.decode(c!.payload).attrs }).toEqual({ master: 9 });
  });

  it('decodes what the kernel sends: names, text addresses, NDA_IFINDEX as viaIfindex, unknown attributes kept', async () => {
    const entry = neigh.encode({
      header: { ndmFamily: 7, ndmIfindex: 4, ndmState: ['permanent'], ndmFlags: ['self', 'ext-learned', 64 as never], ndmType: 0 },
      attrs: { lladdr: '02:00:00:00:00:01', dst: '192.0.2.1', port: 4789, vni: 7, ifindex: 1, flagsExt: ['locked'], protocol: 4 },
    });
    // An attribute this linx does not know (type 60) after the known ones.
    const unknown = Uint8Array.of(8, 0, 60, 0, 1, 2, 3, 4);
    const payload = new Uint8Array(entry.length + unknown.length);
    payload.set(entry);
    payload.set(unknown, entry.length);
    const { rtnl } = fake([payload]);
    const [n] = await rtnl.neighbours.list({ family: 'bridge' });
    expect(n).toMatchObject({
      family: 'bridge', ifindex: 4, state: 'permanent', states: ['permanent'], flags: ['self', 'extern-learn', 'sticky', 'locked'],
      lladdr: '02:00:00:00:00:01', dst: '192.0.2.1', port: 4789, vni: 7, viaIfindex: 1, protocol: 'static',
    });
    expect(n!.ifindex).toBe(4);
    const symbols = Object.getOwnPropertySymbols(n);
    expect(symbols.length).toBe(1);
    expect(n![symbols[0]!]).toEqual([expect.objectContaining({ type: 60 })]);
  });
});

describe('bad input is refused before anything is sent', () => {
  const cases: [string, NeighbourSpec, string][] = [
    ['no interface', { dst: '10.0.0.1' }, 'neighbour.interface'],
    ['a bad interface name', { interface: 'a/b', dst: '10.0.0.1' }, 'neighbour.interface'],
    ['a bad interface index', { interface: 0, dst: '10.0.0.1' }, 'neighbour.interface'],
    ['no dst for inet', { interface: 2, family: 'inet', lladdr: '02:00:00:00:00:01' }, 'neighbour.dst'],
    ['no address at all', { interface: 2 }, 'neighbour.dst'],
    ['a bad dst', { interface: 2, dst: '10.0.0.300' }, 'neighbour.dst'],
    ['a prefix as dst', { interface: 2, dst: '10.0.0.0/24' }, 'neighbour.dst'],
    ['an IPv6 dst for inet', { interface: 2, family: 'inet', dst: 'fd00::1' }, 'neighbour.dst'],
    ['a bad MAC', { interface: 2, dst: '10.0.0.1', lladdr: '02:00:zz:00:00:01' }, 'neighbour.lladdr'],
    ['a bridge entry without lladdr', { interface: 2, family: 'bridge' }, 'neighbour.lladdr'],
    ['an unknown family', { interface: 2, family: 'ipx' as never, dst: '10.0.0.1' }, 'neighbour.family'],
    ['an unknown state', { interface: 2, dst: '10.0.0.1', state: 'happy' as never }, 'neighbour.state'],
    ['an unknown flag', { interface: 2, dst: '10.0.0.1', flags: ['loud' as never] }, 'neighbour.flags'],
    ['a VLAN out of range', { interface: 2, family: 'bridge', lladdr: '02:00:00:00:00:01', vlan: 4095 }, 'neighbour.vlan'],
    ['a port out of range', { interface: 2, family: 'bridge', lladdr: '02:00:00:00:00:01', port: 70000 }, 'neighbour.port'],
    ['an unknown protocol', { interface: 2, dst: '10.0.0.1', protocol: 'carrier-pigeon' as never }, 'neighbour.protocol'],
  ];
  for (const [what, spec, argument] of cases) {
    it(`add: ${what} (${argument})`, async () => {
      const { kernel, rtnl } = fake();
      const error = await rtnl.neighbours.add(spec).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect(kernel.requests).toEqual([]);
    });
  }

  it('delete, replace and get check the same way', async () => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.neighbours.delete({ interface: 'eth0', dst: 'nope' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.neighbours.replace({ interface: 'eth0', dst: '10.0.0.1', state: ['stale', 'bogus' as never] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.neighbours.get({ interface: 'eth0' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(kernel.requests).toEqual([]);
  });

  it('list, stream and flush check their filter first', async () => {
    const { kernel, rtnl } = fake();
    const bad: Parameters<Rtnl['neighbours']['list']>[0][] = [
      { family: 'ipx' as never },
      { state: 'sleepy' as never },
      { dst: 'not-an-ip' },
      { lladdr: 'zz' },
      { vlan: -1 },
      { proxy: true, family: 'bridge' },
      { interface: 'bad/name' },
      { master: 0 },
      null as never,
    ];
    for (const filter of bad) {
      await expect(rtnl.neighbours.list(filter), JSON.stringify(filter)).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(rtnl.neighbours.stream(filter).next()).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(rtnl.neighbours.flush(filter)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(kernel.requests).toEqual([]);
  });
});
