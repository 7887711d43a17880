// rtnl.rules without a kernel: requests as bytes (a FakeKernel records them), replies decoded, and bad
// input refused with InvalidArgumentError before anything is sent.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl, type RuleSpec } from '../src/index.js';
import { rtRule } from '../src/protocol.js';

const generated = compileMessage(rtRule.fibRuleMessage);

function fake(dump: Uint8Array[] = []) {
  const handler: FakeHandler = (req, k) => ((req.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(req, dump) : k.ack(req));
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

/** The attributes of a request by type: the generated declaration reads FRA_DST/SRC as u32, so go by bytes. */
function attributes(payload: Uint8Array): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  for (let at = 12; at + 4 <= payload.length; ) {
    const len = view.getUint16(at, true);
    out.set(view.getUint16(at + 2, true) & 0x3fff, payload.slice(at + 4, at + len));
    at += (len + 3) & ~3;
  }
  return out;
}

describe('rule requests', () => {
  it('add: RTM_NEWRULE with CREATE|EXCL; fib_rule_hdr lengths, table and action; FRA_SRC/DST as 4 bytes', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ src: '10.1.2.3/8', dst: '192.168.1.0/24', table: 'main', priority: 100, fwmark: 0x10, fwmask: 0xff, iifname: 'eth0' });
    kernel.assertRequests({ type: 32, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL });
    const [req] = kernel.requests;
    const v = generated.decode(req!.payload);
    expect(v.header).toEqual({ family: 2, dstLen: 24, srcLen: 8, tos: 0, table: 254, action: 'to-tbl', flags: 0 });
    expect(v.attrs).toMatchObject({ priority: 100, fwmark: 0x10, fwmask: 0xff, iifname: 'eth0' });
    expect(v.attrs.table).toBeUndefined();
    const attrs = attributes(req!.payload);
    expect(attrs.get(2)).toEqual(Uint8Array.of(10, 1, 2, 3));
    expect(attrs.get(1)).toEqual(Uint8Array.of(192, 168, 1, 0));
  });

  it('tables above 255 go in FRA_TABLE (header table 0); IPv6 addresses are 16 bytes', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ src: '2001:db8::/32', table: 100000 });
    const v = generated.decode(kernel.requests[0]!.payload);
    expect(v.header).toMatchObject({ family: 10, srcLen: 32, table: 0, action: 'to-tbl' });
    expect(v.attrs.table).toBe(100000);
    expect(attributes(kernel.requests[0]!.payload).get(2)).toEqual(Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, ...new Array(12).fill(0)));
  });

  it('actions, invert, ranges (structs), ip proto by name, l3mdev, protocol, tun_id', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.add({ goto: 200, priority: 100 });
    await rtnl.rules.add({ action: 'blackhole', invert: true, fwmark: 1 });
    await rtnl.rules.add({ uidRange: { start: 1, end: 2 }, sportRange: 53, dportRange: { start: 1000, end: 2000 }, ipProto: 'udp', table: 5, protocol: 'static', tunId: 7n });
    await rtnl.rules.add({ l3mdev: true, priority: 1000 });
    const [goto, blackhole, ranges, l3mdev] = kernel.requests.map((r) => generated.decode(r.payload));
    expect(goto!.header.action).toBe('goto');
    expect(goto!.attrs.goto).toBe(200);
    expect(blackhole!.header).toMatchObject({ action: 'blackhole', flags: 2, table: 0 });
    expect(ranges!.attrs).toMatchObject({ uidRange: { start: 1, end: 2 }, sportRange: { start: 53, end: 53 }, dportRange: { start: 1000, end: 2000 }, ipProto: 17, protocol: 4, tunId: 7n });
    expect(l3mdev!.header).toMatchObject({ action: 'to-tbl', table: 0 });
    expect(l3mdev!.attrs.l3mdev).toBe(1);
  });

  it('delete: RTM_DELRULE with only what was given (action unspec matches any)', async () => {
    const { kernel, rtnl } = fake();
    await rtnl.rules.delete({ priority: 1000 });
    const [req] = kernel.requests;
    expect(req!.type).toBe(33);
    expect(req!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    const v = generated.decode(req!.payload);
    expect(v.header).toEqual({ family: 2, dstLen: 0, srcLen: 0, tos: 0, table: 0, action: 'unspec', flags: 0 });
    expect({ ...v.attrs }).toEqual({ priority: 1000 });
  });

  it('list: RTM_GETRULE dump of family 0 keeps inet and inet6; decodes to names', async () => {
    const rule = (family: number, priority: number, table: number) =>
      generated.encode({ header: { family, table, action: 'to-tbl' }, attrs: { priority, table, protocol: 2, suppressPrefixlen: 0xffff_ffff } });
    const { kernel, rtnl } = fake([rule(2, 0, 255), rule(10, 32766, 254), rule(128, 0, 255)]);
    const rules = await rtnl.rules.list();
    expect(generated.decode(kernel.requests[0]!.payload).header.family).toBe(0);
    expect(rules).toEqual([
      { family: 'inet', priority: 0, action: 'to-table', table: 'local', srcLen: 0, dstLen: 0, tos: 0, flags: [], protocol: 'kernel' },
      { family: 'inet6', priority: 32766, action: 'to-table', table: 'main', srcLen: 0, dstLen: 0, tos: 0, flags: [], protocol: 'kernel' },
    ]);
    expect((await rtnl.rules.list({ family: 128 })).map((r) => r.family)).toEqual([128]);
  });
});

