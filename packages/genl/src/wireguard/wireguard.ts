import type { CallOptions, ListOptions } from '@linx/netlink-client';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NetlinkError, NLM_F_DUMP } from '@linx/netlink-wire';
import { deviceHeader } from '../ethtool/device.js';
import type { Genl } from '../genl.js';
import { genlMessage } from '../header.js';
import { allowedIpAttrs } from './allowed-ip.js';
import { deviceFromDump, type WireGuardDevice } from './device.js';
import { endpointToSockaddr } from './endpoint.js';
import { WireGuardNoSuchDeviceError } from './errors.js';
import * as gen from './generated/wireguard.js';
import { keyFromBase64 } from './keys.js';
import { splitSetDevice, WG_MESSAGE_MAX, type DeviceAttrs, type PeerAttrs, type PeerRequest } from './split.js';

/** WG_GENL_VERSION (linux/wireguard.h): the version requests carry in genlmsghdr. */
const WG_GENL_VERSION = 1;

const deviceMessage = genlMessage('wireguard', gen.wgdeviceAttrs);

/** A peer to add, change or remove (`wg set DEV peer KEY …`). */
export interface PeerConfig {
  /** base64. */
  publicKey: string;
  /** Removes the peer (`remove`); nothing else is sent for it. */
  remove?: boolean;
  /** Changes the peer only if it exists (WGPEER_F_UPDATE_ONLY; kernel 5.x+). */
  updateOnly?: boolean;
  /** base64; `null` removes it. */
  presharedKey?: string | null;
  /** `address:port` or `[IPv6]:port`. */
  endpoint?: string;
  /** Seconds, 0 (off) to 65535. */
  persistentKeepalive?: number;
  /** Replaces the peer's allowed IPs with `allowedIps` (what `wg set … allowed-ips` and `wg setconf` do). */
  replaceAllowedIps?: boolean;
  /** `10.0.0.0/24`, `fd00::/64`; added (or, with `replaceAllowedIps`, the whole list). */
  allowedIps?: readonly string[];
  /** Allowed IPs to take away from the peer (WGALLOWEDIP_F_REMOVE_ME; kernel 6.15+). */
  removeAllowedIps?: readonly string[];
}

/** What `setDevice` changes (`wg set` / `wg setconf`); what is absent stays as it is. */
export interface DeviceConfig {
  /** base64; `null` removes it (an all-zero key, as `wg set DEV private-key /dev/null`). */
  privateKey?: string | null;
  listenPort?: number;
  /** 0 turns it off. */
  fwmark?: number;
  /** Removes every peer not in `peers` (`wg setconf`: WGDEVICE_F_REPLACE_PEERS). */
  replacePeers?: boolean;
  peers?: readonly PeerConfig[];
}

const ZERO_KEY = new Uint8Array(gen.keyLen);

function checkInteger(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw new InvalidArgumentError(name, `${JSON.stringify(value)} is not an integer from 0 to ${max}`);
  return value;
}

function peerRequest(config: PeerConfig, i: number): PeerRequest {
  if (typeof config !== 'object' || config === null) throw new InvalidArgumentError(`peers[${i}]`, 'expected a peer ({ publicKey, … })');
  const publicKey = keyFromBase64(config.publicKey, `peers[${i}].publicKey`);
  const flags: gen.WgpeerFlags[] = [];
  if (config.remove === true) return { peer: { publicKey, flags: ['remove-me'] }, allowedIps: undefined };
  if (config.updateOnly === true) flags.push('update-only');
  if (config.replaceAllowedIps === true) flags.push('replace-allowedips');
  const peer: Omit<PeerAttrs, 'allowedips'> = {
    publicKey,
    ...(config.presharedKey === undefined ? {} : { presharedKey: config.presharedKey === null ? ZERO_KEY : keyFromBase64(config.presharedKey, `peers[${i}].presharedKey`) }),
    ...(config.endpoint === undefined ? {} : { endpoint: endpointToSockaddr(config.endpoint) }),
    ...(config.persistentKeepalive === undefined ? {} : { persistentKeepaliveInterval: checkInteger(config.persistentKeepalive, `peers[${i}].persistentKeepalive`, 0xffff) }),
    ...(flags.length === 0 ? {} : { flags }),
  };
  for (const [name, list] of [['allowedIps', config.allowedIps], ['removeAllowedIps', config.removeAllowedIps]] as const) {
    if (list !== undefined && !Array.isArray(list)) throw new InvalidArgumentError(`peers[${i}].${name}`, 'expected a list of "address/prefix"');
  }
  const allowedIps = [...(config.allowedIps ?? []).map((a) => allowedIpAttrs(a)), ...(config.removeAllowedIps ?? []).map((a) => allowedIpAttrs(a, true))];
  return { peer, allowedIps: allowedIps.length === 0 ? undefined : allowedIps };
}

