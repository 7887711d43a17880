// conntrack's verbs against a fake kernel (no root): what each request asks for (type, flags, family,
// version, the kernel-side filter attributes), the filter checked again in JavaScript on the replies, the
// list's reader against the codec's decoding, typed bad-input errors with nothing sent, and events named by
// their group with an overrun as a resync.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError, OverrunError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, type NetlinkMessage } from '@linx/netlink-wire';
import { conntrack, Nfnl, type ConntrackEvent } from '../src/index.js';
import { nfnlGroupValues } from '../src/protocol.js';

const codec = compileMessage(conntrack.messages.conntrackMessage);
const NEW = 0x100;
const GET = 0x101;
const DELETE = 0x102;

/** A conntrack message as the kernel writes one (encoded with the declarations). */
function entryPayload(sport: number, extra: Record<string, unknown> = {}, family: 'ip' | 'ip6' = 'ip'): Uint8Array {
  const [src, dst] = family === 'ip' ? ['ipV4Src', 'ipV4Dst'] : ['ipV6Src', 'ipV6Dst'];
  const [a, b] = family === 'ip' ? ['192.0.2.1', '192.0.2.2'] : ['2001:db8::1', '2001:db8::2'];
  return codec.encode({
    header: { family },
    attrs: {
      tupleOrig: { tupleIp: { [src!]: a, [dst!]: b }, tupleProto: { protoNum: 6, protoSrcPort: sport, protoDstPort: 80 } },
      tupleReply: { tupleIp: { [src!]: b, [dst!]: a }, tupleProto: { protoNum: 6, protoSrcPort: 80, protoDstPort: sport } },
      status: ['seen-reply', 'assured', 'confirmed'],
      timeout: 100,
      mark: 0,
      use: 1,
      id: sport,
      ...extra,
    },
  } as never);
}

function kernelWith(answer: (req: NetlinkMessage, k: FakeKernel) => ReturnType<FakeKernel['ack']> | ReturnType<FakeKernel['ack']>[] | void) {
  const kernel = new FakeKernel(answer);
  return { kernel, nfnl: new Nfnl(kernel) };
}

const decodeRequest = (req: NetlinkMessage) => codec.decode(req.payload);

