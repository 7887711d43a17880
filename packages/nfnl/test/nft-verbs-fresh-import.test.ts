// The nftables verb groups' operation tables (`tableOps`, `chainOps`, `setOps`, …) and helpers defined at
// module level, checked on a freshly imported module. They are computed once per test file, when the
// first test imports the package; under mutation testing (`pnpm mutation`) a mutant in such a value is then
// tried only against that first test, so the checks that would catch it never run with it. Here each test
// resets the module registry and imports the module anew, so its module-level values are computed inside
// the test that checks them. Expected bytes are what nft 1.0.6 sent (strace -xx of `nft -f` in a throwaway
// network namespace; the same captures as requests-as-nft-sends.test.ts).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';

beforeEach(() => {
  vi.resetModules();
});

const encode = (op: { decl: unknown; value: unknown }) => [...compileMessage(op.decl as never).encode(op.value as never)];

// add table inet t { comment "tc"; }: nfgenmsg (NFPROTO_INET 1), NFTA_TABLE_NAME "t", NFTA_TABLE_FLAGS 0,
// NFTA_TABLE_USERDATA (comment TLV: type 0, length 3, "tc\0").
const NFT_NEWTABLE = [1, 0, 0, 0, 6, 0, 1, 0, 116, 0, 0, 0, 8, 0, 2, 0, 0, 0, 0, 0, 9, 0, 6, 0, 0, 3, 116, 99, 0, 0, 0, 0];
// add chain inet t r
const NFT_NEWCHAIN_REGULAR = [1, 0, 0, 0, 6, 0, 1, 0, 116, 0, 0, 0, 6, 0, 3, 0, 114, 0, 0, 0];
// delete rule inet t c handle 3
const NFT_DELRULE = [1, 0, 0, 0, 6, 0, 1, 0, 116, 0, 0, 0, 6, 0, 2, 0, 99, 0, 0, 0, 12, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 3];
// delete set inet t p
const NFT_DELSET = [1, 0, 0, 0, 6, 0, 1, 0, 116, 0, 0, 0, 6, 0, 2, 0, 112, 0, 0, 0];
// delete element inet t p { 10.0.0.9 }
const NFT_DELSETELEM = [1, 0, 0, 0, 6, 0, 1, 0, 116, 0, 0, 0, 6, 0, 2, 0, 112, 0, 0, 0, 20, 0, 3, 128, 16, 0, 1, 128, 12, 0, 1, 128, 8, 0, 1, 0, 10, 0, 0, 9];
// delete counter inet t k (less the empty NFTA_OBJ_DATA nft adds)
const NFT_DELOBJ = [1, 0, 0, 0, 6, 0, 1, 0, 116, 0, 0, 0, 6, 0, 2, 0, 107, 0, 0, 0, 8, 0, 3, 0, 0, 0, 0, 1];

describe('in a fresh import', () => {
  it("tableOps: add and create send nft's bytes with NLM_F_CREATE (and NLM_F_EXCL)", async () => {
    const { tableOps } = await import('../src/nftables/table.js');
    const add = tableOps.add({ family: 'inet', name: 't', flags: [], comment: 'tc' });
    expect(encode(add)).toEqual(NFT_NEWTABLE);
    expect(add.flags).toBe(NLM_F_CREATE);
    expect(tableOps.add({ family: 'inet', name: 't' }, true).flags).toBe(NLM_F_CREATE | NLM_F_EXCL);
    expect(tableOps.delete({ family: 'inet', name: 't' }).msg).toBe('deltable');
  });

  it('decodeTable reads the NEWTABLE payload nft sent back into a table with its comment', async () => {
    const { decodeTable } = await import('../src/nftables/table.js');
    expect({ ...decodeTable(Uint8Array.from(NFT_NEWTABLE)) }).toEqual({ family: 'inet', name: 't', flags: [], comment: 'tc', userdata: Uint8Array.of(0, 3, 116, 99, 0) });
  });

  it("chainOps: a regular chain sends nft's bytes", async () => {
    const { chainOps } = await import('../src/nftables/chain.js');
    const op = chainOps.add({ family: 'inet', table: 't', name: 'r' });
    expect(encode(op)).toEqual(NFT_NEWCHAIN_REGULAR);
    expect(op).toMatchObject({ msg: 'newchain', flags: NLM_F_CREATE });
  });
});

