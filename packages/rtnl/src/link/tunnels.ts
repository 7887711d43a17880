/**
 * The IP tunnel kinds linx creates: gre/gretap (IFLA_GRE_*), ip6gre/ip6gretap (the same attributes, IPv6
 * endpoints), ipip and sit (IFLA_IPTUN_*), ip6tnl, and geneve (IFLA_GENEVE_*). Options are named as `ip link
 * add … type KIND` names them; each kind's `iproute2Defaults` is what iproute2 6.1's gre/iptunnel/ip6tunnel/
 * geneve parsers send on create although it was not asked for (read from their request bytes, see
 * test/helpers/iproute2-link-kinds.ts), so that linx's creates are iproute2's bytes.
 */
import { InvalidArgumentError, type InterfaceRef } from '../shared/arguments.js';
import { U16, U32, U8, checkBoolean, checkIp, checkName } from './checks.js';
import { flag01, orNothing, put, uint, type Data, type KindHandler } from './kind-handler.js';

/** Shared by every tunnel kind. */
interface TunnelCommonOptions {
  /** The remote endpoint. */
  remote?: string;
  /** The local endpoint. */
  local?: string;
  /** The device to send through (IFLA_*_LINK, `dev`). */
  dev?: InterfaceRef;
  fwmark?: number;
  /** Collect metadata (`external`): endpoints and keys come from the route or the BPF program. */
  external?: boolean;
}

/** gre and gretap. */
export interface LinkGreOptions extends TunnelCommonOptions {
  ttl?: number;
  tos?: number;
  /** The key both ways (`key`), or each way (`ikey`, `okey`): a number. */
  key?: number;
  ikey?: number;
  okey?: number;
  /** Checksums both ways (`csum`), or each way. */
  csum?: boolean;
  icsum?: boolean;
  ocsum?: boolean;
  /** Sequence numbers both ways (`seq`), or each way. */
  seq?: boolean;
  iseq?: boolean;
  oseq?: boolean;
  /** Path MTU discovery (on unless false: `nopmtudisc`). */
  pmtudisc?: boolean;
  ignoreDf?: boolean;
}

/** ip6gre and ip6gretap. */
export interface LinkIp6greOptions extends Omit<LinkGreOptions, 'ttl' | 'tos' | 'pmtudisc' | 'ignoreDf'> {
  /** Hop limit (64 unless given). */
  hoplimit?: number;
  /** Tunnel encapsulation limit: a number (4 unless given), or 'none'. */
  encapLimit?: number | 'none';
  /** The traffic class, 0..255. */
  tclass?: number;
  /** The flow label, 0..0xfffff. */
  flowlabel?: number;
}

/** ipip. */
export interface LinkIpipOptions extends TunnelCommonOptions {
  ttl?: number;
  tos?: number;
  pmtudisc?: boolean;
  /** What it carries: 'ipip' (IPv4), 'mplsip' (MPLS), 'any' (the default: both). */
  mode?: 'ipip' | 'mplsip' | 'any';
}

/** sit (IPv6 over IPv4). */
export interface LinkSitOptions extends Omit<LinkIpipOptions, 'mode'> {
  /** What it carries: 'ip6ip' (IPv6), 'ipip', 'mplsip', 'any' (the default). */
  mode?: 'ip6ip' | 'ipip' | 'mplsip' | 'any';
}

/** ip6tnl (IPv4 or IPv6 over IPv6). */
export interface LinkIp6tnlOptions extends TunnelCommonOptions {
  hoplimit?: number;
  encapLimit?: number | 'none';
  tclass?: number;
  flowlabel?: number;
  /** What it carries: 'ip6ip6' (IPv6), 'ipip6' (IPv4), 'any' (the default). */
  mode?: 'ip6ip6' | 'ipip6' | 'any';
}