describe('conntrack list', () => {
  it('dumps IPCTNL_MSG_CT_GET with the filter the kernel applies, and checks the whole filter on what comes back', async () => {
    const { kernel, nfnl } = kernelWith((req, k) => k.multipart(req, [entryPayload(1000, { mark: 0x12 }), entryPayload(1001, { mark: 0x13 }), entryPayload(1002, { mark: 0x12, zone: 4 })], { type: NEW }));
    const listed = await nfnl.conntrack.list({ family: 'ip', mark: { value: 0x12, mask: 0xff }, status: ['assured'], original: { protocol: 'tcp', dport: 80 } });
    expect(listed.map((e) => e.original.sport)).toEqual([1000, 1002]);
    const req = kernel.requests[0]!;
    expect(req.type).toBe(GET);
    expect(req.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    const { header, attrs } = decodeRequest(req);
    expect(header.family).toBe('ip');
    expect(attrs).toMatchObject({ mark: 0x12, markMask: 0xff, status: ['assured'], statusMask: ['assured'], tupleOrig: { tupleProto: { protoNum: 6, protoDstPort: 80 } } });
    const f = conntrack.filterFlagValues;
    expect(attrs.filter).toEqual({ origFlags: f.protoNum | f.protoDstPort, replyFlags: 0 });
    // Zone 4 is the kernel's to filter; the JS check drops what a kernel that did not lists.
    expect((await nfnl.conntrack.list({ zone: 4 })).map((e) => e.original.sport)).toEqual([1002]);
    expect(decodeRequest(kernel.requests[1]!).attrs.zone).toBe(4);
    expect((await nfnl.conntrack.list({ zone: 0 })).map((e) => e.original.sport)).toEqual([1000, 1001]);
    nfnl.close();
  });

  it('keeps IPv6 addresses out of the kernel\'s tuple filter (it compares them inverted) and matches them here', async () => {
    const { kernel, nfnl } = kernelWith((req, k) => k.multipart(req, [entryPayload(1, {}, 'ip6'), entryPayload(2, {}, 'ip6')], { type: NEW }));
    const listed = await nfnl.conntrack.list({ original: { src: '2001:db8:0::1', protocol: 'tcp', sport: 2 } });
    expect(listed.map((e) => e.original.sport)).toEqual([2]);
    const { header, attrs } = decodeRequest(kernel.requests[0]!);
    expect(header.family).toBe('ip6');
    expect(attrs.tupleOrig).toEqual({ tupleProto: { protoNum: 6, protoSrcPort: 2 } });
    const f = conntrack.filterFlagValues;
    expect(attrs.filter).toEqual({ origFlags: f.protoNum | f.protoSrcPort, replyFlags: 0 });
    // An address-only IPv6 filter sends no tuple at all.
    await nfnl.conntrack.list({ reply: { dst: '2001:db8::1' } });
    expect(decodeRequest(kernel.requests[1]!).attrs).toEqual({});
    nfnl.close();
  });

  it('reads entries from the receive batch exactly as the codec\'s declarations decode them', async () => {
    const rich = entryPayload(5, {
      protoinfo: { protoinfoTcp: { tcpState: 'established', tcpWscaleOriginal: 7, tcpWscaleReply: 8, tcpFlagsOriginal: { flags: ['sack-perm', 'window-scale'], mask: [] }, tcpFlagsReply: { flags: ['be-liberal'], mask: [] } } },
      countersOrig: { packets: 3n, bytes: 180n },
      countersReply: { packets: 2n, bytes: 120n },
      timestamp: { start: 1_700_000_000_000_000_000n, stop: 1_700_000_001_000_000_000n },
      help: { helpName: 'ftp' },
      zone: 9,
      secctx: { secctxName: 'system_u:object_r:unlabeled_t:s0' },
      labels: Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80),
      tupleMaster: { tupleIp: { ipV4Src: '192.0.2.9', ipV4Dst: '192.0.2.10' }, tupleProto: { protoNum: 6, protoSrcPort: 21, protoDstPort: 2121 } },
    });
    const icmp6 = codec.encode({
      header: { family: 'ip6' },
      attrs: {
        tupleOrig: { tupleIp: { ipV6Src: '2001:db8::1', ipV6Dst: 'fe80::1' }, tupleProto: { protoNum: 58, protoIcmpv6Type: 128, protoIcmpv6Code: 0, protoIcmpv6Id: 77 }, tupleZone: 3 },
        tupleReply: { tupleIp: { ipV6Src: 'fe80::1', ipV6Dst: '2001:db8::1' }, tupleProto: { protoNum: 58, protoIcmpv6Type: 129, protoIcmpv6Code: 0, protoIcmpv6Id: 77 } },
        status: ['confirmed'],
        protoinfo: { protoinfoSctp: { sctpState: 'cookie-wait', vtagOriginal: 1, vtagReply: 2 } },
      },
    });
    for (const payload of [rich, icmp6, entryPayload(6, { protoinfo: { protoinfoDccp: { dccpState: 2, dccpRole: 1, dccpHandshakeSeq: 99n } } })]) {
      const read = conntrack.readEntry(payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);
      expect(read).toEqual(conntrack.entryFrom(codec.decode(payload)));
    }
    const read = conntrack.readEntry(rich, new DataView(rich.buffer, rich.byteOffset, rich.byteLength), 0, rich.length);
    expect(read).toMatchObject({ family: 'ip', helper: 'ftp', zone: 9, counters: { original: { packets: 3n, bytes: 180n } }, tcp: { state: 'established', flagsOriginal: ['window-scale', 'sack-perm'] }, master: { sport: 21 } });
  });
});

