// rtnl.links without a kernel: arguments are checked before anything is sent, requests carry what the
// kernel filters on, what it does not filter is filtered here, errors are typed, the link object's
// shape. A fake kernel (@linx/netlink-socket/testing) records every request.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { compileMessage, InvalidValueError, UNKNOWN, type UnknownAttribute } from '@linx/netlink-codec';
import { AbortError, InvalidArgumentError, TimeoutError } from '@linx/netlink-socket';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST, NetlinkError, type NetlinkMessage } from '@linx/netlink-wire';
import { NoSuchInterfaceError, type Link, type LinkCreateOptions, type LinkKindData, type LinkPortData, type LinkSetOptions, type Operstate, type Rtnl } from '../src/index.js';
import { linkMessage, linkRequestMessage } from '../src/protocol.js';
import { fakeRtnl } from './helpers/link-golden.js';

const codec = compileMessage(linkMessage);
const requestCodec = compileMessage(linkRequestMessage);

type Call = (rtnl: Rtnl) => Promise<unknown> | unknown;
const long = 'abcdefghijklmnop'; // 16 bytes

/** [what, call, the argument the error names] */
const BAD: [string, Call, string][] = [
  ['a name of 16 bytes', (r) => r.links.create({ name: long, kind: 'bridge' }), 'name'],
  ['a name with "/"', (r) => r.links.create({ name: 'a/b', kind: 'bridge' }), 'name'],
  ['a name with a space', (r) => r.links.create({ name: 'a b', kind: 'bridge' }), 'name'],
  ['a name with NUL', (r) => r.links.create({ name: 'a\0b', kind: 'bridge' }), 'name'],
  ['a name of 16 bytes in UTF-8', (r) => r.links.create({ name: 'ééééééééé', kind: 'bridge' }), 'name'],
  ['no name', (r) => r.links.create({ kind: 'bridge' } as never), 'name'],
  ['no kind', (r) => r.links.create({ name: 'x0' } as never), 'kind'],
  ['a kind linx does not create', (r) => r.links.create({ name: 'x0', kind: 'team' } as never), 'kind'],
  ['not an object', (r) => r.links.create(null as never), 'spec'],
  ['an option of another kind', (r) => r.links.create({ name: 'br0', kind: 'bridge', id: 5 } as never), 'id'],
  ['a misspelt option', (r) => r.links.create({ name: 'br0', kind: 'bridge', stpState: 1 } as never), 'stpState'],
  ['a vlan without its lower device', (r) => r.links.create({ name: 'vl5', kind: 'vlan', id: 5 } as never), 'link'],
  ['a vlan without its id', (r) => r.links.create({ name: 'vl5', kind: 'vlan', link: 'eth0' } as never), 'id'],
  ['a vlan id of 4095', (r) => r.links.create({ name: 'vl5', kind: 'vlan', link: 'eth0', id: 4095 }), 'id'],
  ['a vlan protocol that is none', (r) => r.links.create({ name: 'vl5', kind: 'vlan', link: 'eth0', id: 5, protocol: '802.1x' as never }), 'protocol'],
  ['a lower device named badly', (r) => r.links.create({ name: 'vl5', kind: 'vlan', link: 'eth/0', id: 5 }), 'link'],
  ['a lower device index of 0', (r) => r.links.create({ name: 'mv0', kind: 'macvlan', link: 0 }), 'link'],
  ['a macvlan without its lower device', (r) => r.links.create({ name: 'mv0', kind: 'macvlan' } as never), 'link'],
  ['a macvlan mode that is none', (r) => r.links.create({ name: 'mv0', kind: 'macvlan', link: 'eth0', mode: 'loud' as never }), 'mode'],
  ['an ipvlan isolation that is none', (r) => r.links.create({ name: 'iv0', kind: 'ipvlan', link: 'eth0', isolation: 'none' as never }), 'isolation'],
  ['a vxlan without a VNI', (r) => r.links.create({ name: 'vx0', kind: 'vxlan', port: 4789 }), 'vni'],
  ['a VNI of 2^24', (r) => r.links.create({ name: 'vx0', kind: 'vxlan', vni: 1 << 24 }), 'vni'],
  ['a vxlan group that is unicast', (r) => r.links.create({ name: 'vx0', kind: 'vxlan', vni: 1, group: '10.0.0.1' }), 'group'],
  ['a vxlan remote that is multicast', (r) => r.links.create({ name: 'vx0', kind: 'vxlan', vni: 1, remote: 'ff02::1' }), 'remote'],
  ['a vxlan group and remote', (r) => r.links.create({ name: 'vx0', kind: 'vxlan', vni: 1, group: '239.0.0.1', remote: '10.0.0.1' }), 'remote'],
  ['a vxlan local that is no address', (r) => r.links.create({ name: 'vx0', kind: 'vxlan', vni: 1, local: '10.0.0.256' }), 'local'],
  ['a vxlan port of 65536', (r) => r.links.create({ name: 'vx0', kind: 'vxlan', vni: 1, port: 65536 }), 'port'],
  ['a vxlan source port range upside down', (r) => r.links.create({ name: 'vx0', kind: 'vxlan', vni: 1, srcPortRange: { low: 2000, high: 1000 } }), 'srcPortRange'],
  ['a vxlan dev named badly', (r) => r.links.create({ name: 'vx0', kind: 'vxlan', vni: 1, dev: '' }), 'dev'],
  ['a bond mode that is none', (r) => r.links.create({ name: 'bo0', kind: 'bond', mode: 'fastest' as never }), 'mode'],
  ['a bond mode number that is none', (r) => r.links.create({ name: 'bo0', kind: 'bond', mode: 7 }), 'mode'],
  ['a bridge priority of 65536', (r) => r.links.create({ name: 'br0', kind: 'bridge', priority: 65536 }), 'priority'],
  ['a bridge stp that is no boolean', (r) => r.links.create({ name: 'br0', kind: 'bridge', stp: 1 as never }), 'stp'],
  ['a MAC that is none', (r) => r.links.create({ name: 'br0', kind: 'bridge', address: 'zz:00:00:00:00:01' }), 'address'],
  ['a MAC in dotted form', (r) => r.links.create({ name: 'br0', kind: 'bridge', address: '0200.0000.0001' }), 'address'],
  ['a broadcast that is a number', (r) => r.links.create({ name: 'br0', kind: 'bridge', broadcast: 42 as never }), 'broadcast'],
  ['an mtu of -1', (r) => r.links.create({ name: 'br0', kind: 'bridge', mtu: -1 }), 'mtu'],
  ['an mtu of 2^32', (r) => r.links.create({ name: 'br0', kind: 'bridge', mtu: 2 ** 32 }), 'mtu'],
  ['an mtu of 1.5', (r) => r.links.create({ name: 'br0', kind: 'bridge', mtu: 1.5 }), 'mtu'],
  ['a txqlen that is text', (r) => r.links.create({ name: 'br0', kind: 'bridge', txqlen: 'ten' as never }), 'txqlen'],
  ['an alias of 256 bytes', (r) => r.links.create({ name: 'br0', kind: 'bridge', alias: 'a'.repeat(256) }), 'alias'],
  ['an alias with NUL', (r) => r.links.create({ name: 'br0', kind: 'bridge', alias: 'a\0' }), 'alias'],
  ['a master named badly', (r) => r.links.create({ name: 'v0', kind: 'veth', master: '' }), 'master'],
  ['up that is no boolean', (r) => r.links.create({ name: 'v0', kind: 'veth', up: 'yes' as never }), 'up'],
  ['a veth peer name of 16 bytes', (r) => r.links.create({ name: 'v0', kind: 'veth', peer: { name: long } }), 'peer.name'],
  ['a veth peer option that is none', (r) => r.links.create({ name: 'v0', kind: 'veth', peer: { name: 'v1', up: true } as never }), 'peer.up'],
  ['a veth peer MAC that is none', (r) => r.links.create({ name: 'v0', kind: 'veth', peer: { address: '02:00' + ':zz' } }), 'peer.address'],
  ['a veth peer namespace pid of -1', (r) => r.links.create({ name: 'v0', kind: 'veth', peer: { netns: { pid: -1 } } }), 'peer.netns.pid'],
  ['a veth peer namespace named with "/"', (r) => r.links.create({ name: 'v0', kind: 'veth', peer: { netns: 'a/b' } }), 'peer.netns'],
  ['set: nothing to change', (r) => r.links.set('v0', {}), 'changes'],
  ['set: a kind option without the kind', (r) => r.links.set('v0', { stp: true } as never), 'stp'],
  ['set: an option of another kind', (r) => r.links.set('br0', { kind: 'bridge', id: 5 } as never), 'id'],
  ['set: a veth peer', (r) => r.links.set('v0', { kind: 'veth', peer: { name: 'v9' } } as never), 'peer'],
  ['set: a new name of 16 bytes', (r) => r.links.set('v0', { name: long }), 'name'],
  ['set: an interface named badly', (r) => r.links.set('a b', { up: true }), 'interface'],
  ['set: an interface index of -1', (r) => r.links.set(-1, { up: true }), 'interface'],
  ['set: an interface index of 1.5', (r) => r.links.set(1.5, { up: true }), 'interface'],
  ['set: a namespace pid of 0', (r) => r.links.set('v0', { netns: { pid: 0 } }), 'netns.pid'],
  ['set: a namespace fd of -1', (r) => r.links.set('v0', { netns: { fd: -1 } }), 'netns.fd'],
  ['set: a namespace that is an empty object', (r) => r.links.set('v0', { netns: {} as never }), 'netns'],
  ['set: a master that is false', (r) => r.links.set('v0', { master: false as never }), 'master'],
  ['set: an alias of 256 bytes', (r) => r.links.set('v0', { alias: 'é'.repeat(128) }), 'alias'],
  ['get: an empty name', (r) => r.links.get(''), 'interface'],
  ['get: index 0', (r) => r.links.get(0), 'interface'],
  ['get: a name with whitespace', (r) => r.links.get('eth 0'), 'interface'],
  ['delete: a name of 16 bytes', (r) => r.links.delete(long), 'interface'],
  ['delete: index -3', (r) => r.links.delete(-3), 'interface'],
  ['list: an option that is none', (r) => r.links.list({ kinds: 'bridge' } as never), 'kinds'],
  ['list: an empty kind', (r) => r.links.list({ kind: '' }), 'kind'],
  ['list: a master named badly', (r) => r.links.list({ master: 'a/b' }), 'master'],
  ['list: a type that is none', (r) => r.links.list({ type: 'token-ring' as never }), 'type'],
  ['list: up that is no boolean', (r) => r.links.list({ up: 1 as never }), 'up'],
];

