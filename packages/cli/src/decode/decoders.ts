// Names and decodes captured netlink messages with the declarations of every family linx has: rtnetlink
// (rtnl's generated message formats), generic netlink (nlctrl; other families named through the nlctrl
// replies the capture holds), nfnetlink (subsystems by name; nftables decoded by nfnl). What no
// declaration covers is shown by wire's formatMessage (attributes by number, bytes in hex).
import { compileMessage } from '@linx/netlink-codec';
import { formatIP, formatMAC, NETLINK_GENERIC, NETLINK_NETFILTER, NETLINK_ROUTE, NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN, errnoName, formatMessage, parseErrorMessage, type NetlinkMessage } from '@linx/netlink-wire';
import { rtAddr, rtLink, rtNeigh, rtNetconf, rtNexthop, rtRoute, rtRule, tc } from '@linx/rtnl/protocol';
import { ctrlMessage, genlMessage, GENL_ID_CTRL, nlctrl } from '@linx/genl';
import type { OperationFinder } from './genl-families.js';
import { nft } from '@linx/nfnl';
import { subsystemValues } from '@linx/nfnl/protocol';

/** One message as `linx decode` shows it. */
export interface DecodedMessage {
  /** `RTM_NEWLINK`, `CTRL_CMD_GETFAMILY`, `NFT_MSG_NEWRULE`, `NLMSG_ERROR`, … or `type N` for one linx cannot name. */
  type: string;
  flags: number;
  seq: number;
  pid: number;
  /** The decoded payload (header fields and attributes by name); undefined when shown raw. */
  value?: unknown;
  /** wire's formatMessage text, for a message no declaration decodes. */
  raw?: string;
}

const CONTROL: Record<number, string> = { [NLMSG_NOOP]: 'NLMSG_NOOP', [NLMSG_ERROR]: 'NLMSG_ERROR', [NLMSG_DONE]: 'NLMSG_DONE', [NLMSG_OVERRUN]: 'NLMSG_OVERRUN' };

/** rtnetlink message types by number: the first name each declaration gives a number (newlink, not newlinkNtf). */
const RTNL: Map<number, { name: string; decl: unknown }> = (() => {
  const map = new Map<number, { name: string; decl: unknown }>();
  const decls = [rtLink.linkMessage, rtAddr.addrMessage, rtRoute.routeMessage, rtNeigh.neighbourMessage, rtRule.fibRuleMessage, rtNexthop.nexthopMessage, rtNetconf.netconfMessage, tc.attrsMessage] as unknown as { types: Record<string, number> }[];
  for (const decl of decls) {
    for (const [name, type] of Object.entries(decl.types)) {
      if (!map.has(type) && !/Ntf$|Reply$/.test(name)) map.set(type, { name: `RTM_${name.toUpperCase()}`, decl });
    }
  }
  return map;
})();

/** A message declaration, as rtnl, genl and nfnl export them (compileMessage's argument). */
type Declaration = Parameters<typeof compileMessage>[0];

/** Decodes a payload with a message declaration (compiled once per declaration by the codec). */
function decode(decl: unknown, payload: Uint8Array): unknown {
  return compileMessage(decl as Declaration).decode(payload);
}

const nameOf = (values: Record<string, number>, value: number) => Object.entries(values).find(([, v]) => v === value)?.[0];
const SUBSYSTEMS = subsystemValues as Record<string, number>;

/** Generic netlink family ids the capture's nlctrl replies name (learned before decoding). */
export type GenlNames = Map<number, string>;

/** The family names nlctrl's replies in a capture give to ids. */
export function learnGenlNames(messages: Iterable<{ protocol: number; message: NetlinkMessage }>): GenlNames {
  const names: GenlNames = new Map();
  for (const { protocol, message } of messages) {
    if (protocol !== NETLINK_GENERIC || message.type !== GENL_ID_CTRL) continue;
    try {
      const value = decode(ctrlMessage, message.payload) as { attrs: { familyId?: number; familyName?: string } };
      if (value.attrs.familyId !== undefined && value.attrs.familyName !== undefined) names.set(value.attrs.familyId, value.attrs.familyName);
    } catch {
      // A malformed nlctrl message names nothing.
    }
  }
  return names;
}

/** Makes bytes and bigints printable (hex, decimal strings). */
export function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/**
 * rtnetlink's address attributes, which the specs declare as bytes (their family is in the header): as
 * text, the way ip prints them. Link-layer addresses of links and neighbours as MACs when 6 bytes long.
 */
