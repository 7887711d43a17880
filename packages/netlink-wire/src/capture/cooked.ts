import { viewOf } from '../endian.js';
import { CaptureError } from './errors.js';

/** LINKTYPE_NETLINK: packets captured on an nlmon device, each behind a 16-byte cooked header. */
export const LINKTYPE_NETLINK = 253;
/** The hardware type an nlmon device reports in the cooked header (ARPHRD_NETLINK in linux/if_arp.h). */
export const COOKED_ARPHRD_NETLINK = 824;
/** Length of the cooked header in front of the netlink messages of a LINKTYPE_NETLINK packet. */
export const COOKED_HEADER_LENGTH = 16;

/**
 * The header libpcap puts in front of each packet captured on an nlmon device (the Linux "cooked"
 * layout). Its fields are big-endian whatever the host, unlike the netlink messages that follow it.
 */
export interface NetlinkCookedHeader {
  /** PACKET_* type as the packet socket saw it (nlmon traffic shows as 4, PACKET_OUTGOING). */
  packetType: number;
  /** ARPHRD_* hardware type: 824 (ARPHRD_NETLINK) for nlmon. */
  hardwareType: number;
  /** Declared link-layer address length (0 for netlink, which has no addresses). */
  addressLength: number;
  /** The link-layer address: the first `addressLength` of the 8 address bytes (a view, not a copy). */
  address: Uint8Array;
  /** The netlink protocol family of the socket: 0 NETLINK_ROUTE, 12 NETLINK_NETFILTER, 16 NETLINK_GENERIC, ... */
  protocol: number;
}

/**
 * Decodes the cooked header at the start of a LINKTYPE_NETLINK packet. `fileOffset` is where `bytes`
 * starts in the capture file, so that a `CaptureError` names the right place: the header must be
 * complete and must carry ARPHRD_NETLINK, or what follows is not netlink and is not decoded as such.
 */
export function decodeCookedHeader(bytes: Uint8Array, fileOffset = 0): NetlinkCookedHeader {
  if (bytes.length < COOKED_HEADER_LENGTH) {
    throw new CaptureError(`truncated netlink cooked header: ${bytes.length} bytes, ${COOKED_HEADER_LENGTH} needed`, fileOffset);
  }
  const view = viewOf(bytes);
  const hardwareType = view.getUint16(2, false);
  if (hardwareType !== COOKED_ARPHRD_NETLINK) {
    throw new CaptureError(`cooked header hardware type ${hardwareType} is not ARPHRD_NETLINK (${COOKED_ARPHRD_NETLINK})`, fileOffset + 2);
  }
  const addressLength = view.getUint16(4, false);
  return {
    packetType: view.getUint16(0, false),
    hardwareType,
    addressLength,
    // Only 8 address bytes are stored even when the declared length is more.
    address: bytes.subarray(6, 6 + Math.min(addressLength, 8)),
    protocol: view.getUint16(14, false),
  };
}
