// What the batch operations put on the wire, against what nft 1.0.6 sent for the same commands (strace
// -xx of `nft -f` in a throwaway network namespace; each literal below is one message's payload: nfgenmsg,
// then the attributes). Where linx writes the attributes in nft's order the bytes must be equal; elsewhere
// both decode to the same attributes. The message type and the NLM_F_* flags are checked against nft's too,
// except where linx deliberately differs (it asks NLM_F_CREATE for tables, as `nft add` means "create or
// keep"; nft leaves it out, which the kernel treats alike).
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '@linx/netlink-wire';
import { nft, value, verdict, type ExpressionInput } from '../src/index.js';
import { NFT } from './helpers/nft-requests.js';

const encode = (op: nft.NftOperation) => compileMessage(op.decl).encode(op.value as never);
type Decoded = { header: unknown; attrs: Record<string, any> };
const decoded = (op: nft.NftOperation) => compileMessage(op.decl).decode(encode(op)) as Decoded;
const nftDecoded = (op: nft.NftOperation, payload: number[]) => compileMessage(op.decl).decode(Uint8Array.from(payload)) as Decoded;
const M = nft.messages;

const counter: ExpressionInput = { name: 'counter', data: {} };

describe('tables and chains', () => {
  it('add table with a comment: the bytes nft sends; create adds NLM_F_EXCL', () => {
    const add = nft.tableOps.add({ family: 'inet', name: 't', flags: [], comment: 'tc' });
    expect([...encode(add)]).toEqual(NFT.newtable);
    expect(add).toMatchObject({ msg: 'newtable', flags: NLM_F_CREATE, description: 'add table inet t' });
    const create = nft.tableOps.add({ family: 'ip', name: 'x', flags: [] }, true);
    expect([...encode(create)]).toEqual(NFT.createtable);
    expect(create).toMatchObject({ flags: NLM_F_CREATE | NLM_F_EXCL, description: 'create table ip x' });
  });

  it('a table without flags or comment sends only its name', () => {
    expect(decoded(nft.tableOps.add({ family: 'inet', name: 't' })).attrs).toEqual({ name: 't' });
  });

  it('a base chain with hook, priority, policy and comment: the attributes nft sends', () => {
    const op = nft.chainOps.add({ family: 'inet', table: 't', name: 'c', type: 'filter', hook: 'input', priority: 10, policy: 'drop', comment: 'cc' });
    expect(decoded(op)).toEqual(nftDecoded(op, NFT.newchain));
    expect(op).toMatchObject({ msg: 'newchain', flags: NLM_F_CREATE, description: 'add chain inet t c' });
    expect(nft.chainOps.add({ family: 'inet', table: 't', name: 'c' }, true)).toMatchObject({ flags: NLM_F_CREATE | NLM_F_EXCL, description: 'create chain inet t c' });
  });

  it('a regular chain: table and name only, the bytes nft sends', () => {
    expect([...encode(nft.chainOps.add({ family: 'inet', table: 't', name: 'r' }))]).toEqual(NFT.newchainRegular);
  });

  it('a netdev base chain names its devices; a standard priority is resolved for the family', () => {
    const op = nft.chainOps.add({ family: 'netdev', table: 'n', name: 'in', hook: 'ingress', priority: 'filter', devices: ['lo', 'dummy0'], flags: ['hw-offload'] });
    expect(decoded(op).attrs).toMatchObject({ hook: { num: 0, priority: 0, devs: { name: ['lo', 'dummy0'] } }, flags: ['hw-offload'] });
    const one = nft.chainOps.add({ family: 'netdev', table: 'n', name: 'in', hook: 'ingress', priority: -10, device: 'lo' });
    expect(decoded(one).attrs.hook).toEqual({ num: 0, priority: -10, dev: 'lo' });
    const bridge = nft.chainOps.add({ family: 'bridge', table: 'b', name: 'c', hook: 'forward', priority: 'srcnat' });
    expect(decoded(bridge).attrs.hook).toEqual({ num: 2, priority: 300 });
  });

  it('a regular chain keeps an explicit type, and a base chain without one is a filter chain', () => {
    expect(decoded(nft.chainOps.add({ family: 'ip', table: 't', name: 'r', type: 'nat' })).attrs).toEqual({ table: 't', name: 'r', type: 'nat' });
    expect(decoded(nft.chainOps.add({ family: 'ip', table: 't', name: 'b', hook: 'output', priority: 5 })).attrs).toEqual({ table: 't', name: 'b', type: 'filter', hook: { num: 3, priority: 5 } });
  });

  it('delete chain by name: the bytes nft sends; by handle, the handle', () => {
    const op = nft.chainOps.delete({ family: 'inet', table: 't', name: 'e' });
    expect([...encode(op)]).toEqual(NFT.delchain);
    expect(op).toMatchObject({ msg: 'delchain', flags: 0, description: 'delete chain inet t e' });
    const byHandle = nft.chainOps.destroy({ family: 'inet', table: 't', handle: 9n });
    expect(decoded(byHandle).attrs).toEqual({ table: 't', handle: 9n });
    expect(byHandle).toMatchObject({ msg: 'destroychain', description: 'destroy chain inet t handle 9' });
  });

  it('flush chain is DELRULE with table and chain, as nft sends it; flush table leaves out the chain', () => {
    const op = nft.chainOps.flush({ family: 'inet', table: 't', chain: 'c' });
    expect([...encode(op)]).toEqual(NFT.flushchain);
    expect(op).toMatchObject({ msg: 'delrule', flags: 0, description: 'flush chain inet t c' });
    const table = nft.chainOps.flush({ family: 'inet', table: 't' });
    expect(decoded(table).attrs).toEqual({ table: 't' });
    expect(table.description).toBe('flush table inet t');
  });

  it('tables by handle', () => {
    const op = nft.tableOps.delete({ family: 'ip6', handle: 4n });
    expect(decoded(op).attrs).toEqual({ handle: 4n });
    expect(op).toMatchObject({ msg: 'deltable', flags: 0, description: 'delete table ip6 handle 4' });
    expect(nft.tableOps.destroy({ family: 'ip6', name: 'x' })).toMatchObject({ msg: 'destroytable', description: 'destroy table ip6 x' });
    expect(decoded(nft.tableOps.destroy({ family: 'ip6', name: 'x' }))).toEqual({ header: { family: 'ip6', version: 0, resId: 0 }, attrs: { name: 'x' } });
  });
});

