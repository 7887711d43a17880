import type { AttrsValue } from '@linx/netlink-codec';
import { allowedIpText } from './allowed-ip.js';
import { sockaddrToEndpoint } from './endpoint.js';
import type * as gen from './generated/wireguard.js';
import { isZeroKey, keyToBase64 } from './keys.js';

/** A WireGuard peer as `wg show` (`wg show DEV dump`) shows it. */
export interface WireGuardPeer {
  /** base64, as wg prints keys. */
  publicKey: string;
  /** base64; absent when the peer has none (the kernel sends zeros). */
  presharedKey?: string;
  /** `address:port` (`[IPv6]:port`); absent until known. */
  endpoint?: string;
  /** Seconds; 0 when off. */
  persistentKeepalive: number;
  /** The last handshake (seconds and nanoseconds since the epoch); absent when there has been none. */
  lastHandshake?: { sec: bigint; nsec: bigint };
  rxBytes: bigint;
  txBytes: bigint;
  /** `10.0.0.0/24`, `fd00::/64`, in the kernel's order. */
  allowedIps: string[];
  protocolVersion?: number;
}

/** A WireGuard device as `wg show DEV` shows it. */
export interface WireGuardDevice {
  ifindex: number;
  ifname: string;
  /** base64; absent when the device has no private key. */
  privateKey?: string;
  publicKey?: string;
  listenPort: number;
  /** 0 when off. */
  fwmark: number;
  peers: WireGuardPeer[];
}

type DeviceValue = AttrsValue<(typeof gen.wgdeviceAttrs)['attributes']>;
type PeerValue = AttrsValue<(typeof gen.wgpeerAttrs)['attributes']>;

function peerOf(p: PeerValue): WireGuardPeer {
  const out: WireGuardPeer = {
    publicKey: p.publicKey === undefined ? '' : keyToBase64(p.publicKey),
    persistentKeepalive: p.persistentKeepaliveInterval ?? 0,
    rxBytes: p.rxBytes ?? 0n,
    txBytes: p.txBytes ?? 0n,
    allowedIps: (p.allowedips ?? []).map(allowedIpText),
  };
  if (p.presharedKey !== undefined && !isZeroKey(p.presharedKey)) out.presharedKey = keyToBase64(p.presharedKey);
  const endpoint = p.endpoint === undefined ? undefined : sockaddrToEndpoint(p.endpoint);
  if (endpoint !== undefined) out.endpoint = endpoint;
  const t = p.lastHandshakeTime;
  if (t !== undefined && (t.sec !== 0n || t.nsec !== 0n)) out.lastHandshake = { sec: t.sec, nsec: t.nsec };
  if (p.protocolVersion !== undefined) out.protocolVersion = p.protocolVersion;
  return out;
}

/**
 * The messages of a WG_CMD_GET_DEVICE dump as one device. The kernel cuts a large device over several
 * messages: the first has the device's settings; a peer whose allowed IPs did not fit is continued at the
 * start of the next message under the same public key, with the rest of them (drivers/net/wireguard/
 * netlink.c), so a peer that starts a message with the last one's key is the same peer.
 */
export function deviceFromDump(messages: readonly DeviceValue[]): WireGuardDevice {
  const first = messages[0] ?? {};
  const device: WireGuardDevice = { ifindex: first.ifindex ?? 0, ifname: first.ifname ?? '', listenPort: first.listenPort ?? 0, fwmark: first.fwmark ?? 0, peers: [] };
  if (first.privateKey !== undefined && !isZeroKey(first.privateKey)) device.privateKey = keyToBase64(first.privateKey);
  if (first.publicKey !== undefined && !isZeroKey(first.publicKey)) device.publicKey = keyToBase64(first.publicKey);
  for (const [m, msg] of messages.entries()) {
    for (const [i, p] of (msg.peers ?? []).entries()) {
      const peer = peerOf(p);
      const last = device.peers[device.peers.length - 1];
      if (m > 0 && i === 0 && last !== undefined && last.publicKey === peer.publicKey) last.allowedIps.push(...peer.allowedIps);
      else device.peers.push(peer);
    }
  }
  return device;
}
