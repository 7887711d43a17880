// FIB rules without a kernel: ruleRequest (what rules.add/delete check and send) as the plain function,
// and toRule on literal RTM_NEWRULE payloads. Numbers from linux/fib_rules.h: struct fib_rule_hdr
// (family, dst_len, src_len, tos, table, res1, res2, action u8; flags u32), FRA_* ids, FR_ACT_TO_TBL 1,
// FR_ACT_GOTO 2, FR_ACT_NOP 3, FR_ACT_BLACKHOLE 6, FIB_RULE_INVERT 0x2, FIB_RULE_FIND_SADDR 0x10000.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { ruleMessage, ruleRequest, tableNumber, toRule, type RuleSpec } from '../src/rule/shape.js';
import { refusal } from './helpers/refusal.js';

/** The message a spec gives (header and attributes, both always built). */
function built(spec: RuleSpec, purpose: 'create' | 'delete') {
  const { header, attrs } = ruleRequest(spec, purpose).build({});
  return { header: header!, attrs: attrs! };
}
const create = (spec: RuleSpec) => built(spec, 'create');
const remove = (spec: RuleSpec) => built(spec, 'delete');
const argumentOf = (spec: RuleSpec, purpose: 'create' | 'delete' = 'create') => refusal(() => ruleRequest(spec, purpose)).argument;

describe('ruleRequest: prefixes and family', () => {
  it('a prefix, or an address with its length (as list() returns rules); a written length wins', () => {
    expect(create({ src: '10.0.0.0', srcLen: 8, dst: '192.0.2.0', dstLen: 24, table: 5 })).toMatchObject({ header: { family: 2, srcLen: 8, dstLen: 24 }, attrs: { src: '10.0.0.0', dst: '192.0.2.0' } });
    expect(create({ src: '10.0.0.0/16', srcLen: 8, table: 5 }).header.srcLen).toBe(16);
    expect(create({ dst: '192.0.2.1', table: 5 }).header.dstLen).toBe(32);
    expect(create({ dst: '2001:db8::', dstLen: 128, table: 5 }).header).toMatchObject({ family: 10, dstLen: 128 });
    expect(argumentOf({ dst: '2001:db8::', dstLen: 129, table: 5 })).toBe('rule.dstLen');
    expect(argumentOf({ src: '10.0.0.0', srcLen: 33, table: 5 })).toBe('rule.srcLen');
    expect(argumentOf({ src: 'x', srcLen: 8, table: 5 })).toBe('rule.src');
    expect(argumentOf({ src: 7 as never, srcLen: 8, table: 5 })).toBe('rule.src');
  });

  it('the family: given, or from src (else dst), else IPv4; a number 0..255 is taken as it is', () => {
    expect(create({ dst: 'fd00::/8', table: 5 }).header.family).toBe(10);
    expect(create({ src: 'fd00::/8', table: 5 }).header.family).toBe(10);
    expect(create({ table: 5 }).header.family).toBe(2);
    expect(create({ family: 'inet', table: 5 }).header.family).toBe(2);
    expect(create({ family: 'inet6', table: 5 }).header.family).toBe(10);
    expect(create({ family: 128, table: 5 }).header.family).toBe(128);
    expect(argumentOf({ family: 256, table: 5 })).toBe('rule.family');
    expect(refusal(() => ruleRequest({ family: 'bridge' as never, table: 5 }, 'create')).message).toBe('rule.family: "bridge" is not a rule family (inet, inet6)');
    expect(refusal(() => ruleRequest({ family: 'inet6', src: '10.0.0.0/8', table: 5 }, 'create')).message).toBe('rule.src: 10.0.0.0 is not an IPv6 address (the rule is inet6)');
    expect(refusal(() => ruleRequest({ src: '10.0.0.0/8', dst: 'fd00::/8', table: 5 }, 'create')).message).toBe('rule.dst: fd00:: is not an IPv4 address (the rule is inet)');
  });

  it('a rule is an object', () => {
    expect(refusal(() => ruleRequest(null as never, 'create')).message).toBe('rule: expected a rule object, got null');
    expect(refusal(() => ruleRequest('x' as never, 'delete', 'rules[2]')).message).toBe('rules[2]: expected a rule object, got string');
  });
});