describe('bad arguments: InvalidArgumentError naming the argument, nothing sent', () => {
  for (const [what, call, argument] of BAD) {
    it(what, async () => {
      const { rtnl, kernel } = fakeRtnl({ v0: 3, br0: 4, eth0: 2 });
      const error = await Promise.resolve()
        .then(() => call(rtnl))
        .then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect((error as InvalidArgumentError).code).toBe('ERR_LINX_INVALID_ARGUMENT');
      expect(kernel.requests).toEqual([]);
    });
  }

  it('stream checks its filter when called, before the first next()', () => {
    const { rtnl, kernel } = fakeRtnl();
    expect(() => rtnl.links.stream({ master: '' })).toThrow(InvalidArgumentError);
    expect(kernel.requests).toEqual([]);
  });

  it('the request declaration itself refuses what does not fit, with the attribute path', () => {
    expect(() => requestCodec.encode({ attrs: { linkinfo: { kind: 'vlan', data: { id: 70000 } } } })).toThrow(InvalidValueError);
    try {
      requestCodec.encode({ attrs: { linkinfo: { kind: 'vxlan', data: { group: '300.1.1.1' } } } });
    } catch (error) {
      expect((error as InvalidValueError).path).toEqual(['linkinfo', 'data', 'group']);
    }
    expect(() => requestCodec.encode({ attrs: { ifalias: 'a'.repeat(256) } })).toThrow(/ifalias/);
  });
});