describe('bad rules are refused before anything is sent', () => {
  const cases: [string, RuleSpec, string][] = [
    ['nothing to do', { src: '10.0.0.0/8' }, 'rule.action'],
    ['to-table without a table', { action: 'to-table', src: '10.0.0.0/8' }, 'rule.table'],
    ['goto without a target', { action: 'goto' }, 'rule.goto'],
    ['goto with another action', { goto: 5, action: 'nop' }, 'rule.goto'],
    ['an unknown action', { action: 'explode' as never }, 'rule.action'],
    ['a bad prefix', { src: '10.0.0.0/33', table: 5 }, 'rule.src'],
    ['not an address', { dst: 'example.com', table: 5 }, 'rule.dst'],
    ['srcLen out of range', { src: '10.0.0.0', srcLen: 40, table: 5 }, 'rule.srcLen'],
    ['mixed families', { src: '10.0.0.0/8', dst: 'fd00::/8', table: 5 }, 'rule.dst'],
    ['a family that does not match', { family: 'inet6', src: '10.0.0.0/8', table: 5 }, 'rule.src'],
    ['an unknown family', { family: 'ipx' as never, table: 5 }, 'rule.family'],
    ['table 0', { table: 0 }, 'rule.table'],
    ['an unknown table name', { table: 'mine' as never }, 'rule.table'],
    ['a negative priority', { priority: -1, table: 5 }, 'rule.priority'],
    ['fwmark over 32 bits', { fwmark: 2 ** 32, table: 5 }, 'rule.fwmark'],
    ['a backward port range', { dportRange: { start: 20, end: 10 }, table: 5 }, 'rule.dportRange'],
    ['a port over 65535', { sportRange: 70000, table: 5 }, 'rule.sportRange'],
    ['an unknown ip proto', { ipProto: 'smtp' as never, table: 5 }, 'rule.ipProto'],
    ['suppress_prefixlength over 32', { suppressPrefixlen: 33, table: 5 }, 'rule.suppressPrefixlen'],
    ['a bad interface name', { iifname: 'way-too-long-name0', table: 5 }, 'rule.iifname'],
    ['an interface index of 0', { oifname: 0, table: 5 }, 'rule.oifname'],
    ['an unknown flag', { flags: ['sideways' as never], table: 5 }, 'rule.flags'],
    ['dscp over 63', { dscp: 64, table: 5 }, 'rule.dscp'],
    ['a negative tun id', { tunId: -1n, table: 5 }, 'rule.tunId'],
  ];
  for (const [what, spec, argument] of cases) {
    it(`${what} (${argument})`, async () => {
      const { kernel, rtnl } = fake();
      const error = await rtnl.rules.add(spec).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect(kernel.requests).toEqual([]);
    });
  }

  it('delete and list check the same way', async () => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.rules.delete({ src: 'nope' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(rtnl.rules.delete(null as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    for (const filter of [{ family: 'ipx' }, { table: 'mine' }, { priority: -1 }, { action: 'explode' }, { iifname: 'a b' }, { protocol: 'pigeon' }, null]) {
      await expect(rtnl.rules.list(filter as never), JSON.stringify(filter)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(kernel.requests).toEqual([]);
  });
});
