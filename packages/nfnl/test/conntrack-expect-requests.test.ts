// Expectation requests against a fake kernel (no root): what createExpectation, updateExpectation,
// deleteExpectation(s) and flushExpectations send (IPCTNL_MSG_EXP_* of NFNL_SUBSYS_CTNETLINK_EXP, flags,
// the three tuples the kernel parses whole), and bad input refused with nothing sent.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, parseAttributes } from '@linx/netlink-wire';
import { conntrack, Nfnl, type ExpectationSpec } from '../src/index.js';
import { ackingKernel } from './helpers/acking-kernel.js';

const codec = compileMessage(conntrack.messages.expectMessage);
/** NFNL_SUBSYS_CTNETLINK_EXP (2) << 8 | IPCTNL_MSG_EXP_*. */
const EXP = { new: 0x200, get: 0x201, delete: 0x202 };
const master = { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'tcp' as const, sport: 40100, dport: 21 };

describe('expectation requests', () => {
  it('create sends the master, the tuple (an unnamed source as 0) and the mask (the source parts given, the destination whole), with CREATE|EXCL', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.createExpectation({ master, tuple: { dst: '192.0.2.1', protocol: 'tcp', dport: 40000 }, helper: 'ftp', flags: ['permanent'], class: 0, zone: 5, timeout: 60 });
    const [req] = requests;
    expect(req!.type).toBe(EXP.new);
    expect(req!.flags & (NLM_F_CREATE | NLM_F_EXCL)).toBe(NLM_F_CREATE | NLM_F_EXCL);
    const { header, attrs } = codec.decode(req!.payload);
    expect(header.family).toBe('ip');
    expect(attrs).toEqual({
      master: { tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 6, protoSrcPort: 40100, protoDstPort: 21 } },
      tuple: { tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '192.0.2.1' }, tupleProto: { protoNum: 6, protoSrcPort: 0, protoDstPort: 40000 } },
      mask: { tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '255.255.255.255' }, tupleProto: { protoNum: 6, protoSrcPort: 0, protoDstPort: 0xffff } },
      helpName: 'ftp',
      flags: ['permanent'],
      class: 0,
      zone: 5,
      timeout: 60,
    });
    nfnl.close();
  });

  it('an IPv6 expectation with a source and a mask of its port', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.createExpectation({ master: { ...master, src: '2001:db8::1', dst: '2001:db8::2' }, tuple: { src: '2001:db8::2', dst: '2001:db8::1', protocol: 'udp', sport: 0x1000, dport: 5060 }, mask: { sport: 0xf000 } });
    const { header, attrs } = codec.decode(requests[0]!.payload);
    expect(header.family).toBe('ip6');
    expect(attrs.mask).toEqual({ tupleIp: { ipV6Src: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', ipV6Dst: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' }, tupleProto: { protoNum: 17, protoSrcPort: 0xf000, protoDstPort: 0xffff } });
    nfnl.close();
  });

  it('delete names the tuple and id of a listed expectation; by helper and flush send one request each; update sends the timeout without CREATE', async () => {
    const { nfnl, requests } = ackingKernel();
    const listed: conntrack.ConntrackExpectation = { family: 'ip', master, tuple: { src: '0.0.0.0', dst: '192.0.2.1', protocol: 'tcp', sport: 0, dport: 40000 }, mask: { src: '0.0.0.0', dst: '255.255.255.255', protocol: 'tcp', sport: 0, dport: 65535 }, flags: [], id: 99, zone: 2 };
    await nfnl.conntrack.deleteExpectation(listed);
    let { attrs } = codec.decode(requests[0]!.payload);
    expect(requests[0]!.type).toBe(EXP.delete);
    expect(attrs).toEqual({ tuple: { tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '192.0.2.1' }, tupleProto: { protoNum: 6, protoSrcPort: 0, protoDstPort: 40000 } }, zone: 2, id: 99 });
    await nfnl.conntrack.deleteExpectations({ helper: 'sip' });
    expect(codec.decode(requests[1]!.payload).attrs).toEqual({ helpName: 'sip' });
    await nfnl.conntrack.flushExpectations();
    expect(requests[2]!.type).toBe(EXP.delete);
    expect(codec.decode(requests[2]!.payload)).toEqual({ header: { family: 'unspec', version: 0, resId: 0 }, attrs: {} });
    await nfnl.conntrack.updateExpectation(listed, { timeout: 10 });
    expect(requests[3]!.type).toBe(EXP.new);
    expect(requests[3]!.flags & NLM_F_CREATE).toBe(0);
    ({ attrs } = codec.decode(requests[3]!.payload));
    expect(attrs.timeout).toBe(10);
    expect(attrs.id).toBeUndefined();
    nfnl.close();
  });

  it('create sends the master and mask conntrack -I expect sends; the tool\'s own tuple is wrong (protocol 156, no ports)', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.createExpectation({ master: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', sport: 40100, dport: 21 }, tuple: { src: '10.0.0.2', dst: '10.0.0.1', protocol: 'tcp', dport: 40001 }, timeout: 50 });
    // `conntrack -I expect --orig-src 10.0.0.1 --orig-dst 10.0.0.2 --tuple-src 10.0.0.2 --tuple-dst 10.0.0.1
    // --mask-src 255.255.255.255 --mask-dst 255.255.255.255 -p tcp --orig-port-src 40100 --orig-port-dst 21
    // --tuple-port-src 0 --tuple-port-dst 40001 --mask-port-src 0 --mask-port-dst 65535 -t 50` (1.4.7, strace):
    const bytes = (text: string) => Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
    const tool = new Map([
      [1, bytes('14000180 08000100 0a000001 08000200 0a000002 1c000280 05000100 06000000 06000200 9ca40000 06000300 00150000')],
      [3, bytes('14000180 08000100 ffffffff 08000200 ffffffff 1c000280 05000100 06000000 06000200 00000000 06000300 ffff0000')],
      [4, bytes('00000032')],
      // The tool's tuple: its protocol number is 0x9c (40001's high byte) and its ports are missing.
      [2, bytes('14000180 08000100 0a000002 08000200 0a000001 0c000280 05000100 9c000000')],
    ]);
    const ours = new Map(parseAttributes(requests[0]!.payload.subarray(4)).map((a) => [a.type, a.payload]));
    for (const type of [1, 3, 4]) expect(ours.get(type), `attribute ${type}`).toEqual(tool.get(type));
    expect(ours.get(2)).not.toEqual(tool.get(2));
    expect(codec.decode(requests[0]!.payload).attrs.tuple?.tupleProto).toEqual({ protoNum: 6, protoSrcPort: 0, protoDstPort: 40001 });
    nfnl.close();
  });

  it('delete by tuple sends what `conntrack -D expect -s 10.0.0.2 -d 10.0.0.1 -p tcp --sport 0 --dport 40000 …` sends', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.deleteExpectation({ tuple: { src: '10.0.0.2', dst: '10.0.0.1', protocol: 'tcp', dport: 40000 } });
    // conntrack 1.4.7 (with --reply-port-src 0 --reply-port-dst 0, which it demands), strace: the payload after nlmsghdr.
    const hex = '02000000 34000280 14000180 08000100 0a000002 08000200 0a000001 1c000280 05000100 06000000 06000200 00000000 06000300 9c400000';
    expect(requests[0]!.payload).toEqual(Uint8Array.from(hex.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16))));
    expect(requests[0]!.type).toBe(EXP.delete);
    nfnl.close();
  });

  it('one master\'s expectations: a dump with CTA_EXPECT_MASTER and NLM_F_ACK, which a master without a helper answers with an ACK alone', async () => {
    // ctnetlink_dump_exp_ct() starts no dump for an entry without a helper: only the ACK asked for comes.
    const { nfnl, requests } = ackingKernel();
    expect(await nfnl.conntrack.expectations({ master, zone: 4 })).toEqual([]);
    expect(requests[0]!.type).toBe(EXP.get);
    expect(requests[0]!.flags & (NLM_F_DUMP | NLM_F_ACK)).toBe(NLM_F_DUMP | NLM_F_ACK);
    expect(codec.decode(requests[0]!.payload).attrs).toEqual({ master: { tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 6, protoSrcPort: 40100, protoDstPort: 21 } }, zone: 4 });
    // Every expectation: a plain dump, no ACK asked.
    const all = new FakeKernel((req, k) => k.multipart(req, [], { type: EXP.new }));
    const plain = new Nfnl(all);
    expect(await plain.conntrack.expectations()).toEqual([]);
    expect(all.requests[0]!.flags & NLM_F_ACK).toBe(0);
    plain.close();
    nfnl.close();
  });

  it('refuses bad expectations with nothing sent', async () => {
    const { nfnl, requests } = ackingKernel();
    const tuple = { dst: '192.0.2.1', protocol: 'tcp' as const, dport: 40000 };
    const refused = async (work: Promise<unknown>, argument: string) => {
      const error = await work.then(() => undefined, (e: unknown) => e);
      expect(error, argument).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    };
    const create = (spec: Partial<ExpectationSpec>) => nfnl.conntrack.createExpectation({ master, tuple, ...spec } as ExpectationSpec);
    await refused(create({ tuple: { dst: '192.0.2.1' } }), 'spec.tuple.protocol');
    await refused(create({ tuple: { protocol: 'tcp', dport: 1 } }), 'spec.tuple.dst');
    await refused(create({ tuple: { dst: '192.0.2.1', protocol: 'tcp' } }), 'spec.tuple.dport');
    await refused(create({ tuple: { ...tuple, dst: '2001:db8::1' } }), 'spec.tuple.dst');
    await refused(create({ master: { ...master, sport: undefined, src: undefined } }), 'spec.master.src');
    await refused(create({ mask: { dport: 0xff00 } as never }), 'spec.mask');
    await refused(create({ mask: { sport: 0x10000 } }), 'spec.mask.sport');
    await refused(create({ zone: 0x10000 }), 'spec.zone');
    await refused(create({ flags: ['userspace' as never] }), 'spec.flags');
    await refused(create({ helper: 'a-name-far-too-long' }), 'spec.helper');
    await refused(nfnl.conntrack.deleteExpectation({} as never), 'key.tuple');
    await refused(nfnl.conntrack.updateExpectation({ tuple: { ...tuple, src: '192.0.2.2' } }, {} as never), 'changes.timeout');
    await refused(nfnl.conntrack.expectations({ zone: 3 }), 'filter.zone');
    expect(requests).toHaveLength(0);
    nfnl.close();
  });
});
