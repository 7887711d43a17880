import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { Rtnl } from '../../src/index.js';

/**
 * A handle on a FakeKernel that knows every interface name (RTM_GETLINK, 18, answered with an ifinfomsg of
 * index 2), lists nothing and acknowledges everything else: for tests of what is refused before sending and
 * of the requests written.
 */
export function acknowledgingKernel() {
  const handler: FakeHandler = (req, k) => {
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.multipart(req, []);
    if (req.type === 18) {
      const payload = new Uint8Array(16);
      new DataView(payload.buffer).setInt32(4, 2, true);
      return { messages: [k.reply(req, { type: 16, payload })] };
    }
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}
