// A fake kernel on which nlctrl resolves the ethtool family to `familyId` (and itself to GENL_ID_CTRL);
// ethtool's requests go to `answer`; nlctrl's notify group is 0x10, ethtool's monitor 0x11. For the request
// bytes and the client's decoding without a kernel.
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, genlReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { ctrlMessage, Genl, GENL_ID_CTRL, nlctrl } from '../../src/index.js';
import { ethtool, type Ethtool } from '../../src/ethtool/index.js';

const ctrl = compileMessage(ctrlMessage);

export function fakeEthtool(familyId: number, answer: FakeHandler): { kernel: FakeKernel; eth: Ethtool; sent: () => FakeKernel['requests'] } {
  const kernel = new FakeKernel(
    (req, k) => {
      if (req.type !== GENL_ID_CTRL) return answer(req, k);
      const name = ctrl.decode(req.payload).attrs.familyName!;
      const payload = ctrl.encode({
        header: { cmd: nlctrl.replyCommandValues.newfamily, version: 2, reserved: 0 },
        attrs: { familyName: name, familyId: name === 'ethtool' ? familyId : GENL_ID_CTRL, version: 1, hdrsize: 0, maxattr: 1, mcastGroups: name === 'ethtool' ? [{ name: 'monitor', id: 0x11 }] : [{ name: 'notify', id: 0x10 }] },
      });
      return [{ messages: [k.reply(req, { type: GENL_ID_CTRL, payload })] }, k.ack(req)];
    },
    { replyType: genlReplyType },
  );
  return { kernel, eth: ethtool(new Genl(new Connection(kernel))), sent: () => kernel.requests.filter((m) => m.type === familyId) };
}
