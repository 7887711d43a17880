// ethtool notifications without a kernel: a fake kernel that resolves the family (its `monitor` group is
// 0x11), answers STRSET_GET with made-up features and link-modes string sets, and sends notifications the
// way the kernel does (compact bitsets: ethnl_default_notify asks for them). Checks the typed events, bits
// named through the string sets, commands the monitor has no decoder for, and overruns.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import { genlMessage } from '../src/index.js';
import { declarations as gen } from '../src/ethtool/index.js';
import { fakeEthtool } from './helpers/fake-ethtool.js';

const ETHTOOL_ID = 0x1c;
const MONITOR = 0x11;
const FEATURES = ['rx-checksum', 'rx-gro', 'highdma'];
const strset = compileMessage(genlMessage('strset', gen.strsetAttrs));
const features = compileMessage(genlMessage('features', gen.featuresAttrs));
const linkinfo = compileMessage(genlMessage('linkinfo', gen.linkinfoAttrs));
const words = (...w: number[]) => {
  const out = new Uint8Array(w.length * 4);
  w.forEach((v, i) => new DataView(out.buffer).setUint32(i * 4, v, HOST_LITTLE_ENDIAN));
  return out;
};
const compact = (bits: number) => ({ nomask: true, size: FEATURES.length, value: words(bits) });

function kernelWithMonitor() {
  return fakeEthtool(ETHTOOL_ID, (req, k) => {
    const { attrs } = strset.decode(req.payload);
    const id = attrs.stringsets?.stringset?.[0]?.id;
    const names = id === gen.stringsetValues.features ? FEATURES : ['10baseT/Half'];
    const reply = strset.encode({
      header: { cmd: gen.replyCommandValues['strset-get-reply'], version: 1, reserved: 0 },
      attrs: { header: {}, stringsets: { stringset: [{ id: id!, count: names.length, strings: [{ string: names.map((value, index) => ({ index, value })) }] }] } },
    });
    return [{ messages: [k.reply(req, { type: ETHTOOL_ID, payload: reply })] }, k.ack(req)];
  });
}

describe('Ethtool.monitor against a fake kernel', () => {
  it('joins the monitor group; FEATURES_NTF with compact bitsets comes as a features event, bits named; LINKINFO_NTF as linkinfo; another command as other; an overrun as overrun', async () => {
    const { kernel, eth } = kernelWithMonitor();
    const monitor = await eth.monitor();
    expect(kernel.groups.has(MONITOR)).toBe(true);
    const header = { devIndex: 5, devName: 'eth5' };
    kernel.notify(MONITOR, {
      type: ETHTOOL_ID,
      payload: features.encode({ header: { cmd: gen.replyCommandValues['features-ntf'], version: 1, reserved: 0 }, attrs: { header, hw: compact(0b111), wanted: compact(0b011), active: compact(0b001), nochange: compact(0) } }),
    });
    kernel.notify(MONITOR, { type: ETHTOOL_ID, payload: linkinfo.encode({ header: { cmd: gen.replyCommandValues['linkinfo-ntf'], version: 1, reserved: 0 }, attrs: { header, port: 0xff } }) });
    kernel.notify(MONITOR, { type: ETHTOOL_ID, payload: linkinfo.encode({ header: { cmd: gen.replyCommandValues['wol-ntf'], version: 1, reserved: 0 }, attrs: { header } }) });
    const events = [];
    for await (const event of monitor) {
      events.push(event);
      if (events.length === 3) kernel.overrun();
      if (events.length === 4) break;
    }
    expect(events).toEqual([
      { kind: 'features', features: { ifindex: 5, ifname: 'eth5', changeable: FEATURES, wanted: ['rx-checksum', 'rx-gro'], active: ['rx-checksum'], nochange: [] } },
      { kind: 'linkinfo', linkInfo: { ifindex: 5, ifname: 'eth5', port: 0xff } },
      { kind: 'other', command: 'wol-ntf', device: { ifindex: 5, ifname: 'eth5' } },
      { kind: 'overrun', error: expect.objectContaining({ code: expect.any(String) }) },
    ]);
    // Leaving the loop left the group.
    expect(kernel.groups.has(MONITOR)).toBe(false);
  });
});
