import { compileMessage, message, type AttrSetDecl, type Attributes, type AttrsInput } from '@linx/netlink-codec';
import { NLA_HDRLEN, NLMSG_HDRLEN } from '@linx/netlink-wire';
import { GENL_HDRLEN } from '../header.js';
import * as gen from './generated/wireguard.js';

export type DeviceAttrs = AttrsInput<(typeof gen.wgdeviceAttrs)['attributes']>;
export type PeerAttrs = AttrsInput<(typeof gen.wgpeerAttrs)['attributes']>;
export type AllowedIpAttrs = AttrsInput<(typeof gen.wgallowedipAttrs)['attributes']>;

/** A peer to set: its attributes less the allowed IPs, and those. */
export interface PeerRequest {
  peer: Omit<PeerAttrs, 'allowedips'>;
  allowedIps: readonly AllowedIpAttrs[] | undefined;
}

/**
 * The largest WG_CMD_SET_DEVICE message: wg builds each in a buffer of the page size (4096 bytes here; its
 * MNL_SOCKET_BUFFER_SIZE, at most 8192) and so does this, so that a configuration is cut into the same
 * messages. The kernel takes larger ones; the point is to be read the same way.
 */
export const WG_MESSAGE_MAX = 4096;

/** The bytes the attributes of `set` take (each attribute's header and padding included). */
function sizeOf<A extends Attributes>(set: AttrSetDecl<A>, attrs: AttrsInput<A>): number {
  return compileMessage(sizer(set)).encode({ attrs } as never).length;
}
const sizers = new Map<AttrSetDecl, ReturnType<typeof message>>();
function sizer(set: AttrSetDecl): ReturnType<typeof message> {
  let decl = sizers.get(set);
  if (decl === undefined) sizers.set(set, (decl = message(`wireguard ${set.name} size`, { attrs: set })));
  return decl;
}

/**
 * Cuts a WG_CMD_SET_DEVICE request into messages of at most `max` bytes, the way wg does (as observed
 * from wireguard-tools' requests): the first message carries the device's settings, every later one only
 * the device's name (or index); peers go in whole while they fit; a peer whose allowed IPs do not all fit
 * is closed with those that do and continued in the next message under its public key alone (no flags:
 * its REPLACE_ALLOWEDIPS must not empty what the first part set), until all are sent.
 */
export function splitSetDevice(device: DeviceAttrs, name: Pick<DeviceAttrs, 'ifname' | 'ifindex'>, peers: readonly PeerRequest[], max = WG_MESSAGE_MAX): DeviceAttrs[] {
  const messages: DeviceAttrs[] = [];
  const fixed = NLMSG_HDRLEN + GENL_HDRLEN;
  let base: DeviceAttrs = device;
  let p = 0;
  let ip = 0;
  let continuing = false;
  for (;;) {
    let size = fixed + sizeOf(gen.wgdeviceAttrs, base);
    const out: PeerAttrs[] = [];
    if (peers.length > 0) size += NLA_HDRLEN;
    while (p < peers.length) {
      const { peer, allowedIps } = peers[p]!;
      const header: PeerAttrs = continuing ? { publicKey: peer.publicKey } : peer;
      const headerSize = NLA_HDRLEN + sizeOf(gen.wgpeerAttrs, header);
      if (size + headerSize > max) {
        if (out.length === 0) throw new RangeError(`a WireGuard peer's settings take ${headerSize} bytes, more than a ${max}-byte message holds`);
        break;
      }
      if (allowedIps === undefined || allowedIps.length === 0) {
        out.push(header);
        size += headerSize;
        p++;
        continuing = false;
        continue;
      }
      if (size + headerSize + NLA_HDRLEN > max) {
        // Not even the allowed IPs' nest fits: the peer goes out without them and continues next time.
        out.push(header);
        size += headerSize;
        continuing = true;
        break;
      }
      size += headerSize + NLA_HDRLEN;
      const taken: AllowedIpAttrs[] = [];
      while (ip < allowedIps.length) {
        const ipSize = NLA_HDRLEN + sizeOf(gen.wgallowedipAttrs, allowedIps[ip]!);
        if (size + ipSize > max) break;
        taken.push(allowedIps[ip]!);
        size += ipSize;
        ip++;
      }
      out.push({ ...header, allowedips: taken });
      if (ip < allowedIps.length) {
        continuing = true;
        break;
      }
      p++;
      ip = 0;
      continuing = false;
    }
    messages.push(out.length === 0 ? base : { ...base, peers: out });
    if (p >= peers.length) return messages;
    base = name;
  }
}