describe('the other verb groups in a fresh import', () => {
  it("ruleOps: delete by handle sends nft's bytes; add appends (NLM_F_CREATE | NLM_F_APPEND)", async () => {
    const { ruleOps } = await import('../src/nftables/rule.js');
    expect(encode(ruleOps.delete({ family: 'inet', table: 't', chain: 'c', handle: 3n }))).toEqual(NFT_DELRULE);
    expect(ruleOps.add({ family: 'inet', table: 't', chain: 'c', expressions: [] }).flags).toBe(NLM_F_CREATE | NLM_F_APPEND);
  });

  it("setOps: delete sends nft's bytes; add asks NLM_F_CREATE and numbers sets from 1", async () => {
    const { setOps } = await import('../src/nftables/set.js');
    expect(encode(setOps.delete({ family: 'inet', table: 't', name: 'p' }))).toEqual(NFT_DELSET);
    const add = setOps.add({ family: 'inet', table: 't', name: 's', keyType: 'ipv4_addr' });
    expect(add.flags).toBe(NLM_F_CREATE);
    // nft numbers the sets of a batch from 1 (NFTA_SET_ID); a fresh module starts there too.
    expect((add.value as { attrs: { id: number } }).attrs.id).toBe(1);
    // NFTNL_UDATA_SET_KEYBYTEORDER (0) = BYTEORDER_BIG_ENDIAN (2) for ipv4_addr, as nft 1.0.6 writes it.
    expect([...(add.value as { attrs: { userdata: Uint8Array } }).attrs.userdata]).toEqual([0, 4, 2, 0, 0, 0]);
  });

  it("elementOps: delete sends nft's bytes", async () => {
    const { elementOps } = await import('../src/nftables/element.js');
    expect(encode(elementOps.delete({ family: 'inet', table: 't', set: 'p' }, [{ key: Uint8Array.of(10, 0, 0, 9) }]))).toEqual(NFT_DELSETELEM);
    expect(elementOps.add({ family: 'inet', table: 't', set: 'p' }, []).flags).toBe(NLM_F_CREATE);
  });

  it("objectOps: delete sends nft's bytes", async () => {
    const { objectOps } = await import('../src/nftables/object.js');
    expect(encode(objectOps.delete({ family: 'inet', table: 't', type: 'counter', name: 'k' }))).toEqual(NFT_DELOBJ);
    expect(objectOps.add({ family: 'inet', table: 't', name: 'k', type: 'counter', data: {} }, true).flags).toBe(NLM_F_CREATE | NLM_F_EXCL);
  });

  it('flowtableOps: a flowtable hooks at NF_NETDEV_INGRESS (0)', async () => {
    const { flowtableOps } = await import('../src/nftables/flowtable.js');
    const op = flowtableOps.add({ family: 'inet', table: 't', name: 'f', devices: ['lo'] });
    expect(op).toMatchObject({ msg: 'newflowtable', flags: NLM_F_CREATE, value: { attrs: { hook: { num: 0, priority: 0 } } } });
    expect(flowtableOps.delete({ family: 'inet', table: 't', name: 'f' }).msg).toBe('delflowtable');
  });

  it('decodeNftMessage: NFT_MSG_DELTABLE (2) and NFT_MSG_DESTROYTABLE (26) are deletes, NFT_MSG_NEWTABLE (0) an add', async () => {
    const { decodeNftMessage } = await import('../src/nftables/change.js');
    const msg = (type: number) => ({ type: 0xa00 | type, flags: 0, seq: 0, pid: 0, payload: Uint8Array.from(NFT_NEWTABLE) });
    expect(decodeNftMessage(msg(0))).toMatchObject({ op: 'add', kind: 'table', value: { name: 't', comment: 'tc' } });
    expect(decodeNftMessage(msg(2))).toMatchObject({ op: 'delete', kind: 'table' });
    expect(decodeNftMessage(msg(26))).toMatchObject({ op: 'delete', kind: 'table' });
    expect(decodeNftMessage(msg(1))).toBeUndefined(); // NFT_MSG_GETTABLE
  });

  it('decodeNftMessage: every NEW* is an add and every DEL*/DESTROY* a delete of its kind; NEWGEN the generation', async () => {
    const { decodeNftMessage } = await import('../src/nftables/change.js');
    // enum nf_tables_msg_types (linux/netfilter/nf_tables.h): NEW, then DEL two further on; DESTROY* from 26.
    const kinds: [kind: string, add: number, del: number, destroy: number][] = [
      ['table', 0, 2, 26],
      ['chain', 3, 5, 27],
      ['rule', 6, 8, 28],
      ['set', 9, 11, 29],
      ['elements', 12, 14, 30],
      ['object', 18, 20, 31],
      ['flowtable', 22, 24, 32],
    ];
    // An nfgenmsg alone (NFPROTO_INET): every kind decodes it, to an object of that kind without attributes.
    const msg = (type: number) => ({ type: 0xa00 | type, flags: 0, seq: 0, pid: 0, payload: Uint8Array.of(1, 0, 0, 0) });
    for (const [kind, add, del, destroy] of kinds) {
      expect(decodeNftMessage(msg(add)), `${kind} ${add}`).toMatchObject({ op: 'add', kind, value: { family: 'inet' } });
      expect(decodeNftMessage(msg(del)), `${kind} ${del}`).toMatchObject({ op: 'delete', kind });
      expect(decodeNftMessage(msg(destroy)), `${kind} ${destroy}`).toMatchObject({ op: 'delete', kind });
    }
    expect(decodeNftMessage({ ...msg(15), payload: Uint8Array.of(0, 0, 0, 0, 8, 0, 1, 0, 0, 0, 0, 9) })).toEqual({ kind: 'generation', value: { id: 9 } });
  });
});
