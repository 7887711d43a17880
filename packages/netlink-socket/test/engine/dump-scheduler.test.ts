// The dump scheduler on its own: one dump at a time per socket, and a dump whose reserved sequence
// number was taken meanwhile (requestMany and the overrun barrier pick numbers without looking at the
// reservations) goes out renumbered, in its bytes and in the table.
import { describe, expect, it } from 'vitest';
import { PendingDump, type DumpHost } from '../../src/engine/dump.js';
import { DumpScheduler } from '../../src/engine/dump-scheduler.js';
import { Flow } from '../../src/engine/backpressure.js';
import { OperationTable } from '../../src/engine/operation-table.js';
import { PendingRequest } from '../../src/engine/request.js';
import { Connection } from '../../src/engine/connection.js';
import { nlmsgerr, ScriptedTransport } from '../helpers/scripted-transport.js';

function setup() {
  const transport = new ScriptedTransport();
  const congestion = { congested: false, held: 0 };
  let scheduler: DumpScheduler;
  const table = new OperationTable(
    () => {},
    () => scheduler.next(),
  );
  scheduler = new DumpScheduler(
    table,
    transport,
    new Flow(transport, 100, () => false),
    () => congestion.congested,
    () => congestion.held++,
  );
  const host: DumpHost = { begin: (dump) => scheduler.begin(dump), queued() {}, abandon() {} };
  const dumpWith = (seq: number, options: { signal?: AbortSignal } = {}) => {
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, 16, true);
    view.setUint16(4, 18, true);
    view.setUint32(8, seq, true);
    const dump = new PendingDump(host, bytes, undefined);
    table.reserved.set(dump, { seq, options });
    return dump;
  };
  return { transport, table, scheduler, dumpWith, congestion };
}

describe('the dump scheduler', () => {
  it('a dump whose reserved number was taken meanwhile goes out renumbered', () => {
    const { transport, table, scheduler, dumpWith } = setup();
    const reserved = table.next();
    const dump = dumpWith(reserved);
    // Other requests took the number and the one after it (as requestMany may).
    const other = new PendingRequest(reserved, 0x5, new Uint8Array(16), undefined, { resolve() {}, reject() {} });
    // The next number the allocator would give is taken too, without the allocator knowing.
    const after = new PendingRequest(reserved + 1, 0x5, new Uint8Array(16), undefined, { resolve() {}, reject() {} });
    table.register(other);
    table.register(after);
    scheduler.begin(dump);
    const sent = transport.requests[0]!;
    expect(sent.seq).not.toBe(reserved);
    expect(sent.seq).not.toBe(after.seq);
    expect(table.bySeq.get(after.seq)).toBe(after);
    expect(dump.seq).toBe(sent.seq);
    expect(new DataView(dump.bytes.buffer).getUint32(8, true)).toBe(sent.seq);
    expect(table.bySeq.get(sent.seq)).toBe(dump);
    expect(table.bySeq.get(reserved)).toBe(other);
    expect(table.reserved.size).toBe(0);
  });

  it('a dump whose number is still free keeps it', () => {
    const { transport, table, scheduler, dumpWith } = setup();
    const reserved = table.next();
    const dump = dumpWith(reserved);
    scheduler.begin(dump);
    expect(transport.requests[0]!.seq).toBe(reserved);
    expect(table.activeDump).toBe(dump);
  });

  it('read-ahead is not switched off on a socket already closed', () => {
    const { transport, table, scheduler, dumpWith } = setup();
    const calls: boolean[] = [];
    transport.setReadAhead = (on) => {
      if (transport.closed) throw new Error('closed socket');
      calls.push(on);
    };
    const dump = dumpWith(table.next());
    scheduler.begin(dump);
    transport.closed = true;
    table.finish(dump);
    expect(calls).toEqual([true]);
    expect(table.activeDump).toBeUndefined();
  });

  it('after an overrun a dump waits until the socket is no longer congested, and asks for a probe', () => {
    const { transport, table, scheduler, dumpWith, congestion } = setup();
    congestion.congested = true;
    const dump = dumpWith(table.next());
    scheduler.begin(dump);
    expect(transport.requests).toHaveLength(0);
    expect(congestion.held).toBe(1);
    expect(scheduler.waiting).toBe(true);
    // A probe was answered, but the congestion is back (another overrun): still waiting.
    scheduler.next();
    expect(transport.requests).toHaveLength(0);
    congestion.congested = false;
    scheduler.next();
    expect(transport.requests).toHaveLength(1);
    expect(table.activeDump).toBe(dump);
    expect(scheduler.waiting).toBe(false);
  });

  it('a queued dump cancelled (timeout, abort) before it started gives its reserved number back and is never sent', async () => {
    const { transport, table, scheduler, dumpWith } = setup();
    const running = dumpWith(table.next());
    scheduler.begin(running);
    const abort = new AbortController();
    const queued = dumpWith(table.next(), { signal: abort.signal });
    scheduler.begin(queued);
    expect(scheduler.waiting).toBe(true);
    expect(table.reserved.has(queued)).toBe(true);
    abort.abort('enough');
    // Its reservation goes as it ends: nothing is left holding the number.
    expect(table.reserved.size).toBe(0);
    expect(scheduler.waiting).toBe(false);
    await expect(queued.next()).rejects.toMatchObject({ code: 'ERR_LINX_ABORTED', cause: 'enough' });
    // The slot frees: nothing else goes out.
    table.finish(running);
    expect(transport.requests).toHaveLength(1);
    expect(table.activeDump).toBeUndefined();
  });
});

