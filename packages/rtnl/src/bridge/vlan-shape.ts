// Bridge VLANs between the kernel's IFLA_BRIDGE_VLAN_INFO entries (struct bridge_vlan_info, ranges as a
// RANGE_BEGIN entry followed by a RANGE_END one) and the shapes users read and give.
import type { BridgeVlanInfoFlags } from '../generated/rt-link.js';
import { InvalidArgumentError, checkInteger, type InterfaceRef } from '../shared/arguments.js';
import type { BridgeVlanLinkInput, BridgeVlanLinkValue } from './vlan-message.js';

/** One VLAN of a port (or a range of them, with `vidEnd`, when listed with `ranges`). */
export interface BridgeVlan {
  vid: number;
  /** The last VLAN of a range (listed with `ranges: true`: the kernel's compressed form). */
  vidEnd?: number;
  /** Untagged frames entering the port go to this VLAN (BRIDGE_VLAN_INFO_PVID). */
  pvid: boolean;
  /** Frames of this VLAN leave the port untagged (BRIDGE_VLAN_INFO_UNTAGGED). */
  untagged: boolean;
}

/** A VLAN to tunnel id mapping of a port (IFLA_BRIDGE_VLAN_TUNNEL_INFO; `bridge vlan add … tunnel_info id N`). */
export interface BridgeVlanTunnel {
  vid: number;
  vidEnd?: number;
  tunnelId: number;
  tunnelIdEnd?: number;
}

/** The VLANs of one bridge port, or of the bridge itself (`bridge vlan show`). */
export interface BridgePortVlans {
  ifindex: number;
  /** The interface's name (IFLA_IFNAME). */
  dev?: string;
  /** The bridge the port belongs to (IFLA_MASTER); absent for the bridge's own entry. */
  master?: number;
  vlans: BridgeVlan[];
  /** VLAN to tunnel id mappings, when the dump asked for them. */
  tunnels?: BridgeVlanTunnel[];
}

const has = (flags: readonly (BridgeVlanInfoFlags | number)[], name: BridgeVlanInfoFlags) => flags.includes(name);

/** The VLANs of a port from an RTM_NEWLINK of the AF_BRIDGE dump; undefined when it carries none. */
export function toPortVlans(message: BridgeVlanLinkValue): BridgePortVlans | undefined {
  const infos = message.attrs.afSpec?.vlanInfo ?? [];
  const tunnelInfos = message.attrs.afSpec?.vlanTunnelInfo ?? [];
  if (infos.length === 0 && tunnelInfos.length === 0) return undefined;
  const vlans: BridgeVlan[] = [];
  let begin: number | undefined;
  for (const info of infos) {
    const flags = info.flags;
    if (has(flags, 'range-begin')) {
      begin = info.vid;
      continue;
    }
    const vlan: BridgeVlan = { vid: begin ?? info.vid, pvid: has(flags, 'pvid'), untagged: has(flags, 'untagged') };
    if (has(flags, 'range-end') && begin !== undefined && begin !== info.vid) vlan.vidEnd = info.vid;
    begin = undefined;
    vlans.push(vlan);
  }
  const out: BridgePortVlans = { ifindex: message.header.ifiIndex, vlans };
  if (message.attrs.ifname !== undefined) out.dev = message.attrs.ifname;
  if (message.attrs.master !== undefined) out.master = message.attrs.master;
  if (tunnelInfos.length > 0) {
    const tunnels: BridgeVlanTunnel[] = [];
    let start: { vid: number; id: number } | undefined;
    for (const t of tunnelInfos) {
      const flags = t.flags ?? [];
      if (t.vid === undefined || t.id === undefined) continue;
      if (has(flags, 'range-begin')) {
        start = { vid: t.vid, id: t.id };
        continue;
      }
      const tunnel: BridgeVlanTunnel = { vid: start?.vid ?? t.vid, tunnelId: start?.id ?? t.id };
      if (start !== undefined && start.vid !== t.vid) Object.assign(tunnel, { vidEnd: t.vid, tunnelIdEnd: t.id });
      start = undefined;
      tunnels.push(tunnel);
    }
    out.tunnels = tunnels;
  }
  return out;
}

// ---- input

