// A CTRL_CMD_GETFAMILY exchange the kernel really had (fixtures/pyroute2/nl0.pcap: pyroute2 asking for
// IPVS): the request linx sends for that name is the captured one byte for byte, and the kernel's
// captured reply, replayed by the fake kernel, resolves to the family it describes (CTRL_ATTR_FAMILY_ID
// 0x0025, CTRL_ATTR_VERSION 1, CTRL_ATTR_HDRSIZE 0, read off the capture's bytes).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, genlReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_REQUEST } from '@linx/netlink-wire';
import { readCaptureArray } from '@linx/netlink-wire/capture';
import { fixture } from '@linx/test-kit';
import { ctrlMessage, Genl, GENL_ID_CTRL, nlctrl } from '../src/index.js';

const pcap = new Uint8Array(readFileSync(fixture('pyroute2/nl0.pcap', import.meta.url)));
const [request, reply] = readCaptureArray(pcap)
  .filter((p) => p.protocol === 16)
  .flatMap((p) => p.messages)
  .filter((m) => m.type === GENL_ID_CTRL);

describe('nlctrl: the captured GETFAMILY exchange of nl0.pcap', () => {
  it('linx asks for IPVS with the captured bytes and reads the kernel reply into the family it describes', async () => {
    const codec = compileMessage(ctrlMessage);
    const kernel = new FakeKernel(
      (req, k) => {
        const same = Buffer.from(req.payload).equals(Buffer.from(request!.payload));
        if (same) return [{ messages: [k.reply(req, { type: GENL_ID_CTRL, payload: reply!.payload })] }, k.ack(req)];
        // nlctrl itself, asked first to join its notify group.
        const nlctrlReply = codec.encode({ header: { cmd: nlctrl.replyCommandValues.newfamily, version: 2, reserved: 0 }, attrs: { familyName: 'nlctrl', familyId: GENL_ID_CTRL, mcastGroups: [{ name: 'notify', id: 16 }] } });
        return [{ messages: [k.reply(req, { type: GENL_ID_CTRL, payload: nlctrlReply })] }, k.ack(req)];
      },
      { replyType: genlReplyType },
    );
    const genl = new Genl(new Connection(kernel));
    const ipvs = await genl.family('IPVS');
    kernel.assertRequests({ type: GENL_ID_CTRL, flags: NLM_F_REQUEST | NLM_F_ACK }, { type: GENL_ID_CTRL, flags: request!.flags | NLM_F_ACK, payload: request!.payload });
    expect(ipvs).toMatchObject({ name: 'IPVS', id: 0x25, version: 1, hdrsize: 0, groups: [] });
    expect(ipvs.operations.length).toBeGreaterThan(0);
    for (const op of ipvs.operations) {
      expect(op.cmd).toBeGreaterThan(0);
      expect(op.flags.length).toBeGreaterThan(0);
    }
    genl.close();
  });
});