/** geneve. */
export interface LinkGeneveOptions {
  /** The virtual network identifier, 0..16777215 (required unless `external`). */
  vni?: number;
  /** The remote endpoint, IPv4 or IPv6. */
  remote?: string;
  ttl?: number;
  tos?: number;
  /** UDP destination port (6081 unless given). */
  port?: number;
  udpCsum?: boolean;
  udp6ZeroCsumTx?: boolean;
  udp6ZeroCsumRx?: boolean;
  external?: boolean;
}

/** An endpoint of one family (`argument` names it in an error). */
function address(value: unknown, argument: string, family: 4 | 6): string {
  const ip = checkIp(value, argument);
  if (ip.family !== family) throw new InvalidArgumentError(argument, `${ip.text} is not an IPv${family} address`);
  return ip.text;
}

/** Fills in what iproute2 sends on create where the caller gave nothing. */
function withDefaults(data: Data | undefined, defaults: Data): Data {
  return { ...defaults, ...data };
}

/** IPPROTO_* carried by a mode (linux/in.h: IPPROTO_IPIP 4, IPPROTO_IPV6 41, IPPROTO_MPLS 137; any: 0). */
const IPIP_MODES = { ipip: 4, mplsip: 137, any: 0 } as const;
const SIT_MODES = { ip6ip: 41, ipip: 4, mplsip: 137, any: 0 } as const;
const IP6TNL_MODES = { ip6ip6: 41, ipip6: 4, any: 0 } as const;

const COMMON_KEYS = ['remote', 'local', 'dev', 'fwmark', 'external'];
const GRE_KEYS = [...COMMON_KEYS, 'ttl', 'tos', 'key', 'ikey', 'okey', 'csum', 'icsum', 'ocsum', 'seq', 'iseq', 'oseq'];

/** GRE keys and the GRE_* bits they and csum/seq set in IFLA_GRE_IFLAGS/OFLAGS. */
function greKeysAndFlags(o: Record<string, unknown>, out: Data): void {
  if (o.key !== undefined && (o.ikey !== undefined || o.okey !== undefined)) throw new InvalidArgumentError('key', 'give key, or ikey and okey, not both');
  const iflags: string[] = [];
  const oflags: string[] = [];
  for (const [both, input, output, flag] of [['csum', 'icsum', 'ocsum', 'csum'], ['seq', 'iseq', 'oseq', 'seq']] as const) {
    if (o[both] !== undefined && (o[input] !== undefined || o[output] !== undefined)) throw new InvalidArgumentError(both, `give ${both}, or ${input} and ${output}, not both`);
    if (o[both] !== undefined ? checkBoolean(o[both], both) : o[input] !== undefined && checkBoolean(o[input], input)) iflags.push(flag);
    if (o[both] !== undefined ? checkBoolean(o[both], both) : o[output] !== undefined && checkBoolean(o[output], output)) oflags.push(flag);
  }
  const ikey = o.key ?? o.ikey;
  const okey = o.key ?? o.okey;
  if (ikey !== undefined) {
    out.ikey = uint(U32)(ikey, o.key !== undefined ? 'key' : 'ikey');
    iflags.push('key');
  }
  if (okey !== undefined) {
    out.okey = uint(U32)(okey, o.key !== undefined ? 'key' : 'okey');
    oflags.push('key');
  }
  if (iflags.length) out.iflags = iflags;
  if (oflags.length) out.oflags = oflags;
}

/** The flow info word (traffic class << 20 | flow label) and IP6_TNL_F_* bits of the IPv6 tunnels. */
function ipv6TunnelFlow(o: Record<string, unknown>, out: Data): void {
  const tclass = o.tclass === undefined ? undefined : uint(U8)(o.tclass, 'tclass');
  const flowlabel = o.flowlabel === undefined ? undefined : uint(0xf_ffff)(o.flowlabel, 'flowlabel');
  if (tclass !== undefined || flowlabel !== undefined) out.flowinfo = (((tclass ?? 0) << 20) | (flowlabel ?? 0)) >>> 0;
  put(out, 'ttl', o, 'hoplimit', uint(U8));
  if (o.encapLimit === 'none') out.flags = ['ign-encap-limit'];
  else put(out, 'encapLimit', o, 'encapLimit', uint(U8));
}