describe('rules', () => {
  const markAccept: ExpressionInput[] = [
    { name: 'meta', data: { key: 'mark', dreg: 1 } },
    { name: 'cmp', data: { sreg: 1, op: 'eq', data: { value: value.u32(0x2a) } } },
    counter,
    { name: 'immediate', data: { dreg: 0, data: verdict('accept') } },
  ];

  it('add: the attributes nft sends, with NLM_F_CREATE | NLM_F_APPEND', () => {
    const op = nft.ruleOps.add({ family: 'inet', table: 't', chain: 'c', expressions: markAccept, comment: 'rc' });
    // nft writes meta's NFTA_META_KEY before NFTA_META_DREG; linx in attribute order: equal once decoded.
    expect(decoded(op)).toEqual(nftDecoded(op, NFT.newrule));
    expect(op).toMatchObject({ msg: 'newrule', flags: NLM_F_CREATE | NLM_F_APPEND, description: 'add rule inet t c' });
  });

  it('insert before a position: NLM_F_CREATE only, the position as nft sends it', () => {
    const op = nft.ruleOps.insert({ family: 'inet', table: 't', chain: 'c', expressions: [counter], position: 3n });
    expect(decoded(op)).toEqual(nftDecoded(op, NFT.insertrule));
    expect(op).toMatchObject({ msg: 'newrule', flags: NLM_F_CREATE, description: 'insert rule inet t c' });
  });

  it('replace by handle: the bytes nft sends, with NLM_F_REPLACE', () => {
    const op = nft.ruleOps.replace({ family: 'inet', table: 't', chain: 'c', expressions: [counter], handle: 3n });
    expect([...encode(op)]).toEqual(NFT.replacerule);
    expect(op).toMatchObject({ msg: 'newrule', flags: NLM_F_REPLACE, description: 'replace rule inet t c handle 3' });
  });

  it('add and insert never send a handle; an id is sent when given', () => {
    const op = nft.ruleOps.add({ family: 'inet', table: 't', chain: 'c', expressions: [counter], handle: 3n, id: 5 });
    expect(decoded(op).attrs).toEqual({ table: 't', chain: 'c', expressions: { elem: [{ name: 'counter', data: {} }] }, id: 5 });
    expect(decoded(nft.ruleOps.insert({ family: 'inet', table: 't', chain: 'c', expressions: [counter], handle: 3n })).attrs.handle).toBeUndefined();
  });

  it('user data is sent as given, or with the comment appended', () => {
    const userdata = Uint8Array.of(9, 1, 1);
    expect(decoded(nft.ruleOps.add({ family: 'inet', table: 't', chain: 'c', expressions: [], userdata })).attrs.userdata).toEqual(userdata);
    expect([...decoded(nft.ruleOps.add({ family: 'inet', table: 't', chain: 'c', expressions: [], userdata, comment: 'x' })).attrs.userdata!]).toEqual([9, 1, 1, 0, 2, 120, 0]);
  });

  it('delete by handle: the bytes nft sends; destroy alike', () => {
    const key = { family: 'inet' as const, table: 't', chain: 'c', handle: 3n };
    expect([...encode(nft.ruleOps.delete(key))]).toEqual(NFT.delrule);
    expect(nft.ruleOps.delete(key)).toMatchObject({ msg: 'delrule', flags: 0, description: 'delete rule inet t c handle 3' });
    expect([...encode(nft.ruleOps.destroy(key))]).toEqual(NFT.delrule);
    expect(nft.ruleOps.destroy(key)).toMatchObject({ msg: 'destroyrule', flags: 0, description: 'destroy rule inet t c handle 3' });
  });
});