/**
 * WireGuard interfaces (generic netlink family `wireguard`) of a namespace: their configuration and
 * peers as `wg show` gives them (keys in base64), and changes as `wg set` / `wg setconf` make them, cut
 * into messages the way wg cuts them when a configuration is larger than one message.
 *
 *     const wg = wireguard(open({ netns: 'blue' }));
 *     await wg.setDevice('wg0', { privateKey, listenPort: 51820, peers: [{ publicKey, endpoint: '192.0.2.1:51820', allowedIps: ['10.0.0.0/24'] }] });
 *     console.log((await wg.device('wg0')).peers);
 */
export class WireGuard {
  constructor(readonly genl: Genl) {}

  /** The device, its peers and their allowed IPs (WG_CMD_GET_DEVICE, a dump the kernel may cut over several messages). */
  async device(device: string | number, options: ListOptions = {}): Promise<WireGuardDevice> {
    const attrs = deviceAttrsOf(device);
    const family = await this.genl.family(gen.family.name, options);
    try {
      const replies = await this.genl.client.dumpAll(deviceMessage, family.id, { header: { cmd: gen.commandValues['get-device'], version: WG_GENL_VERSION, reserved: 0 }, attrs }, { ...options, flags: NLM_F_DUMP });
      if (replies.length === 0) throw new WireGuardNoSuchDeviceError(device);
      return deviceFromDump(replies.map((r) => r.attrs));
    } catch (error) {
      throw noSuchDevice(error, device);
    }
  }

  /**
   * Changes the device (WG_CMD_SET_DEVICE), in as many messages as wg would send for the same change
   * (at most `WG_MESSAGE_MAX` bytes each), one after the other. Everything is checked before the first is
   * sent. Settings and peers not given are left as they are, unless `replacePeers`.
   */
  async setDevice(device: string | number, config: DeviceConfig, options: CallOptions = {}): Promise<void> {
    const name = deviceAttrsOf(device);
    if (typeof config !== 'object' || config === null) throw new InvalidArgumentError('config', 'expected { privateKey?, listenPort?, fwmark?, replacePeers?, peers? }');
    const attrs: DeviceAttrs = {
      ...name,
      ...(config.privateKey === undefined ? {} : { privateKey: config.privateKey === null ? ZERO_KEY : keyFromBase64(config.privateKey, 'privateKey') }),
      ...(config.listenPort === undefined ? {} : { listenPort: checkInteger(config.listenPort, 'listenPort', 0xffff) }),
      ...(config.fwmark === undefined ? {} : { fwmark: checkInteger(config.fwmark, 'fwmark', 0xffffffff) }),
      ...(config.replacePeers === true ? { flags: ['replace-peers'] as const } : {}),
    };
    if (config.peers !== undefined && !Array.isArray(config.peers)) throw new InvalidArgumentError('peers', 'expected a list of peers');
    const peers = (config.peers ?? []).map(peerRequest);
    const messages = splitSetDevice(attrs, name, peers, WG_MESSAGE_MAX);
    const family = await this.genl.family(gen.family.name, options);
    for (const value of messages) {
      try {
        await this.genl.client.request(deviceMessage, family.id, { header: { cmd: gen.commandValues['set-device'], version: WG_GENL_VERSION, reserved: 0 }, attrs: value }, 0, options);
      } catch (error) {
        throw noSuchDevice(error, device);
      }
    }
  }
}

/** WGDEVICE_A_IFNAME or _IFINDEX, checked (an interface name or index). */
function deviceAttrsOf(device: string | number): Pick<DeviceAttrs, 'ifname' | 'ifindex'> {
  const header = deviceHeader(device);
  return 'devName' in header ? { ifname: header.devName } : { ifindex: header.devIndex };
}

function noSuchDevice(error: unknown, device: string | number): unknown {
  if (error instanceof NetlinkError && (error.errnoName === 'ENODEV' || error.errnoName === 'EOPNOTSUPP')) return new WireGuardNoSuchDeviceError(device, { cause: error });
  return error;
}

/** WireGuard on a generic netlink handle. */
export function wireguard(genl: Genl): WireGuard {
  return new WireGuard(genl);
}
