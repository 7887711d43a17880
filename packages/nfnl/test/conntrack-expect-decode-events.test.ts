// Expectations as listed and as sent in events, and the checks of expectation requests and event kinds
// (no root): every field of an expectation message read into a `ConntrackExpectation`, ICMP expectations
// (whose mask the kernel keeps the id of alone), helper names up to NF_CT_HELPER_NAME_LEN - 1 bytes, the
// exact errors of bad specs, keys and kinds, and events named by their group, skipping other subsystems.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { conntrack, Nfnl, type ConntrackEvent, type ExpectationEvent } from '../src/index.js';
import { ackingKernel } from './helpers/acking-kernel.js';

const expectCodec = compileMessage(conntrack.messages.expectMessage);
const ctCodec = compileMessage(conntrack.messages.conntrackMessage);
/** NFNL_SUBSYS_CTNETLINK_EXP (2) << 8 | IPCTNL_MSG_EXP_NEW / _DELETE; NFNL_SUBSYS_CTNETLINK (1) << 8 | IPCTNL_MSG_CT_NEW. */
const EXP_NEW = 0x200;
const EXP_DELETE = 0x202;
const CT_NEW = 0x100;
/** enum nfnetlink_groups (linux/netfilter/nfnetlink.h). */
const GROUP = { ctNew: 1, ctUpdate: 2, ctDestroy: 3, expNew: 4, expDestroy: 6 };

const master = { tupleIp: { ipV4Src: '192.0.2.1', ipV4Dst: '192.0.2.2' }, tupleProto: { protoNum: 6, protoSrcPort: 40100, protoDstPort: 21 } };
const expected = { tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '192.0.2.1' }, tupleProto: { protoNum: 6, protoSrcPort: 0, protoDstPort: 40000 } };
const mask = { tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '255.255.255.255' }, tupleProto: { protoNum: 6, protoSrcPort: 0, protoDstPort: 0xffff } };

async function rejection(promise: Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return error as InvalidArgumentError;
}

describe('an expectation as listed', () => {
  it('has every field the message carries', () => {
    const message = expectCodec.decode(
      expectCodec.encode({
        header: { family: 'ip' },
        attrs: { master, tuple: expected, mask, timeout: 297, id: 0x80000001, helpName: 'ftp', zone: 3, flags: ['permanent', 'userspace'], class: 1, nat: { dir: 1, tuple: expected }, fn: 'nat-follow-master' },
      }),
    );
    expect(conntrack.expectationFrom(message)).toEqual({
      family: 'ip',
      master: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'tcp', sport: 40100, dport: 21 },
      tuple: { src: '0.0.0.0', dst: '192.0.2.1', protocol: 'tcp', sport: 0, dport: 40000 },
      mask: { src: '0.0.0.0', dst: '255.255.255.255', protocol: 'tcp', sport: 0, dport: 0xffff },
      timeout: 297,
      id: 0x80000001,
      helper: 'ftp',
      zone: 3,
      flags: ['permanent', 'userspace'],
      class: 1,
      nat: { dir: 1, tuple: { src: '0.0.0.0', dst: '192.0.2.1', protocol: 'tcp', sport: 0, dport: 40000 } },
      fn: 'nat-follow-master',
    });
  });

  it('leaves out what the message does not carry; a NAT nest may hold either part', () => {
    const bare = expectCodec.decode(expectCodec.encode({ header: { family: 'ip6' }, attrs: {} }));
    expect(conntrack.expectationFrom(bare)).toEqual({ family: 'ip6', master: { src: '', dst: '', protocol: 0 }, tuple: { src: '', dst: '', protocol: 0 }, mask: { src: '', dst: '', protocol: 0 }, flags: [] });
    const dirOnly = expectCodec.decode(expectCodec.encode({ header: { family: 'ip' }, attrs: { nat: { dir: 0 } } }));
    expect(conntrack.expectationFrom(dirOnly).nat).toEqual({ dir: 0 });
    const tupleOnly = expectCodec.decode(expectCodec.encode({ header: { family: 'ip' }, attrs: { nat: { tuple: expected } } }));
    expect(conntrack.expectationFrom(tupleOnly).nat).toEqual({ tuple: { src: '0.0.0.0', dst: '192.0.2.1', protocol: 'tcp', sport: 0, dport: 40000 } });
  });
});

