// Neighbour entries without a kernel: neighbourRequest (what neighbours.add/replace/delete/get check and
// send) as the plain function, and toNeighbour on literal RTM_NEWNEIGH payloads. Numbers from
// linux/neighbour.h: struct ndmsg (family u8, pad u8, pad u16, ifindex s32, state u16, flags u8, type u8),
// NUD_* (incomplete 0x01 … noarp 0x40, permanent 0x80), NTF_* (use 0x01, self 0x02, master 0x04, proxy 0x08,
// ext_learned 0x10, offloaded 0x20, sticky 0x40, router 0x80), NTF_EXT_* (managed 1, locked 2, ext_validated
// 4, in NDA_FLAGS_EXT), NDA_* ids (dst 1, lladdr 2, cacheinfo 3, ifindex 8, protocol 12, flags_ext 15).
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { neighbourMessage } from '../src/generated/rt-neigh.js';
import { neighbourFamily, neighbourRequest, stateMask, toNeighbour, type NeighbourSpec } from '../src/neighbour/shape.js';
import { refusal } from './helpers/refusal.js';

/** The message a spec gives, on interface 5. */
function message(spec: NeighbourSpec, purpose: 'create' | 'delete' | 'get' = 'create') {
  const { header, attrs } = neighbourRequest(spec, purpose).build(5);
  return { header: header!, attrs: { ...attrs } };
}
const argumentOf = (spec: NeighbourSpec, purpose: 'create' | 'delete' | 'get' = 'create') => refusal(() => neighbourRequest(spec, purpose)).argument;

describe('neighbourFamily', () => {
  it('given by name or number, else from dst (IPv6 if it has a colon), else bridge when there is only lladdr', () => {
    expect(neighbourFamily({ family: 7, lladdr: '02:00:00:00:00:01' })).toBe('bridge');
    expect(neighbourFamily({ family: 10, dst: 'fd00::1' })).toBe('inet6');
    expect(neighbourFamily({ family: 2 })).toBe('inet');
    expect(neighbourFamily({ family: 'bridge', dst: 'fd00::1' })).toBe('bridge');
    expect(neighbourFamily({ dst: 'fd00::1' })).toBe('inet6');
    expect(neighbourFamily({ dst: '10.0.0.1' })).toBe('inet');
    expect(neighbourFamily({ dst: '10.0.0.1', lladdr: '02:00:00:00:00:01' })).toBe('inet');
    expect(neighbourFamily({ lladdr: '02:00:00:00:00:01' })).toBe('bridge');
  });

  it('refuses other families, a dst of the other family, and a spec with no address', () => {
    expect(refusal(() => neighbourFamily({ family: 99 })).message).toBe('neighbour.family: 99 is not a neighbour family (inet, inet6, bridge)');
    expect(refusal(() => neighbourFamily({ family: 'unix' }, 'n')).message).toBe('n.family: "unix" is not a neighbour family (inet, inet6, bridge)');
    expect(refusal(() => neighbourFamily({ family: 'inet', dst: 'fd00::1' })).message).toBe('neighbour.dst: fd00::1 is not an IPv4 address');
    expect(refusal(() => neighbourFamily({ family: 'inet6', dst: '10.0.0.1' })).message).toBe('neighbour.dst: 10.0.0.1 is not an IPv6 address');
    expect(refusal(() => neighbourFamily({})).message).toMatch(/^neighbour\.dst: a neighbour needs an IP address \(dst\)/);
  });
});

describe('stateMask', () => {
  it('a name or a list of names, OR-ed', () => {
    expect(stateMask('reachable')).toBe(0x02);
    expect(stateMask(['noarp', 'permanent'])).toBe(0xc0);
    expect(stateMask(['none'])).toBe(0);
    expect(stateMask([])).toBe(0);
  });

  it('refuses anything else, naming the argument', () => {
    expect(refusal(() => stateMask(2 as never, 'filter.state')).message).toBe('filter.state: expected a state name or a list of them, got number');
    expect(refusal(() => stateMask(['stale', 4 as never])).message).toMatch(/^state: unknown neighbour state 4; expected none, incomplete, reachable/);
  });
});