describe('conntrack list reader, on many addresses', () => {
  it('reads the addresses the codec reads for 4,000 random IPv4 and IPv6 entries (its address caches collide and are replaced)', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xffff;
    const v4 = () => [random() >> 8, random() >> 8, random() >> 8, random() >> 8].join('.');
    const v6 = () => Array.from({ length: 8 }, () => (random() % 3 === 0 ? 0 : random()).toString(16)).join(':');
    for (let i = 0; i < 4000; i++) {
      const six = i % 2 === 1;
      const [a, b] = six ? [v6(), v6()] : [v4(), v4()];
      const [src, dst] = six ? ['ipV6Src', 'ipV6Dst'] : ['ipV4Src', 'ipV4Dst'];
      // The reply repeats the original's addresses, as without NAT: read from the caches then.
      const payload = codec.encode({
        header: { family: six ? 'ip6' : 'ip' },
        attrs: {
          tupleOrig: { tupleIp: { [src!]: a, [dst!]: b }, tupleProto: { protoNum: 17, protoSrcPort: i & 0xffff, protoDstPort: 53 } },
          tupleReply: { tupleIp: { [src!]: b, [dst!]: a }, tupleProto: { protoNum: 17, protoSrcPort: 53, protoDstPort: i & 0xffff } },
          status: ['confirmed'],
        },
      } as never);
      const read = conntrack.readEntry(payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);
      expect(read).toEqual(conntrack.entryFrom(codec.decode(payload)));
    }
  });
});

