// A series of dumps (DumpSeries over RawNetlinkSocket.runSeries: each request sent from a thread of
// libuv's pool once the answer before it ended) against the real kernel, in a namespace of our own holding
// 5,000 routes: every answer must equal what the engine's own dumpAll reads for the same request on a
// Connection (the oracle: the engine's dump path, tested on its own), in order, including a dump bigger
// than one run's batch (its answer spans runs), a request the kernel refuses, and what stops a series
// (read() throwing, an abort, close) leaving the socket ready for the next series.
import { NLM_F_DUMP, NLM_F_REQUEST, NLMSG_DONE, NetlinkError, encodeMessage, iterateMessages } from '@linx/netlink-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { DumpSeries, type SeriesAnswer } from '../../src/engine/dump-series.js';
import { AbortError } from '../../src/engine/errors.js';
import { InvalidArgumentError, SocketClosedError } from '../../src/native/errors.js';
import { RawNetlinkSocket } from '../../src/native/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { assertInNamespace } from '../helpers/netns-guard.js';
import { RTM_GETROUTE, RTM_NEWLINK, getLinkDump, parseLink } from '../helpers/rtnl.js';

const ROUTES = 5000;
const RTM_GETADDR = 22;
const rtmsg = (family: number) => Uint8Array.of(family, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
const ifaddrmsg = (family: number) => Uint8Array.of(family, 0, 0, 0, 0, 0, 0, 0);

// Dumps whose answers do not change while the tests run (a link's counters, an IPv6 address's DAD state
// would): IPv4 routes, addresses and routing rules.
const RTM_GETRULE = 34;
const routes = { type: RTM_GETROUTE, payload: rtmsg(2) };
const addresses = { type: RTM_GETADDR, payload: ifaddrmsg(2) };
const rules = { type: RTM_GETRULE, payload: rtmsg(2) };
/** RTM_NEWLINK has no dump: with NLM_F_DUMP the kernel runs it as a change, which an ifinfomsg naming no link fails (ENODEV). */
const refused = { type: RTM_NEWLINK, payload: new Uint8Array(16) };

const hex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
/** An answer's data messages as type:payload hex, in order. */
const messagesOf = (answer: SeriesAnswer) => answer.chunks.flatMap((chunk) => Array.from(chunk, (m) => `${m.type}:${hex(m.payload)}`));

describe.skipIf(kernelSkipReason)(`dump series on the real kernel${kernelSkipReason ? ` (skipped: ${kernelSkipReason})` : ''}`, () => {
  let ns: TestNetns;
  let connection: Connection;
  let socket: RawNetlinkSocket;
  let series: DumpSeries;

  /** What the engine's dumpAll reads for `message`: the oracle of an answer. */
  async function oracle(message: { type: number; payload: Uint8Array }): Promise<string[] | string> {
    try {
      return (await connection.dumpAll(message)).map((m) => `${m.type}:${hex(m.payload)}`);
    } catch (error) {
      return (error as NetlinkError).errnoName;
    }
  }
  const answered = (answer: SeriesAnswer): string[] | string => answer.error?.errnoName ?? messagesOf(answer);

  beforeAll(async () => {
    ns = createNetns();
    const lines = ['link add ds0 type veth peer name ds1', 'link set ds0 up', 'link set ds1 up', 'addr add 172.31.0.1/16 dev ds0', 'addr add 172.31.0.2/16 dev ds1'];
    for (let i = 0; i < ROUTES; i++) lines.push(`route add 10.7.${i >> 8}.${i & 0xff}/32 via 172.31.0.2`);
    ns.ipBatch(lines);
    connection = Connection.open({ protocol: 0, netns: { name: ns.name } });
    await assertInNamespace(connection, ns);
    socket = RawNetlinkSocket.open({ protocol: 0, netns: ns.name });
    series = DumpSeries.beside(socket);
  }, 60_000);

  afterAll(() => {
    series?.close();
    socket?.close();
    connection?.close();
    ns?.remove();
  });

  it('openBeside opens a socket of the same protocol in the same namespace', async () => {
    const beside = socket.openBeside();
    try {
      expect(beside.protocol).toBe(0);
      expect(beside.portId).not.toBe(socket.portId);
      // Its links are the namespace's: lo and the veth pair made above.
      const names: (string | undefined)[] = [];
      const first = await beside.runSeries(getLinkDump(1), false);
      expect(first.finished).toBe(1);
      expect(first.inProgress).toBe(false);
      for (let d = 0; d < first.meta.length; d += 5) {
        for (const m of iterateMessages(first.data.subarray(first.meta[d]!, first.meta[d]! + first.meta[d + 1]!))) if (m.type === RTM_NEWLINK) names.push(parseLink(m.payload).name);
      }
      expect(names.sort()).toEqual(['ds0', 'ds1', 'lo']);
    } finally {
      beside.close();
    }
  });

  it('every answer equals the engine\'s dumpAll of the same request, in order, a refused one as its error', async () => {
    const requests = [rules, routes, addresses, refused, routes, rules];
    const expected = [];
    for (const request of requests) expected.push(await oracle(request));
    // The oracle itself: 5,000 routes plus the connected ones, the refused request refused.
    expect((expected[1] as string[]).length).toBeGreaterThanOrEqual(ROUTES);
    expect(expected[3]).toBe('ENODEV');
    const indexes: number[] = [];
    const answers = await series.run(requests, (answer, index) => {
      indexes.push(index);
      return answered(answer);
    });
    expect(indexes).toEqual([0, 1, 2, 3, 4, 5]);
    expect(answers).toEqual(expected);
  });

  it('a refused request\'s error names the request it answered (its sequence number and type)', async () => {
    const [error] = await series.run([rules, refused], (answer) => answer.error);
    expect(error).toBeUndefined();
    const [refusal] = await series.run([refused], (answer) => answer.error);
    expect(refusal).toBeInstanceOf(NetlinkError);
    expect(refusal!.requestType).toBe(RTM_NEWLINK);
    expect(refusal!.seq).toBeGreaterThan(0);
  });

  it('many small dumps in one series (each answered before the next goes out)', async () => {
    const requests = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? rules : addresses));
    const [ruleAnswer, addressAnswer] = [await oracle(rules), await oracle(addresses)];
    expect((ruleAnswer as string[]).length).toBe(3);
    expect((addressAnswer as string[]).length).toBe(2);
    const answers = await series.run(requests, answered);
    expect(answers).toEqual(requests.map((_, i) => (i % 2 === 0 ? ruleAnswer : addressAnswer)));
  });

  it('an empty series resolves at once with no answers', async () => {
    expect(await series.run([], () => 1)).toEqual([]);
  });

  it('read() throwing stops the series: what was sent is read to its end, the next series works', async () => {
    const thrown = new Error('stop here');
    let calls = 0;
    const failed = await series
      .run([rules, routes, routes, routes], () => {
        calls++;
        throw thrown;
      })
      .catch((error: unknown) => error);
    expect(failed).toBe(thrown);
    // The first answer threw; what the addon had sent meanwhile was read, not handed on.
    expect(calls).toBe(1);
    // Had the kernel still been running that dump for this socket, it would refuse the next one (EBUSY).
    expect(await series.run([routes], answered)).toEqual([await oracle(routes)]);
  });

  it('an aborted signal stops the series with AbortError; one aborted before sends nothing', async () => {
    const before = new AbortController();
    before.abort('early');
    await expect(series.run([rules], answered, { signal: before.signal })).rejects.toBeInstanceOf(AbortError);
    const during = new AbortController();
    let handed = 0;
    const error = await series
      .run(Array.from({ length: 50 }, () => routes), () => {
        handed++;
        during.abort('enough');
      }, { signal: during.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(handed).toBeLessThan(50);
    expect(await series.run([rules], answered)).toEqual([await oracle(rules)]);
  });

  it('runs queue: two at once each get their own answers', async () => {
    const [a, b] = await Promise.all([series.run([rules, routes], answered), series.run([addresses], answered)]);
    expect(a).toEqual([await oracle(rules), await oracle(routes)]);
    expect(b).toEqual([await oracle(addresses)]);
  });

  it('runSeries refuses a started socket, a second run at once, and bad limits', async () => {
    const started = RawNetlinkSocket.open({ protocol: 0, netns: ns.name });
    const idle = RawNetlinkSocket.open({ protocol: 0, netns: ns.name });
    try {
      started.start({ onBatch() {}, onOverrun() {}, onError() {} });
      await expect(started.runSeries(getLinkDump(1), false)).rejects.toThrow('a series of dumps needs a socket that is not started');
      const first = idle.runSeries(getLinkDump(1), false);
      await expect(idle.runSeries(getLinkDump(2), false)).rejects.toThrow('a series of dumps is already running on this socket');
      expect((await first).finished).toBe(1);
      await expect(idle.runSeries(getLinkDump(3), false, { maxBytes: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(idle.runSeries('x' as unknown as Uint8Array, false)).rejects.toBeInstanceOf(InvalidArgumentError);
      // Nothing more came for the finished run: a wait of 0 ms stops at once, nothing read.
      const idleRun = await idle.runSeries(new Uint8Array(0), false, { waitMs: 0 });
      expect([idleRun.finished, idleRun.inProgress, idleRun.meta.length]).toEqual([0, false, 0]);
    } finally {
      started.close();
      idle.close();
    }
  });

  it('a run whose batch fills stops mid-answer and the next run goes on without sending again', async () => {
    const raw = RawNetlinkSocket.open({ protocol: 0, netns: ns.name });
    try {
      const request = encodeMessage({ type: RTM_GETROUTE, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 9, pid: 0, payload: rtmsg(2) });
      const messages: string[] = [];
      let firstSent = false;
      let runs = 0;
      for (let done = false; !done; runs++) {
        const run = await raw.runSeries(request, firstSent, { maxDatagrams: 2 });
        expect(run.stop === 'limit' || run.finished === 1).toBe(true);
        for (let d = 0; d < run.meta.length; d += 5) {
          for (const m of iterateMessages(run.data.subarray(run.meta[d]!, run.meta[d]! + run.meta[d + 1]!))) {
            if (m.type === NLMSG_DONE) done = true;
            else messages.push(`${m.type}:${hex(m.payload)}`);
          }
        }
        firstSent = run.inProgress;
        expect(run.inProgress).toBe(!done);
      }
      expect(runs).toBeGreaterThan(2);
      expect(messages).toEqual(await oracle(routes));
    } finally {
      raw.close();
    }
  });

  it('closing the socket during a series rejects it with SocketClosedError', async () => {
    const own = DumpSeries.beside(socket);
    const running = own.run(Array.from({ length: 200 }, () => routes), () => undefined);
    own.close();
    await expect(running).rejects.toBeInstanceOf(SocketClosedError);
    expect(own.closed).toBe(true);
  });
});
