// A fake kernel on which nlctrl resolves the families named in `families` (name → id and multicast groups)
// and itself to GENL_ID_CTRL; every other request goes to `answer` (by default an ACK). For a family's
// request bytes and reply decoding without a kernel that has it.
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, genlReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { errnoNumber } from '@linx/netlink-wire';
import { ctrlMessage, Genl, GENL_ID_CTRL, nlctrl } from '../../src/index.js';

const ctrl = compileMessage(ctrlMessage);

export interface FakeFamily {
  id: number;
  version?: number;
  groups?: Record<string, number>;
}

export function fakeFamilies(families: Record<string, FakeFamily>, answer: FakeHandler = (req, k) => k.ack(req)): { kernel: FakeKernel; genl: Genl; sent: (id: number) => FakeKernel['requests'] } {
  const kernel = new FakeKernel(
    (req, k) => {
      if (req.type !== GENL_ID_CTRL) return answer(req, k);
      const name = ctrl.decode(req.payload).attrs.familyName!;
      const family = name === 'nlctrl' ? { id: GENL_ID_CTRL, groups: { notify: 0x10 } } : families[name];
      if (family === undefined) return k.error(req, errnoNumber('ENOENT')!);
      const payload = ctrl.encode({
        header: { cmd: nlctrl.replyCommandValues.newfamily, version: 2, reserved: 0 },
        attrs: {
          familyName: name,
          familyId: family.id,
          version: family.version ?? 1,
          hdrsize: 0,
          maxattr: 1,
          mcastGroups: Object.entries(family.groups ?? {}).map(([groupName, id]) => ({ name: groupName, id })),
        },
      });
      return [{ messages: [k.reply(req, { type: GENL_ID_CTRL, payload })] }, k.ack(req)];
    },
    { replyType: genlReplyType },
  );
  return { kernel, genl: new Genl(new Connection(kernel)), sent: (id) => kernel.requests.filter((m) => m.type === id) };
}
