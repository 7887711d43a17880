// Real rtnetlink bytes captured by the pyroute2 project (fixtures/pyroute2, see its SOURCE.md), decoded with
// the declarations generated from the kernel's YNL specs, compared with pyroute2's own decode (nl0.json,
// the .dump files' JSON) and re-encoded byte for byte.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { fixture } from '@linx/test-kit';
import { describe, expect, it } from 'vitest';
import { compileMessage, UNKNOWN } from '@linx/netlink-codec';
import { parseMessages, type NetlinkMessage } from '@linx/netlink-wire';
import { readCaptureArray } from '@linx/netlink-wire/capture';
import { rtAddr, rtLink } from '../src/protocol.js';

// Found by walking up (see fixture()): Stryker runs these tests from a copy deeper in the tree.
const FIXTURES = pathToFileURL(`${fixture('pyroute2', import.meta.url)}/`);
const link = compileMessage(rtLink.linkMessage);
const addr = compileMessage(rtAddr.addrMessage);

/** The bytes of a .dump file: `\xNN` escapes or `NN:NN:…` hex, `#` comments, up to the JSON part. */
function parseDump(text: string): { bytes: Uint8Array; json: unknown } {
  const [hexPart, jsonPart] = text.split(/^#: application\/json$/m) as [string, string | undefined];
  const bytes: number[] = [];
  for (const line of hexPart.split('\n')) {
    const code = line.replace(/#.*$/, '');
    for (const m of code.matchAll(/\\x([0-9a-fA-F]{2})|\b([0-9a-fA-F]{2})(?=:|\s*$)/g)) bytes.push(parseInt(m[1] ?? m[2]!, 16));
  }
  return { bytes: Uint8Array.from(bytes), json: jsonPart === undefined ? undefined : JSON.parse(jsonPart) };
}

type PyAttrs = [string, unknown][];
interface PyMessage {
  data: { attrs: PyAttrs; family?: number; index?: number; flags?: number; ifi_type?: number; prefixlen?: number; scope?: number };
  'pcap header': string;
}
const pyAttr = (attrs: PyAttrs, name: string) => attrs.find(([n]) => n === name)?.[1];
const OPERSTATE: Record<string, number> = { UNKNOWN: 0, NOTPRESENT: 1, DOWN: 2, LOWERLAYERDOWN: 3, TESTING: 4, DORMANT: 5, UP: 6 };

describe('nl0.pcap: a link dump and an address dump (iproute2 talking to the kernel, captured on nlmon)', () => {
  const packets = readCaptureArray(new Uint8Array(readFileSync(new URL('nl0.pcap', FIXTURES)))).filter((p) => p.protocol === 0);
  const messages = packets.flatMap((p) => p.messages);
  const reference = JSON.parse(readFileSync(new URL('nl0.json', FIXTURES), 'utf8')) as PyMessage[];
  const codecOf = (m: NetlinkMessage) =>
    (Object.values(rtLink.linkMessage.types) as number[]).includes(m.type) ? link : (Object.values(rtAddr.addrMessage.types) as number[]).includes(m.type) ? addr : undefined;

  it('holds RTM_GETLINK, 11 RTM_NEWLINK, RTM_GETADDR, 9 RTM_NEWADDR (and two NLMSG_DONE)', () => {
    const count = (type: number) => messages.filter((m) => m.type === type).length;
    expect([count(18), count(16), count(22), count(20), count(3)]).toEqual([1, 11, 1, 9, 2]);
  });

  it('every message decodes and re-encodes byte for byte', () => {
    let checked = 0;
    for (const m of messages) {
      const codec = codecOf(m);
      if (!codec) continue;
      const value = codec.decode(m.payload);
      expect(codec.encode(value as never)).toEqual(m.payload);
      checked++;
    }
    expect(checked).toBe(22);
  });

  it('the RTM_GETLINK request carries only a 4-byte rtgenmsg-sized header: decoded as a short ifinfomsg, written back as 4 bytes', () => {
    const request = messages.find((m) => m.type === 18)!;
    expect(request.payload.length).toBe(4);
    const value = link.decode(request.payload);
    expect(value.header).toEqual({ ifiFamily: 0, ifiType: 0 });
    expect(value.attrs).toEqual({});
    expect(link.encode(value)).toEqual(request.payload);
  });

  it('the links match pyroute2: names, MTUs, addresses, operstate, qdisc, stats, map, kinds', () => {
    const links = messages.filter((m) => m.type === 16).map((m) => link.decode(m.payload));
    const byName = new Map(links.map((l) => [l.attrs.ifname, l]));
    for (const ref of reference.filter((r) => r.data?.attrs && r.data.ifi_type !== undefined)) {
      const attrs = ref.data.attrs;
      const ours = byName.get(pyAttr(attrs, 'IFLA_IFNAME') as string)!;
      expect(ours, pyAttr(attrs, 'IFLA_IFNAME') as string).toBeDefined();
      expect(ours.header).toMatchObject({ ifiFamily: ref.data.family, ifiType: ref.data.ifi_type, ifiIndex: ref.data.index });
      // ifi_flags as names: IFF_UP 1, IFF_LOOPBACK 8, IFF_RUNNING 64, IFF_MULTICAST 4096, IFF_LOWER_UP 65536 …
      const flags = ours.header.ifiFlags.reduce<number>((mask, f) => mask | (typeof f === 'number' ? f : rtLink.ifinfoFlagsValues[f]), 0);
      expect(flags).toBe(ref.data.flags);
      expect(ours.attrs.mtu).toBe(pyAttr(attrs, 'IFLA_MTU'));
      expect(ours.attrs.txqlen).toBe(pyAttr(attrs, 'IFLA_TXQLEN'));
      expect(ours.attrs.operstate).toBe(OPERSTATE[pyAttr(attrs, 'IFLA_OPERSTATE') as string]);
      expect(ours.attrs.qdisc).toBe(pyAttr(attrs, 'IFLA_QDISC'));
      expect(ours.attrs.address).toBe(pyAttr(attrs, 'IFLA_ADDRESS'));
      expect(ours.attrs.broadcast).toBe(pyAttr(attrs, 'IFLA_BROADCAST'));
      expect(ours.attrs.carrier).toBe(pyAttr(attrs, 'IFLA_CARRIER'));
      expect(ours.attrs.numTxQueues).toBe(pyAttr(attrs, 'IFLA_NUM_TX_QUEUES'));
      expect(ours.attrs.gsoMaxSize).toBe(pyAttr(attrs, 'IFLA_GSO_MAX_SIZE'));
      expect(ours.attrs.tsoMaxSize).toBe(pyAttr(attrs, 'IFLA_TSO_MAX_SIZE'));
      expect(ours.attrs.carrierDownCount).toBe(pyAttr(attrs, 'IFLA_CARRIER_DOWN_COUNT'));
      const stats64 = pyAttr(attrs, 'IFLA_STATS64') as Record<string, number>;
      expect(ours.attrs.stats64?.rxPackets).toBe(BigInt(stats64.rx_packets!));
      expect(ours.attrs.stats64?.txBytes).toBe(BigInt(stats64.tx_bytes!));
      expect(ours.attrs.stats?.rxBytes).toBe((pyAttr(attrs, 'IFLA_STATS') as Record<string, number>).rx_bytes);
      const map = pyAttr(attrs, 'IFLA_MAP') as Record<string, number>;
      expect(ours.attrs.map).toEqual({ memStart: BigInt(map.mem_start!), memEnd: BigInt(map.mem_end!), baseAddr: BigInt(map.base_addr!), irq: map.irq, dma: map.dma, port: map.port });
      const linkinfo = pyAttr(attrs, 'IFLA_LINKINFO') as { attrs: PyAttrs } | undefined;
      expect(ours.attrs.linkinfo?.kind).toBe(linkinfo ? pyAttr(linkinfo.attrs, 'IFLA_INFO_KIND') : undefined);
    }
    expect(byName.get('lo')?.attrs.mtu).toBe(65536);
    expect(byName.get('virbr1')?.attrs.address).toBe('52:54:00:9e:4d:b4');
  });

  it('decodes what pyroute2 leaves UNKNOWN or raw: AF_MCTP in IFLA_AF_SPEC, IFLA_DEVLINK_PORT, inet6 devconf', () => {
    const lo = messages.filter((m) => m.type === 16).map((m) => link.decode(m.payload)).find((l) => l.attrs.ifname === 'lo')!;
    expect(lo.attrs.afSpec?.mctp).toEqual({ net: 1 });
    expect(lo.attrs.afSpec?.inet?.conf?.length).toBeGreaterThan(20);
    expect(lo.attrs.afSpec?.inet6?.conf?.length).toBeGreaterThan(40);
    expect(lo.attrs.afSpec?.inet6?.cacheinfo).toMatchObject({ maxReasmLen: 65535 });
    expect(lo.attrs.devlinkPort).toBeInstanceOf(Uint8Array);
    expect(lo.attrs.xdp).toEqual({ attached: 0 });
    expect((lo.attrs as Record<symbol, unknown>)[UNKNOWN]).toBeUndefined();
  });

  it('the bridge and the gretap: their IFLA_INFO_DATA decodes by kind', () => {
    const links = messages.filter((m) => m.type === 16).map((m) => link.decode(m.payload));
    const bridge = links.find((l) => l.attrs.ifname === 'virbr1')!;
    const data = bridge.attrs.linkinfo?.data as { helloTimer?: bigint; stpState?: number; groupAddr?: string; rootId?: { prio: number; addr: Uint8Array } };
    const refBridge = pyAttr((pyAttr(reference[2]!.data.attrs, 'IFLA_LINKINFO') as { attrs: PyAttrs }).attrs, 'IFLA_INFO_DATA') as { attrs: PyAttrs };
    expect(data.helloTimer).toBe(BigInt(pyAttr(refBridge.attrs, 'IFLA_BR_HELLO_TIMER') as number));
    expect(data.stpState).toBe(pyAttr(refBridge.attrs, 'IFLA_BR_STP_STATE'));
    expect(data.groupAddr).toBe(pyAttr(refBridge.attrs, 'IFLA_BR_GROUP_ADDR'));
    expect(data.rootId?.addr).toBeInstanceOf(Uint8Array);
    const gretap = links.find((l) => l.attrs.ifname === 'gretap0')!;
    expect(gretap.attrs.linkinfo?.kind).toBe('gretap');
    const gre = gretap.attrs.linkinfo?.data as { link?: number; iflags?: string[]; local?: string; remote?: string; ttl?: number };
    const refGre = pyAttr((pyAttr(reference[3]!.data.attrs, 'IFLA_LINKINFO') as { attrs: PyAttrs }).attrs, 'IFLA_INFO_DATA') as { attrs: PyAttrs };
    expect(gre.link).toBe(pyAttr(refGre.attrs, 'IFLA_GRE_LINK'));
    expect(gre.ttl).toBe(pyAttr(refGre.attrs, 'IFLA_GRE_TTL'));
    expect(gre.local).toBe(pyAttr(refGre.attrs, 'IFLA_GRE_LOCAL'));
  });

  it('the addresses match pyroute2: family, prefix length, scope, index, address, label, cacheinfo, flags', () => {
    const addrs = messages.filter((m) => m.type === 20).map((m) => addr.decode(m.payload));
    for (const ref of reference.filter((r) => r.data?.attrs && r.data.prefixlen !== undefined)) {
      const address = pyAttr(ref.data.attrs, 'IFA_ADDRESS') as string;
      const ours = addrs.find((a) => a.attrs.address === address && a.header.ifaIndex === ref.data.index)!;
      expect(ours, address).toBeDefined();
      expect(ours.header).toMatchObject({ ifaFamily: ref.data.family, ifaPrefixlen: ref.data.prefixlen, ifaScope: ref.data.scope, ifaIndex: ref.data.index });
      expect(ours.attrs.label).toBe(pyAttr(ref.data.attrs, 'IFA_LABEL'));
      const flags = (ours.attrs.flags ?? []).reduce<number>((mask, f) => mask | (typeof f === 'number' ? f : rtAddr.ifaFlagsValues[f]), 0);
      expect(flags).toBe(pyAttr(ref.data.attrs, 'IFA_FLAGS'));
      const cache = pyAttr(ref.data.attrs, 'IFA_CACHEINFO') as Record<string, number>;
      expect(ours.attrs.cacheinfo).toEqual({ ifaPrefered: cache.ifa_preferred, ifaValid: cache.ifa_valid, cstamp: cache.cstamp, tstamp: cache.tstamp });
    }
    expect(addrs.map((a) => a.attrs.label).filter(Boolean)).toContain('lo');
  });
});

describe('addrmsg_ipv4.dump: one RTM_NEWADDR (lo, 127.0.0.1/8)', () => {
  const { bytes, json } = parseDump(readFileSync(new URL('addrmsg_ipv4.dump', FIXTURES), 'utf8'));
  const [message] = parseMessages(bytes);
  const [ref] = json as [{ attrs: PyAttrs; family: number; prefixlen: number; scope: number; index: number; flags: number }];

  it('decodes as pyroute2 does and re-encodes byte for byte', () => {
    expect(message!.type).toBe(20);
    const value = addr.decode(message!.payload);
    expect(value.header).toEqual({ ifaFamily: ref.family, ifaPrefixlen: ref.prefixlen, ifaFlags: ['permanent'], ifaScope: ref.scope, ifaIndex: ref.index });
    expect(value.attrs.address).toBe(pyAttr(ref.attrs, 'IFA_ADDRESS'));
    expect(value.attrs.local).toBe(pyAttr(ref.attrs, 'IFA_LOCAL'));
    expect(value.attrs.label).toBe('lo');
    expect(value.attrs.flags).toEqual(['permanent']);
    expect(value.attrs.cacheinfo).toEqual({ ifaPrefered: 0xffffffff, ifaValid: 0xffffffff, cstamp: 261, tstamp: 261 });
    expect(addr.encode(value)).toEqual(message!.payload);
  });
});

describe('gre_01.dump: `ip link add mgre0 type gre local 192.168.122.1 remote 192.168.122.60 ttl 16`', () => {
  const { bytes } = parseDump(readFileSync(new URL('gre_01.dump', FIXTURES), 'utf8'));
  const [request, ack] = parseMessages(bytes);

  it('is an RTM_NEWLINK request and its ACK', () => {
    expect(request!.type).toBe(rtLink.linkMessage.types.newlink);
    expect(ack!.type).toBe(2);
  });

  it('the gre info data decodes by kind: local, remote, ttl, pmtudisc, keys and flags in network order', () => {
    const value = link.decode(request!.payload);
    expect(value.attrs.ifname).toBe('mgre0');
    expect(value.attrs.linkinfo?.kind).toBe('gre');
    const data = value.attrs.linkinfo?.data as Record<string, unknown>;
    // IPv4 text: a gre tunnel's endpoints are IPv4 (a ynl-gen fix; the spec says ipv4-or-v6 bytes).
    expect(data).toMatchObject({ local: '192.168.122.1', remote: '192.168.122.60', ttl: 16, tos: 0, pmtudisc: 1, ikey: 0, okey: 0, iflags: [], oflags: [] });
  });

  it('re-encodes byte for byte (u8 attributes padded to 4, the kind with its NUL)', () => {
    const value = link.decode(request!.payload);
    expect(link.encode(value)).toEqual(request!.payload);
  });

  it('the same request built from a plain object decodes to the same values', () => {
    const bytes = link.encode({
      header: {},
      attrs: {
        ifname: 'mgre0',
        linkinfo: {
          kind: 'gre',
          data: { ikey: 0, okey: 0, iflags: [], oflags: [], local: '192.168.122.1', remote: '192.168.122.60', pmtudisc: 1, ttl: 16, tos: 0 },
        },
      },
    });
    const again = link.decode(bytes);
    expect(again.attrs.linkinfo?.data).toEqual(link.decode(request!.payload).attrs.linkinfo?.data);
  });
});