describe('ruleRequest: numbers', () => {
  it('u32 fields take 0..2^32-1', () => {
    const max = 2 ** 32 - 1;
    expect(create({ priority: max, fwmark: max, fwmask: 0, flow: max, suppressIfgroup: max, table: 5 }).attrs).toMatchObject({ priority: max, fwmark: max, fwmask: 0, flow: max, suppressIfgroup: max });
    for (const key of ['priority', 'fwmark', 'fwmask', 'flow', 'suppressIfgroup', 'goto'] as const) {
      expect(argumentOf({ [key]: 2 ** 32, table: 5, action: key === 'goto' ? 'goto' : undefined })).toBe(`rule.${key}`);
    }
    expect(create({ goto: 0 }).attrs.goto).toBe(0);
  });

  it('tables: 255 in the header, 256 and up in FRA_TABLE; names; 0 refused', () => {
    expect(create({ table: 255 })).toMatchObject({ header: { table: 255, action: 1 } });
    expect(create({ table: 255 }).attrs.table).toBeUndefined();
    expect(create({ table: 256 })).toMatchObject({ header: { table: 0, action: 1 }, attrs: { table: 256 } });
    expect(create({ table: 'default' }).header.table).toBe(253);
    expect(refusal(() => ruleRequest({ table: 'unspec' }, 'create')).message).toBe('rule.table: table 0 (unspec) is not a table to look up');
    expect(argumentOf({ table: 2 ** 32 })).toBe('rule.table');
    expect(argumentOf({ table: null as never })).toBe('rule.table');
    expect(refusal(() => ruleRequest({ table: 'mine' as never }, 'create')).message).toBe('rule.table: unknown table "mine"; expected unspec, default, main, local or a number');
  });

  it('suppressPrefixlen: 0..32 for IPv4, 0..128 for IPv6', () => {
    expect(create({ suppressPrefixlen: 32, table: 5 }).attrs.suppressPrefixlen).toBe(32);
    expect(create({ family: 'inet6', suppressPrefixlen: 128, table: 5 }).attrs.suppressPrefixlen).toBe(128);
    expect(argumentOf({ family: 'inet6', suppressPrefixlen: 129, table: 5 })).toBe('rule.suppressPrefixlen');
  });

  it('tos 0..255, dscp 0..63', () => {
    expect(create({ tos: 255, dscp: 63, table: 5 })).toMatchObject({ header: { tos: 255 }, attrs: { dscp: 63 } });
    expect(create({ table: 5 }).header.tos).toBe(0);
    expect(argumentOf({ tos: 256, table: 5 })).toBe('rule.tos');
    expect(argumentOf({ dscp: -1, table: 5 })).toBe('rule.dscp');
  });

  it('ranges: one number or { start, end } (start = end allowed), each within the limit', () => {
    expect(create({ uidRange: { start: 5, end: 5 }, sportRange: { start: 0, end: 0xffff }, dportRange: 0xffff, table: 5 }).attrs).toMatchObject({
      uidRange: { start: 5, end: 5 }, sportRange: { start: 0, end: 0xffff }, dportRange: { start: 0xffff, end: 0xffff },
    });
    expect(create({ uidRange: 2 ** 32 - 1, table: 5 }).attrs.uidRange).toEqual({ start: 2 ** 32 - 1, end: 2 ** 32 - 1 });
    expect(argumentOf({ uidRange: 2 ** 32, table: 5 })).toBe('rule.uidRange');
    expect(argumentOf({ dportRange: { start: 1, end: 0x10000 }, table: 5 })).toBe('rule.dportRange.end');
    expect(argumentOf({ dportRange: { start: -1, end: 1 }, table: 5 })).toBe('rule.dportRange.start');
    expect(refusal(() => ruleRequest({ sportRange: null as never, table: 5 }, 'create')).message).toBe('rule.sportRange: expected a number or { start, end }, got null');
    expect(refusal(() => ruleRequest({ sportRange: '80' as never, table: 5 }, 'create')).message).toBe('rule.sportRange: expected a number or { start, end }, got string');
    expect(refusal(() => ruleRequest({ uidRange: { start: 20, end: 10 }, table: 5 }, 'create')).message).toBe('rule.uidRange: the range 20-10 ends before it starts');
  });

  it('ipProto and protocol by name or number 0..255', () => {
    expect(create({ ipProto: 'icmpv6', protocol: 'bird', table: 5 }).attrs).toMatchObject({ ipProto: 58, protocol: 12 });
    expect(create({ ipProto: 255, protocol: 0, table: 5 }).attrs).toMatchObject({ ipProto: 255, protocol: 0 });
    expect(argumentOf({ ipProto: 256, table: 5 })).toBe('rule.ipProto');
    expect(refusal(() => ruleRequest({ ipProto: 'smtp' as never, table: 5 }, 'create')).message).toMatch(/^rule\.ipProto: unknown IP protocol "smtp"; expected icmp, igmp, ipip, tcp/);
    expect(refusal(() => ruleRequest({ protocol: 'pigeon' as never, table: 5 }, 'create')).message).toMatch(/^rule\.protocol: unknown protocol "pigeon"; expected unspec, redirect, kernel, boot/);
  });

  it('tunId: a number or a bigint below 2^64', () => {
    expect(create({ tunId: 7, table: 5 }).attrs.tunId).toBe(7n);
    expect(create({ tunId: 2n ** 64n - 1n, table: 5 }).attrs.tunId).toBe(2n ** 64n - 1n);
    expect(create({ tunId: 0n, table: 5 }).attrs.tunId).toBe(0n);
    expect(argumentOf({ tunId: 2n ** 64n, table: 5 })).toBe('rule.tunId');
    expect(argumentOf({ tunId: 1.5, table: 5 })).toBe('rule.tunId');
    expect(refusal(() => ruleRequest({ tunId: '7' as never, table: 5 }, 'create')).message).toBe('rule.tunId: 7 is not a 64-bit tunnel id');
  });
});