/**
 * What iproute2 6.1 sends with every create of a kind of tunnel (unless `external`, which sends only the
 * collect-metadata flag): its defaults for what was not given, and the encapsulation fields at 0.
 */
const GRE_DEFAULTS: Data = { ikey: 0, okey: 0, iflags: [], oflags: [], pmtudisc: 1, tos: 0, ttl: 0, fwmark: 0, encapType: 0, encapFlags: [], encapSport: 0, encapDport: 0 };
const IP6GRE_DEFAULTS: Data = { ikey: 0, okey: 0, iflags: [], oflags: [], ttl: 64, encapLimit: 4, flowinfo: 0, flags: [], fwmark: 0, erspanVer: 1, encapType: 0, encapFlags: ['csum6'], encapSport: 0, encapDport: 0 };
const IPTUN_DEFAULTS: Data = { proto: 0, pmtudisc: 1, tos: 0, ttl: 0, link: 0, fwmark: 0, encapType: 0, encapFlags: [], encapSport: 0, encapDport: 0 };
const IP6TNL_DEFAULTS: Data = { proto: 0, ttl: 64, encapLimit: 4, flowinfo: 0, flags: [], link: 0, fwmark: 0, encapType: 0, encapFlags: ['csum6'], encapSport: 0, encapDport: 0 };

const NO_CHANGE = "the kernel replaces a tunnel's settings as a whole (those not given become 0): delete the link and create it with its new settings";

const externalOnly = (o: Record<string, unknown>) => o.external !== undefined && checkBoolean(o.external, 'external');

function gre(family: 4 | 6): KindHandler {
  const ip6 = family === 6;
  return {
    noChange: NO_CHANGE,
    keys: ip6 ? [...GRE_KEYS.filter((k) => k !== 'ttl' && k !== 'tos'), 'hoplimit', 'encapLimit', 'tclass', 'flowlabel'] : [...GRE_KEYS, 'pmtudisc', 'ignoreDf'],
    iproute2Defaults: (data, o, create) => (create && !externalOnly(o) ? withDefaults(data, ip6 ? IP6GRE_DEFAULTS : GRE_DEFAULTS) : data),
    data(o, context) {
      const out: Data = {};
      if (externalOnly(o)) {
        for (const key of Object.keys(o)) if (key !== 'external' && o[key] !== undefined && GRE_KEYS.includes(key)) throw new InvalidArgumentError(key, 'an external tunnel takes its endpoints and keys from the route');
        return { collectMetadata: true };
      }
      greKeysAndFlags(o, out);
      put(out, 'local', o, 'local', (v, a) => address(v, a, family));
      put(out, 'remote', o, 'remote', (v, a) => address(v, a, family));
      if (ip6) ipv6TunnelFlow(o, out);
      else {
        put(out, 'pmtudisc', o, 'pmtudisc', flag01);
        put(out, 'ignoreDf', o, 'ignoreDf', flag01);
        put(out, 'tos', o, 'tos', uint(U8));
        put(out, 'ttl', o, 'ttl', uint(U8));
      }
      if (o.dev !== undefined) out.link = context.index(o.dev, 'dev');
      put(out, 'fwmark', o, 'fwmark', uint(U32));
      return orNothing(out);
    },
  };
}