/** VLANs to add to or delete from a port (`bridge vlan add|del dev DEV vid VID[-VIDEND] …`). */
export interface BridgeVlanSpec {
  /** The port (or, with `self`, the bridge itself). */
  dev: InterfaceRef;
  /** The VLAN id, 1..4094. */
  vid: number;
  /** The last VLAN of a range vid..vidEnd. */
  vidEnd?: number;
  /** Make it the port's PVID (not for a range). */
  pvid?: boolean;
  /** Send its frames untagged. */
  untagged?: boolean;
  /** On the bridge device itself (BRIDGE_FLAGS_SELF), as `bridge vlan add dev br0 vid N self`. */
  self?: boolean;
  /** Explicitly on the bridge the port belongs to (BRIDGE_FLAGS_MASTER; the kernel's default). */
  master?: boolean;
  /** Map the VLAN (range) to this tunnel id (range) instead: `tunnel_info id N` (a VXLAN port in collect-metadata mode). */
  tunnelId?: number;
}

type AfSpecInput = NonNullable<NonNullable<BridgeVlanLinkInput['attrs']>['afSpec']>;

const SPEC_KEYS = new Set(['dev', 'vid', 'vidEnd', 'pvid', 'untagged', 'self', 'master', 'tunnelId']);

/** A VLAN id: 1..4094 (0 and 4095 are reserved by 802.1Q). */
export function checkVid(value: unknown, argument: string): number {
  return checkInteger(value, argument, 1, 4094);
}

/** The checked spec and the request it makes, but for the port's index. */
export function vlanRequest(spec: BridgeVlanSpec, argument = 'vlan'): { dev: InterfaceRef; build(ifindex: number): BridgeVlanLinkInput } {
  if (spec === null || typeof spec !== 'object') throw new InvalidArgumentError(argument, `expected a VLAN object, got ${spec === null ? 'null' : typeof spec}`);
  for (const key of Object.keys(spec)) if (!SPEC_KEYS.has(key)) throw new InvalidArgumentError(`${argument}.${key}`, `unknown option; expected ${[...SPEC_KEYS].join(', ')}`);
  if (typeof spec.dev !== 'string' && typeof spec.dev !== 'number') throw new InvalidArgumentError(`${argument}.dev`, 'a VLAN is on a port: give its name or index');
  const vid = checkVid(spec.vid, `${argument}.vid`);
  const vidEnd = spec.vidEnd === undefined ? undefined : checkVid(spec.vidEnd, `${argument}.vidEnd`);
  if (vidEnd !== undefined && vidEnd < vid) throw new InvalidArgumentError(`${argument}.vidEnd`, `the range ${vid}-${vidEnd} ends before it starts`);
  const range = vidEnd !== undefined && vidEnd !== vid;
  for (const key of ['pvid', 'untagged', 'self', 'master'] as const) {
    if (spec[key] !== undefined && typeof spec[key] !== 'boolean') throw new InvalidArgumentError(`${argument}.${key}`, `expected a boolean, got ${typeof spec[key]}`);
  }
  if (spec.pvid && range) throw new InvalidArgumentError(`${argument}.pvid`, 'a port has one PVID: it cannot be a range');
  const bridgeFlags: ('self' | 'master')[] = [];
  if (spec.master) bridgeFlags.push('master');
  if (spec.self) bridgeFlags.push('self');
  const afSpec: { -readonly [K in keyof AfSpecInput]: AfSpecInput[K] } = {};
  if (bridgeFlags.length > 0) afSpec.flags = bridgeFlags;
  if (spec.tunnelId !== undefined) {
    const tunnelId = checkInteger(spec.tunnelId, `${argument}.tunnelId`, 1, 0xff_ffff);
    if (spec.pvid || spec.untagged) throw new InvalidArgumentError(`${argument}.tunnelId`, 'a tunnel mapping has no pvid or untagged flag');
    if (range && tunnelId + (vidEnd! - vid) > 0xff_ffff) throw new InvalidArgumentError(`${argument}.tunnelId`, `the tunnel ids ${tunnelId}.. run past 16777215`);
    afSpec.vlanTunnelInfo = range
      ? [
          { id: tunnelId, vid, flags: ['range-begin'] },
          { id: tunnelId + (vidEnd! - vid), vid: vidEnd!, flags: ['range-end'] },
        ]
      : [{ id: tunnelId, vid, flags: [] }];
  } else {
    const flags: BridgeVlanInfoFlags[] = [];
    if (spec.pvid) flags.push('pvid');
    if (spec.untagged) flags.push('untagged');
    afSpec.vlanInfo = range
      ? [
          { vid, flags: [...flags, 'range-begin'] },
          { vid: vidEnd!, flags: [...flags, 'range-end'] },
        ]
      : [{ vid, flags }];
  }
  return { dev: spec.dev, build: (ifindex) => ({ header: { ifiFamily: 7, ifiIndex: ifindex }, attrs: { afSpec } }) };
}