describe('neighbourRequest', () => {
  it('the header: family, the resolved ifindex, state, flags, type 0', () => {
    expect(message({ interface: 'eth0', dst: '10.0.0.1', lladdr: '02:00:00:00:00:01', state: 'reachable', flags: ['router'] })).toEqual({
      header: { ndmFamily: 2, ndmIfindex: 5, ndmState: 0x02, ndmFlags: 0x80, ndmType: 0 },
      attrs: { dst: '10.0.0.1', lladdr: '02:00:00:00:00:01' },
    });
    expect(neighbourRequest({ interface: 'eth0', dst: 'fd00::1' }, 'create')).toMatchObject({ family: 10, interface: 'eth0' });
    expect(neighbourRequest({ ifindex: 9, dst: 'fd00::1' }, 'get').interface).toBe(9);
    expect(neighbourRequest({ interface: 3, ifindex: 9, dst: 'fd00::1' }, 'get').interface).toBe(3);
  });

  it('default states: permanent (ip neigh add), a proxy entry too (ip neigh add proxy), noarp|permanent for the FDB (bridge fdb add)', () => {
    expect(message({ interface: 1, dst: '10.0.0.1' }).header.ndmState).toBe(0x80);
    expect(message({ interface: 1, dst: '10.0.0.1', flags: ['proxy'] }).header).toMatchObject({ ndmState: 0x80, ndmFlags: 0x08 });
    expect(message({ interface: 1, lladdr: '02:00:00:00:00:01' }).header).toMatchObject({ ndmFamily: 7, ndmState: 0xc0 });
    // A managed entry none (ip neigh add … managed; the kernel refuses a permanent managed entry), unless given.
    expect(message({ interface: 1, dst: '10.0.0.1', flags: ['managed'] })).toMatchObject({ header: { ndmState: 0 }, attrs: { flagsExt: 1 } });
    expect(message({ interface: 1, dst: '10.0.0.1', flags: ['managed'], state: 'reachable' }).header.ndmState).toBe(0x02);
  });

  it('delete: the key and a state (the one given, else ip\'s default: a device\'s own FDB entry needs NUD_PERMANENT) and the self/master/proxy flags', () => {
    expect(message({ interface: 1, dst: '10.0.0.1', flags: ['router'], protocol: 'static', port: 80, vni: 1 }, 'delete').header.ndmState).toBe(0x80);
    expect(message({ interface: 1, dst: '10.0.0.1', state: 'stale', flags: ['router', 'managed'], protocol: 'static', port: 80, vni: 1 }, 'delete')).toStrictEqual({
      header: { ndmFamily: 2, ndmIfindex: 5, ndmState: 0x04, ndmFlags: 0, ndmType: 0 },
      attrs: { dst: '10.0.0.1' },
    });
    expect(message({ interface: 1, lladdr: '02:00:00:00:00:01', flags: ['self', 'sticky'], vlan: 10, port: 4789 }, 'delete')).toStrictEqual({
      header: { ndmFamily: 7, ndmIfindex: 5, ndmState: 0xc0, ndmFlags: 0x02, ndmType: 0 },
      attrs: { lladdr: '02:00:00:00:00:01', vlan: 10, port: 4789 },
    });
    expect(message({ interface: 1, lladdr: '02:00:00:00:00:01', state: 'noarp', flags: ['master', 'proxy'] }, 'delete').header).toMatchObject({ ndmState: 0x40, ndmFlags: 0x0c });
    expect(message({ interface: 1, dst: '10.0.0.1', state: 'stale' }, 'get').header.ndmState).toBe(0);
    expect(message({ interface: 1, lladdr: '02:00:00:00:00:01', vlan: 3 }, 'get')).toStrictEqual({
      header: { ndmFamily: 7, ndmIfindex: 5, ndmState: 0, ndmFlags: 0, ndmType: 0 },
      attrs: { lladdr: '02:00:00:00:00:01', vlan: 3 },
    });
    // An ARP or NDP entry created with FDB-style attributes sends them (the kernel decides).
    expect(message({ interface: 1, dst: '10.0.0.1', port: 80, vni: 5 }).attrs).toStrictEqual({ dst: '10.0.0.1', port: 80, vni: 5 });
  });

  it('flags: names, the kernel\'s spellings, and unnamed ndm_flags bits as numbers; NTF_EXT_* go in NDA_FLAGS_EXT', () => {
    expect(message({ interface: 1, dst: '10.0.0.1', flags: ['extern_learn', 'use', 0x40] }).header.ndmFlags).toBe(0x51);
    expect(message({ interface: 1, dst: '10.0.0.1', flags: ['ext-learned' as never, 0x80, 1] }).header.ndmFlags).toBe(0x91);
    expect(message({ interface: 1, dst: '10.0.0.1', flags: ['managed', 'ext_validated' as never, 'locked'] })).toMatchObject({ header: { ndmFlags: 0 }, attrs: { flagsExt: 0x7 } });
    expect(message({ interface: 1, dst: '10.0.0.1' }).attrs.flagsExt).toBeUndefined();
    for (const bad of [0, 0x100, 1.5, -1]) expect(argumentOf({ interface: 1, dst: '10.0.0.1', flags: [bad] }), String(bad)).toBe('neighbour.flags');
    expect(refusal(() => neighbourRequest({ interface: 1, dst: '10.0.0.1', flags: 'router' as never }, 'create')).message).toBe('neighbour.flags: expected a list of flag names, got string');
    expect(refusal(() => neighbourRequest({ interface: 1, dst: '10.0.0.1', flags: ['loud' as never] }, 'create')).message).toMatch(/^neighbour\.flags: unknown neighbour flag "loud"; expected some of use, self, master/);
  });

  it('FDB attributes within their ranges: vlan 1..4094, port u16, vni and srcVni 24 bits, viaIfindex, nhId', () => {
    const fdb = { interface: 1, lladdr: '02:00:00:00:00:01' } as const;
    expect(message({ ...fdb, vlan: 4094, port: 0xffff, vni: 0xff_ffff, srcVni: 0, viaIfindex: 0x7fff_ffff, nhId: 2 ** 32 - 1 }).attrs).toEqual({
      lladdr: '02:00:00:00:00:01', vlan: 4094, port: 0xffff, vni: 0xff_ffff, srcVni: 0, ifindex: 0x7fff_ffff, nhId: 2 ** 32 - 1,
    });
    expect(message({ ...fdb, vlan: 1, nhId: 1, viaIfindex: 1 }).attrs).toMatchObject({ vlan: 1, nhId: 1, ifindex: 1 });
    const bad: [NeighbourSpec, string][] = [
      [{ ...fdb, vlan: 0 }, 'vlan'], [{ ...fdb, vni: 0x100_0000 }, 'vni'], [{ ...fdb, srcVni: -1 }, 'srcVni'], [{ ...fdb, srcVni: 0x100_0000 }, 'srcVni'],
      [{ ...fdb, viaIfindex: 0 }, 'viaIfindex'], [{ ...fdb, nhId: 0 }, 'nhId'], [{ ...fdb, nhId: 2 ** 32 }, 'nhId'], [{ ...fdb, port: -1 }, 'port'],
    ];
    for (const [spec, argument] of bad) expect(argumentOf(spec)).toBe(`neighbour.${argument}`);
  });

  it('a VXLAN FDB entry\'s dst is IPv4 or IPv6', () => {
    expect(message({ interface: 1, family: 'bridge', lladdr: '02:00:00:00:00:01', dst: 'fd00::9' }).attrs.dst).toBe('fd00::9');
    expect(message({ interface: 1, family: 'bridge', lladdr: '02:00:00:00:00:01', dst: '192.0.2.9' }).attrs.dst).toBe('192.0.2.9');
    expect(argumentOf({ interface: 1, family: 'bridge', lladdr: '02:00:00:00:00:01', dst: '192.0.2.300' })).toBe('neighbour.dst');
  });

  it('protocol on create: a name or 0..255', () => {
    expect(message({ interface: 1, dst: '10.0.0.1', protocol: 255 }).attrs.protocol).toBe(255);
    expect(message({ interface: 1, dst: '10.0.0.1', protocol: 'zebra' }).attrs.protocol).toBe(11);
    expect(argumentOf({ interface: 1, dst: '10.0.0.1', protocol: 256 })).toBe('neighbour.protocol');
    expect(refusal(() => neighbourRequest({ interface: 1, dst: '10.0.0.1', protocol: {} as never }, 'create')).message).toBe('neighbour.protocol: unknown protocol {}; expected a name of ROUTE_PROTOCOLS or 0..255');
  });

  it('refuses what is not a spec, an interface or an address, with the reason', () => {
    expect(refusal(() => neighbourRequest(null as never, 'create')).message).toBe('neighbour: expected a neighbour object, got null');
    expect(refusal(() => neighbourRequest(7 as never, 'get', 'n')).message).toBe('n: expected a neighbour object, got number');
    expect(refusal(() => neighbourRequest({ dst: '10.0.0.1' }, 'create')).message).toBe('neighbour.interface: a neighbour entry is on an interface: give its name or index');
    expect(refusal(() => neighbourRequest({ interface: {} as never, dst: '10.0.0.1' }, 'create')).message).toBe('neighbour.interface: expected an interface name or index, got object');
    expect(refusal(() => neighbourRequest({ interface: 1, dst: 7 as never, family: 'inet' }, 'create')).message).toBe('neighbour.dst: expected an IP address string, got number');
    expect(refusal(() => neighbourRequest({ interface: 1, dst: 'x' }, 'create')).message).toBe('neighbour.dst: "x" is not an IP address');
    expect(refusal(() => neighbourRequest({ interface: 1, family: 'inet6', dst: '::ffff:10.0.0.1' as never, lladdr: 5 as never }, 'create')).message).toBe('neighbour.lladdr: expected a link-layer address like "aa:bb:cc:dd:ee:ff", got number');
    expect(refusal(() => neighbourRequest({ interface: 1, dst: '10.0.0.1', lladdr: 'zz' }, 'create')).message).toBe('neighbour.lladdr: "zz" is not a link-layer address');
    expect(refusal(() => neighbourRequest({ interface: 1, family: 'inet', lladdr: '02:00:00:00:00:01' }, 'create')).message).toBe('neighbour.dst: an ARP or NDP entry needs its IP address (dst)');
    expect(refusal(() => neighbourRequest({ interface: 1, family: 'bridge' }, 'create')).message).toBe('neighbour.lladdr: a bridge FDB entry needs its link-layer address (lladdr)');
  });
});

