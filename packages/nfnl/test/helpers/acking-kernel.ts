// An nfnl handle on a fake kernel that ACKs every request, and the requests it got (their payloads
// copied), for tests of what the verbs send.
import { FakeKernel } from '@linx/netlink-socket/testing';
import type { NetlinkMessage } from '@linx/netlink-wire';
import { Nfnl } from '../../src/index.js';

export function ackingKernel(): { nfnl: Nfnl; requests: NetlinkMessage[] } {
  const requests: NetlinkMessage[] = [];
  const kernel = new FakeKernel((req, k) => {
    requests.push({ ...req, payload: req.payload.slice() });
    return k.ack(req);
  });
  return { nfnl: new Nfnl(kernel), requests };
}