describe('conntrack changes', () => {
  it('create sends IPCTNL_MSG_CT_NEW with CREATE|EXCL, the reply tuple inverted and IPS_CONFIRMED added to the status', async () => {
    const { kernel, nfnl } = kernelWith((req, k) => k.ack(req));
    await nfnl.conntrack.create({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'icmp', icmp: { type: 8, code: 0, id: 5 } }, timeout: 30, mark: 3, zone: 2, status: ['assured'] });
    const req = kernel.requests[0]!;
    expect(req.type).toBe(NEW);
    expect(req.flags & (NLM_F_CREATE | NLM_F_EXCL)).toBe(NLM_F_CREATE | NLM_F_EXCL);
    const { header, attrs } = decodeRequest(req);
    expect(header.family).toBe('ip');
    expect(attrs).toMatchObject({
      tupleOrig: { tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 1, protoIcmpType: 8, protoIcmpCode: 0, protoIcmpId: 5 } },
      tupleReply: { tupleIp: { ipV4Src: '192.0.2.2', ipV4Dst: '192.0.2.1' }, tupleProto: { protoNum: 1, protoIcmpType: 0, protoIcmpCode: 0, protoIcmpId: 5 } },
      timeout: 30,
      mark: 3,
      zone: 2,
    });
    expect([...attrs.status!].sort()).toEqual(['assured', 'confirmed']);
    nfnl.close();
  });

  it('delete of a listed entry names its tuple, zone and id; flush of one family sends nfgenmsg version 1', async () => {
    const { kernel, nfnl } = kernelWith((req, k) => (req.type === GET ? k.multipart(req, [entryPayload(7, { zone: 3 })], { type: NEW }) : k.ack(req)));
    const [entry] = await nfnl.conntrack.list();
    await nfnl.conntrack.delete(entry!);
    const del = decodeRequest(kernel.requests[1]!);
    expect(kernel.requests[1]!.type).toBe(DELETE);
    expect(del.attrs).toEqual({ tupleOrig: { tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 6, protoSrcPort: 7, protoDstPort: 80 } }, zone: 3, id: 7 });
    await nfnl.conntrack.flush({ family: 'ip6' });
    expect(decodeRequest(kernel.requests[2]!).header).toMatchObject({ family: 'ip6', version: 1 });
    await nfnl.conntrack.flush();
    expect(decodeRequest(kernel.requests[3]!).header).toMatchObject({ family: 'unspec', version: 0 });
    nfnl.close();
  });

  it('bad input is an InvalidArgumentError naming the argument, and nothing is sent', async () => {
    const { kernel, nfnl } = kernelWith((req, k) => k.ack(req));
    const cases: [() => Promise<unknown>, string][] = [
      [() => nfnl.conntrack.list({ original: { src: '192.0.2.1', dst: '2001:db8::1' } }), 'filter.original.dst'],
      [() => nfnl.conntrack.list({ original: { src: '192.0.2.1' }, reply: { src: '2001:db8::1' } }), 'filter.reply.src'],
      [() => nfnl.conntrack.list({ family: 'inet' as never }), 'family'],
      [() => nfnl.conntrack.list({ zone: 65536 }), 'filter.zone'],
      [() => nfnl.conntrack.list({ zone: 1.5 }), 'filter.zone'],
      [() => nfnl.conntrack.list({ mark: 0x1_0000_0000 }), 'filter.mark'],
      [() => nfnl.conntrack.list({ mark: { value: 3, mask: 1 } }), 'filter.mark.value'],
      [() => nfnl.conntrack.list({ status: ['bogus' as never] }), 'filter.status'],
      [() => nfnl.conntrack.list({ original: { sport: 1 } }), 'filter.original.sport'],
      [() => nfnl.conntrack.list({ original: { protocol: 'gre', dport: 1 } }), 'filter.original.dport'],
      [() => nfnl.conntrack.list({ original: { protocol: 'icmp', src: '2001:db8::1', icmp: { type: 8 } } }), 'filter.original.protocol'],
      [() => nfnl.conntrack.list({ original: { protocol: 300 } }), 'filter.original.protocol'],
      [() => nfnl.conntrack.get({ original: { src: '192.0.2.1', protocol: 'tcp' } }), 'key.original.dst'],
      [() => nfnl.conntrack.delete({} as never), 'key'],
      [() => nfnl.conntrack.create({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' }, timeout: 2 ** 32 }), 'spec.timeout'],
      [() => nfnl.conntrack.create({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' } } as never), 'spec.timeout'],
      [() => nfnl.conntrack.createMany([{ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' }, timeout: 1 }, { original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' }, timeout: 1, zone: -1 }]), 'specs[1].spec.zone'],
      [() => nfnl.conntrack.update({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' } }, { tcp: { state: 'open' as never } }), 'changes.tcp.state'],
      [() => nfnl.conntrack.update({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' } }, { mark: { value: 0x100, mask: 0xff } }), 'changes.mark.value'],
      // Tuples of two families in one entry (issue #15 §3), and zones and marks out of range where they are set.
      [() => nfnl.conntrack.create({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' }, reply: { src: '2001:db8::2', dst: '2001:db8::1', protocol: 'udp' }, timeout: 1 }), 'spec.reply.src'],
      [() => nfnl.conntrack.create({ family: 'ip6', original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' }, timeout: 1 }), 'spec.original.src'],
      [() => nfnl.conntrack.create({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' }, timeout: 1, mark: 2 ** 32 }), 'spec.mark'],
      [() => nfnl.conntrack.create({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' }, timeout: 1, zone: 65536 }), 'spec.zone'],
      [() => nfnl.conntrack.update({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' } }, { mark: -1 }), 'changes.mark'],
      [() => nfnl.conntrack.update({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' } }, { mark: { value: 1, mask: 2 ** 32 } }), 'changes.mark.mask'],
      [() => nfnl.conntrack.get({ original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'udp' }, zone: 65536 }), 'key.zone'],
      [() => nfnl.conntrack.delete({ reply: { src: '192.0.2.1', dst: '2001:db8::2', protocol: 'udp' } }), 'key.reply.dst'],
    ];
    for (const [call, argument] of cases) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, argument).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    expect(kernel.requests).toEqual([]);
    nfnl.close();
  });
});

describe('conntrack events', () => {
  it('names each event by the group it came on, decodes the entry, and turns an overrun into a resync', async () => {
    const { kernel, nfnl } = kernelWith(() => undefined);
    const events = nfnl.conntrack.events();
    const seen: ConntrackEvent[] = [];
    const reading = (async () => {
      for await (const event of events) {
        seen.push(event);
        if (seen.length === 4) events.close();
      }
    })();
    await new Promise((r) => setTimeout(r, 10));
    kernel.notify(nfnlGroupValues.conntrackNew, { type: NEW, payload: entryPayload(1) });
    kernel.notify(nfnlGroupValues.conntrackUpdate, { type: NEW, payload: entryPayload(1, { mark: 4 }) });
    await new Promise((r) => setTimeout(r, 10));
    kernel.overrun();
    await new Promise((r) => setTimeout(r, 10));
    kernel.notify(nfnlGroupValues.conntrackDestroy, { type: DELETE, payload: entryPayload(1) });
    await reading;
    expect(seen.map((e) => e.type)).toEqual(['new', 'update', 'resync', 'destroy']);
    expect(seen[1]).toMatchObject({ type: 'update', entry: { mark: 4, original: { sport: 1 } } });
    expect((seen[2] as Extract<ConntrackEvent, { type: 'resync' }>).error).toBeInstanceOf(OverrunError);
    nfnl.close();
  });
});
