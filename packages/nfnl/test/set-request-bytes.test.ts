// A plain interval set's request, byte for byte as nft 1.0.6 sent it (strace, throwaway namespace) for
// `add set inet t r { type ipv4_addr; flags interval; }`: no NFTA_SET_DESC at all when there is neither a
// size nor a concatenation. (The user data is nft's: NFTNL_UDATA_SET_KEYBYTEORDER, given as is.)
import { expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { nft } from '../src/index.js';

const NFT_NEWSET = [1, 0, 0, 0, 6, 0, 1, 0, 116, 0, 0, 0, 6, 0, 2, 0, 114, 0, 0, 0, 8, 0, 3, 0, 0, 0, 0, 4, 8, 0, 4, 0, 0, 0, 0, 7, 8, 0, 5, 0, 0, 0, 0, 4, 8, 0, 10, 0, 0, 0, 0, 1, 10, 0, 13, 0, 0, 4, 2, 0, 0, 0, 0, 0];

it('an interval set of one field: the bytes nft sends', () => {
  const op = nft.setOps.add({ family: 'inet', table: 't', name: 'r', keyType: 'ipv4_addr', flags: ['interval'], id: 1, userdata: Uint8Array.of(0, 4, 2, 0, 0, 0) });
  expect([...compileMessage(op.decl).encode(op.value as never)]).toEqual(NFT_NEWSET);
});
