// The generated nftables declarations: every declaration compiles, message types are
// (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_*, and a rule with its expressions round-trips through bytes.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { compileMessage, decode, encode, type AttrSetDecl, type MessageDecl, type StructDecl } from '@linx/netlink-codec';
import { compileAttrSet, compileStruct } from '@linx/netlink-codec/runtime';
import { nftables } from '../src/protocol.js';

const kinds = (kind: string) => Object.entries(nftables).filter(([, v]) => (v as { kind?: string })?.kind === kind);

describe('@linx/nfnl nftables declarations', () => {
  it('every set, struct and message compiles', () => {
    for (const [, d] of kinds('attrset')) compileAttrSet(d as AttrSetDecl);
    for (const [, d] of kinds('structdecl')) compileStruct(d as StructDecl);
    expect(kinds('message').map(([k]) => k).sort()).toEqual([
      'batchMessage', 'chainMessage', 'flowtableMessage', 'genMessage', 'objMessage', 'ruleMessage', 'setMessage', 'setelemListMessage', 'tableMessage',
    ]);
    for (const [, d] of kinds('message')) expect(compileMessage(d as MessageDecl).headerLength).toBe(4);
  });

  it('message types: NFNL_SUBSYS_NFTABLES (10) << 8 | NFT_MSG_*; the batch messages NFNL_MSG_BATCH_BEGIN/END', () => {
    expect(nftables.tableMessage.types).toMatchObject({ newtable: 0xa00, gettable: 0xa01, deltable: 0xa02 });
    expect(nftables.chainMessage.types).toMatchObject({ newchain: 0xa03, getchain: 0xa04, delchain: 0xa05 });
    expect(nftables.ruleMessage.types).toMatchObject({ newrule: 0xa06, getrule: 0xa07, delrule: 0xa08 });
    expect(nftables.setMessage.types).toMatchObject({ newset: 0xa09, getset: 0xa0a, delset: 0xa0b });
    expect(nftables.setelemListMessage.types).toMatchObject({ newsetelem: 0xa0c, getsetelem: 0xa0d, delsetelem: 0xa0e });
    expect(nftables.genMessage.types).toMatchObject({ getgen: 0xa10, getgenReply: 0xa0f });
    expect(nftables.objMessage.types).toMatchObject({ newobj: 0xa12, getobj: 0xa13 });
    expect(nftables.batchMessage.types).toEqual({ batchBegin: 16, batchEnd: 17 });
  });

  it('attribute ids corrected where the spec snapshot left out pads (NFTA_TABLE_PAD, NFTA_CHAIN_PAD, NFTA_RULE_PAD, NFTA_SET_ELEM_PAD)', () => {
    expect(nftables.tableAttrs.attributes.userdata.id).toBe(6);
    expect(nftables.chainAttrs.attributes.flags.id).toBe(10);
    expect(nftables.chainAttrs.attributes.userdata.id).toBe(12);
    expect(nftables.ruleAttrs.attributes.id.id).toBe(9);
    expect(nftables.setelemAttrs.attributes.objref.id).toBe(9);
  });

  it('a rule (tcp dport 22 accept) encodes and decodes, expressions chosen by name', () => {
    const rule = compileMessage(nftables.ruleMessage);
    const value = {
      header: { nfgenFamily: 1, version: 0, resId: 0 },
      attrs: {
        table: 'linx',
        chain: 'input',
        expressions: {
          elem: [
            { name: 'meta', data: { key: 'l4-proto' as const, dreg: 1 } },
            { name: 'cmp', data: { sreg: 1, op: 'eq' as const, data: { value: Uint8Array.of(6) } } },
            { name: 'payload', data: { dreg: 1, base: 2, offset: 2, len: 2 } },
            { name: 'cmp', data: { sreg: 1, op: 'eq' as const, data: { value: Uint8Array.of(0, 22) } } },
            { name: 'immediate', data: { dreg: 0, data: { verdict: { code: 1 } } } },
          ],
        },
      },
    };
    const bytes = rule.encode(value);
    const back = rule.decode(bytes);
    expect(back.header).toEqual(value.header);
    expect(back.attrs.expressions?.elem?.map((e) => e.name)).toEqual(['meta', 'cmp', 'payload', 'cmp', 'immediate']);
    expect(back.attrs.expressions?.elem?.[0]?.data).toEqual({ key: 'l4-proto', dreg: 1 });
    expect(back.attrs.expressions?.elem?.[4]?.data).toEqual({ dreg: 0, data: { verdict: { code: 1 } } });
    expect(rule.encode(back)).toEqual(bytes);
    // NFTA_META_KEY is big-endian on the wire: NFT_META_L4PROTO = 16.
    const meta = encode(nftables.exprMetaAttrs, { key: 'l4-proto' });
    expect([...meta]).toEqual([8, 0, 2, 0, 0, 0, 0, 16]);
    expect(decode(nftables.exprMetaAttrs, meta)).toEqual({ key: 'l4-proto' });
    expectTypeOf(back.attrs.handle).toEqualTypeOf<bigint | undefined>();
  });
});