describe('sets', () => {
  // The user data nft writes for the set s before the comment (NFTNL_UDATA_SET_KEYBYTEORDER, _KEY_TYPEOF).
  const sUserdata = Uint8Array.of(0, 4, 0, 0, 0, 0, 3, 8, 0, 4, 13, 0, 0, 0, 1, 0);

  it('a concatenated interval set with a timeout: lengths, flags and field lengths as nft works them out', () => {
    const op = nft.setOps.add({ family: 'inet', table: 't', name: 's', keyType: 'ipv4_addr . inet_service', flags: ['interval'], timeout: 30_000, comment: 'sc', userdata: sUserdata, id: 1 });
    expect(decoded(op)).toEqual(nftDecoded(op, NFT.newset));
    expect(op).toMatchObject({ msg: 'newset', flags: NLM_F_CREATE, description: 'add set inet t s' });
  });

  it('a verdict map: the map flag and NFT_DATA_VERDICT, as nft sends them', () => {
    const userdata = Uint8Array.of(0, 4, 2, 0, 0, 0, 1, 4, 0, 0, 0, 0, 6, 4, 0, 0, 0, 0);
    const op = nft.setOps.add({ family: 'inet', table: 't', name: 'm', keyType: 'ipv4_addr', dataType: 'verdict', dataLen: 0, userdata, id: 2 });
    expect(decoded(op)).toEqual(nftDecoded(op, NFT.newmap));
    // Without a dataLen, 0, as nft sends it: the kernel sizes verdict data itself.
    const attrs = decoded(nft.setOps.add({ family: 'inet', table: 't', name: 'm', keyType: 'ipv4_addr', dataType: 'verdict' })).attrs;
    expect(attrs.dataLen).toBe(0);
    expect(attrs.flags).toEqual(['map']);
  });

  it('a data map gets its data length from the data type; an object map the object flag and type', () => {
    const map = decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'm', keyType: 'inet_service', dataType: 'ipv4_addr . inet_service', id: 1 })).attrs;
    expect(map).toMatchObject({ keyLen: 2, dataType: (7 << 6) | 13, dataLen: 8, flags: ['map'] });
    expect(map.desc).toBeUndefined();
    const objmap = decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'o', keyType: 'ipv4_addr', objType: 'counter', id: 1 })).attrs;
    expect(objmap).toMatchObject({ flags: ['object'], objType: 'counter' });
    expect(() => nft.setOps.add({ family: 'ip', table: 't', name: 'm', keyType: 'ipv4_addr', dataType: 'integer' })).toThrow(
      expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', message: 'dataLen: set m: give dataLen (the data type integer has no fixed size)' }),
    );
    expect(decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'm', keyType: 'ipv4_addr', dataType: 'integer', dataLen: 4 })).attrs.dataLen).toBe(4);
  });

  it('a concatenation without intervals gets no field lengths; explicit ones win', () => {
    const plain = decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'p', keyType: 'ipv4_addr . inet_service', id: 1 })).attrs;
    expect(plain).toMatchObject({ keyLen: 8, flags: [] });
    expect(plain.desc).toBeUndefined();
    const given = decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'p', keyType: 'integer', keyLen: 3, concat: [1, 2], size: 64, id: 1 })).attrs;
    expect(given).toMatchObject({ keyType: 4, keyLen: 3, flags: ['concat'], desc: { size: 64, concat: { elem: [{ len: 1 }, { len: 2 }] } } });
    // One field is no concatenation: no `concat` flag.
    expect(decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'p', keyType: 'ipv4_addr', concat: [4], id: 1 })).attrs.flags).toEqual([]);
    expect(decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'p', keyType: 'ipv4_addr', size: 10, id: 1 })).attrs.desc).toEqual({ size: 10 });
    // One field with intervals: no field lengths either (nft 1.0.6 sends no NFTA_SET_DESC for `type ipv4_addr; flags interval`).
    const single = decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'p', keyType: 'ipv4_addr', flags: ['interval'], id: 1 })).attrs;
    expect(single.desc).toBeUndefined();
    expect(single.flags).toEqual(['interval']);
  });

  it('policy, gc interval and per-element expressions', () => {
    const attrs = decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'p', keyType: 'ipv4_addr', policy: 'memory', gcInterval: 5000, expressions: [counter], id: 1 })).attrs;
    expect(attrs).toMatchObject({ policy: 'memory', gcInterval: 5000, flags: ['expr'], expressions: { elem: [{ name: 'counter' }] } });
    expect(attrs.timeout).toBeUndefined();
    const none = decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'p', keyType: 'ipv4_addr', expressions: [], id: 1 })).attrs;
    expect(none.flags).toEqual([]);
    expect(none.expressions).toBeUndefined();
  });

  it('a key type without a fixed size needs keyLen; a numeric type too', () => {
    expect(() => nft.setOps.add({ family: 'ip', table: 't', name: 'n', keyType: 99 })).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', message: 'keyLen: set n: give keyLen (the key type 99 has no fixed size)' }));
    expect(decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'n', keyType: 99, keyLen: 4, id: 1 })).attrs).toMatchObject({ keyType: 99, keyLen: 4 });
  });

  it('each set gets an id of its own unless given', () => {
    const a = decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'a', keyType: 'ipv4_addr' })).attrs.id!;
    const b = decoded(nft.setOps.add({ family: 'ip', table: 't', name: 'b', keyType: 'ipv4_addr' })).attrs.id!;
    expect(a).toBeGreaterThan(0);
    expect(b).toBe(a + 1);
  });

  it('create, delete (the bytes nft sends), destroy by handle, flush (the attributes nft sends)', () => {
    expect(nft.setOps.add({ family: 'ip', table: 't', name: 'a', keyType: 'ipv4_addr' }, true)).toMatchObject({ flags: NLM_F_CREATE | NLM_F_EXCL, description: 'create set ip t a' });
    const del = nft.setOps.delete({ family: 'inet', table: 't', name: 'p' });
    expect([...encode(del)]).toEqual(NFT.delset);
    expect(del).toMatchObject({ msg: 'delset', flags: 0, description: 'delete set inet t p' });
    const destroy = nft.setOps.destroy({ family: 'inet', table: 't', handle: 6n });
    expect(decoded(destroy).attrs).toEqual({ table: 't', handle: 6n });
    expect(destroy).toMatchObject({ msg: 'destroyset', description: 'destroy set inet t handle 6' });
    const flush = nft.setOps.flush({ family: 'inet', table: 't', name: 's' });
    expect(decoded(flush)).toEqual(nftDecoded(flush, NFT.flushset));
    expect(flush).toMatchObject({ msg: 'delsetelem', flags: 0, description: 'flush set inet t s' });
  });
});

