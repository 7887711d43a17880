// A fake nfnetlink kernel for unit tests: it answers batches the way net/netfilter/nfnetlink.c does.
// BATCH_BEGIN opens a transaction (refused with ERESTART when NFNL_BATCH_GENID is stale); each message
// asking for an ACK gets one, or its error; END commits (the generation advances) unless a message failed;
// kernels since 6.10 also ACK a BEGIN that asks for it (`beginAck`). NOOP requests are ACKed.
import { FakeKernel, type FakeDatagram } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLMSG_NOOP, type NetlinkMessage } from '@linx/netlink-wire';

export interface FakeNftOptions {
  /** The errno (and ext-ack) for a message of the batch, by its index among the messages. */
  fail?: (message: NetlinkMessage, index: number) => { errno: number; offset?: number; message?: string } | undefined;
  /** Answer BEGIN with an ACK, as Linux 6.10+ does. */
  beginAck?: boolean;
  /** Refuse every batch with this errno on BEGIN (EPERM: 1). */
  refuse?: number;
  /** Echo replies (NLM_F_ECHO) to send for a message, marked with this multicast group like the kernel does. */
  echo?: (message: NetlinkMessage) => FakeDatagram | undefined;
}

/** NEWGEN's payload: nfgenmsg, NFTA_GEN_ID (be32). */
function genPayload(id: number): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setUint16(4, 8, true);
  view.setUint16(6, 1, true);
  view.setUint32(8, id, false);
  return bytes;
}

export function fakeNftKernel(options: FakeNftOptions = {}): FakeKernel & { generation: number; committed: NetlinkMessage[][]; bump(): void } {
  let open: { begin: NetlinkMessage; messages: NetlinkMessage[] } | undefined;
  const state = { generation: 1, committed: [] as NetlinkMessage[][] };
  const kernel = new FakeKernel((req, k) => {
    if (req.type === NLMSG_NOOP) return (req.flags & NLM_F_ACK) !== 0 ? k.ack(req) : undefined;
    // NFT_MSG_GETGEN: NEWGEN, then the ACK.
    if (req.type === 0xa10) return [{ messages: [k.reply(req, { type: 0xa0f, flags: 0, payload: genPayload(state.generation) })] }, k.ack(req)];
    if (req.type === 0x10) {
      open = undefined;
      if (options.refuse) return k.error(req, options.refuse);
      const genid = req.payload.length >= 12 ? new DataView(req.payload.buffer, req.payload.byteOffset).getUint32(8, false) : 0;
      if (genid !== 0 && genid !== state.generation) return k.error(req, 85);
      open = { begin: req, messages: [] };
      return;
    }
    if (req.type === 0x11) {
      if (!open) return;
      const { begin, messages } = open;
      open = undefined;
      const answers: FakeDatagram[] = [];
      let failed = false;
      const errors = messages.map((m, i) => {
        const e = options.fail?.(m, i);
        if (e) failed = true;
        return e;
      });
      if (!failed) {
        state.generation++;
        state.committed.push(messages);
        for (const m of messages) {
          const echo = options.echo?.(m);
          if (echo) answers.push(echo);
        }
      }
      if (options.beginAck && (begin.flags & NLM_F_ACK) !== 0) answers.push(k.ack(begin));
      messages.forEach((m, i) => {
        const e = errors[i];
        if (e) answers.push(k.error(m, e.errno, { ...(e.offset !== undefined ? { offset: e.offset } : {}), ...(e.message !== undefined ? { message: e.message } : {}) }));
        else if ((m.flags & NLM_F_ACK) !== 0) answers.push(k.ack(m));
      });
      return answers;
    }
    if (open) open.messages.push(req);
  });
  return Object.defineProperties(kernel, {
    generation: { get: () => state.generation },
    committed: { value: state.committed },
    /** Another writer commits. */
    bump: { value: () => void state.generation++ },
  }) as never;
}
