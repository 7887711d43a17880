// nfacct's verbs against the `nfacct` tool (1.0.2) and Linux 6.18, with no root: the requests were captured
// with `strace -f -e trace=sendto -e write=all nfacct …` and the listing's replies with `strace -e trace=recvmsg
// -e read=all nfacct list` in a throwaway namespace (whole messages; linx's must equal them after nlmsghdr),
// and what the listing must say is what `nfacct list` printed. Also bad names and counters, each refused with
// why before anything is sent.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_REQUEST, type NetlinkMessage } from '@linx/netlink-wire';
import { Nfnl } from '../src/index.js';

const hex = (text: string) => Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
/** The tool's message: its type, flags and payload (after nlmsghdr). */
const tool = (message: string) => {
  const bytes = hex(message);
  const view = new DataView(bytes.buffer);
  return { type: view.getUint16(4, true), flags: view.getUint16(6, true), payload: bytes.subarray(16) };
};

/**
 * `nfacct list` after `nfacct add b1` and `nfacct add b2 packet 50`: the kernel's two NFNL_MSG_ACCT_NEW
 * replies (NLM_F_MULTI), with nlmsghdr. The tool printed:
 *   { pkts = 00000000000000000000, bytes = 00000000000000000000 } = b1;
 *   { pkts = 00000000000000000000, bytes = 00000000000000000000, quota = 00000000000000000050, mode = packet, overquota = no } = b2;
 */
const LISTED = [
  '3c00000000070200d9a5136bba7b00000000000007000100623100000c00020000000000000000000c00030000000000000000000800040000000001',
  '5000000000070200d9a5136bba7b00000000000007000100623200000c00020000000000000000000c0003000000000000000000080004000000000108000500000000010c0006000000000000000032',
].map((m) => hex(m).subarray(16));

function kernel() {
  const requests: NetlinkMessage[] = [];
  const fake = new FakeKernel((req, k) => {
    requests.push({ ...req, payload: req.payload.slice() });
    if (req.flags & NLM_F_DUMP) return k.multipart(req, LISTED, { type: 0x700 });
    if ((req.type & 0xff) === 1 || (req.type & 0xff) === 2) return [{ messages: [k.reply(req, { type: 0x700, flags: 0, payload: LISTED[1]! })] }, k.ack(req)];
    return k.ack(req);
  });
  return { nfnl: new Nfnl(fake), requests };
}

describe('nfacct as the nfacct tool sends it', () => {
  const cases: [string, (n: Nfnl) => Promise<unknown>, string][] = [
    ['nfacct add a1', (n) => n.nfacct.add({ name: 'a1', packets: 0, bytes: 0 }), '3400000000070504d9a5136b000000000000000007000100613100000c00020000000000000000000c0003000000000000000000'],
    ['nfacct add a2 packet 50', (n) => n.nfacct.add({ name: 'a2', packets: 0n, bytes: 0n, quota: { unit: 'packets', limit: 50n } }), '4800000000070504d9a5136b000000000000000007000100613200000c00020000000000000000000c000300000000000000000008000500000000010c0006000000000000000032'],
    ['nfacct get a1', (n) => n.nfacct.get('a1'), '1c00000001070500d9a5136b00000000000000000700010061310000'],
    ['nfacct get a1 reset', (n) => n.nfacct.reset('a1'), '1c00000002070500d9a5136b00000000000000000700010061310000'],
    ['nfacct list', (n) => n.nfacct.list(), '1400000001070103d9a5136b0000000000000000'],
    ['nfacct list reset', (n) => n.nfacct.list({ reset: true }), '1400000002070103d9a5136b0000000000000000'],
    ['nfacct delete a1', (n) => n.nfacct.delete('a1'), '1c00000003070500d9a5136b00000000000000000700010061310000'],
    ['nfacct flush', (n) => n.nfacct.flush(), '1400000003070500d9a5136b0000000000000000'],
  ];
  for (const [command, verb, message] of cases) {
    it(command, async () => {
      const { nfnl, requests } = kernel();
      await verb(nfnl);
      const expected = tool(message);
      expect(requests[0]!.type).toBe(expected.type);
      expect(requests[0]!.payload).toEqual(expected.payload);
      // The tool asks an ACK of everything but its dumps; linx asks one of its dumps too (harmless).
      expect(requests[0]!.flags | NLM_F_ACK).toBe(expected.flags | NLM_F_ACK);
      nfnl.close();
    });
  }
  it('add asks for NLM_F_CREATE as the tool does', async () => {
    const { nfnl, requests } = kernel();
    await nfnl.nfacct.add({ name: 'a1' });
    expect(requests[0]!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE);
    nfnl.close();
  });
});

