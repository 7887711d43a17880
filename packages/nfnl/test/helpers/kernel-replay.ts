// A fake kernel that answers nftables dumps with replies a real kernel sent (captured with strace): GETGEN
// with the NEWGEN among them, each dump with the replies of its type, GETSETELEM with the elements of the
// set asked for, GETRULE with the rules of the family, table and chain asked for (as nf_tables_dump_rules
// filters them). So a whole ruleset is read through the verbs without root.
import { compileMessage } from '@linx/netlink-codec';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, parseMessages } from '@linx/netlink-wire';
import { Nfnl, nft, type Ruleset } from '../../src/index.js';

export interface Reply {
  type: number;
  payload: Uint8Array;
}

/**
 * The NFT_MSG_NEW* replies (subsystem NFNL_SUBSYS_NFTABLES = 10 in the high byte; not ACKs or DONE) among
 * the datagrams a traced nft received, each kept once, as [nlmsg_type, payload in hex] for a fixture.
 */
export function capturedReplies(received: readonly Uint8Array[]): [number, string][] {
  const lines = new Set(received.flatMap((d) => parseMessages(d)).filter((m) => m.type >> 8 === 10).map((m) => `${m.type} ${Buffer.from(m.payload).toString('hex')}`));
  return [...lines].map((line) => {
    const [type, hex] = line.split(' ');
    return [Number(type), hex!];
  });
}

/** [nlmsg_type, payload in hex] pairs as replies. */
export function repliesOf(captured: readonly (readonly [number, string])[]): Reply[] {
  // nft dumps some kinds once per table: the same reply may have been captured more than once.
  const unique = [...new Map(captured.map((c) => [`${c[0]} ${c[1]}`, c])).values()];
  return unique.map(([type, hex]) => ({ type, payload: Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16)) }));
}

const NEWGEN = nft.messages.genMessage.types.newgen;
const GETGEN = nft.messages.genMessage.types.getgen!;
const NEWSETELEM = nft.messages.setElemListMessage.types.newsetelem!;
const elems = compileMessage(nft.messages.setElemListMessage);
/** The family, table and set (NFTA_SET_ELEM_LIST_*) of a GETSETELEM request or a NEWSETELEM reply. */
function setNameOf(payload: Uint8Array): string {
  const { header, attrs } = elems.decode(payload);
  return `${header.family} ${attrs.table} ${attrs.set}`;
}

const NEWRULE = nft.messages.ruleMessage.types.newrule!;
const rules = compileMessage(nft.messages.ruleMessage);
/** Whether a NEWRULE reply is one a GETRULE request asks for: its family (unless unspec), table, chain. */
function ruleAsked(request: Uint8Array, reply: Uint8Array): boolean {
  const want = rules.decode(request);
  const rule = rules.decode(reply);
  return (want.header.family === 'unspec' || want.header.family === rule.header.family) && (want.attrs.table === undefined || want.attrs.table === rule.attrs.table) && (want.attrs.chain === undefined || want.attrs.chain === rule.attrs.chain);
}

export function replayKernel(replies: readonly Reply[]): FakeKernel {
  return new FakeKernel((req, k) => {
    if (req.type === GETGEN) return [{ messages: [k.reply(req, { type: NEWGEN, flags: 0, payload: replies.find((r) => r.type === NEWGEN)!.payload })] }, k.ack(req)];
    if ((req.flags & NLM_F_DUMP) !== NLM_F_DUMP) return k.error(req, 95);
    const type = req.type - 1; // NFT_MSG_GETx follows NFT_MSG_NEWx
    let of = replies.filter((r) => r.type === type);
    if (type === NEWSETELEM) {
      const set = setNameOf(req.payload);
      of = of.filter((r) => setNameOf(r.payload) === set);
    }
    if (type === NEWRULE) of = of.filter((r) => ruleAsked(req.payload, r.payload));
    return k.multipart(req, of.map((r) => r.payload), { type });
  });
}

/** The ruleset as the verbs read it from those replies (through `Handle`: a freshly imported package's Nfnl). */
export async function readReplayed(replies: readonly Reply[], Handle: typeof Nfnl = Nfnl): Promise<Ruleset> {
  const nfnl = new Handle(replayKernel(replies));
  try {
    return await nfnl.nftables.ruleset();
  } finally {
    nfnl.close();
  }
}
