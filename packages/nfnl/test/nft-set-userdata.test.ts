// The user data a new set carries when the caller gives none or only part of it: nft records the byte order
// of the keys (NFTNL_UDATA_SET_KEYBYTEORDER, 0), of a map's data (NFTNL_UDATA_SET_DATABYTEORDER, 1) and a
// map's data-interval flag (NFTNL_UDATA_SET_DATA_INTERVAL, 6) there, and prints the elements by them; its
// TLVs go in type order. Expected bytes are NFTA_SET_USERDATA as nft 1.0.6 sent it (strace -xx -s 4096 -e
// trace=sendmsg in a throwaway network namespace, `unshare -n`):
//   add map inet t m { type ipv4_addr : verdict; }
//   add map inet t m { typeof ip saddr : verdict; }   (with the typeof key and data, types 3 and 4)
// Also: which argument a refusal of a set, element or object names, and elements addressed by set id.
import { describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { nft } from '../src/index.js';

type Attrs = { attrs: Record<string, any> };
const attrsOf = (op: nft.NftOperation) => (op.value as Attrs).attrs;

// key byte order BYTEORDER_BIG_ENDIAN (2), data byte order 0 (a verdict), data interval 0.
const NFT_MAP_USERDATA = [0, 4, 2, 0, 0, 0, 1, 4, 0, 0, 0, 0, 6, 4, 0, 0, 0, 0];
// NFTNL_UDATA_SET_KEY_TYPEOF (3) and NFTNL_UDATA_SET_DATA_TYPEOF (4) of `typeof ip saddr : verdict`.
const TYPEOF_KEY = [3, 20, 0, 4, 7, 0, 0, 0, 1, 12, 0, 4, 12, 0, 0, 0, 1, 4, 11, 0, 0, 0];
const TYPEOF_DATA = [4, 8, 0, 4, 1, 0, 0, 0, 1, 0];
const NFT_TYPEOF_MAP_USERDATA = [0, 4, 2, 0, 0, 0, 1, 4, 0, 0, 0, 0, ...TYPEOF_KEY, ...TYPEOF_DATA, 6, 4, 0, 0, 0, 0];

describe('set user data', () => {
  it('a map without user data gets the byte orders nft sends', () => {
    const op = nft.setOps.add({ family: 'inet', table: 't', name: 'm', keyType: 'ipv4_addr', dataType: 'verdict', id: 1 });
    expect([...attrsOf(op).userdata]).toEqual(NFT_MAP_USERDATA);
  });

  it("the caller's typeof items are kept, the byte orders added, and all in type order, as nft sends them", () => {
    const op = nft.setOps.add({ family: 'inet', table: 't', name: 'm', keyType: 'ipv4_addr', dataType: 'verdict', userdata: Uint8Array.from([...TYPEOF_KEY, ...TYPEOF_DATA]), id: 1 });
    expect([...attrsOf(op).userdata]).toEqual(NFT_TYPEOF_MAP_USERDATA);
  });

  it('items the caller gave are not added twice', () => {
    const op = nft.setOps.add({ family: 'inet', table: 't', name: 'm', keyType: 'ipv4_addr', dataType: 'verdict', userdata: Uint8Array.from(NFT_TYPEOF_MAP_USERDATA), id: 1 });
    expect([...attrsOf(op).userdata]).toEqual(NFT_TYPEOF_MAP_USERDATA);
  });

  it("user data that is not TLVs is the caller's own, sent as it is", () => {
    const op = nft.setOps.add({ family: 'inet', table: 't', name: 's', keyType: 'ipv4_addr', userdata: Uint8Array.of(5), id: 1 });
    expect([...attrsOf(op).userdata]).toEqual([5]);
  });
});

describe('refusals name the argument', () => {
  const argumentOf = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      return (error as InvalidArgumentError).argument;
    }
    return undefined;
  };

  it("a set's, an element list's or an object's empty table is `table`", () => {
    expect(argumentOf(() => nft.setOps.add({ family: 'inet', table: '', name: 's', keyType: 'ipv4_addr' }))).toBe('table');
    expect(argumentOf(() => nft.setOps.delete({ family: 'inet', table: '', name: 's' }))).toBe('table');
    expect(argumentOf(() => nft.elementOps.add({ family: 'inet', table: '', set: 's' }, []))).toBe('table');
    expect(argumentOf(() => nft.objectOps.add({ family: 'inet', table: '', name: 'k', type: 'counter', data: {} }))).toBe('table');
    expect(argumentOf(() => nft.objectOps.delete({ family: 'inet', table: '', type: 'counter', name: 'k' }))).toBe('table');
  });
});

describe('elements of a set added in the same batch', () => {
  it('may name the set by its id alone (NFTA_SET_ELEM_LIST_SET_ID; the kernel looks a set up by it when NFTA_SET_ELEM_LIST_SET is absent)', () => {
    const op = nft.elementOps.add({ family: 'inet', table: 't', set: undefined as never, setId: 5 }, [{ key: Uint8Array.of(10, 0, 0, 1) }]);
    expect(attrsOf(op)).toMatchObject({ table: 't', setId: 5 });
    expect(attrsOf(op).set).toBeUndefined();
  });
});

describe('the key byte order nft records, by type (on a fresh import: the host-order list is a module-level value)', () => {
  // NFTNL_UDATA_SET_KEYBYTEORDER of `add set inet t s { type <type>; }` as nft 1.0.6 sent it (strace, as above):
  // 1 (BYTEORDER_HOST_ENDIAN) or 2 (BYTEORDER_BIG_ENDIAN).
  const host = ['mark', 'iface_index', 'uid', 'gid', 'ct_state', 'ct_status', 'realm', 'classid', 'devgroup', 'iface_type', 'time', 'cgroupsv2', 'fib_addrtype'];
  const network = ['ipv4_addr', 'inet_service', 'ether_addr'];

  it.each([...host.map((t) => [t, 1] as const), ...network.map((t) => [t, 2] as const)])('%s: %i', async (type, order) => {
    vi.resetModules();
    const { setOps } = await import('../src/nftables/set.js');
    const op = setOps.add({ family: 'inet', table: 't', name: 's', keyType: type, keyLen: 4, id: 1 });
    expect([...attrsOf(op).userdata]).toEqual([0, 4, order, 0, 0, 0]);
  });
});