describe('elements', () => {
  // (nft writes NFTA_SET_ELEM_LIST_SET_ID before the elements, linx after them: equal once decoded.)
  it('a concatenated interval: key and key end, as nft sends them', () => {
    const net = value.prefix('10.0.0.0/24');
    const op = nft.elementOps.add({ family: 'inet', table: 't', set: 's', setId: 1 }, [{ key: value.concat(net.first, value.be16(80)), keyEnd: value.concat(net.last, value.be16(90)) }]);
    expect(decoded(op)).toEqual(nftDecoded(op, NFT.newsetelemInterval));
    expect(op).toMatchObject({ msg: 'newsetelem', flags: NLM_F_CREATE, description: 'add 1 element(s) to set inet t s' });
  });

  it('verdict(): a chain only for jumps and gotos', () => {
    expect(verdict('accept')).toEqual({ verdict: { code: 'accept' } });
    expect(Object.keys(verdict('accept').verdict)).toEqual(['code']);
    expect(verdict('goto', 'x')).toEqual({ verdict: { code: 'goto', chain: 'x' } });
  });

  it('a verdict map element: the jump, as nft sends it', () => {
    const op = nft.elementOps.add({ family: 'inet', table: 't', set: 'm', setId: 2 }, [{ key: value.ipv4('10.0.0.1'), ...verdict('jump', 'd') }]);
    expect(decoded(op)).toEqual(nftDecoded(op, NFT.newsetelemVerdict));
    expect(decoded(op).attrs.elements!.elem![0]!.data).toEqual({ verdict: { code: 'jump', chain: 'd' } });
  });

  it('an element with a timeout and a comment: the attributes nft sends', () => {
    const op = nft.elementOps.add({ family: 'inet', table: 't', set: 'p', setId: 3 }, [{ key: value.ipv4('10.0.0.9'), timeout: 10_000, comment: 'ec' }]);
    expect(decoded(op)).toEqual(nftDecoded(op, NFT.newsetelemTimeout));
  });

  it('delete by key: the bytes nft sends', () => {
    const op = nft.elementOps.delete({ family: 'inet', table: 't', set: 'p' }, [{ key: value.ipv4('10.0.0.9') }]);
    expect([...encode(op)]).toEqual(NFT.delsetelem);
    expect(op).toMatchObject({ msg: 'delsetelem', flags: 0, description: 'delete 1 element(s) from set inet t p' });
    const destroy = nft.elementOps.destroy({ family: 'inet', table: 't', set: 'p' }, [{ key: value.ipv4('10.0.0.9') }, { key: value.ipv4('10.0.0.8') }]);
    expect(destroy).toMatchObject({ msg: 'destroysetelem', flags: 0, description: 'destroy 2 element(s) of set inet t p' });
    expect(nft.elementOps.add({ family: 'inet', table: 't', set: 'p' }, [], true)).toMatchObject({ flags: NLM_F_CREATE | NLM_F_EXCL, description: 'create 0 element(s) to set inet t p' });
  });

  it('the other element attributes: data, flags, expiration, object reference, expressions, user data', () => {
    const op = nft.elementOps.add({ family: 'inet', table: 't', set: 'x' }, [
      { key: value.be16(22), data: value.ipv4('10.0.0.1'), flags: ['interval-end'], expiration: 5_000, objref: 'cnt', expressions: [counter], userdata: Uint8Array.of(3, 0) },
      { flags: ['catchall'], verdict: { code: 'drop' } },
      { key: value.be16(23), flags: [], expressions: [] },
    ]);
    expect(decoded(op).attrs.elements!.elem).toEqual([
      { key: { value: Uint8Array.of(0, 22) }, data: { value: Uint8Array.of(10, 0, 0, 1) }, flags: ['interval-end'], expiration: 5000n, objref: 'cnt', expressions: { elem: [{ name: 'counter', data: {} }] }, userdata: Uint8Array.of(3, 0) },
      { flags: ['catchall'], data: { verdict: { code: 'drop' } } },
      { key: { value: Uint8Array.of(0, 23) } },
    ]);
  });
});