describe('ICMP expectations', () => {
  it('send every ICMP field (0 where left out) and a mask of the id alone, all ones when the id is given', async () => {
    const { nfnl, requests } = ackingKernel();
    const pingMaster = { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'icmp' as const, icmp: { type: 8, code: 0, id: 7 } };
    await nfnl.conntrack.createExpectation({ master: pingMaster, tuple: { dst: '192.0.2.1', protocol: 'icmp', icmp: { type: 0, id: 7 } } });
    let attrs = expectCodec.decode(requests[0]!.payload).attrs;
    expect(attrs.tuple).toEqual({ tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '192.0.2.1' }, tupleProto: { protoNum: 1, protoIcmpType: 0, protoIcmpCode: 0, protoIcmpId: 7 } });
    expect(attrs.mask).toEqual({ tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '255.255.255.255' }, tupleProto: { protoNum: 1, protoIcmpType: 0, protoIcmpCode: 0, protoIcmpId: 0xffff } });
    await nfnl.conntrack.createExpectation({ master: pingMaster, tuple: { src: '192.0.2.2', dst: '192.0.2.1', protocol: 'icmp', icmp: { type: 0 } } });
    attrs = expectCodec.decode(requests[1]!.payload).attrs;
    expect(attrs.mask).toEqual({ tupleIp: { ipV4Src: '255.255.255.255', ipV4Dst: '255.255.255.255' }, tupleProto: { protoNum: 1, protoIcmpType: 0, protoIcmpCode: 0, protoIcmpId: 0 } });
    // A protocol without ports (GRE) sends none, in the tuple or the mask.
    await nfnl.conntrack.createExpectation({ master: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'gre' }, tuple: { dst: '192.0.2.1', protocol: 'gre' } });
    attrs = expectCodec.decode(requests[2]!.payload).attrs;
    expect(attrs.tuple).toEqual({ tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '192.0.2.1' }, tupleProto: { protoNum: 47 } });
    expect(attrs.mask).toEqual({ tupleIp: { ipV4Src: '0.0.0.0', ipV4Dst: '255.255.255.255' }, tupleProto: { protoNum: 47 } });
    nfnl.close();
  });

  it('an IPv6 expectation without a source sends :: for it; a key without addresses is IPv4', async () => {
    const { nfnl, requests } = ackingKernel();
    await nfnl.conntrack.createExpectation({ master: { src: '2001:db8::1', dst: '2001:db8::2', protocol: 'udp', sport: 5060, dport: 5060 }, tuple: { dst: '2001:db8::1', protocol: 'udp', dport: 20000 } });
    const { header, attrs } = expectCodec.decode(requests[0]!.payload);
    expect(header.family).toBe('ip6');
    expect(attrs.tuple?.tupleIp).toEqual({ ipV6Src: '::', ipV6Dst: '2001:db8::1' });
    expect(attrs.mask?.tupleIp).toEqual({ ipV6Src: '::', ipV6Dst: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' });
    nfnl.close();
  });
});

describe('bad expectation requests', () => {
  it('get an InvalidArgumentError that names the argument and says why, with nothing sent', async () => {
    const { nfnl, requests } = ackingKernel();
    const m = { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'tcp' as const, sport: 40100, dport: 21 };
    const t = { dst: '192.0.2.1', protocol: 'tcp' as const, dport: 40000 };
    const create = (spec: unknown) => rejection(nfnl.conntrack.createExpectation(spec as never));
    expect((await create(null)).message).toBe('spec: an expectation is { master, tuple, mask?, … }');
    expect((await create({ tuple: t })).message).toBe("spec.master: an expectation needs its master connection's original tuple");
    expect((await create({ master: null, tuple: t })).argument).toBe('spec.master');
    expect((await create({ master: m })).message).toBe('spec.tuple: an expectation needs the tuple it expects');
    expect((await create({ master: m, tuple: null })).argument).toBe('spec.tuple');
    expect((await create({ master: { ...m, dst: undefined }, tuple: t })).message).toBe('spec.master.dst: the master tuple is looked up whole: it needs src, dst and protocol (and ports)');
    expect((await create({ master: m, tuple: { dst: '192.0.2.1', dport: 1 } })).argument).toBe('spec.tuple.dport');
    expect((await create({ master: m, tuple: { dst: '192.0.2.1' } })).message).toBe("spec.tuple.protocol: an expectation's tuple needs its protocol");
    expect((await create({ master: m, tuple: { protocol: 'tcp', dport: 1 } })).message).toBe('spec.tuple.dst: an expectation matches its destination address exactly: give it');
    expect((await create({ master: m, tuple: { dst: '192.0.2.1', protocol: 'tcp' } })).message).toBe('spec.tuple.dport: an expectation matches its destination port exactly: give it');
    expect((await create({ master: m, tuple: t, mask: { dport: 1 } })).message).toBe('spec.mask: a mask has src and sport only: the kernel matches the destination whole');
    expect((await create({ master: m, tuple: t, mask: 'all' })).argument).toBe('spec.mask');
    expect((await create({ master: m, tuple: t, mask: null })).argument).toBe('spec.mask');
    expect((await create({ master: m, tuple: t, mask: { src: '2001:db8::1' } })).argument).toBe('spec.mask.src');
    expect((await create({ master: m, tuple: t, flags: 'permanent' })).message).toBe('spec.flags: flags are a list: permanent, inactive');
    expect((await create({ master: m, tuple: t, flags: ['userspace'] })).message).toBe('spec.flags: userspace is not an expectation flag a request may set (permanent, inactive)');
    expect((await create({ master: m, tuple: t, class: -1 })).argument).toBe('spec.class');
    expect((await create({ master: m, tuple: t, zone: 65536 })).argument).toBe('spec.zone');
    expect((await create({ master: m, tuple: t, timeout: 1.5 })).argument).toBe('spec.timeout');
    expect((await create({ master: m, tuple: t, helper: '' })).message).toBe('spec.helper: "" is not a helper name (1 to 15 bytes)');
    const key = (k: unknown) => rejection(nfnl.conntrack.deleteExpectation(k as never));
    expect((await key(null)).message).toBe('key.tuple: an expectation is named by its tuple (a delete without one would flush them all)');
    expect((await key({ tuple: null })).argument).toBe('key.tuple');
    expect((await key({ tuple: { dst: '192.0.2.1', protocol: 'tcp', dport: 1 } })).message).toBe('key.tuple.src: an expectation is looked up by a whole tuple: src, dst and protocol (and ports)');
    expect((await key({ tuple: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'tcp' }, zone: -1 })).argument).toBe('key.zone');
    expect((await key({ tuple: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 'tcp' }, id: 2 ** 32 })).argument).toBe('key.id');
    expect((await rejection(nfnl.conntrack.deleteExpectations(null as never))).message).toBe('which: { master } or { helper }');
    expect((await rejection(nfnl.conntrack.expectations({ zone: 1 }))).message).toBe('filter.zone: a zone goes with a master tuple');
    expect(requests).toEqual([]);
    nfnl.close();
  });

  it('helper names: 1 to 15 bytes (NF_CT_HELPER_NAME_LEN is 16 with the NUL), no NUL inside', () => {
    expect(conntrack.checkHelperName('h', 'a')).toBe('a');
    expect(conntrack.checkHelperName('h', 'x'.repeat(15))).toBe('x'.repeat(15));
    for (const bad of ['x'.repeat(16), 'é'.repeat(8), 'ft\0p', '', 7]) expect(() => conntrack.checkHelperName('h', bad)).toThrow(InvalidArgumentError);
    expect(() => conntrack.checkHelperName('h', 'é'.repeat(7) + 'x')).not.toThrow();
  });
});

