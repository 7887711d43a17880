// Connection labels and per-direction zones against a fake kernel (no root): the attributes linx sends for
// them equal, byte for byte, what `conntrack` 1.4.7 sent for the same change (captured with strace -e
// write=all on this machine, in a throwaway namespace where an nft `ct label set` rule keeps labels in use),
// updates by label set and by add/remove mask, listed labels as numbers, and the requests the kernel would
// refuse (two zones on one entry, labels out of range) refused before anything is sent.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { parseAttributes } from '@linx/netlink-wire';
import { conntrack, Nfnl } from '../src/index.js';
import { ackingKernel } from './helpers/acking-kernel.js';

const hex = (text: string) => Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
const codec = compileMessage(conntrack.messages.conntrackMessage);
const CTA = conntrack.messages.conntrackAttrs.attributes;

/** `conntrack -I -s 10.0.0.1 -d 10.0.0.2 -p tcp --sport 1000 --dport 21 -t 100 --state ESTABLISHED --reply-zone 3 --label-add foo --label-add last` (foo = 0, last = 127 in connlabel.conf): the payload after nlmsghdr. The tool left
 * a stray 0x10 in the padding after the reply tuple's protocol number (libmnl does not clear padding); it is 0 here. */
const TOOL_CREATE = hex(`02000000
  34000180 14000180 08000100 0a000001 08000200 0a000002 1c000280 05000100 06000000 06000200 03e80000 06000300 00150000
  3c000280 14000180 08000100 0a000002 08000200 0a000001 1c000280 05000100 06000000 06000200 00150000 06000300 03e80000 06000300 00030000
  08000700 00000064
  20000480 1c000180 05000100 03720000 06000400 0a0a0000 06000500 0a0a0000
  14001600 01000000 00000000 00000000 00000080`);

/** Every top-level attribute of a conntrack payload (after the 4-byte nfgenmsg), as raw TLV bytes by type. */
function rawAttributes(payload: Uint8Array): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  for (const a of parseAttributes(payload.subarray(4))) out.set(a.type, a.payload);
  return out;
}