describe('objects', () => {
  it('a quota and a counter: the attributes nft sends', () => {
    const quota = nft.objectOps.add({ family: 'inet', table: 't', name: 'q', type: 'quota', data: { bytes: 25n << 20n, consumed: 0n, flags: ['inv'] } });
    expect(decoded(quota)).toEqual(nftDecoded(quota, NFT.newobjQuota));
    expect(quota).toMatchObject({ msg: 'newobj', flags: NLM_F_CREATE, description: 'add quota inet t q' });
    const cnt = nft.objectOps.add({ family: 'inet', table: 't', name: 'k', type: 'counter', data: { bytes: 0n, packets: 0n } }, true);
    expect(decoded(cnt)).toEqual(nftDecoded(cnt, NFT.newobjCounter));
    expect(cnt).toMatchObject({ flags: NLM_F_CREATE | NLM_F_EXCL, description: 'create counter inet t k' });
  });

  it('a comment goes to the user data', () => {
    const op = nft.objectOps.add({ family: 'inet', table: 't', name: 'k', type: 'counter', data: {}, comment: 'oc' });
    expect([...decoded(op).attrs.userdata!]).toEqual([0, 3, 111, 99, 0]);
  });

  it('delete by name: the attributes nft sends but its empty data; destroy by handle', () => {
    const del = nft.objectOps.delete({ family: 'inet', table: 't', type: 'counter', name: 'k' });
    expect([...encode(del)]).toEqual(NFT.delobj);
    expect(del).toMatchObject({ msg: 'delobj', flags: 0, description: 'delete counter inet t k' });
    const destroy = nft.objectOps.destroy({ family: 'inet', table: 't', type: 'quota', handle: 2n });
    expect(decoded(destroy).attrs).toEqual({ table: 't', type: 'quota', handle: 2n });
    expect(destroy).toMatchObject({ msg: 'destroyobj', flags: 0, description: 'destroy quota inet t handle 2' });
  });
});

