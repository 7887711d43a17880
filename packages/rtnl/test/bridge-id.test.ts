// A bridge's IFLA_BR_ROOT_ID / IFLA_BR_BRIDGE_ID: struct ifla_bridge_id { __u8 prio[2]; __u8 addr[6]; }
// (linux/if_link.h), the priority most significant byte first (br_stp_set_bridge_priority() in
// net/bridge/br_stp_if.c), as `ip -d link` prints it ("1234.2:0:0:0:0:a"). The attribute bytes below are
// the kernel's, captured with `strace -e trace=recvmsg -e read=all ip -d link show br0` in a throwaway
// namespace after `ip link add br0 type bridge priority 4660; ip link set br0 address 02:00:00:00:00:0a`:
//
//     0c 00 0a 00 12 34 02 00 00 00 00 0a   IFLA_BR_ROOT_ID
//     0c 00 0b 00 12 34 02 00 00 00 00 0a   IFLA_BR_BRIDGE_ID
//
// IFLA_BR_PRIORITY (a host-order u16, 4660) and IFLA_BR_VLAN_PROTOCOL (be16, ETH_P_8021Q 0x8100) beside
// them. No kernel: a FakeKernel answers the link dump.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { Rtnl } from '../src/index.js';
import { rtLink } from '../src/protocol.js';

const BRIDGE = [
  // ifinfomsg: AF_UNSPEC, ARPHRD_ETHER 1, index 2, no flags
  0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  // IFLA_IFNAME "br0"
  0x08, 0x00, 0x03, 0x00, 0x62, 0x72, 0x30, 0x00,
  // IFLA_LINKINFO { IFLA_INFO_KIND "bridge", IFLA_INFO_DATA { PRIORITY, VLAN_PROTOCOL, ROOT_ID, BRIDGE_ID } } (by id)
  0x3c, 0x00, 0x12, 0x80,
  0x0b, 0x00, 0x01, 0x00, 0x62, 0x72, 0x69, 0x64, 0x67, 0x65, 0x00, 0x00,
  0x2c, 0x00, 0x02, 0x80,
  0x06, 0x00, 0x06, 0x00, 0x34, 0x12, 0x00, 0x00,
  0x06, 0x00, 0x08, 0x00, 0x81, 0x00, 0x00, 0x00,
  0x0c, 0x00, 0x0a, 0x00, 0x12, 0x34, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
  0x0c, 0x00, 0x0b, 0x00, 0x12, 0x34, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
];

describe.runIf(endianness() === 'LE')('the bridge id', () => {
  const id = { prio: 0x1234, addr: Uint8Array.of(0x02, 0, 0, 0, 0, 0x0a) };

  it('links.list reads prio most significant byte first, as the kernel writes it and ip prints it', async () => {
    const kernel = new FakeKernel((req, k) => k.multipart(req, [Uint8Array.from(BRIDGE)], { type: 16 }));
    const rtnl = new Rtnl(new Connection(kernel));
    const [bridge] = await rtnl.links.list();
    rtnl.close();
    const data = bridge!.linkinfo?.data as { rootId?: object; bridgeId?: object; priority?: number; vlanProtocol?: number };
    expect({ ...data.rootId }).toEqual(id);
    expect({ ...data.bridgeId }).toEqual(id);
    // The same priority as IFLA_BR_PRIORITY says in host order.
    expect(data.priority).toBe(data.bridgeId && (data.bridgeId as { prio: number }).prio);
    expect(data.vlanProtocol).toBe(0x8100);
  });

  it('the declaration encodes it back to the kernel\'s bytes', () => {
    const codec = compileMessage(rtLink.linkMessage);
    const decoded = codec.decode(Uint8Array.from(BRIDGE));
    expect([...codec.encode(decoded)]).toEqual(BRIDGE);
    const fresh = compileMessage(rtLink.linkMessage).encode({ header: { ifiType: 1, ifiIndex: 2 }, attrs: { ifname: 'br0', linkinfo: { kind: 'bridge', data: { rootId: id, bridgeId: id, priority: 0x1234, vlanProtocol: 0x8100 } } } } as never);
    expect([...fresh]).toEqual(BRIDGE);
  });
});