describe('events', () => {
  it('bad kinds name the kinds there are', () => {
    const { nfnl } = ackingKernel();
    const message = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidArgumentError);
        return (error as Error).message;
      }
      return 'nothing thrown';
    };
    expect(message(() => nfnl.conntrack.events([]))).toBe("kinds: a list of one or more of 'new', 'update', 'destroy'");
    expect(message(() => nfnl.conntrack.events('new' as never))).toBe("kinds: a list of one or more of 'new', 'update', 'destroy'");
    expect(message(() => nfnl.conntrack.events(['new', 'gone' as never]))).toBe("kinds: gone is not an event kind ('new', 'update', 'destroy')");
    expect(message(() => nfnl.conntrack.expectationEvents(['update' as never]))).toBe("kinds: update is not an event kind ('new', 'destroy')");
    nfnl.close();
  });

  it('expectation events are named by their group and decoded; entries\' events skip other subsystems\' messages', async () => {
    const kernel = new FakeKernel((req, k) => k.ack(req));
    const nfnl = new Nfnl(kernel);
    const expectations = nfnl.conntrack.expectationEvents();
    const payload = expectCodec.encode({ header: { family: 'ip' }, attrs: { master, tuple: expected, mask, id: 5 } });
    kernel.notify(GROUP.expNew, { type: EXP_NEW, payload });
    kernel.notify(GROUP.expDestroy, { type: EXP_DELETE, payload });
    const seen: ExpectationEvent[] = [];
    for await (const event of expectations) {
      seen.push(event);
      if (seen.length === 2) break;
    }
    expect(seen.map((e) => [e.type, e.type === 'resync' ? undefined : e.expectation.id])).toEqual([['new', 5], ['destroy', 5]]);
    expect((seen[0] as Exclude<ExpectationEvent, { type: 'resync' }>).expectation.tuple.dport).toBe(40000);
    // Leaving the loop left the groups.
    expect([...kernel.groups]).toEqual([]);

    const entries = nfnl.conntrack.events(['new']);
    // An expectation message on the entries' group (no kernel sends one there) is not an entry: skipped.
    kernel.notify(GROUP.ctNew, { type: EXP_NEW, payload });
    const entry = ctCodec.encode({ header: { family: 'ip' }, attrs: { tupleOrig: master, tupleReply: master, status: ['confirmed'], id: 9 } } as never);
    kernel.notify(GROUP.ctNew, { type: CT_NEW, payload: entry });
    const first = await entries.next();
    expect(first.done).toBe(false);
    expect((first.value as Exclude<ConntrackEvent, { type: 'resync' }>).entry.id).toBe(9);
    entries.close();
    expect(await entries.next()).toEqual({ value: undefined, done: true });
    expect([...kernel.groups]).toEqual([]);
    {
      using scoped = nfnl.conntrack.events(['destroy']);
      expect(scoped[Symbol.asyncIterator]()).toBe(scoped);
      expect([...kernel.groups]).toEqual([GROUP.ctDestroy]);
    }
    // Disposed at the end of its scope.
    expect([...kernel.groups]).toEqual([]);
    nfnl.close();
  });
});