describe('flowtables', () => {
  it('hook ingress (NF_NETDEV_INGRESS 0) whatever the family, the priority resolved for the family, the devices', () => {
    const op = nft.flowtableOps.add({ family: 'inet', table: 't', name: 'f', priority: 'filter', devices: ['lo'], flags: ['counter'] });
    expect(decoded(op).attrs).toEqual({ table: 't', name: 'f', hook: { num: 0, priority: 0, devs: { name: ['lo'] } }, flags: ['counter'] });
    expect(op).toMatchObject({ msg: 'newflowtable', flags: NLM_F_CREATE, description: 'add flowtable inet t f' });
    const bridge = nft.flowtableOps.add({ family: 'bridge', table: 't', name: 'f', hook: 'ingress', priority: 'srcnat', devices: ['br0'] }, true);
    expect(decoded(bridge).attrs).toEqual({ table: 't', name: 'f', hook: { num: 0, priority: 300, devs: { name: ['br0'] } } });
    expect(bridge).toMatchObject({ flags: NLM_F_CREATE | NLM_F_EXCL, description: 'create flowtable bridge t f' });
    expect(decoded(nft.flowtableOps.add({ family: 'ip', table: 't', name: 'f', devices: ['lo'] })).attrs.hook).toEqual({ num: 0, priority: 0, devs: { name: ['lo'] } });
  });

  it('delete by name, destroy by handle', () => {
    const del = nft.flowtableOps.delete({ family: 'ip', table: 't', name: 'f' });
    expect(decoded(del).attrs).toEqual({ table: 't', name: 'f' });
    expect(del).toMatchObject({ msg: 'delflowtable', flags: 0, description: 'delete flowtable ip t f' });
    const destroy = nft.flowtableOps.destroy({ family: 'ip', table: 't', handle: 8n });
    expect(decoded(destroy).attrs).toEqual({ table: 't', handle: 8n });
    expect(destroy).toMatchObject({ msg: 'destroyflowtable', flags: 0, description: 'destroy flowtable ip t handle 8' });
  });
});