describe.runIf(endianness() === 'LE')('toNeighbour', () => {
  const codec = compileMessage(neighbourMessage);
  const neighbour = (...parts: number[][]) => toNeighbour(codec.decode(Uint8Array.from(parts.flat())));

  it('one state name, the strongest of the bits set; every bit in states; unnamed bits as numbers', () => {
    // ndmsg: AF_INET, ifindex 3, state NUD_STALE|NUD_DELAY|0x100, flags 0, type RTN_UNICAST.
    expect(neighbour([2, 0, 0, 0, 3, 0, 0, 0, 0x0c, 0x01, 0, 1])).toStrictEqual({ family: 'inet', ifindex: 3, state: 'stale', states: ['stale', 'delay', 0x100], flags: [], type: 'unicast' });
    expect(neighbour([2, 0, 0, 0, 3, 0, 0, 0, 0x22, 0x00, 0, 1])).toMatchObject({ state: 'reachable', states: ['reachable', 'failed'] });
    expect(neighbour([2, 0, 0, 0, 3, 0, 0, 0, 0x30, 0x00, 0, 1])).toMatchObject({ state: 'probe', states: ['probe', 'failed'] });
    expect(neighbour([2, 0, 0, 0, 3, 0, 0, 0, 0x21, 0x00, 0, 1])).toMatchObject({ state: 'failed', states: ['incomplete', 'failed'] });
    expect(neighbour([2, 0, 0, 0, 3, 0, 0, 0, 0x00, 0x02, 0, 1])).toMatchObject({ state: 'none', states: [0x200] });
    expect(neighbour([2, 0, 0, 0, 3, 0, 0, 0, 0x00, 0x00, 0, 1])).toMatchObject({ state: 'none', states: [] });
    expect(neighbour([10, 0, 0, 0, 3, 0, 0, 0, 0xc0, 0x00, 0, 1])).toMatchObject({ family: 'inet6', state: 'permanent', states: ['noarp', 'permanent'] });
  });

  it('ndm_flags and NDA_FLAGS_EXT as one list of names (NTF_EXT_* after the NTF_* ones)', () => {
    // flags NTF_USE|NTF_PROXY|NTF_OFFLOADED|NTF_ROUTER (0xa9); NDA_FLAGS_EXT managed|ext_validated (5).
    const n = neighbour([10, 0, 0, 0, 3, 0, 0, 0, 0x02, 0x00, 0xa9, 1], [8, 0, 15, 0, 5, 0, 0, 0]);
    expect(n.flags).toEqual(['use', 'proxy', 'offloaded', 'router', 'managed', 'ext-validated']);
  });

  it('NDA_DST as an address (no table has other lengths: a 6-byte one is a DecodeError); NDA_IFINDEX as viaIfindex; cacheinfo and protocol', () => {
    const header = [7, 0, 0, 0, 4, 0, 0, 0, 0x80, 0x00, 0x02, 0];
    expect(() => neighbour(header, [10, 0, 1, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0, 0])).toThrow(expect.objectContaining({ name: 'DecodeError', path: ['dst'] }));
    const n = neighbour(
      header,
      [8, 0, 1, 0, 192, 0, 2, 1], // NDA_DST 192.0.2.1
      [8, 0, 8, 0, 9, 0, 0, 0], // NDA_IFINDEX 9
      [20, 0, 3, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0], // NDA_CACHEINFO
      [5, 0, 12, 0, 77, 0, 0, 0], // NDA_PROTOCOL 77 (no name)
    );
    expect(n).toStrictEqual({
      family: 'bridge', ifindex: 4, state: 'permanent', states: ['permanent'], flags: ['self'], type: 'unspec',
      dst: '192.0.2.1', viaIfindex: 9, cacheinfo: { confirmed: 1, used: 2, updated: 3, refcnt: 4 }, protocol: 77,
    });
    expect('ifindex' in n && n.ifindex).toBe(4);
    const v6 = neighbour([10, 0, 0, 0, 4, 0, 0, 0, 0x02, 0x00, 0, 1], [20, 0, 1, 0, 0xfe, 0x80, ...new Array(13).fill(0), 7], [5, 0, 12, 0, 3, 0, 0, 0]);
    expect(v6).toMatchObject({ dst: 'fe80::7', protocol: 'boot' });
  });
});
