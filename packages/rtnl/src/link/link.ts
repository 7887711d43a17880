import { UNKNOWN, type AttrsValue, type FormatValue, type MessageValue, type UnknownAttribute } from '@linx/netlink-codec';
import type { IfinfoFlags, linkAttrs, linkinfoDataMsgFormats, linkinfoMemberDataMsgFormats, linkMessage } from '../generated/rt-link.js';
import { ADDRESS_FAMILIES, LINK_TYPES, OPERSTATES, type AddressFamily, type LinkType, type Operstate } from '../shared/names.js';

/** A link flag (IFF_*) as the generated declarations name it: 'up', 'broadcast', 'lower-up', … */
export type LinkFlag = IfinfoFlags;

type DecodedLinkAttrs = AttrsValue<(typeof linkAttrs)['attributes']>;

type DataFormats = typeof linkinfoDataMsgFormats;
type PortFormats = typeof linkinfoMemberDataMsgFormats;

/** The decoded IFLA_INFO_DATA of each kind the declarations know, e.g. `LinkKindData['vxlan']`. */
export type LinkKindData = { [K in keyof DataFormats]: FormatValue<DataFormats[K]> };
/** The decoded IFLA_INFO_SLAVE_DATA of a port, by its master's kind: `LinkPortData['bridge']`, `['bond']`, `['vrf']`. */
export type LinkPortData = { [K in keyof PortFormats]: FormatValue<PortFormats[K]> };
/** Kinds whose links carry no IFLA_INFO_DATA. */
export type LinkKindWithoutData = 'dummy' | 'ifb' | 'wireguard' | 'nlmon' | 'vcan';
/** The kinds `LinkInfo` knows: those with info data, and those without. */
export type KnownLinkKind = keyof DataFormats | LinkKindWithoutData;

type KindPart =
  | { [K in keyof DataFormats]: { kind: K; data?: LinkKindData[K] } }[keyof DataFormats]
  | { kind: LinkKindWithoutData; data?: undefined }
  /** A link without IFLA_INFO_KIND (lo, a physical device). */
  | { kind?: undefined; data?: undefined };
type PortPart = { [K in keyof PortFormats]: { slaveKind: K; slaveData?: LinkPortData[K] } }[keyof PortFormats] | { slaveKind?: undefined; slaveData?: undefined };

/**
 * IFLA_LINKINFO: `data` narrows on `kind` and `slaveData` on `slaveKind` (discriminated unions):
 *
 *     if (link.linkinfo?.kind === 'vxlan') link.linkinfo.data?.port;        // number | undefined
 *     if (link.linkinfo?.slaveKind === 'bridge') link.linkinfo.slaveData?.cost;
 *
 * A kind these declarations do not know (a newer kernel's) is not in the type: its data stays bytes.
 */
export type LinkInfo = KindPart & PortPart & { xstats?: Uint8Array };

/**
 * A link as `list`, `stream` and `get` return it: a plain object. `index`, `family`, `type` (the ARPHRD
 * name, or the number) and `flags` come from the ifinfomsg; then every attribute the kernel sent, under
 * its generated camelCase name (`ifname`, `mtu`, `address`, `broadcast`, `operstate` (named), `txqlen`,
 * `master`, `link` (the parent's index), `linkNetnsid`, `ifalias`, `linkinfo` `{ kind, data, slaveKind,
 * slaveData }` (see `LinkInfo`), `propList` (and `altnames`), `stats64`, `afSpec`, …). Attributes no declaration knows are kept raw under the codec's
 * `UNKNOWN` symbol.
 */
export type Link = Omit<DecodedLinkAttrs, 'operstate' | 'linkinfo'> & {
  /** ifi_index. */
  index: number;
  /** ifi_family: 'unspec' for links. */
  family: AddressFamily | number;
  /** ifi_type, the link-layer type: 'ether', 'loopback', 'none', … (ARPHRD_*), or its number. */
  type: LinkType | number;
  /** ifi_flags by name (bits without a name stay numbers). */
  flags: (LinkFlag | number)[];
  /** IFLA_OPERSTATE by name (RFC 2863): 'up', 'down', 'lowerlayerdown', 'unknown', … */
  operstate?: Operstate | number;
  /** IFLA_LINKINFO: the kind and its data, the port's data under its master's kind. */
  linkinfo?: LinkInfo;
  /** The alternative names (`ip link property add … altname`; IFLA_PROP_LIST, also under `propList.altIfname`). */
  altnames?: string[];
  /** The master's name (`ip link`'s `master br0`), when the call looked names up. */
  masterDev?: string;
  /** The parent's name (`ip link`'s `veth0@eth1`, `link`), when it is in this namespace and the call looked names up. */
  linkDev?: string;
  [UNKNOWN]?: UnknownAttribute[];
};

function reverse<T extends Record<string, number>>(table: T): Map<number, keyof T> {
  const map = new Map<number, keyof T>();
  for (const name of Object.keys(table) as (keyof T)[]) if (!map.has(table[name]!)) map.set(table[name]!, name);
  return map;
}
const FAMILY_NAMES = reverse(ADDRESS_FAMILIES);
const TYPE_NAMES = reverse(LINK_TYPES);
const OPERSTATE_NAMES = reverse(OPERSTATES);

type LinkMessageValue = MessageValue<NonNullable<(typeof linkMessage)['header']>['fields'], (typeof linkAttrs)['attributes']>;

/** The friendly object of a decoded RTM_NEWLINK. */
export function toLink(message: LinkMessageValue): Link {
  const { header, attrs } = message;
  const link = {
    index: header.ifiIndex,
    family: FAMILY_NAMES.get(header.ifiFamily) ?? header.ifiFamily,
    type: TYPE_NAMES.get(header.ifiType) ?? header.ifiType,
    flags: header.ifiFlags,
    ...attrs,
  } as Link;
  if (typeof attrs.operstate === 'number') link.operstate = OPERSTATE_NAMES.get(attrs.operstate) ?? attrs.operstate;
  const altnames = attrs.propList?.altIfname;
  if (altnames !== undefined) link.altnames = altnames;
  return link;
}

/** The indexes of other interfaces a link names: its master, and its parent when that is in this namespace. */
export function linkReferences(link: Link): number[] {
  const out: number[] = [];
  if (link.master) out.push(link.master);
  if (link.link && link.linkNetnsid === undefined) out.push(link.link);
  return out;
}

/** Fills in `masterDev` and `linkDev` from an index → name map (list, stream, get, and the monitor). */
export function addLinkNames(link: Link, names: ReadonlyMap<number, string>): void {
  if (link.master) {
    const name = names.get(link.master);
    if (name !== undefined) link.masterDev = name;
  }
  if (link.link && link.linkNetnsid === undefined) {
    const name = names.get(link.link);
    if (name !== undefined) link.linkDev = name;
  }
}