describe('the batch builder', () => {
  it('each method pushes the operation of the same name and returns the builder', () => {
    const b = new nft.NftBatch();
    const t = { family: 'inet' as const, table: 't' };
    const ret = b
      .addTable({ family: 'inet', name: 't' })
      .createTable({ family: 'inet', name: 't' })
      .deleteTable({ family: 'inet', name: 't' })
      .destroyTable({ family: 'inet', name: 't' })
      .flushTable({ family: 'inet', name: 't' })
      .addChain({ ...t, name: 'c' })
      .createChain({ ...t, name: 'c' })
      .deleteChain({ ...t, name: 'c' })
      .destroyChain({ ...t, name: 'c' })
      .flushChain({ ...t, name: 'c' })
      .addRule({ ...t, chain: 'c', expressions: [] })
      .insertRule({ ...t, chain: 'c', expressions: [] })
      .replaceRule({ ...t, chain: 'c', expressions: [], handle: 1n })
      .deleteRule({ ...t, chain: 'c', handle: 1n })
      .destroyRule({ ...t, chain: 'c', handle: 1n })
      .addSet({ ...t, name: 's', keyType: 'ipv4_addr' })
      .createSet({ ...t, name: 's', keyType: 'ipv4_addr' })
      .deleteSet({ ...t, name: 's' })
      .destroySet({ ...t, name: 's' })
      .flushSet({ ...t, name: 's' })
      .addElements({ ...t, set: 's' }, [])
      .createElements({ ...t, set: 's' }, [])
      .deleteElements({ ...t, set: 's' }, [])
      .destroyElements({ ...t, set: 's' }, [])
      .addObject({ ...t, name: 'o', type: 'counter', data: {} })
      .createObject({ ...t, name: 'o', type: 'counter', data: {} })
      .deleteObject({ ...t, name: 'o', type: 'counter' })
      .destroyObject({ ...t, name: 'o', type: 'counter' })
      .addFlowtable({ ...t, name: 'f', devices: [] })
      .createFlowtable({ ...t, name: 'f', devices: [] })
      .deleteFlowtable({ ...t, name: 'f' })
      .destroyFlowtable({ ...t, name: 'f' });
    expect(ret).toBe(b);
    expect(b.length).toBe(32);
    // Every message's nfgenmsg carries the family it was given.
    expect(b.operations.map((o) => compileMessage(o.decl).decode(encode(o)).header)).toEqual(Array(32).fill({ family: 'inet', version: 0, resId: 0 }));
    expect(b.operations.map((o) => o.description.split(' ').slice(0, 2).join(' '))).toEqual([
      'add table', 'create table', 'delete table', 'destroy table', 'flush table',
      'add chain', 'create chain', 'delete chain', 'destroy chain', 'flush chain',
      'add rule', 'insert rule', 'replace rule', 'delete rule', 'destroy rule',
      'add set', 'create set', 'delete set', 'destroy set', 'flush set',
      'add 0', 'create 0', 'delete 0', 'destroy 0',
      'add counter', 'create counter', 'delete counter', 'destroy counter',
      'add flowtable', 'create flowtable', 'delete flowtable', 'destroy flowtable',
    ]);
    expect(b.operations[4]).toMatchObject({ msg: 'delrule', value: { attrs: { table: 't' } } });
    expect(b.operations[9]).toMatchObject({ msg: 'delrule', value: { attrs: { table: 't', chain: 'c' } } });
  });
});