describe('ruleRequest: what the rule does', () => {
  it('the action: given, else goto from goto, to-table from a table or l3mdev; delete may leave it unspec', () => {
    expect(create({ goto: 100 }).header.action).toBe(2);
    expect(create({ l3mdev: true }).header.action).toBe(1);
    expect(create({ l3mdev: 1, action: 'to-table' })).toMatchObject({ header: { action: 1 }, attrs: { l3mdev: 1 } });
    expect(create({ action: 'nop' }).header.action).toBe(3);
    expect(create({ action: 6 }).header.action).toBe(6);
    expect(remove({ priority: 5 }).header.action).toBe(0);
    expect(remove({ action: 'to-table' }).header.action).toBe(1);
    expect(remove({ action: 'goto' }).header.action).toBe(2);
    expect(refusal(() => ruleRequest({ priority: 5 }, 'create')).message).toMatch(/^rule\.action: a rule needs something to do/);
    expect(refusal(() => ruleRequest({ action: 'to-table' }, 'create')).message).toBe("rule.table: a 'to-table' rule needs a table");
    expect(refusal(() => ruleRequest({ action: 'goto' }, 'create')).message).toBe("rule.goto: a 'goto' rule needs the priority to go to");
    expect(refusal(() => ruleRequest({ goto: 5, action: 'nop' }, 'delete')).message).toBe("rule.goto: goto goes with the action 'goto', not 'nop'");
    expect(argumentOf({ action: 256 })).toBe('rule.action');
    expect(refusal(() => ruleRequest({ action: 'explode' as never }, 'create')).message).toMatch(/^rule\.action: unknown rule action "explode"; expected unspec, to-table, goto/);
  });

  it('l3mdev: true or 1 sets FRA_L3MDEV; false or 0 leave it out; anything else is refused', () => {
    expect(create({ l3mdev: false, table: 5 }).attrs.l3mdev).toBeUndefined();
    expect(create({ l3mdev: 0, table: 5 }).attrs.l3mdev).toBeUndefined();
    expect(refusal(() => ruleRequest({ l3mdev: 2 as never }, 'create')).message).toBe('rule.l3mdev: expected true or false, got 2');
    expect(argumentOf({ l3mdev: 'yes' as never })).toBe('rule.l3mdev');
  });

  it('flags: only invert is set (by `invert` or by name); the kernel-reported ones are accepted and left to it', () => {
    expect(create({ invert: true, table: 5 }).header.flags).toBe(0x2);
    expect(create({ invert: false, table: 5 }).header.flags).toBe(0);
    expect(create({ flags: ['invert'], table: 5 }).header.flags).toBe(0x2);
    expect(create({ flags: ['permanent', 'unresolved', 0x2], table: 5 }).header.flags).toBe(0);
    expect(refusal(() => ruleRequest({ flags: 'invert' as never, table: 5 }, 'create')).message).toBe('rule.flags: expected a list of flag names');
    expect(refusal(() => ruleRequest({ flags: [null as never], table: 5 }, 'create')).message).toMatch(/^rule\.flags: unknown rule flag null; expected permanent, invert/);
  });

  it('interfaces: names go in as they are; indexes are handed back to be named, and build() puts the names in', () => {
    const byName = ruleRequest({ iifname: 'eth0', oifname: 'eth1', table: 5 }, 'create');
    expect(byName.iif).toBeUndefined();
    expect(byName.oif).toBeUndefined();
    expect(byName.build({ iif: 'ignored', oif: 'ignored' }).attrs).toMatchObject({ iifname: 'eth0', oifname: 'eth1' });
    const byIndex = ruleRequest({ iifname: 3, oifname: 0x7fff_ffff, table: 5 }, 'create');
    expect([byIndex.iif, byIndex.oif]).toEqual([3, 0x7fff_ffff]);
    expect(byIndex.build({ iif: 'v0', oif: 'v1' }).attrs).toMatchObject({ iifname: 'v0', oifname: 'v1' });
    const none = ruleRequest({ table: 5 }, 'create');
    expect('iif' in none || 'oif' in none).toBe(false);
    expect(Object.keys(none.build({}).attrs ?? { missing: true })).toEqual([]);
    expect(argumentOf({ oifname: 0x8000_0000, table: 5 })).toBe('rule.oifname');
  });

  it('tableNumber (filters): a name or 0..2^32-1', () => {
    expect(tableNumber('local', 'filter.table')).toBe(255);
    expect(tableNumber(0, 'filter.table')).toBe(0);
    expect(refusal(() => tableNumber('mine' as never, 'filter.table')).message).toBe('filter.table: unknown table "mine"; expected unspec, default, main, local or a number');
    expect(refusal(() => tableNumber(-1, 'filter.table')).argument).toBe('filter.table');
  });
});