/** A link as the kernel sends it. */
function linkPayload(index: number, attrs: Record<string, unknown>, header: Record<string, unknown> = {}): Uint8Array {
  return codec.encode({ header: { ifiIndex: index, ifiType: 1, ...header }, attrs: attrs as never });
}
const TABLE = [
  linkPayload(1, { ifname: 'lo', operstate: 0 }, { ifiType: 772, ifiFlags: ['loopback', 'up', 'running', 'lower-up'] }),
  linkPayload(4, { ifname: 'br0', operstate: 2, linkinfo: { kind: 'bridge', data: { stpState: 1 } } }, { ifiFlags: ['broadcast', 'multicast'] }),
  linkPayload(3, { ifname: 'v0', operstate: 6, master: 4, link: 2, linkinfo: { kind: 'veth', slaveKind: 'bridge' } }, { ifiFlags: ['up', 'broadcast', 'running', 'multicast', 'lower-up'] }),
  linkPayload(2, { ifname: 'v1', operstate: 6, link: 3, linkinfo: { kind: 'veth' } }, { ifiFlags: ['up', 'broadcast', 'running', 'multicast', 'lower-up'] }),
];

/** A fake kernel whose link dump ignores every filter (as a kernel without them would). */
function dumping() {
  return fakeRtnl({ lo: 1, v1: 2, v0: 3, br0: 4 }, (request, k) => ((request.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(request, TABLE) : undefined));
}
const dumpRequest = (requests: NetlinkMessage[]) => requests.find((m) => (m.flags & NLM_F_DUMP) === NLM_F_DUMP)!;

describe('list and stream', () => {
  it('the link object: ifinfomsg fields by name, then every attribute', async () => {
    const { rtnl } = dumping();
    const [lo, br0, v0] = await rtnl.links.list();
    expect(lo).toEqual({ index: 1, family: 'unspec', type: 'loopback', flags: ['up', 'loopback', 'running', 'lower-up'], ifname: 'lo', operstate: 'unknown' });
    expect(br0).toMatchObject({ index: 4, type: 'ether', operstate: 'down', linkinfo: { kind: 'bridge', data: { stpState: 1 } } });
    expect(v0).toMatchObject({ index: 3, operstate: 'up', master: 4, link: 2, linkinfo: { kind: 'veth', slaveKind: 'bridge' } });
    expect(Object.keys(v0!).slice(0, 4)).toEqual(['index', 'family', 'type', 'flags']);
  });

  it('numbers without a name stay numbers; attributes nobody declared are kept under UNKNOWN', async () => {
    const extra = Uint8Array.from([...linkPayload(9, { ifname: 'odd', operstate: 42 }, { ifiType: 9999, ifiFamily: 99, ifiFlags: 1 << 30 }), 8, 0, 200, 0, 1, 2, 3, 4]);
    const { rtnl } = fakeRtnl({}, (request, k) => ((request.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(request, [extra]) : undefined));
    const [odd] = await rtnl.links.list();
    expect(odd).toMatchObject({ index: 9, type: 9999, family: 99, flags: [1 << 30], operstate: 42 });
    expect(odd![UNKNOWN as keyof Link]).toEqual([{ type: 200, flags: 0, payload: Uint8Array.from([1, 2, 3, 4]) }] satisfies UnknownAttribute[]);
  });

  it('kind and master go into the dump request; the kernel ignoring them changes nothing', async () => {
    const { rtnl, kernel } = dumping();
    expect((await rtnl.links.list({ kind: 'bridge' })).map((l) => l.ifname)).toEqual(['br0']);
    expect(codec.decode(dumpRequest(kernel.requests).payload).attrs).toEqual({ linkinfo: { kind: 'bridge' } });
    const ports = dumping();
    expect((await ports.rtnl.links.list({ master: 'br0' })).map((l) => l.ifname)).toEqual(['v0']);
    // The master's name is looked up first (RTM_GETLINK), then the dump filters on its index.
    expect(ports.kernel.requests[0]!.type).toBe(18);
    expect(codec.decode(dumpRequest(ports.kernel.requests).payload).attrs).toEqual({ master: 4 });
  });

  it('master: null asks for links without a master (IFLA_MASTER -1)', async () => {
    const { rtnl, kernel } = dumping();
    expect((await rtnl.links.list({ master: null })).map((l) => l.ifname)).toEqual(['lo', 'br0', 'v1']);
    expect(codec.decode(dumpRequest(kernel.requests).payload).attrs.master).toBe(0xffff_ffff);
  });

  it('up, type and stats: filtered here, or an ext mask', async () => {
    const { rtnl, kernel } = dumping();
    expect((await rtnl.links.list({ up: true, type: 'ether' })).map((l) => l.ifname)).toEqual(['v0', 'v1']);
    expect((await rtnl.links.list({ up: false })).map((l) => l.ifname)).toEqual(['br0']);
    expect((await rtnl.links.list({ type: 772 })).map((l) => l.ifname)).toEqual(['lo']);
    await rtnl.links.list({ stats: false });
    const requests = kernel.requests.filter((m) => (m.flags & NLM_F_DUMP) === NLM_F_DUMP);
    expect(codec.decode(requests[0]!.payload).attrs).toEqual({});
    expect(codec.decode(requests.at(-1)!.payload).attrs).toEqual({ extMask: ['skip-stats'] });
    // The header of a dump request is all zeros (strict checking refuses anything else).
    expect([...requests[0]!.payload]).toEqual(new Array(16).fill(0));
  });

  it('stream yields what list returns', async () => {
    const { rtnl } = dumping();
    const streamed: Link[] = [];
    for await (const link of rtnl.links.stream({ kind: 'veth' })) streamed.push(link);
    expect(streamed).toEqual(await rtnl.links.list({ kind: 'veth' }));
  });
});

describe('get, delete, set: the requests', () => {
  it('get by name or by index; a missing one is NoSuchInterfaceError with the kernel error as cause', async () => {
    const { rtnl, kernel } = fakeRtnl({ v0: 3 });
    expect((await rtnl.links.get('v0')).index).toBe(3);
    expect((await rtnl.links.get(3)).ifname).toBe('v0');
    expect(codec.decode(kernel.requests[0]!.payload)).toMatchObject({ header: { ifiIndex: 0 }, attrs: { ifname: 'v0' } });
    expect(codec.decode(kernel.requests[1]!.payload)).toMatchObject({ header: { ifiIndex: 3 }, attrs: {} });
    const error = await rtnl.links.get('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchInterfaceError);
    expect((error as NoSuchInterfaceError).interface).toBe('nope');
    expect((error as Error).cause).toBeInstanceOf(NetlinkError);
  });

  it('delete by name lets the kernel look it up; by index', async () => {
    const { rtnl, kernel } = fakeRtnl({}, (request, k) => (request.type === 17 && codec.decode(request.payload).attrs.ifname === 'gone' ? k.error(request, 19) : undefined));
    await rtnl.links.delete('v0');
    await rtnl.links.delete(7);
    expect(kernel.requests.map((m) => [m.type, codec.decode(m.payload).header.ifiIndex, codec.decode(m.payload).attrs.ifname])).toEqual([
      [17, 0, 'v0'],
      [17, 7, undefined],
    ]);
    await expect(rtnl.links.delete('gone')).rejects.toBeInstanceOf(NoSuchInterfaceError);
  });

  it('set resolves the name, then changes the link by index (RTM_NEWLINK, as ip link set)', async () => {
    const { rtnl, changes } = fakeRtnl({ v0: 3, br0: 4 });
    await rtnl.links.set('v0', { name: 'uplink', up: false, master: 'br0', alias: null, netns: { pid: 1234 } });
    const [request] = changes();
    expect(request!.type).toBe(16);
    expect(request!.flags & (NLM_F_CREATE | NLM_F_EXCL)).toBe(0);
    expect(requestCodec.decode(request!.payload)).toMatchObject({ header: { ifiIndex: 3, ifiFlags: [], ifiChange: 1 }, attrs: { ifname: 'uplink', master: 4, ifalias: '', netNsPid: 1234 } });
  });

  it('set: nomaster is IFLA_MASTER 0, an open namespace fd is IFLA_NET_NS_FD, kind settings go in IFLA_LINKINFO', async () => {
    const { rtnl, changes } = fakeRtnl({ br0: 4 });
    await rtnl.links.set(5, { master: null, netns: { fd: 9 } });
    await rtnl.links.set('br0', { kind: 'bridge', stp: true, vlanProtocol: '802.1ad' });
    const [first, second] = changes().map((m) => requestCodec.decode(m.payload));
    expect(first).toMatchObject({ header: { ifiIndex: 5 }, attrs: { master: 0, netNsFd: 9 } });
    expect(second).toMatchObject({ header: { ifiIndex: 4 }, attrs: { linkinfo: { kind: 'bridge', data: { stpState: 1, vlanProtocol: 0x88a8 } } } });
  });

  it('create: CREATE|EXCL, then the new link read back by name', async () => {
    const { rtnl, kernel } = fakeRtnl({ eth0: 2 });
    const link = await rtnl.links.create({ name: 'vx0', kind: 'vxlan', vni: 42, port: 4789, group: 'ff05::1', local: 'fd00::1', dev: 'eth0', ttl: 3, learning: false, srcPortRange: { low: 1, high: 2 }, df: 'inherit' });
    expect(link.ifname).toBe('vx0');
    const create = kernel.requests.find((m) => m.type === 16)!;
    expect(create.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    expect(requestCodec.decode(create.payload).attrs.linkinfo).toEqual({
      kind: 'vxlan',
      data: { id: 42, link: 2, ttl: 3, learning: 0, portRange: { low: 1, high: 2 }, port: 4789, group6: 'ff05::1', local6: 'fd00::1', df: 'inherit' },
    });
    expect(kernel.requests.at(-1)!.type).toBe(18);
  });
});

describe('errors and call options', () => {
  it('a kernel refusal is a NetlinkError with the ext-ack text and the attribute it blames', async () => {
    const { rtnl } = fakeRtnl({ eth0: 2 }, (request, k) => {
      if (request.type !== 16) return undefined;
      // Blame IFLA_VLAN_ID: its header (6, 1) inside IFLA_INFO_DATA.
      const bytes = [...request.payload];
      const at = bytes.findIndex((_, i) => bytes[i] === 6 && bytes[i + 1] === 0 && bytes[i + 2] === 1 && bytes[i + 3] === 0 && i > 32);
      return k.error(request, 34, { message: 'VLAN id out of range', offset: 16 + at });
    });
    const error = await rtnl.links.create({ name: 'vl5', kind: 'vlan', link: 'eth0', id: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect(error).toMatchObject({ errnoName: 'ERANGE', extAckMessage: 'VLAN id out of range', attributePath: 'linkinfo.data.id' });
  });

  it('EEXIST comes back as the kernel said it', async () => {
    const { rtnl } = fakeRtnl({}, (request, k) => (request.type === 16 ? k.error(request, 17) : undefined));
    await expect(rtnl.links.create({ name: 'br0', kind: 'bridge' })).rejects.toMatchObject({ name: 'NetlinkError', errnoName: 'EEXIST' });
  });

  it('an aborted signal: AbortError, nothing sent', async () => {
    const { rtnl, kernel } = fakeRtnl({ v0: 3 });
    const controller = new AbortController();
    controller.abort('stop');
    for (const call of [
      () => rtnl.links.create({ name: 'br0', kind: 'bridge' }, { signal: controller.signal }),
      () => rtnl.links.set(3, { up: true }, { signal: controller.signal }),
      () => rtnl.links.delete(3, { signal: controller.signal }),
      () => rtnl.links.get(3, { signal: controller.signal }),
      () => rtnl.links.list({ master: 'v0' }, { signal: controller.signal }),
      () => rtnl.links.set('v0', { master: 'v0' }, { signal: controller.signal }),
      async () => {
        for await (const _ of rtnl.links.stream({ master: 'v0' }, { signal: controller.signal }));
      },
    ]) {
      await expect(call()).rejects.toBeInstanceOf(AbortError);
    }
    expect(kernel.requests).toEqual([]);
  });

  it('a timeout: TimeoutError when the kernel does not answer', async () => {
    const { rtnl } = fakeRtnl({}, () => []);
    await expect(rtnl.links.create({ name: 'br0', kind: 'bridge' }, { timeout: 30 })).rejects.toBeInstanceOf(TimeoutError);
  });
});

// linkinfo narrows on its kind (data) and on its master's kind (slaveData): a discriminated union.
function vxlanPort(link: Link): number | undefined {
  if (link.linkinfo?.kind === 'vxlan') {
    expectTypeOf(link.linkinfo.data).toEqualTypeOf<LinkKindData['vxlan'] | undefined>();
    return link.linkinfo.data?.port;
  }
  if (link.linkinfo?.kind === 'bridge') {
    // @ts-expect-error a bridge's data has no port
    return link.linkinfo.data?.port;
  }
  if (link.linkinfo?.slaveKind === 'bridge') {
    expectTypeOf(link.linkinfo.slaveData).toEqualTypeOf<LinkPortData['bridge'] | undefined>();
    return link.linkinfo.slaveData?.cost;
  }
  if (link.linkinfo?.kind === 'dummy') expectTypeOf(link.linkinfo.data).toEqualTypeOf<undefined>();
  return undefined;
}

describe('linkinfo narrows on the kind', () => {
  it('at run time too: the data of the kind the object says', () => {
    const link = { index: 5, family: 'unspec', type: 'ether', flags: [], linkinfo: { kind: 'vxlan', data: { port: 4789 } } } as Link;
    expect(vxlanPort(link)).toBe(4789);
    expect(vxlanPort({ ...link, linkinfo: { kind: 'bridge', slaveKind: 'bridge', slaveData: { cost: 3 } } } as Link)).toBeUndefined();
    expect(vxlanPort({ ...link, linkinfo: { slaveKind: 'bridge', slaveData: { cost: 3 } } } as Link)).toBe(3);
  });
});

// Type tests: tsc checks them (the typecheck step of `npm test`); at run time expectTypeOf does nothing,
// and the annotated constants only exist to be checked.
describe('types', () => {
  it('the link object and the options are typed from the declarations', () => {
    expectTypeOf<Link['index']>().toEqualTypeOf<number>();
    expectTypeOf<Link['operstate']>().toEqualTypeOf<Operstate | number | undefined>();
    expectTypeOf<Link['mtu']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Link['stats64']>().toMatchTypeOf<{ rxBytes: bigint } | undefined>();
    expectTypeOf<LinkKindData['vxlan']['port']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<LinkKindData['macvlan']['mode']>().toEqualTypeOf<'private' | 'vepa' | 'bridge' | 'passthru' | 'source' | number | undefined>();
    expectTypeOf<LinkKindData['bond']['mode']>().toEqualTypeOf<'balance-rr' | 'active-backup' | 'balance-xor' | 'broadcast' | '802.3ad' | 'balance-tlb' | 'balance-alb' | number | undefined>();
    expectTypeOf<LinkKindData['gre']['local']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Link['altnames']>().toEqualTypeOf<string[] | undefined>();
    const ok: LinkCreateOptions[] = [
      { name: 'vl5', kind: 'vlan', link: 'eth0', id: 5 },
      { name: 'v0', kind: 'veth', peer: { name: 'v1', netns: 'blue' } },
      { name: 'br0', kind: 'bridge', stp: true, up: true },
    ];
    // @ts-expect-error a vlan needs its id
    const noId: LinkCreateOptions = { name: 'vl5', kind: 'vlan', link: 'eth0' };
    // @ts-expect-error bridge options belong to bridges
    const wrongKind: LinkCreateOptions = { name: 'v0', kind: 'veth', stp: true };
    // @ts-expect-error kind settings need the kind
    const noKind: LinkSetOptions = { stp: true };
    const change: LinkSetOptions = { kind: 'bridge', stp: false, master: null, alias: null };
  });
});