describe('the dump slot, seen from a connection', () => {
  // NLMSG_NOOP 1, NLMSG_DONE 3 (include/uapi/linux/netlink.h); RTM_GETLINK 18, RTM_GETADDR 22.
  const tick = () => new Promise((r) => setImmediate(r));
  const done = (seq: number) => ({ type: 3, flags: 2, seq, payload: new Uint8Array(4) });

  it('a dump queued behind another sends nothing else: no probe goes out on a socket that reported no overrun', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const request = connection.request({ type: 16 });
    const first = connection.dump({ type: 18 }).toArray();
    const second = connection.dump({ type: 22 }).toArray();
    await tick();
    // The dump goes out as its iteration begins, the request with the next microtask's datagram.
    expect(transport.requests.map((r) => r.type)).toEqual([18, 16]);
    const [d, r] = transport.requests;
    transport.receive({ messages: [nlmsgerr(r!, 0), done(d!.seq)] });
    await expect(request).resolves.toEqual([]);
    await expect(first).resolves.toEqual([]);
    expect(transport.requests.map((m) => m.type)).toEqual([18, 16, 22]);
    transport.receive({ messages: [done(transport.requests[2]!.seq)] });
    await expect(second).resolves.toEqual([]);
  });

  it('a probe answered while a dump runs does not start the dump queued behind it: the kernel runs one dump at a time', async () => {
    const transport = new ScriptedTransport();
    const connection = new Connection(transport);
    const first = connection.dump({ type: 18 }).toArray();
    await tick();
    const d = transport.requests[0]!;
    transport.overrun();
    // Queued (a dump runs, and the socket may be congested): a probe goes out to find out when it is not.
    const second = connection.dump({ type: 22 }).toArray();
    await tick();
    expect(transport.requests.map((m) => m.type)).toEqual([18, 1]);
    transport.receive({ messages: [nlmsgerr(transport.requests[1]!, 0)] });
    expect(connection.congested).toBe(false);
    expect(transport.requests.map((m) => m.type)).toEqual([18, 1]);
    transport.receive({ messages: [done(d.seq)] });
    await expect(first).resolves.toEqual([]);
    expect(transport.requests.map((m) => m.type)).toEqual([18, 1, 22]);
    transport.receive({ messages: [done(transport.requests[2]!.seq)] });
    await expect(second).resolves.toEqual([]);
  });
});
