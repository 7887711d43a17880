// The link formats have one source, the generated rt-link declarations: the request layout
// (src/link/request-layout.ts) only lays them out as iproute2 writes them, and the former names exported by
// @linx/rtnl/protocol are the generated objects. Checked on the kernel's own link messages (the pyroute2
// project's nlmon capture) and on linx's requests.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { iterateAttributes, NLM_F_CREATE } from '@linx/netlink-wire';
import { readCaptureArray } from '@linx/netlink-wire/capture';
import * as protocol from '../src/protocol.js';
import { BOND_MODES, MACVLAN_MODES, VXLAN_DF } from '../src/index.js';
import { fixture } from '@linx/test-kit';
import { fakeRtnl } from './helpers/link-golden.js';

const { linkRequestMessage, rtLink } = protocol;
const generated = compileMessage(rtLink.linkMessage);
const request = compileMessage(linkRequestMessage);

describe('one source of truth for the link formats', () => {
  it('the kernel’s link messages decode the same with the request layout as with rtLink.linkMessage', () => {
    const packets = readCaptureArray(new Uint8Array(readFileSync(fixture('pyroute2/nl0.pcap', import.meta.url))));
    const links = packets.filter((p) => p.protocol === 0).flatMap((p) => p.messages).filter((m) => m.type === rtLink.linkMessage.types.newlink);
    expect(links.length).toBeGreaterThan(5);
    for (const message of links) expect(request.decode(message.payload)).toEqual(generated.decode(message.payload));
  });

  it('the former names are the generated objects, not copies', () => {
    expect(protocol.linkMessage).toBe(rtLink.linkMessage);
    expect(protocol.linkinfoDataFormats).toBe(rtLink.linkinfoDataMsgFormats);
    expect(protocol.linkinfoMemberDataFormats).toBe(rtLink.linkinfoMemberDataMsgFormats);
    expect(protocol.linkinfoBondNamedAttrs).toBe(rtLink.linkinfoBondAttrs);
    expect(protocol.linkinfoVxlanAttrs).toBe(rtLink.linkinfoVxlanAttrs);
    expect(MACVLAN_MODES).toBe(rtLink.macvlanModeValues);
    expect(BOND_MODES).toBe(rtLink.bondModeValues);
    expect(VXLAN_DF).toBe(rtLink.vxlanDfValues);
  });

  it('linx’s requests carry no NLA_F_NESTED at any depth (iproute2’s addattr_nest), and decode with rtLink.linkMessage to what was asked', async () => {
    const { rtnl, kernel } = fakeRtnl({ v0: 3 });
    await rtnl.links.create({ name: 'v4', kind: 'veth', peer: { name: 'v5', mtu: 1300 } });
    await rtnl.links.create({ name: 'vl9', kind: 'vlan', link: 'v0', id: 9, egressQos: [{ from: 1, to: 2 }] });
    const creates = kernel.requests.filter((m) => m.type === 16 && (m.flags & NLM_F_CREATE) !== 0);
    expect(creates).toHaveLength(2);
    const nestedFlags = (bytes: Uint8Array): number => {
      let n = 0;
      for (const a of iterateAttributes(bytes)) {
        if (a.nested) n++;
        // Recurse into whatever parses as attributes (a nest's payload; a veth peer's after its ifinfomsg).
        for (const skip of [0, 16]) {
          try {
            if (a.payload.length > skip + 4) n += nestedFlags(a.payload.subarray(skip));
          } catch {
            // not attributes
          }
        }
      }
      return n;
    };
    for (const message of creates) expect(nestedFlags(message.payload.subarray(16))).toBe(0);
    // The generated declaration itself flags its nests (IFLA_LINKINFO, IFLA_INFO_DATA, the peer): the check sees them.
    const flagged = generated.encode({ header: {}, attrs: { ifname: 'v4', linkinfo: { kind: 'veth', data: { peer: { header: {}, ifname: 'v5' } } } } } as never);
    expect(nestedFlags(flagged.subarray(16))).toBeGreaterThanOrEqual(3);
    const veth = generated.decode(creates[0]!.payload).attrs.linkinfo;
    expect(veth).toMatchObject({ kind: 'veth', data: { peer: { ifname: 'v5', mtu: 1300 } } });
    expect(generated.decode(creates[1]!.payload).attrs.linkinfo).toEqual({ kind: 'vlan', data: { id: 9, egressQos: { mapping: [{ from: 1, to: 2 }] } } });
  });
});
