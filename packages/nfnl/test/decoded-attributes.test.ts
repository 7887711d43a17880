// The attributes a listing of a plain ruleset does not show, read into the friendly objects: chain counters
// and ids, a rule's batch ids and x_tables compat, a set's id, data length and per-set `expr`, an element's
// single `expr`, flowtables, objects of undeclared types, empty messages. Messages are built with the
// declarations (nf_tables.h attribute numbers), as a notification or an echo would carry them.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { nft } from '../src/index.js';
import { expectExactly } from './helpers/exact.js';

const M = nft.messages;
const change = (type: number, decl: Parameters<typeof compileMessage>[0], value: unknown) =>
  nft.decodeNftMessage({ type, flags: 0, seq: 0, pid: 0, payload: compileMessage(decl).encode(value as never) })!.value;

describe('decoded attributes', () => {
  it('a chain: counters (missing fields are 0), id, devices; a hook without a number has no hook name', () => {
    expectExactly(change(0xa03, M.chainMessage, { header: { family: 'ip' }, attrs: { table: 't', name: 'c', counters: { bytes: 5n }, id: 3, hook: { priority: 7, devs: { name: ['a', 'b'] } } } }), {
      family: 'ip', table: 't', name: 'c', flags: [], counters: { bytes: 5n, packets: 0n }, id: 3, priority: 7, devices: ['a', 'b'],
    });
    expectExactly(change(0xa03, M.chainMessage, { header: { family: 'ip' }, attrs: { hook: { num: 1 } } }), { family: 'ip', table: '', name: '', flags: [], hook: 'input' });
    expectExactly(change(0xa03, M.chainMessage, { header: { family: 'ip' }, attrs: { counters: { packets: 2n } } }), { family: 'ip', table: '', name: '', flags: [], counters: { bytes: 0n, packets: 2n } });
  });

  it('a rule: its batch ids, compat, and no comment when the user data holds none', () => {
    const rule = change(0xa06, M.ruleMessage, {
      header: { family: 'ip' },
      attrs: { table: 't', chain: 'c', id: 1, positionId: 2, chainId: 3, compat: { proto: Uint8Array.of(0, 0, 0, 6) }, userdata: Uint8Array.of(5, 1, 9) },
    });
    expectExactly(rule, { family: 'ip', table: 't', chain: 'c', expressions: [], id: 1, positionId: 2, chainId: 3, compat: { proto: Uint8Array.of(0, 0, 0, 6) }, userdata: Uint8Array.of(5, 1, 9) });
  });

  it('an empty rule, set, element list, object, flowtable, generation: defaults, nothing made up', () => {
    const empty = { header: { family: 'inet' }, attrs: {} };
    expectExactly(change(0xa06, M.ruleMessage, empty), { family: 'inet', table: '', chain: '', expressions: [] });
    expectExactly(change(0xa09, M.setMessage, empty), { family: 'inet', table: '', name: '', flags: [], keyType: 0, keyLen: 0 });
    expectExactly(change(0xa0c, M.setElemListMessage, empty), { family: 'inet', table: '', set: '', elements: [] });
    expectExactly(change(0xa12, M.objMessage, empty), { family: 'inet', table: '', name: '', type: 0 });
    expectExactly(change(0xa16, M.flowtableMessage, empty), { family: 'inet', table: '', name: '', flags: [] });
    expect(nft.decodeNftMessage({ type: 0xa0f, flags: 0, seq: 0, pid: 0, payload: Uint8Array.of(0, 0, 0, 0) })).toEqual({ kind: 'generation', value: { id: 0 } });
    expectExactly(nft.decodeNftMessage({ type: 0xa0f, flags: 0, seq: 0, pid: 0, payload: Uint8Array.of(0, 0, 0, 0) })!.value, { id: 0 });
  });

  it('a set: id, data length, the older single NFTA_SET_EXPR, a comment of type 7 only', () => {
    const set = change(0xa09, M.setMessage, {
      header: { family: 'ip' },
      attrs: { table: 't', name: 's', keyType: 7, keyLen: 4, dataType: 19, dataLen: 4, id: 12, expr: [{ name: 'counter', data: {} }], userdata: nft.withComment('x', 0) },
    });
    expectExactly(set, { family: 'ip', table: 't', name: 's', flags: [], keyType: 'ipv4_addr', keyLen: 4, dataType: 'mark', dataLen: 4, id: 12, expressions: [{ name: 'counter', data: {} }], userdata: nft.withComment('x', 0) });
    // An empty expression list is no expressions.
    expect(change(0xa09, M.setMessage, { header: { family: 'ip' }, attrs: { expressions: { elem: [] } } })).not.toHaveProperty('expressions');
  });

  it('an element: the single NFTA_SET_ELEM_EXPR, user data without a comment', () => {
    const [element] = (change(0xa0c, M.setElemListMessage, { header: { family: 'ip' }, attrs: { table: 't', set: 's', elements: { elem: [{ key: { value: Uint8Array.of(1) }, expr: { name: 'counter', data: {} }, userdata: Uint8Array.of(9, 0) }] } } }) as nft.SetElements).elements;
    expectExactly(element, { flags: [], key: Uint8Array.of(1), expressions: [{ name: 'counter', data: {} }], userdata: Uint8Array.of(9, 0) });
  });

  it('a flowtable: handle, hook (netdev numbering whatever the family), priority, devices, flags, use', () => {
    const flowtable = change(0xa16, M.flowtableMessage, {
      header: { family: 'inet' },
      attrs: { table: 't', name: 'f', handle: 3n, hook: { num: 0, priority: -10, devs: { name: ['lo', 'eth0'] } }, flags: ['hw-offload'], use: 2 },
    });
    expectExactly(flowtable, { family: 'inet', table: 't', name: 'f', handle: 3n, hook: 'ingress', priority: -10, devices: ['lo', 'eth0'], flags: ['hw-offload'], use: 2 });
    expect(change(0xa16, M.flowtableMessage, { header: { family: 'inet' }, attrs: { hook: { num: 1 } } })).toMatchObject({ hook: 'egress' });
  });

  it('an object: use and a comment', () => {
    const object = change(0xa12, M.objMessage, { header: { family: 'ip' }, attrs: { table: 't', name: 'o', type: 'quota', use: 2, userdata: nft.withComment('oc', 0) } });
    expectExactly(object, { family: 'ip', table: 't', name: 'o', type: 'quota', use: 2, comment: 'oc', userdata: nft.withComment('oc', 0) });
  });

  it('a table: owner, and user data without a comment', () => {
    expectExactly(change(0xa00, M.tableMessage, { header: { family: 'ip' }, attrs: { name: 'x', owner: 4242, userdata: Uint8Array.of(3, 0) } }), { family: 'ip', name: 'x', flags: [], owner: 4242, userdata: Uint8Array.of(3, 0) });
  });

  it('a chain, set, element with user data that holds no comment: none', () => {
    const ud = Uint8Array.of(3, 0);
    expect(change(0xa03, M.chainMessage, { header: { family: 'ip' }, attrs: { userdata: ud } })).not.toHaveProperty('comment');
    expect(change(0xa09, M.setMessage, { header: { family: 'ip' }, attrs: { userdata: ud } })).not.toHaveProperty('comment');
    expect(change(0xa12, M.objMessage, { header: { family: 'ip' }, attrs: { userdata: ud } })).not.toHaveProperty('comment');
  });
});
