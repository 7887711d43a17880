import { bytesFrom, concat, header, s32 } from './helpers/bytes.js';

/**
 * Real traffic between iproute2 and the Linux 6.18 kernel, taken with
 * `strace -f -xx -s 4096 -e trace=sendmsg,recvmsg ip …` in a scratch namespace. strace prints the nlmsghdr
 * decoded and the rest as bytes; the headers are rebuilt from its fields.
 */

/** The payload (ifinfomsg + attributes) of `ip link add v0 type veth peer name v1`. */
export const vethPayload = bytesFrom(
  '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 07 00 03 00 76 30 00 00 2c 00 12 00 08 00 01 00 ' +
    '76 65 74 68 20 00 02 00 1c 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 07 00 03 00 76 31 00 00',
);

/** The RTM_NEWLINK request itself: flags REQUEST|ACK|EXCL|CREATE (0x605), seq 1795814487. */
export const vethRequest = concat(header(84, 16, 0x605, 1795814487, 0), vethPayload);

/** The kernel's answer when v0 already exists: NLMSG_ERROR, -EEXIST, the request echoed (not capped), no TLVs. */
export const eexistReply = concat(header(104, 2, 0, 1795814487, 4717), s32(-17), vethRequest);

/** `ip link set v0 mtu 70000` (RTM_NEWLINK, ifindex 3, IFLA_MTU 70000). */
export const mtuRequest = concat(
  header(40, 16, 0x5, 1795814489, 0),
  bytesFrom('00 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 08 00 04 00 70 11 01 00'),
);

/** Its refusal: -EINVAL with NLM_F_ACK_TLVS and NLMSGERR_ATTR_MSG "mtu greater than device maximum". */
export const mtuReply = concat(
  header(96, 2, 0x200, 1795814489, 4737),
  s32(-22),
  mtuRequest,
  bytesFrom('24 00 01 00'),
  new TextEncoder().encode('mtu greater than device maximum\0'),
);
