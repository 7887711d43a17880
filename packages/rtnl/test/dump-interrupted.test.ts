// NLM_F_DUMP_INTR on the dumps decoded straight from the receive batch (routes and addresses). The kernel
// sets the flag (nl_dump_check_consistent() in include/net/netlink.h) on the message it is building when
// the table changed since the previous one: often a single data message in the middle of the dump, not
// the NLMSG_DONE. Such a dump may have missed or repeated entries, so `list` must do as its onInterrupt
// says (by default, do it again) and `stream` must throw DumpInterruptedError. No kernel: a FakeKernel
// marks the dumps.
import { describe, expect, it } from 'vitest';
import { Connection, DumpInterruptedError } from '@linx/netlink-socket';
import { FakeKernel, type FakeDatagram } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, NLM_F_DUMP_INTR, type NetlinkMessage } from '@linx/netlink-wire';
import { Rtnl } from '../src/index.js';
import { rtAddr, rtRoute } from '../src/protocol.js';

const RTM_GETROUTE = rtRoute.routeMessage.types.getroute;
const RTM_GETADDR = rtAddr.addrMessage.types.getaddr;

/** An IPv4 route to 10.<n>.0.0/16 in the main table (rtmsg + RTA_DST + RTA_TABLE). */
const route = (n: number) => Uint8Array.of(2, 16, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0, 8, 0, 1, 0, 10, n, 0, 0, 8, 0, 15, 0, 254, 0, 0, 0);
/** 192.0.2.<n>/24 on interface 3 (ifaddrmsg + IFA_LOCAL + IFA_ADDRESS). */
const address = (n: number) => Uint8Array.of(2, 24, 0, 0, 3, 0, 0, 0, 8, 0, 2, 0, 192, 0, 2, n, 8, 0, 1, 0, 192, 0, 2, n);

/**
 * A kernel whose dumps of `type` answer with `payloads(attempt)`, the message at index `mark(attempt)`
 * carrying NLM_F_DUMP_INTR (the last index, one past the data, is the DONE; undefined marks none).
 */
function kernel(type: number, replyType: number, payloads: (attempt: number) => Uint8Array[], mark: (attempt: number) => number | undefined) {
  let attempt = 0;
  const fake = new FakeKernel((req: NetlinkMessage, k) => {
    if (req.type !== type || (req.flags & NLM_F_DUMP) !== NLM_F_DUMP) return k.ack(req);
    const n = attempt++;
    const datagrams: FakeDatagram[] = k.multipart(req, payloads(n), { type: replyType });
    const at = mark(n);
    if (at !== undefined) {
      const messages = datagrams.flatMap((d) => d.messages);
      messages[at]!.flags = (messages[at]!.flags ?? 0) | NLM_F_DUMP_INTR;
    }
    return datagrams;
  });
  return { fake, rtnl: new Rtnl(new Connection(fake)), attempts: () => attempt };
}

const dsts = (routes: { dst?: string }[]) => routes.map((r) => r.dst);

