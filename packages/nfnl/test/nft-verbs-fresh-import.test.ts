// The nftables verb groups' operation tables (`tableOps`, `chainOps`, `setOps`, …) and helpers defined at
// module level, checked on a freshly imported module. They are computed once per test file, when the
// first test imports the package; under mutation testing (`pnpm mutation`) a mutant in such a value is then
// tried only against that first test, so the checks that would catch it never run with it. Here each test
// resets the module registry and imports the module anew, so its module-level values are computed inside
// the test that checks them. Expected bytes are what nft 1.0.6 sent (strace -xx of `nft -f` in a throwaway
// network namespace; the same captures as requests-as-nft-sends.test.ts).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';

beforeEach(() => {
  vi.resetModules();
});

const encode = (op: { decl: unknown; value: unknown }) => [...compileMessage(op.decl as never).encode(op.value as never)];

// add table inet t { comment "tc"; }: nfgenmsg (NFPROTO_INET 1), NFTA_TABLE_NAME "t", NFTA_TABLE_FLAGS 0,
// NFTA_TABLE_USERDATA (comment TLV: type 0, length 3, "tc\0").
const NFT_NEWTABLE = [1, 0, 0, 0, 6, 0, 1, 0, 116, 0, 0, 0, 8, 0, 2, 0, 0, 0, 0, 0, 9, 0, 6, 0, 0, 3, 116, 99, 0, 0, 0, 0];
// add chain inet t r
const NFT_NEWCHAIN_REGULAR = [1, 0, 0, 0, 6, 0, 1, 0, 116, 0, 0, 0, 6, 0, 3, 0, 114, 0, 0, 0];

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