describe('conntrack labels and per-direction zones', () => {
  it('create sends the tuples (the reply one with its zone) and labels as conntrack -I --reply-zone --label-add does', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.create({
      original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', sport: 1000, dport: 21 },
      reply: { src: '10.0.0.2', dst: '10.0.0.1', protocol: 'tcp', sport: 21, dport: 1000, zone: 3 },
      timeout: 100,
      tcp: { state: 'established' },
      labels: [0, 127],
    });
    const ours = rawAttributes(requests[0]!.payload);
    const tool = rawAttributes(TOOL_CREATE);
    for (const name of ['tupleOrig', 'tupleReply', 'timeout', 'labels'] as const) expect(ours.get(CTA[name].id), name).toEqual(tool.get(CTA[name].id));
    // The tool also sends TCP window-scale/be-liberal flags in its protoinfo; linx sends the state alone.
    expect(codec.decode(requests[0]!.payload).attrs.protoinfo).toEqual({ protoinfoTcp: { tcpState: 'established' } });
    nfnl.close();
  });

  it('create sends the fewest label words that hold the highest label, as the tool does (labels 0 and 5: one word)', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.create({ original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', sport: 1002, dport: 21 }, timeout: 100, labels: [0, 5] });
    // conntrack -I … --label-add foo --label-add five sent CTA_LABELS "\x21\x00\x00\x00".
    expect(rawAttributes(requests[0]!.payload).get(CTA.labels.id)).toEqual(hex('21000000'));
    nfnl.close();
  });

  it('update replaces the label set whole, or adds and removes under a mask as conntrack -U --label-add does', async () => {
    const { nfnl, requests } = ackingKernel();
    const key = { original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp' as const, sport: 1002, dport: 21 } };
    await nfnl.conntrack.update(key, { labels: [1, 5] });
    // conntrack -U --label-del foo (leaving bar = 1 and five = 5) sent the remaining set, no mask.
    let raw = rawAttributes(requests[0]!.payload);
    expect(raw.get(CTA.labels.id)).toEqual(hex('22000000 00000000 00000000 00000000'));
    expect(raw.has(CTA.labelsMask.id)).toBe(false);
    await nfnl.conntrack.update(key, { labels: { add: [1] } });
    // conntrack -U --label-add bar sent the label as value and mask, the whole field each.
    raw = rawAttributes(requests[1]!.payload);
    expect(raw.get(CTA.labels.id)).toEqual(hex('02000000 00000000 00000000 00000000'));
    expect(raw.get(CTA.labelsMask.id)).toEqual(hex('02000000 00000000 00000000 00000000'));
    await nfnl.conntrack.update(key, { labels: { add: [64], remove: [0, 127] } });
    const decoded = codec.decode(requests[2]!.payload).attrs;
    expect(conntrack.labelNumbers(decoded.labels!)).toEqual([64]);
    expect(conntrack.labelNumbers(decoded.labelsMask!)).toEqual([0, 64, 127]);
    nfnl.close();
  });

  it('looks an entry with a directional zone up by that zone in its tuple', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.delete({ original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', sport: 1000, dport: 21, zone: 7 } });
    expect(codec.decode(requests[0]!.payload).attrs.tupleOrig?.tupleZone).toBe(7);
    nfnl.close();
  });

  it('lists labels as numbers and a directional zone on its tuple', async () => {
    const entry = codec.encode({
      header: { family: 'ip' },
      attrs: {
        tupleOrig: { tupleIp: { ipV4Src: '10.0.0.1', ipV4Dst: '10.0.0.2' }, tupleProto: { protoNum: 17, protoSrcPort: 1, protoDstPort: 2 }, tupleZone: 4 },
        tupleReply: { tupleIp: { ipV4Src: '10.0.0.2', ipV4Dst: '10.0.0.1' }, tupleProto: { protoNum: 17, protoSrcPort: 2, protoDstPort: 1 } },
        status: ['confirmed'],
        labels: hex('01000000 00000080 00000000 00000080'),
      },
    });
    const kernel = new FakeKernel((req, k) => k.multipart(req, [entry], { type: 0x100 }));
    const nfnl = new Nfnl(kernel);
    const [listed] = await nfnl.conntrack.list({ original: { zone: 4 } });
    expect(listed!.labels).toEqual([0, 63, 127]);
    expect(listed!.original.zone).toBe(4);
    expect(listed!.reply.zone).toBeUndefined();
    expect(listed!.zone).toBeUndefined();
    expect(await nfnl.conntrack.list({ original: { zone: 5 } })).toHaveLength(0);
    expect(await nfnl.conntrack.list({ labels: [63, 127] })).toHaveLength(1);
    expect(await nfnl.conntrack.list({ labels: [1] })).toHaveLength(0);
    nfnl.close();
  });

  it('refuses two zones on one entry, labels out of 0–127 and a label both added and removed, sending nothing', async () => {
    const { nfnl, requests } = ackingKernel();
    const original = { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp' as const, sport: 1, dport: 2 };
    const refused = async (work: Promise<unknown>, argument: string) => {
      const error = await work.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    };
    // conntrack -I --orig-zone 3 --reply-zone 4 is the kernel's EINVAL (ctnetlink_parse_tuple_zone()).
    await refused(nfnl.conntrack.create({ original: { ...original, zone: 3 }, reply: { src: '10.0.0.2', dst: '10.0.0.1', protocol: 'tcp', sport: 2, dport: 1, zone: 4 }, timeout: 9 }), 'spec.reply.zone');
    await refused(nfnl.conntrack.create({ original: { ...original, zone: 3 }, zone: 2, timeout: 9 }), 'spec.original.zone');
    await refused(nfnl.conntrack.create({ original: { ...original, zone: 0x10000 }, timeout: 9 }), 'spec.original.zone');
    await refused(nfnl.conntrack.delete({ original: { ...original, zone: 3 }, zone: 2 }), 'key.original.zone');
    await refused(nfnl.conntrack.create({ original, timeout: 9, labels: [128] }), 'spec.labels[0]');
    await refused(nfnl.conntrack.update({ original }, { labels: { add: [1], remove: [1] } }), 'changes.labels');
    await refused(nfnl.conntrack.update({ original }, { labels: [-1] }), 'changes.labels[0]');
    await refused(nfnl.conntrack.list({ labels: [200] }), 'filter.labels[0]');
    expect(requests).toHaveLength(0);
    nfnl.close();
  });
});