describe.runIf(endianness() === 'LE')('toRule', () => {
  const codec = compileMessage(ruleMessage);
  const rule = (...parts: number[][]) => toRule(codec.decode(Uint8Array.from(parts.flat())));

  it('flags by name, unknown bits as numbers; FRA_TABLE wins over the header; suppress "not set" (2^32-1) left out', () => {
    // fib_rule_hdr: AF_INET, dst_len 0, src_len 0, tos 0, table 5, res, res, FR_ACT_TO_TBL; flags FIB_RULE_INVERT | 0x100 | FIB_RULE_FIND_SADDR.
    // FRA_TABLE 300, FRA_SUPPRESS_PREFIXLEN 2^32-1, FRA_SUPPRESS_IFGROUP 2^32-1, FRA_PRIORITY 10.
    const r = rule([2, 0, 0, 0, 5, 0, 0, 1, 0x02, 0x01, 0x01, 0x00], [8, 0, 15, 0, 0x2c, 0x01, 0, 0], [8, 0, 14, 0, 0xff, 0xff, 0xff, 0xff], [8, 0, 13, 0, 0xff, 0xff, 0xff, 0xff], [8, 0, 6, 0, 10, 0, 0, 0]);
    expect(r).toStrictEqual({ family: 'inet', priority: 10, action: 'to-table', table: 300, srcLen: 0, dstLen: 0, tos: 0, flags: ['invert', 'find-saddr', 0x100] });
  });

  it('suppress values other than 2^32-1 are kept; a table of 0 is left out; priority 0 when not sent; action numbers kept', () => {
    // AF_INET6, table 0, action 9 (no name); FRA_SUPPRESS_PREFIXLEN 0, FRA_SUPPRESS_IFGROUP 7.
    const r = rule([10, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0], [8, 0, 14, 0, 0, 0, 0, 0], [8, 0, 13, 0, 7, 0, 0, 0]);
    expect(r).toStrictEqual({ family: 'inet6', priority: 0, action: 9, srcLen: 0, dstLen: 0, tos: 0, flags: [], suppressPrefixlen: 0, suppressIfgroup: 7 });
    expect('table' in r).toBe(false);
  });

  it('ranges as plain { start, end }; protocol names; the table named (253 default)', () => {
    // FRA_UID_RANGE 1000-2000, FRA_SPORT_RANGE 80-80, FRA_DPORT_RANGE 1024-65535, FRA_PROTOCOL RTPROT_BOOT 3.
    const r = rule(
      [2, 0, 0, 0, 253, 0, 0, 1, 0, 0, 0, 0],
      [12, 0, 20, 0, 0xe8, 0x03, 0, 0, 0xd0, 0x07, 0, 0], [8, 0, 23, 0, 80, 0, 80, 0], [8, 0, 24, 0, 0, 4, 0xff, 0xff], [5, 0, 21, 0, 3, 0, 0, 0],
    );
    expect(r).toStrictEqual({
      family: 'inet', priority: 0, action: 'to-table', table: 'default', srcLen: 0, dstLen: 0, tos: 0, flags: [],
      uidRange: { start: 1000, end: 2000 }, sportRange: { start: 80, end: 80 }, dportRange: { start: 1024, end: 65535 }, protocol: 'boot',
    });
    expect(Object.getPrototypeOf(r.uidRange)).toBe(Object.prototype);
  });
});
