// What conntrack's get/create/update/delete send for each kind of key and change, and the exact errors of
// bad keys, specs and changes (no root; an ACKing fake kernel records the requests): the tuple a key names
// (original before reply, as a listed entry has both), one zone per entry (0 is no zone), IPS_CONFIRMED added
// once, label changes, mark masks, and expectation listings' families.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { conntrack } from '../src/index.js';
import { ackingKernel } from './helpers/acking-kernel.js';

const codec = compileMessage(conntrack.messages.conntrackMessage);
const expectCodec = compileMessage(conntrack.messages.expectMessage);
const udp = { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' as const, sport: 1000, dport: 53 };
const udpAttrs = { tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 17, protoSrcPort: 1000, protoDstPort: 53 } };

async function rejection(promise: Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return error as InvalidArgumentError;
}

describe('keys', () => {
  it('a listed entry is named by its original tuple; a key with a reply tuple alone by that', async () => {
    const { nfnl, requests } = ackingKernel();
    const listed: conntrack.ConntrackEntry = { family: 'ip', original: udp, reply: { src: '192.0.2.2', dst: '192.0.2.1', protocol: 'udp', sport: 53, dport: 1000 }, status: ['confirmed'], id: 42 };
    await nfnl.conntrack.delete(listed);
    expect(codec.decode(requests[0]!.payload).attrs).toEqual({ tupleOrig: udpAttrs, id: 42 });
    await nfnl.conntrack.delete({ reply: udp });
    expect(codec.decode(requests[1]!.payload).attrs).toEqual({ tupleReply: udpAttrs });
    nfnl.close();
  });

  it('bad keys: the argument and why', async () => {
    const { nfnl, requests } = ackingKernel();
    expect((await rejection(nfnl.conntrack.delete(null as never))).message).toBe('key: an entry, or { original } or { reply } with a whole tuple');
    expect((await rejection(nfnl.conntrack.delete('x' as never))).argument).toBe('key');
    expect((await rejection(nfnl.conntrack.delete({ original: undefined } as never))).message).toBe('key: names no tuple: give original or reply (a delete without one would flush the table)');
    expect((await rejection(nfnl.conntrack.delete({ original: { protocol: 'udp' } }))).message).toBe('key.original.src: a tuple to look up needs its addresses');
    expect((await rejection(nfnl.conntrack.delete({ reply: { protocol: 'udp' } }))).argument).toBe('key.reply.src');
    expect((await rejection(nfnl.conntrack.delete({ original: { src: '192.0.2.1', dst: '192.0.2.2' } }))).message).toBe('key.original.protocol: a tuple to look up needs src, dst and protocol');
    expect((await rejection(nfnl.conntrack.delete({ original: { ...udp, zone: 2 }, zone: 3 }))).message).toBe('key.original.zone: an entry has one zone: key.zone = 3 and key.original.zone = 2');
    expect((await rejection(nfnl.conntrack.delete({ original: udp, id: -1 }))).argument).toBe('key.id');
    // The master of an expectation listing is named as such.
    expect((await rejection(nfnl.conntrack.expectations({ master: { src: '192.0.2.1', protocol: 'udp' } }))).argument).toBe('filter.master.dst');
    expect(requests).toEqual([]);
    // One zone of 0 and one of the tuple's: 0 is the default zone, no second zone.
    await nfnl.conntrack.delete({ original: { ...udp, zone: 2 }, zone: 0 });
    expect(codec.decode(requests[0]!.payload).attrs).toEqual({ tupleOrig: { ...udpAttrs, tupleZone: 2 }, zone: 0 });
    nfnl.close();
  });
});