describe('nfacct objects as the kernel lists them', () => {
  it('are what nfacct list printed', async () => {
    const { nfnl } = kernel();
    expect(await nfnl.nfacct.list()).toEqual([
      { name: 'b1', packets: 0n, bytes: 0n, use: 1 },
      { name: 'b2', packets: 0n, bytes: 0n, use: 1, quota: { unit: 'packets', limit: 50n, exceeded: false } },
    ]);
    expect(await nfnl.nfacct.list({ withQuota: true })).toEqual([{ name: 'b2', packets: 0n, bytes: 0n, use: 1, quota: { unit: 'packets', limit: 50n, exceeded: false } }]);
    expect(await nfnl.nfacct.get('b2')).toEqual({ name: 'b2', packets: 0n, bytes: 0n, use: 1, quota: { unit: 'packets', limit: 50n, exceeded: false } });
    nfnl.close();
  });
});

describe('bad nfacct input', () => {
  it('is refused with why, before anything is sent', async () => {
    const { nfnl, requests } = kernel();
    const refused = async (work: Promise<unknown>) => {
      const error = await work.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      return (error as Error).message;
    };
    expect(await refused(nfnl.nfacct.add(undefined as never))).toBe("spec.name: an accounting object's name is a string, not undefined");
    expect(await refused(nfnl.nfacct.add({ name: '' }))).toBe('spec.name: an accounting object needs a name');
    expect(await refused(nfnl.nfacct.add({ name: 'x'.repeat(32) }))).toBe(`spec.name: "${'x'.repeat(32)}" is 32 bytes; the kernel keeps 31 at most`);
    expect(await refused(nfnl.nfacct.add({ name: 'a\0' }))).toBe('spec.name: a name cannot hold NUL');
    expect(await refused(nfnl.nfacct.add({ name: 'a', packets: -1 }))).toBe('spec.packets: a counter is an integer from 0 to 2^64-1, not -1');
    expect(await refused(nfnl.nfacct.add({ name: 'a', bytes: 2n ** 64n }))).toBe('spec.bytes: a counter is an integer from 0 to 2^64-1, not 18446744073709551616');
    expect(await refused(nfnl.nfacct.add({ name: 'a', quota: { unit: 'frames' as never, limit: 1 } }))).toBe("spec.quota.unit: 'packets' or 'bytes', not frames");
    expect(await refused(nfnl.nfacct.add({ name: 'a', quota: { unit: 'bytes', limit: 0.5 } }))).toBe('spec.quota.limit: a counter is an integer from 0 to 2^64-1, not 0.5');
    expect(await refused(nfnl.nfacct.get(''))).toBe('name: an accounting object needs a name');
    expect(await refused(nfnl.nfacct.delete(7 as never))).toBe("name: an accounting object's name is a string, not number");
    expect(requests).toEqual([]);
    // The limits themselves go: 31 bytes, 2^64-1.
    await nfnl.nfacct.add({ name: 'x'.repeat(31), bytes: 2n ** 64n - 1n, packets: Number.MAX_SAFE_INTEGER });
    expect(requests).toHaveLength(1);
    nfnl.close();
  });
});

describe('nfacct quota reports', () => {
  it('come as overquota events from the NFNLGRP_ACCT_QUOTA group and as the kernel\'s unsolicited reports; an overrun once', async () => {
    const fake = new FakeKernel((req, k) => k.ack(req));
    const nfnl = new Nfnl(fake);
    const monitor = nfnl.nfacct.monitorQuota();
    const events = monitor[Symbol.asyncIterator]();
    // b2 over its quota: NFACCT_FLAGS 0x5 (NFACCT_F_QUOTA_PKTS | NFACCT_F_OVERQUOTA, nfnetlink_acct.h).
    const over = LISTED[1]!.slice();
    over[over.length - 13] = 0x05;
    // NFNLGRP_ACCT_QUOTA is 8 (enum nfnetlink_groups); NFNL_MSG_ACCT_OVERQUOTA is 4, NFNL_SUBSYS_ACCT 7.
    fake.notify(8, { type: 0x704, seq: 0, payload: over });
    const expected = { kind: 'overquota', object: { name: 'b2', packets: 0n, bytes: 0n, use: 1, quota: { unit: 'packets', limit: 50n, exceeded: true } } };
    expect((await events.next()).value).toEqual(expected);
    // A report sent to this socket alone (nfnl_acct_overquota() unicasts to the rule's owner): sequence 0.
    fake.deliver({ messages: [{ type: 0x704, seq: 0, payload: over }] });
    expect((await events.next()).value).toEqual(expected);
    fake.overrun();
    expect((await events.next()).value).toMatchObject({ kind: 'overrun' });
    fake.notify(8, { type: 0x704, seq: 0, payload: LISTED[0]! });
    expect((await events.next()).value).toEqual({ kind: 'overquota', object: { name: 'b1', packets: 0n, bytes: 0n, use: 1 } });
    monitor.close();
    expect((await events.next()).done).toBe(true);
    nfnl.close();
  });
});

