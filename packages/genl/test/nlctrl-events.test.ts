// nlctrl's own announcements (a family registered or unregistered, a multicast group added or removed) as
// typed events, through the same typed client as any generated family: genlClient(genl, nlctrl)
// subscribes to its `notify` group. This kernel loads no modules, so no family comes or goes here: the
// announcements come from a fake kernel, in the layout of CTRL_CMD_NEWFAMILY/DELFAMILY (linux/genetlink.h:
// CTRL_CMD_NEWFAMILY 1, CTRL_CMD_DELFAMILY 2; CTRL_ATTR_FAMILY_ID 1 u16, CTRL_ATTR_FAMILY_NAME 2 string).
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, genlReplyType } from '@linx/netlink-socket/testing';
import { ctrlMessage, Genl, GENL_ID_CTRL, genlClient, nlctrl, type GenlEvent } from '../src/index.js';

const ctrl = compileMessage(ctrlMessage);
const NOTIFY = 0x10;

/** CTRL_CMD_* header (cmd, version 2), then CTRL_ATTR_FAMILY_ID (u16, padded) and CTRL_ATTR_FAMILY_NAME. */
function announcement(cmd: number, id: number, name: string): Uint8Array {
  const text = new TextEncoder().encode(`${name}\0`);
  const nameLength = 4 + text.length;
  const out = new Uint8Array(4 + 8 + ((nameLength + 3) & ~3));
  const view = new DataView(out.buffer);
  out.set([cmd, 2, 0, 0]);
  view.setUint16(4, 6, true); // nla_len: header + u16
  view.setUint16(6, 1, true); // CTRL_ATTR_FAMILY_ID
  view.setUint16(8, id, true);
  view.setUint16(12, nameLength, true);
  view.setUint16(14, 2, true); // CTRL_ATTR_FAMILY_NAME
  out.set(text, 16);
  return out;
}

describe('nlctrl announcements as typed events', () => {
  it("genlClient(genl, nlctrl).subscribe('notify') decodes families registered and unregistered", async () => {
    const kernel = new FakeKernel(
      (req, k) => {
        const request = ctrl.decode(req.payload);
        if (request.attrs.familyName !== 'nlctrl') return k.error(req, 2);
        const payload = ctrl.encode({ header: { cmd: nlctrl.replyCommandValues.newfamily, version: 2, reserved: 0 }, attrs: { familyName: 'nlctrl', familyId: GENL_ID_CTRL, version: 2, mcastGroups: [{ name: 'notify', id: NOTIFY }] } });
        return [{ messages: [k.reply(req, { type: GENL_ID_CTRL, payload })] }, k.ack(req)];
      },
      { replyType: genlReplyType },
    );
    const genl = new Genl(new Connection(kernel));
    const events = await genlClient(genl, nlctrl).subscribe('notify');
    expect(kernel.groups.has(NOTIFY)).toBe(true);
    kernel.notify(NOTIFY, { type: GENL_ID_CTRL, payload: announcement(1, 0x2a, 'wireguard') });
    kernel.notify(NOTIFY, { type: GENL_ID_CTRL, payload: announcement(2, 0x2a, 'wireguard') });
    const seen: GenlEvent<typeof nlctrl, 'notify'>[] = [];
    for await (const event of events) {
      seen.push(event);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([
      { kind: 'notification', name: 'newfamily', cmd: 1, attrs: { familyId: 0x2a, familyName: 'wireguard' } },
      { kind: 'notification', name: 'delfamily', cmd: 2, attrs: { familyId: 0x2a, familyName: 'wireguard' } },
    ]);
    genl.close();
  });
});
