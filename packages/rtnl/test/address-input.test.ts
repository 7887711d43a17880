// rtnl.addresses without a kernel: the requests as bytes (a FakeKernel records them), the kernel-side
// filter in the dump request, and bad input refused with InvalidArgumentError before anything is sent.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST, type NetlinkMessage } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError, Rtnl, type AddressSettings } from '../src/index.js';
import { rtAddr } from '../src/protocol.js';
import { linkPayload } from './helpers/link-payload.js';

const addr = compileMessage(rtAddr.addrMessage);

/** ACKs changes, answers address dumps with `addresses` and link lookups with v0 (index 3). */
function fake(addresses: Uint8Array[] = []) {
  const handler: FakeHandler = (req, k) => {
    const dump = (req.flags & NLM_F_DUMP) === NLM_F_DUMP;
    if (req.type === 18 && dump) return k.multipart(req, [linkPayload(3, 'v0')], { type: 16 });
    if (req.type === 18) {
      const name = new TextDecoder().decode(req.payload.subarray(20)).replace(/\0.*$/s, '');
      return name === 'v0' ? { messages: [k.reply(req, { type: 16, payload: linkPayload(3, 'v0') })] } : k.error(req, 19);
    }
    if (req.type === 22) return k.multipart(req, addresses);
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

const addressRequests = (kernel: FakeKernel): NetlinkMessage[] => kernel.requests.filter((r) => r.type >= 20 && r.type <= 22);
const decoded = (m: NetlinkMessage) => {
  const v = addr.decode(m.payload);
  return { header: { ...v.header }, attrs: { ...v.attrs } };
};
const v4 = (...b: number[]) => b.join('.');

describe('address requests', () => {
  it('add: RTM_NEWADDR, CREATE|EXCL, IFA_LOCAL and IFA_ADDRESS both the address (as ip addr add)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.addresses.add('v0', '10.0.0.1/24');
    const [req] = addressRequests(kernel);
    expect(req!.type).toBe(20);
    expect(req!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    expect(decoded(req!)).toEqual({ header: { ifaFamily: 2, ifaPrefixlen: 24, ifaFlags: [], ifaScope: 0, ifaIndex: 3 }, attrs: { local: v4(10, 0, 0, 1), address: v4(10, 0, 0, 1) } });
  });

  it('peer, broadcast computed, label, scope, flags (in IFA_FLAGS only when one is above 8 bits, as ip), lifetimes, metric, proto', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.addresses.add(3, '10.1.0.1', { peer: '10.1.0.2/30', broadcast: true, label: 'v0:ptp', scope: 'link', flags: ['nodad', 'noprefixroute'], validLifetime: 600, rtPriority: 9, proto: 4 });
    await rtnl.addresses.replace(3, '2001:db8::1/64', { preferredLifetime: 0 });
    await rtnl.addresses.add(3, '127.0.0.2/8');
    const [ptp, v6, loopback] = addressRequests(kernel).map(decoded);
    expect(ptp).toEqual({
      header: { ifaFamily: 2, ifaPrefixlen: 30, ifaFlags: [], ifaScope: 253, ifaIndex: 3 },
      attrs: {
        local: v4(10, 1, 0, 1), address: v4(10, 1, 0, 2), broadcast: '10.1.0.3', label: 'v0:ptp', flags: ['nodad', 'noprefixroute'],
        cacheinfo: { ifaPrefered: 600, ifaValid: 600, cstamp: 0, tstamp: 0 }, rtPriority: 9, proto: 4,
      },
    });
    expect(addressRequests(kernel)[1]!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
    expect(v6!.header).toMatchObject({ ifaFamily: 10, ifaPrefixlen: 64 });
    expect({ ...v6!.attrs.cacheinfo }).toEqual({ ifaPrefered: 0, ifaValid: 0xffff_ffff, cstamp: 0, tstamp: 0 });
    expect(loopback!.header.ifaScope).toBe(254);
  });

  it('delete: written out, or an Address list() returned (its peer and prefix length)', async () => {
    const listed = addr.encode({ header: { ifaFamily: 2, ifaPrefixlen: 32, ifaScope: 0, ifaIndex: 3 }, attrs: { local: v4(10, 2, 0, 1), address: v4(10, 2, 0, 2), label: 'v0' } });
    const { kernel, rtnl } = fake([listed]);
    await rtnl.addresses.delete('v0', '10.0.0.1/24', { label: 'v0:a' });
    const [found] = await rtnl.addresses.list({ interface: 'v0' });
    expect(found).toMatchObject({ ifindex: 3, local: '10.2.0.1', address: '10.2.0.2', peer: '10.2.0.2', prefixlen: 32, dev: 'v0' });
    await rtnl.addresses.delete(found!);
    const [byText, , byObject] = addressRequests(kernel);
    expect(byText!.type).toBe(21);
    expect(byText!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(decoded(byText!).attrs).toEqual({ local: v4(10, 0, 0, 1), address: v4(10, 0, 0, 1), label: 'v0:a' });
    expect(decoded(byObject!)).toEqual({ header: { ifaFamily: 2, ifaPrefixlen: 32, ifaFlags: [], ifaScope: 0, ifaIndex: 3 }, attrs: { local: v4(10, 2, 0, 1), address: v4(10, 2, 0, 2) } });
  });

  it('list: family and interface in the dump request (ifa_index, strict checking); scope and label filtered here', async () => {
    const a = (prefixlen: number, scope: number, label: string) => addr.encode({ header: { ifaFamily: 2, ifaPrefixlen: prefixlen, ifaScope: scope, ifaIndex: 3 }, attrs: { local: v4(10, 0, 0, prefixlen), label } });
    const { kernel, rtnl } = fake([a(8, 0, 'v0'), a(16, 253, 'v0:x')]);
    expect((await rtnl.addresses.list({ interface: 'v0', family: 'inet', scope: 'link' })).map((x) => x.prefixlen)).toEqual([16]);
    expect((await rtnl.addresses.list({ label: 'v0' })).map((x) => x.local)).toEqual(['10.0.0.8']);
    const [first, second] = addressRequests(kernel).map(decoded);
    expect(first!.header).toEqual({ ifaFamily: 2, ifaPrefixlen: 0, ifaFlags: [], ifaScope: 0, ifaIndex: 3 });
    expect(second!.header).toEqual({ ifaFamily: 0, ifaPrefixlen: 0, ifaFlags: [], ifaScope: 0, ifaIndex: 0 });
  });
});

describe('bad address input is refused before anything is sent', () => {
  const cases: [string, unknown, string, AddressSettings, string][] = [
    ['an invalid address', 'v0', '10.0.0.256/24', {}, 'address'],
    ['a prefix length of 33', 'v0', '10.0.0.1/33', {}, 'address'],
    ['no address', 'v0', undefined as never, {}, 'address'],
    ['a peer of the other family', 'v0', '10.0.0.1', { peer: 'fd00::2' }, 'peer'],
    ['prefix lengths that disagree', 'v0', '10.0.0.1/24', { peer: '10.0.0.2/30' }, 'peer'],
    ['an IPv6 broadcast', 'v0', 'fd00::1/64', { broadcast: true }, 'broadcast'],
    ['a broadcast on a /31', 'v0', '10.0.0.1/31', { broadcast: true }, 'broadcast'],
    ['a broadcast that is not an address', 'v0', '10.0.0.1/24', { broadcast: '10.0.0.0/24' }, 'broadcast'],
    ['an IPv6 label', 'v0', 'fd00::1/64', { label: 'v0:a' }, 'label'],
    ['a label of 16 bytes', 'v0', '10.0.0.1/24', { label: 'v0:abcdefghijklm' }, 'label'],
    ['an unknown flag', 'v0', '10.0.0.1/24', { flags: ['sticky' as never] }, 'flags[0]'],
    ['a valid lifetime of 0', 'v0', '10.0.0.1/24', { validLifetime: 0 }, 'validLifetime'],
    ['preferred longer than valid', 'v0', '10.0.0.1/24', { validLifetime: 10, preferredLifetime: 20 }, 'preferredLifetime'],
    ['a negative lifetime', 'v0', '10.0.0.1/24', { validLifetime: -1 }, 'validLifetime'],
    ['a lifetime that is a word', 'v0', '10.0.0.1/24', { preferredLifetime: 'never' as never }, 'preferredLifetime'],
    ['a metric above 2^32-1', 'v0', '10.0.0.1/24', { rtPriority: 2 ** 32 }, 'rtPriority'],
    ['a proto above 255', 'v0', '10.0.0.1/24', { proto: 256 }, 'proto'],
    ['an unknown scope', 'v0', '10.0.0.1/24', { scope: 'planet' as never }, 'scope'],
    ['an interface name with a colon', 'v0:1', '10.0.0.1/24', {}, 'dev'],
    ['interface index -1', -1, '10.0.0.1/24', {}, 'dev'],
  ];
  for (const [what, dev, address, settings, argument] of cases) {
    it(`${what} → InvalidArgumentError (${argument})`, async () => {
      const { kernel, rtnl } = fake();
      const error = await rtnl.addresses.add(dev as string, address, settings).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect(kernel.requests).toEqual([]);
    });
  }

  it('bad deletes, filters and flushes send nothing either', async () => {
    const { kernel, rtnl } = fake();
    for (const [attempt, argument] of [
      [() => rtnl.addresses.delete('v0', 'fd00::1/129'), 'address'],
      [() => rtnl.addresses.delete('v0', '10.0.0.1/24', { peer: 'x' }), 'peer'],
      [() => rtnl.addresses.list({ family: 'appletalk' as never }), 'family'],
      [() => rtnl.addresses.list({ interface: 'much-too-long-name' }), 'interface'],
      [() => rtnl.addresses.stream({ scope: 300 }), 'scope'],
      [() => rtnl.addresses.flush('bad/name'), 'dev'],
    ] as [() => unknown, string][]) {
      let error: unknown;
      try {
        await attempt();
      } catch (e) {
        error = e;
      }
      expect(error, argument).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    expect(kernel.requests).toEqual([]);
  });

  it('an unknown interface name: NoSuchInterfaceError, and no address request', async () => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.addresses.add('nope0', '10.0.0.1/24')).rejects.toBeInstanceOf(NoSuchInterfaceError);
    expect(addressRequests(kernel)).toEqual([]);
  });
});

describe('call options', () => {
  it('every verb takes a signal and a timeout', async () => {
    const kernel = new FakeKernel(() => {}); // never answers
    const rtnl = new Rtnl(new Connection(kernel));
    const aborted = AbortSignal.abort();
    for (const call of [
      () => rtnl.addresses.add(3, '10.0.0.1/24', {}, { signal: aborted }),
      () => rtnl.addresses.replace(3, '10.0.0.1/24', {}, { signal: aborted }),
      () => rtnl.addresses.delete(3, '10.0.0.1/24', {}, { signal: aborted }),
      () => rtnl.addresses.list({ names: false }, { signal: aborted }),
      () => rtnl.addresses.flush(3, {}, { signal: aborted }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'ERR_LINX_ABORTED' });
    }
    await expect(rtnl.addresses.add(3, '10.0.0.1/24', {}, { timeout: 20 })).rejects.toMatchObject({ code: 'ERR_LINX_TIMEOUT' });
    const stream = rtnl.addresses.stream({ names: false }, { timeout: 20 });
    await expect(stream.next()).rejects.toMatchObject({ code: 'ERR_LINX_TIMEOUT' });
    rtnl.close();
  });
});
