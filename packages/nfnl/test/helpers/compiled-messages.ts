// nft's messages for a rule (NEWSET, NEWSETELEM, NEWRULE) and linx's for the same text, decoded to compare
// attribute by attribute: what each tool numbers or writes its own way left out (see `decoded`). Used by
// rule-compile-from-nft-bytes.test.ts (nft's bytes kept in a fixture) and rule-compile-random.live.test.ts.
import { compileMessage } from '@linx/netlink-codec';
import { iterateAttributes, NLA_TYPE_MASK } from '@linx/netlink-wire';
import { NftBatch, nft, type Family } from '../../src/index.js';
import { nftType } from '../../src/nftables/client.js';
import { NFT_DATA_VERDICT } from '../../src/nftables/datatypes.js';

export const { setMessage, setElemListMessage, ruleMessage } = nft.messages;
const codecs = new Map<number, { decode(payload: Uint8Array): unknown }>([
  ...Object.values(setMessage.types).map((t) => [t, compileMessage(setMessage)] as const),
  ...Object.values(setElemListMessage.types).map((t) => [t, compileMessage(setElemListMessage)] as const),
  ...Object.values(ruleMessage.types).map((t) => [t, compileMessage(ruleMessage)] as const),
]);
export const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

/**
 * libnftnl numbers the entries of a NEWSETELEM's element list 1, 2, 3, … where linx writes each as
 * NFTA_LIST_ELEM (1); the kernel reads every entry alike (nla_for_each_nested), so nft's are renumbered.
 */
export function listEntriesAsOne(payload: Uint8Array): Uint8Array {
  const out = payload.slice();
  const view = new DataView(out.buffer);
  const NFTA_SET_ELEM_LIST_ELEMENTS = 3;
  for (const list of iterateAttributes(out, 4)) {
    if (list.type !== NFTA_SET_ELEM_LIST_ELEMENTS) continue;
    const start = list.offset + 4;
    for (const entry of iterateAttributes(out, start, start + list.payload.length)) {
      const at = entry.offset + 2;
      view.setUint16(at, (view.getUint16(at, true) & ~NLA_TYPE_MASK) | 1, true);
    }
  }
  return out;
}

export type Decoded = { type: number; attrs: Record<string, any> };
/**
 * A message as decoded, with what each tool numbers its own way left out: the batch ids of anonymous sets
 * (checked apart: linx's must tie the set, its elements and the rule's lookup together). nft's NEWSET also
 * carries its `typeof` records in the user data (types 3 and 4: expressions in nft's own numbering), which
 * linx does not write.
 */
export function decoded(type: number, payload: Uint8Array): Decoded {
  const message = codecs.get(type)!.decode(type === setElemListMessage.types.newsetelem ? listEntriesAsOne(payload) : payload) as Decoded;
  const attrs = { ...message.attrs };
  delete attrs.id;
  delete attrs.setId;
  // nft gives a verdict map a data length of 0; the kernel takes a verdict's own size whatever it is
  // given (nf_tables_newset), and linx leaves it out.
  if (attrs.dataType === NFT_DATA_VERDICT) delete attrs.dataLen;
  if (type === setMessage.types.newset && attrs.userdata) attrs.userdata = nft.parseUserdata(attrs.userdata)!.filter((i) => i.type !== 3 && i.type !== 4);
  if (attrs.expressions) {
    attrs.expressions = {
      elem: attrs.expressions.elem.map((e: { name: string; data?: Record<string, unknown> }) => {
        if (e.name !== 'lookup' && e.name !== 'dynset') return e;
        const { setId: _, ...data } = e.data!;
        return { ...e, data };
      }),
    };
  }
  return { ...message, type, attrs };
}

/** The messages linx's batch holds for a rule's text (its anonymous sets, their elements, the rule), with their types. */
export function linxMessages(family: Family, table: string, text: string): { type: number; payload: Uint8Array }[] {
  const operations = new NftBatch().addRule({ family, table, chain: 'c', rule: text }).operations;
  return operations.map((op) => ({ type: nftType(op.msg), payload: compileMessage(op.decl).encode(op.value as never) }));
}