const IP_ATTRIBUTES = new Set(['address', 'local', 'broadcast', 'anycast', 'multicast', 'dst', 'src', 'gateway', 'prefsrc', 'newdst']);
const MAC_ATTRIBUTES = new Set(['address', 'broadcast', 'permAddress', 'lladdr']);

function withAddresses(value: unknown, link: boolean): unknown {
  const attrs = (value as { attrs?: Record<string, unknown> } | undefined)?.attrs;
  if (attrs === undefined) return value;
  for (const [key, v] of Object.entries(attrs)) {
    if (!(v instanceof Uint8Array)) continue;
    if (link && MAC_ATTRIBUTES.has(key) && v.length === 6) attrs[key] = formatMAC(v);
    else if (!link && key === 'lladdr' && v.length === 6) attrs[key] = formatMAC(v);
    else if (!link && IP_ATTRIBUTES.has(key) && (v.length === 4 || v.length === 16)) attrs[key] = formatIP(v);
  }
  return value;
}

function attempt(message: NetlinkMessage, type: string, work: () => unknown): DecodedMessage {
  const base = { type, flags: message.flags, seq: message.seq, pid: message.pid };
  try {
    return { ...base, value: plain(type.startsWith('RTM_') ? withAddresses(work(), /LINK$/.test(type)) : work()) };
  } catch {
    // A payload its declaration cannot read (truncated, or a layout this declaration does not know).
    return { ...base, raw: formatMessage(message) };
  }
}

/** Generic families' operations by family name (those linx has declarations for). */
export type GenlFamilies = Map<string, OperationFinder>;

/** NLM_F_REQUEST: a message to the kernel (a reply or notification lacks it). */
const NLM_F_REQUEST = 0x1;

export function decodeMessage(protocol: number, message: NetlinkMessage, genlNames: GenlNames, genlFamilies: GenlFamilies = new Map()): DecodedMessage {
  const control = CONTROL[message.type];
  if (control !== undefined) {
    if (message.type === NLMSG_ERROR) {
      return attempt(message, control, () => {
        const e = parseErrorMessage(message);
        return { errno: e.errno === 0 ? 'ACK' : (errnoName(e.errno) ?? e.errno), ...(Object.keys(e.extAck).length > 0 ? { extAck: e.extAck } : {}), request: { type: e.request.type, flags: e.request.flags, seq: e.request.seq, pid: e.request.pid } };
      });
    }
    return { type: control, flags: message.flags, seq: message.seq, pid: message.pid };
  }
  if (protocol === NETLINK_ROUTE) {
    const known = RTNL.get(message.type);
    if (known !== undefined) return attempt(message, known.name, () => decode(known.decl, message.payload));
  }
  if (protocol === NETLINK_GENERIC) {
    if (message.type === GENL_ID_CTRL) {
      const cmd = message.payload[0] ?? 0;
      const name = nameOf(nlctrl.requestCommandValues, cmd) ?? nameOf(nlctrl.replyCommandValues, cmd);
      return attempt(message, `CTRL_CMD_${(name ?? String(cmd)).replace(/-reply$/, '').replaceAll('-', '_').toUpperCase()}`, () => decode(ctrlMessage, message.payload));
    }
    const family = genlNames.get(message.type);
    const cmd = message.payload[0] ?? 0;
    const operation = family === undefined ? undefined : genlFamilies.get(family)?.(cmd, (message.flags & NLM_F_REQUEST) !== 0);
    if (family !== undefined && operation !== undefined) return attempt(message, `${family} ${operation.name}`, () => decode(genlMessage(operation.name, operation.attrs as never), message.payload));
    if (family !== undefined) return { type: `${family} cmd ${cmd}`, flags: message.flags, seq: message.seq, pid: message.pid, raw: formatMessage(message, { headerLength: 4 }) };
  }
  if (protocol === NETLINK_NETFILTER) {
    const subsystem = nameOf(SUBSYSTEMS, message.type >> 8);
    if (subsystem === 'nftables') {
      const messageName = nameOf(nft.messages.nftMsgValues as unknown as Record<string, number>, message.type & 0xff);
      return attempt(message, `NFT_MSG_${(messageName ?? String(message.type & 0xff)).toUpperCase()}`, () => nft.decodeNftMessage(message));
    }
    if (subsystem !== undefined) return { type: `${subsystem} msg ${message.type & 0xff}`, flags: message.flags, seq: message.seq, pid: message.pid, raw: formatMessage(message, { headerLength: 4 }) };
  }
  return { type: `type ${message.type}`, flags: message.flags, seq: message.seq, pid: message.pid, raw: formatMessage(message) };
}
