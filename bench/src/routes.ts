import { AttributeEncoder, ByteWriter, NLMSG_HDRLEN, writeHeader } from '@linx/netlink-wire';

// rtnetlink facts from linux/rtnetlink.h, enough to shape a route dump like the kernel's.
const RTM_NEWROUTE = 24;
const NLM_F_MULTI = 2;
const RTA_DST = 1;
const RTA_OIF = 4;
const RTA_GATEWAY = 5;
const RTA_PRIORITY = 6;
const RTA_TABLE = 15;

/**
 * `count` RTM_NEWROUTE messages as the kernel sends an IPv4 route dump: rtmsg, then table, dst, priority,
 * gateway, oif (64 bytes each, so 65,000 routes are ≈ 4.2 MB), split into datagrams of about 32 KiB.
 */
export function routeDump(count: number, datagramSize = 32 * 1024): Uint8Array[] {
  const datagrams: Uint8Array[] = [];
  let writer = new ByteWriter(datagramSize + 256);
  for (let i = 0; i < count; i++) {
    const start = writer.reserve(NLMSG_HDRLEN);
    const rtm = writer.reserve(12);
    writer.bytes.set([2, 24, 0, 0, 254, 4, 0, 1], rtm); // AF_INET, /24, tos 0, main table, boot, universe, unicast
    new AttributeEncoder(writer)
      .u32(RTA_TABLE, 254)
      .bytes(RTA_DST, Uint8Array.of(10, (i >> 16) & 0xff, (i >> 8) & 0xff, 0))
      .u32(RTA_PRIORITY, 100)
      .bytes(RTA_GATEWAY, Uint8Array.of(192, 0, 2, 1))
      .u32(RTA_OIF, 2);
    writeHeader(writer.view, start, writer.length - start, { type: RTM_NEWROUTE, flags: NLM_F_MULTI, seq: 1, pid: 4242 });
    if (writer.length >= datagramSize) {
      datagrams.push(writer.finish());
      writer = new ByteWriter(datagramSize + 256);
    }
  }
  if (writer.length > 0) datagrams.push(writer.finish());
  return datagrams;
}