function iptun(modes: Record<string, number>, defaults: Data, sit: boolean): KindHandler {
  return {
    noChange: NO_CHANGE,
    keys: [...COMMON_KEYS, 'ttl', 'tos', 'pmtudisc', 'mode'],
    // sit's parser also sends IFLA_IPTUN_FLAGS (0 without isatap).
    iproute2Defaults: (data, o, create) => (create && !externalOnly(o) ? withDefaults(data, sit ? { ...defaults, flags: 0 } : defaults) : data),
    data(o, context) {
      if (externalOnly(o)) return { collectMetadata: true };
      const out: Data = {};
      put(out, 'proto', o, 'mode', (v, a) => modes[checkName(v, modes, a)]);
      put(out, 'local', o, 'local', (v, a) => address(v, a, 4));
      put(out, 'remote', o, 'remote', (v, a) => address(v, a, 4));
      put(out, 'pmtudisc', o, 'pmtudisc', flag01);
      put(out, 'tos', o, 'tos', uint(U8));
      put(out, 'ttl', o, 'ttl', uint(U8));
      if (o.dev !== undefined) out.link = context.index(o.dev, 'dev');
      put(out, 'fwmark', o, 'fwmark', uint(U32));
      return orNothing(out);
    },
  };
}

const ip6tnl: KindHandler = {
  noChange: NO_CHANGE,
  keys: [...COMMON_KEYS, 'hoplimit', 'encapLimit', 'tclass', 'flowlabel', 'mode'],
  iproute2Defaults: (data, o, create) => (create && !externalOnly(o) ? withDefaults(data, IP6TNL_DEFAULTS) : data),
  data(o, context) {
    if (externalOnly(o)) return { collectMetadata: true };
    const out: Data = {};
    put(out, 'proto', o, 'mode', (v, a) => IP6TNL_MODES[checkName(v, IP6TNL_MODES, a)]);
    put(out, 'local', o, 'local', (v, a) => address(v, a, 6));
    put(out, 'remote', o, 'remote', (v, a) => address(v, a, 6));
    ipv6TunnelFlow(o, out);
    if (o.dev !== undefined) out.link = context.index(o.dev, 'dev');
    put(out, 'fwmark', o, 'fwmark', uint(U32));
    return orNothing(out);
  },
};

const geneve: KindHandler = {
  keys: ['vni', 'remote', 'ttl', 'tos', 'port', 'udpCsum', 'udp6ZeroCsumTx', 'udp6ZeroCsumRx', 'external'],
  // geneve_parse_opt sends the VNI (0 for external), the label, ttl and tos on every create.
  iproute2Defaults: (data, _o, create) => (create ? withDefaults(data, { id: 0, label: 0, ttl: 0, tos: 0 }) : data),
  data(o, _context, create) {
    const external = externalOnly(o);
    if (create && o.vni === undefined && !external) throw new InvalidArgumentError('vni', 'a geneve link needs its VNI (0..16777215), unless it is external');
    if (external && o.remote !== undefined) throw new InvalidArgumentError('remote', 'an external tunnel takes its remote from the route');
    const out: Data = {};
    put(out, 'id', o, 'vni', uint(0xff_ffff));
    if (o.remote !== undefined) {
      const ip = checkIp(o.remote, 'remote');
      out[ip.family === 4 ? 'remote' : 'remote6'] = ip.text;
    }
    put(out, 'ttl', o, 'ttl', uint(U8));
    put(out, 'tos', o, 'tos', uint(U8));
    put(out, 'port', o, 'port', uint(U16));
    put(out, 'udpCsum', o, 'udpCsum', flag01);
    put(out, 'udpZeroCsum6Tx', o, 'udp6ZeroCsumTx', flag01);
    put(out, 'udpZeroCsum6Rx', o, 'udp6ZeroCsumRx', flag01);
    if (external) out.collectMetadata = true;
    return orNothing(out);
  },
};

/** The tunnel kinds' handlers, by kind. */
export const TUNNEL_KINDS = {
  gre: gre(4),
  gretap: gre(4),
  ip6gre: gre(6),
  ip6gretap: gre(6),
  ipip: iptun(IPIP_MODES, IPTUN_DEFAULTS, false),
  sit: iptun(SIT_MODES, IPTUN_DEFAULTS, true),
  ip6tnl,
  geneve,
} satisfies Record<string, KindHandler>;