describe('create', () => {
  it('sends the status with IPS_CONFIRMED, the TCP state, a helper; zone 0 beside a direction\'s zone is allowed', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.create({ original: { ...udp, protocol: 'tcp' }, timeout: 5, status: ['confirmed', 'assured'], tcp: { state: 'established' }, helper: 'ftp', zone: 0, reply: { src: '192.0.2.2', dst: '192.0.2.1', protocol: 'tcp', sport: 53, dport: 1000, zone: 4 } });
    const { attrs } = codec.decode(requests[0]!.payload);
    expect(attrs.status).toEqual(['assured', 'confirmed']);
    expect(attrs.protoinfo).toEqual({ protoinfoTcp: { tcpState: 'established' } });
    expect(attrs.help).toEqual({ helpName: 'ftp' });
    expect(attrs.zone).toBe(0);
    expect(attrs.tupleReply?.tupleZone).toBe(4);
    expect(attrs.tupleOrig?.tupleZone).toBeUndefined();
    nfnl.close();
  });

  it('bad specs: the argument and why, nothing sent', async () => {
    const { nfnl, requests } = ackingKernel();
    const create = (spec: unknown) => rejection(nfnl.conntrack.create(spec as never));
    expect((await create(null)).message).toBe('spec.original: an entry to create needs its original tuple');
    expect((await create({ timeout: 1 })).argument).toBe('spec.original');
    expect((await create({ original: null, timeout: 1 })).argument).toBe('spec.original');
    expect((await create({ original: { src: '192.0.2.1', dst: '192.0.2.2' }, reply: udp, timeout: 1 })).message).toBe('spec.original.protocol: an entry to create needs src, dst and protocol');
    expect((await create({ original: udp, reply: { src: '192.0.2.2', protocol: 'udp' }, timeout: 1 })).message).toBe('spec.reply.dst: an entry to create needs src, dst and protocol');
    expect((await create({ original: udp })).message).toBe('spec.timeout: an entry to create needs a timeout (seconds)');
    expect((await create({ original: { ...udp, zone: 1 }, reply: { src: '192.0.2.2', dst: '192.0.2.1', protocol: 'udp', sport: 53, dport: 1000, zone: 2 }, timeout: 1 })).message).toBe(
      'spec.reply.zone: an entry has one zone, for both directions (zone) or for one (original.zone or reply.zone): spec.original.zone = 1 and spec.reply.zone = 2',
    );
    expect((await create({ original: { ...udp, zone: 1 }, zone: 3, timeout: 1 })).argument).toBe('spec.original.zone');
    expect((await create({ original: udp, timeout: 1, status: 'assured' })).message).toBe('spec.status: status is a list of status names');
    expect((await create({ original: udp, timeout: 1, status: ['assured', 'bogus'] })).message).toBe('spec.status: bogus is not a conntrack status');
    expect((await create({ original: udp, timeout: 1, tcp: { state: 'open' } })).message).toBe('spec.tcp.state: open is not a TCP conntrack state');
    expect((await create({ original: udp, timeout: 1, mark: { value: 0x10, mask: 0x01 } })).message).toBe('spec.mark.value: 0x10 has bits outside the mask 0x1');
    expect((await create({ original: udp, timeout: 1, labels: [128] })).argument).toBe('spec.labels[0]');
    expect((await create({ original: udp, timeout: 1, helper: 'x'.repeat(16) })).argument).toBe('spec.helper');
    expect(requests).toEqual([]);
    nfnl.close();
  });
});

describe('update', () => {
  it('a mark under a mask, status with IPS_CONFIRMED added, and label changes', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.update({ original: udp }, { mark: { value: 0x10, mask: 0xf0 }, status: ['assured'], timeout: 9 });
    expect(codec.decode(requests[0]!.payload).attrs).toEqual({ tupleOrig: udpAttrs, mark: 0x10, markMask: 0xf0, status: ['assured', 'confirmed'], timeout: 9 });
    await nfnl.conntrack.update({ original: udp }, { labels: { add: [1] } });
    const add = codec.decode(requests[1]!.payload).attrs;
    // Host-order words (little-endian here): label 1 is bit 1 of word 0; the field is sent whole (16 bytes).
    expect([...add.labels!]).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...add.labelsMask!]).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await nfnl.conntrack.update({ original: udp }, { labels: { remove: [33] } });
    const remove = codec.decode(requests[2]!.payload).attrs;
    expect([...remove.labels!]).toEqual(new Array(16).fill(0));
    expect([...remove.labelsMask!]).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    nfnl.close();
  });

  it('bad changes: the argument and why, nothing sent', async () => {
    const { nfnl, requests } = ackingKernel();
    const update = (changes: unknown) => rejection(nfnl.conntrack.update({ original: udp }, changes as never));
    expect((await update({ labels: 5 })).message).toBe('changes.labels: a list of label numbers, or { add, remove }');
    expect((await update({ labels: null })).argument).toBe('changes.labels');
    expect((await update({ labels: { add: [1, 2], remove: [3, 2] } })).message).toBe('changes.labels: label 2 is both added and removed');
    expect((await update({ labels: { add: 'x' } })).message).toBe('changes.labels.add: labels are a list of label numbers (0 to 127)');
    expect((await update({ labels: { remove: [200] } })).argument).toBe('changes.labels.remove[0]');
    expect((await update({ labels: [1, 128] })).argument).toBe('changes.labels[1]');
    expect((await update({ timeout: -1 })).argument).toBe('changes.timeout');
    expect((await update({ status: ['bogus'] })).message).toBe('changes.status: bogus is not a conntrack status');
    expect(requests).toEqual([]);
    nfnl.close();
  });
});

describe('expectation requests', () => {
  it('a listing of one master takes its family from the master; updateExpectation needs a timeout', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.expectations({ master: { src: '2001:db8::1', dst: '2001:db8::2', protocol: 'tcp', sport: 1, dport: 21 } });
    expect(expectCodec.decode(requests[0]!.payload).header.family).toBe('ip6');
    await nfnl.conntrack.expectations({ family: 'ip' });
    const all = expectCodec.decode(requests[1]!.payload);
    expect(all).toEqual({ header: { family: 'ip', version: 0, resId: 0 }, attrs: {} });
    const key = { tuple: { src: '192.0.2.2', dst: '192.0.2.1', protocol: 'tcp' as const, sport: 0, dport: 40000 } };
    expect((await rejection(nfnl.conntrack.updateExpectation(key, undefined as never))).message).toBe('changes.timeout: undefined is not an integer from 0 to 4294967295');
    await nfnl.conntrack.updateExpectation({ ...key, family: 'ip' }, { timeout: 3 });
    expect(expectCodec.decode(requests[2]!.payload).header.family).toBe('ip');
    await nfnl.conntrack.deleteExpectation(key);
    expect(expectCodec.decode(requests[3]!.payload).header.family).toBe('ip');
    nfnl.close();
  });
});