describe('routes: an interrupted dump', () => {
  it('list does the dump again when a data message in the middle is marked, and returns the clean one', async () => {
    const { rtnl, attempts } = kernel(RTM_GETROUTE, 24, (n) => (n === 0 ? [route(1), route(2), route(3)] : [route(1), route(3)]), (n) => (n === 0 ? 1 : undefined));
    expect(dsts(await rtnl.routes.list({ names: false }))).toEqual(['10.1.0.0', '10.3.0.0']);
    expect(attempts()).toBe(2);
  });

  it('list retries when only the NLMSG_DONE is marked', async () => {
    const { rtnl, attempts } = kernel(RTM_GETROUTE, 24, (n) => [route(n + 1)], (n) => (n < 2 ? 1 : undefined));
    expect(dsts(await rtnl.routes.list({ names: false }))).toEqual(['10.3.0.0']);
    expect(attempts()).toBe(3);
  });

  it('list gives up with DumpInterruptedError when its retries are spent (onInterrupt attempts)', async () => {
    const { rtnl, attempts } = kernel(RTM_GETROUTE, 24, () => [route(1), route(2)], () => 0);
    await expect(rtnl.routes.list({ names: false }, { onInterrupt: { action: 'retry', attempts: 4, initialDelay: 0 } })).rejects.toBeInstanceOf(DumpInterruptedError);
    expect(attempts()).toBe(4);
  });

  it("list with onInterrupt accept returns the interrupted dump, marked interrupted", async () => {
    const { rtnl, attempts } = kernel(RTM_GETROUTE, 24, () => [route(1), route(2)], () => 0);
    const routes = await rtnl.routes.list({ names: false }, { onInterrupt: { action: 'accept' } });
    expect(dsts(routes)).toEqual(['10.1.0.0', '10.2.0.0']);
    expect(routes.interrupted).toBe(true);
    expect(attempts()).toBe(1);
  });

  it("list with onInterrupt fail throws at once; a bad onInterrupt is refused before anything is sent", async () => {
    const { rtnl, attempts } = kernel(RTM_GETROUTE, 24, () => [route(1), route(2)], () => 0);
    await expect(rtnl.routes.list({ names: false }, { onInterrupt: { action: 'fail' } })).rejects.toBeInstanceOf(DumpInterruptedError);
    expect(attempts()).toBe(1);
    await expect(rtnl.routes.list({}, { onInterrupt: { action: 'retry', deadline: -1 } })).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'options.onInterrupt.deadline' });
    expect(attempts()).toBe(1);
  });

  it('list with a filter (decoded, then checked here) retries the same way', async () => {
    const { rtnl, attempts } = kernel(RTM_GETROUTE, 24, (n) => (n === 0 ? [route(1), route(2)] : [route(2)]), (n) => (n === 0 ? 0 : undefined));
    expect(dsts(await rtnl.routes.list({ family: 'inet', table: 'main', names: false }))).toEqual(['10.2.0.0']);
    expect(attempts()).toBe(2);
  });

  it('stream throws DumpInterruptedError once the marked dump has been read', async () => {
    const { rtnl, attempts } = kernel(RTM_GETROUTE, 24, () => [route(1), route(2), route(3)], () => 1);
    const seen: (string | undefined)[] = [];
    const error = await (async () => {
      for await (const r of rtnl.routes.stream({ names: false })) seen.push(r.dst);
    })().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DumpInterruptedError);
    expect(seen).toEqual(['10.1.0.0', '10.2.0.0', '10.3.0.0']);
    expect(attempts()).toBe(1);
  });

  it('a dump split over several datagrams, marked in the second', async () => {
    const many = (n: number) => Array.from({ length: 40 }, (_, i) => route(i + (n === 0 ? 0 : 100)));
    const { rtnl, attempts } = kernel(RTM_GETROUTE, 24, many, (n) => (n === 0 ? 20 : undefined));
    const routes = await rtnl.routes.list({ names: false });
    expect(routes).toHaveLength(40);
    expect(routes[0]!.dst).toBe('10.100.0.0');
    expect(attempts()).toBe(2);
  });
});

describe('addresses: an interrupted dump', () => {
  it('list does the dump again', async () => {
    const { rtnl, attempts } = kernel(RTM_GETADDR, 20, (n) => (n === 0 ? [address(1), address(2)] : [address(2)]), (n) => (n === 0 ? 1 : undefined));
    expect((await rtnl.addresses.list({ names: false })).map((a) => a.local)).toEqual(['192.0.2.2']);
    expect(attempts()).toBe(2);
  });

  it('stream throws DumpInterruptedError', async () => {
    const { rtnl } = kernel(RTM_GETADDR, 20, () => [address(1), address(2)], () => 0);
    await expect((async () => {
      for await (const _ of rtnl.addresses.stream({ names: false }));
    })()).rejects.toBeInstanceOf(DumpInterruptedError);
  });
});

describe('the link dump that names interfaces for a list', () => {
  /** ifinfomsg of interface 3, then IFLA_IFNAME "v0". */
  const link = Uint8Array.of(0, 0, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 3, 0, 0x76, 0x30, 0, 0);
  const RTM_GETLINK = 18;
  /** A kernel whose link dumps are always interrupted; its address dumps are clean. */
  function namesInterrupted() {
    const fake = new FakeKernel((req: NetlinkMessage, k) => {
      if (req.type === RTM_GETLINK) return k.multipart(req, [link], { type: 16, interrupted: 0 });
      return k.multipart(req, [address(1)], { type: 20 });
    });
    return { fake, rtnl: new Rtnl(new Connection(fake)) };
  }

  it('follows the list’s onInterrupt: accept marks the list (the names are there), fail throws', async () => {
    const { rtnl } = namesInterrupted();
    const list = await rtnl.addresses.list({}, { onInterrupt: { action: 'accept' } });
    expect(list.map((a) => [a.local, a.dev])).toEqual([['192.0.2.1', 'v0']]);
    expect(list.interrupted).toBe(true);
    await expect(rtnl.routes.list({}, { onInterrupt: { action: 'fail' } })).rejects.toBeInstanceOf(DumpInterruptedError);
    rtnl.close();
  });
});
