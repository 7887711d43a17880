// A fake nfnetlink kernel for unit tests: it answers batches the way net/netfilter/nfnetlink.c does.
// BATCH_BEGIN opens a transaction (refused with ERESTART when NFNL_BATCH_GENID is stale); each message
// asking for an ACK gets one, or its error; END commits (the generation advances) unless a message failed;
// kernels since 6.10 also ACK a BEGIN that asks for it (`beginAck`). NOOP requests are ACKed.
import { FakeKernel, type FakeDatagram } from '@linx/netlink-socket/testing';
import { AttributeEncoder, NLM_F_ACK, NLMSG_NOOP, errnoNumber, type NetlinkMessage } from '@linx/netlink-wire';
import { nft } from '../../src/index.js';
import { NFGENMSG_LENGTH, NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, nftables } from '../../src/protocol.js';

const GETGEN = nft.messages.genMessage.types.getgen!;
const NEWGEN = nft.messages.genMessage.types.newgen;
/** The errno of a batch computed against another generation. */
const ERESTART = errnoNumber('ERESTART')!;

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

/**
 * NEWGEN's payload as the kernel writes it: nfgenmsg (AF_UNSPEC, version 0, res_id 0), then NFTA_GEN_ID,
 * a big-endian u32, written with the wire layer rather than the declarations under test.
 */
export function genPayload(id: number): Uint8Array {
  const attrs = new AttributeEncoder().be32(nftables.genAttrs.attributes.id.id, id).finish();
  const payload = new Uint8Array(NFGENMSG_LENGTH + attrs.length);
  payload.set(attrs, NFGENMSG_LENGTH);
  return payload;
}

export function fakeNftKernel(options: FakeNftOptions = {}): FakeKernel & { generation: number; committed: NetlinkMessage[][]; bump(): void } {
  let open: { begin: NetlinkMessage; messages: NetlinkMessage[] } | undefined;
  const state = { generation: 1, committed: [] as NetlinkMessage[][] };
  const kernel = new FakeKernel((req, k) => {
    if (req.type === NLMSG_NOOP) return (req.flags & NLM_F_ACK) !== 0 ? k.ack(req) : undefined;
    // NFT_MSG_GETGEN: NEWGEN, then the ACK.
    if (req.type === GETGEN) return [{ messages: [k.reply(req, { type: NEWGEN, flags: 0, payload: genPayload(state.generation) })] }, k.ack(req)];
    if (req.type === NFNL_MSG_BATCH_BEGIN) {
      open = undefined;
      if (options.refuse) return k.error(req, options.refuse);
      const genid = req.payload.length >= 12 ? new DataView(req.payload.buffer, req.payload.byteOffset).getUint32(8, false) : 0;
      if (genid !== 0 && genid !== state.generation) return k.error(req, ERESTART);
      open = { begin: req, messages: [] };
      return;
    }
    if (req.type === NFNL_MSG_BATCH_END) {
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
