// FamilyClient against the fake kernel (no root, no socket): requests go out as the declaration's type
// with the flags asked for and the payload the declaration encodes; answers come back decoded; a kernel
// error names the attribute its ext-ack offset blames; interrupted dumps follow onInterrupt.
import { describe, expect, it } from 'vitest';
import { attr, attrset, compileMessage, message, nest, string, struct, u16, u32, u8 } from '@linx/netlink-codec';
import { AbortError, Connection, DumpInterruptedError, InvalidArgumentError, TimeoutError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_REQUEST, NetlinkError } from '@linx/netlink-wire';
import { FamilyClient, decodeChunk, type ChunkReader } from '../src/index.js';

const inner = attrset('inner', { label: attr(1, string()) });
const thingAttrs = attrset('thing', { name: attr(1, string()), weight: attr(2, u32()), sub: attr(3, nest(inner)) });
const thingHeader = struct('thinghdr', { family: u8(), pad: u8(), kind: u16() });
const thing = message('thing', { header: thingHeader, attrs: thingAttrs, types: { newthing: 40, getthing: 42, getthingReply: 40 } });
const codec = compileMessage(thing);
const payloadOf = (name: string, weight: number) => codec.encode({ header: { family: 2, pad: 0, kind: 7 }, attrs: { name, weight } });
const header = { family: 2, pad: 0, kind: 7 };

describe('FamilyClient.request / ack', () => {
  it('sends the type named in the declaration with the flags given, and decodes the replies', async () => {
    const fake = new FakeKernel((req, k) => [{ messages: [k.reply(req, { type: 40, payload: payloadOf('b', 9) })] }, k.ack(req)]);
    const client = new FamilyClient(new Connection(fake));
    const replies = await client.request(thing, 'getthing', { header, attrs: { name: 'a' } }, 0);
    expect(replies).toEqual([{ header, attrs: { name: 'b', weight: 9 } }]);
    fake.assertRequests({ type: 42, flags: NLM_F_REQUEST | NLM_F_ACK, payload: codec.encode({ header, attrs: { name: 'a' } }) });
    await client.ack(thing, 40, { header, attrs: { name: 'c', weight: 1 } }, NLM_F_CREATE);
    fake.assertRequests({ type: 40, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE, payload: payloadOf('c', 1) });
    client.connection.close();
  });

  it('ack: false sends the request without NLM_F_ACK and returns the raw reply', async () => {
    const fake = new FakeKernel((req, k) => ({ messages: [k.reply(req, { type: 40, payload: payloadOf('x', 3) })] }));
    const client = new FamilyClient(new Connection(fake));
    const raw = await client.requestRaw(thing, 'getthing', { header, attrs: {} }, 0, { ack: false });
    expect(raw.map((m) => m.type)).toEqual([40]);
    expect(codec.decode(raw[0]!.payload).attrs).toEqual({ name: 'x', weight: 3 });
    fake.assertRequests({ type: 42, flags: NLM_F_REQUEST });
    client.connection.close();
  });

  it('a kernel error names the request attribute its ext-ack offset points into', async () => {
    // nlmsghdr 16 + thinghdr 4 + name "a\0" (8 bytes) → sub at 28, its label at 32.
    const fake = new FakeKernel((req, k) => k.error(req, 22, { message: 'bad label', offset: 32 }));
    const client = new FamilyClient(new Connection(fake));
    const error = await client.ack(thing, 'newthing', { header, attrs: { name: 'a', sub: { label: 'l' } } }, 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).attributePath).toBe('sub.label');
    expect((error as NetlinkError).extAckMessage).toBe('bad label');
    // The engine walks the request itself too, once told where its attributes start (after the 4-byte
    // header): by type numbers, sub (3) then its label (1), whose header is the byte the offset names.
    expect((error as NetlinkError).attribute).toEqual({ path: [3, 1], attributeOffset: 32, exact: true });
    client.connection.close();
  });

  it("replies are the protocol's messages only: type 16 (NLMSG_MIN_TYPE, RTM_NEWLINK) is one, NLMSG_NOOP (1) is not", async () => {
    // linux/netlink.h: types below NLMSG_MIN_TYPE 0x10 are netlink's own (NOOP 1, ERROR 2, DONE 3,
    // OVERRUN 4); rtnetlink's first type, RTM_NEWLINK, is 16.
    const fake = new FakeKernel((req, k) => [{ messages: [k.reply(req, { type: 1, payload: new Uint8Array(0) }), k.reply(req, { type: 16, payload: payloadOf('b', 9) })] }, k.ack(req)]);
    const client = new FamilyClient(new Connection(fake));
    expect(await client.request(thing, 'getthing', { header, attrs: {} }, 0)).toEqual([{ header, attrs: { name: 'b', weight: 9 } }]);
    client.connection.close();
  });

  it('a timeout and a signal reach the engine', async () => {
    const silent = new FakeKernel(() => undefined);
    const client = new FamilyClient(new Connection(silent));
    // Were the timeout lost, the signal would end the call later, with an AbortError.
    const late = AbortSignal.timeout(5000);
    await expect(client.request(thing, 'getthing', { header, attrs: {} }, 0, { timeout: 10, signal: late })).rejects.toBeInstanceOf(TimeoutError);
    // An aborted signal stops the call before anything is sent (were it lost, the timeout would end it).
    const aborted = AbortSignal.abort();
    await expect(client.ack(thing, 'newthing', { header, attrs: {} }, 0, { signal: aborted, timeout: 5000 })).rejects.toBeInstanceOf(AbortError);
    await expect(client.dumpAll(thing, 'getthing', { header, attrs: {} }, { signal: aborted, timeout: 5000 })).rejects.toBeInstanceOf(AbortError);
    expect(silent.requests).toHaveLength(1);
    client.connection.close();
  });

  it('a type name the declaration does not have is an InvalidArgumentError, and nothing is sent', async () => {
    const fake = new FakeKernel(() => undefined);
    const client = new FamilyClient(new Connection(fake));
    await expect(client.request(thing, 'nothing' as 'getthing', { header, attrs: {} }, 0)).rejects.toBeInstanceOf(InvalidArgumentError);
    const error = await client.dumpAll(thing, 'nothing' as 'getthing', { header, attrs: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('type');
    expect((error as Error).message).toBe('type: message thing has no type "nothing" (it has newthing, getthing, getthingReply)');
    const untyped = message('untyped', { header: thingHeader });
    await expect(client.ack(untyped, 'any' as never, { header }, 0)).rejects.toThrow('type: message untyped has no type "any" (it has none)');
    expect(fake.requests).toHaveLength(0);
    client.connection.close();
  });
});

/** A kernel whose first `interrupted` dumps are marked interrupted from the second message on. */
function dumpingKernel(interrupted: number, names = ['a', 'b', 'c']) {
  let dumps = 0;
  return new FakeKernel((req, k) => k.multipart(req, names.map((n, i) => payloadOf(n, i)), { type: 40, perDatagram: 2, ...(dumps++ < interrupted ? { interrupted: 1 } : {}) }));
}

describe('FamilyClient dumps', () => {
  it('dump and dumpAll decode every part, sent as a dump of the named type', async () => {
    const fake = dumpingKernel(0);
    const client = new FamilyClient(new Connection(fake));
    const streamed: string[] = [];
    for await (const t of client.dump(thing, 'getthing', { header, attrs: {} })) streamed.push(t.attrs.name!);
    expect(streamed).toEqual(['a', 'b', 'c']);
    const all = await client.dumpAll(thing, 'getthing', { header, attrs: {} });
    expect(all.map((t) => t.attrs.weight)).toEqual([0, 1, 2]);
    expect(all.interrupted).toBe(false);
    fake.assertRequests({ type: 42, flags: NLM_F_REQUEST | NLM_F_DUMP }, { type: 42, flags: NLM_F_REQUEST | NLM_F_DUMP });
    client.connection.close();
  });

  it('dumpAll retries an interrupted dump, accepts or fails as onInterrupt says', async () => {
    const retried = dumpingKernel(2);
    const client = new FamilyClient(new Connection(retried));
    expect((await client.dumpAll(thing, 'getthing', { header, attrs: {} })).map((t) => t.attrs.name)).toEqual(['a', 'b', 'c']);
    expect(retried.requests).toHaveLength(3);
    client.connection.close();

    const accepting = new FamilyClient(new Connection(dumpingKernel(1)));
    const accepted = await accepting.dumpAll(thing, 'getthing', { header, attrs: {} }, { onInterrupt: { action: 'accept' } });
    expect(accepted.interrupted).toBe(true);
    expect(accepted).toHaveLength(3);
    await expect(accepting.dumpAll(thing, 'getthing', { header, attrs: {} }, { onInterrupt: { action: 'fail' } })).resolves.toHaveLength(3);
    accepting.connection.close();

    const failing = new FamilyClient(new Connection(dumpingKernel(1)));
    await expect(failing.dumpAll(thing, 'getthing', { header, attrs: {} }, { onInterrupt: { action: 'fail' } })).rejects.toBeInstanceOf(DumpInterruptedError);
    failing.connection.close();
  });

  it('a bad onInterrupt is rejected before anything is sent', async () => {
    const fake = dumpingKernel(0);
    const client = new FamilyClient(new Connection(fake));
    // The error names the option as the caller passed it: options.onInterrupt.
    const bad = await client.dumpAll(thing, 'getthing', { header, attrs: {} }, { onInterrupt: { action: 'sometimes' } as never }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidArgumentError);
    expect((bad as InvalidArgumentError).argument).toBe('options.onInterrupt.action');
    const negative = await client.collect(thing, 'getthing', { header, attrs: {} }, { replyType: 40, decode: () => 0 }, { onInterrupt: { action: 'retry', attempts: -1 } }).catch((e: unknown) => e);
    expect(negative).toBeInstanceOf(InvalidArgumentError);
    expect((negative as InvalidArgumentError).argument).toBe('options.onInterrupt.attempts');
    expect(fake.requests).toHaveLength(0);
    client.connection.close();
  });

  it('a dump goes out with the flags asked for beside NLM_F_DUMP', async () => {
    const fake = dumpingKernel(0);
    const client = new FamilyClient(new Connection(fake));
    // linux/netlink.h: NLM_F_ATOMIC 0x400 is a GET modifier beside NLM_F_DUMP 0x300; NLM_F_REQUEST is 0x1.
    expect(await client.dumpAll(thing, 'getthing', { header, attrs: {} }, { flags: 0x400 })).toHaveLength(3);
    fake.assertRequests({ type: 42, flags: 0x701 });
    client.connection.close();
  });

  it('collect of an empty dump is an empty list; of a dump over two receive batches, every item in order', async () => {
    const empty = new FamilyClient(new Connection(dumpingKernel(0, [])));
    const none = await empty.collect(thing, 'getthing', { header, attrs: {} }, { replyType: 40, decode: () => 0 });
    expect(none).toEqual([]);
    expect(none.interrupted).toBe(false);
    empty.connection.close();
    // One message a datagram: 100 parts and the DONE are more datagrams than one receive batch holds.
    const names = Array.from({ length: 100 }, (_, i) => `m${i}`);
    const fake = new FakeKernel((req, k) => k.multipart(req, names.map((n, i) => payloadOf(n, i)), { type: 40, perDatagram: 1 }));
    const client = new FamilyClient(new Connection(fake));
    let chunks = 0;
    for await (const _ of client.chunks(thing, 'getthing', { header, attrs: {} })) chunks++;
    expect(chunks).toBeGreaterThan(1);
    const list = await client.collect(thing, 'getthing', { header, attrs: {} }, { replyType: 40, decode: (b, v, s, e) => codec.decodeAt(b, v, s, e).attrs.name! });
    expect(list).toEqual(names);
    client.connection.close();
  });

  it('collect reads each chunk with the reader: its reply type only, accept drops, finish completes, in order over several batches', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `n${i}`);
    const fake = new FakeKernel((req, k) => {
      const parts = k.multipart(req, names.map((n, i) => payloadOf(n, i)), { type: 40, perDatagram: 3 });
      // A message of another type inside the dump is not the reader's.
      parts.splice(1, 0, { messages: [k.reply(req, { type: 41, flags: 2, payload: payloadOf('other', 99) })] });
      return parts;
    });
    const client = new FamilyClient(new Connection(fake));
    const reader: ChunkReader<{ name: string; weight: number; seen?: boolean }> = {
      replyType: 40,
      decode: (bytes, view, start, end) => {
        const v = codec.decodeAt(bytes, view, start, end).attrs;
        return { name: v.name!, weight: v.weight! };
      },
      accept: (t) => t.weight % 2 === 0,
      finish: (t) => {
        t.seen = true;
      },
    };
    const list = await client.collect(thing, 'getthing', { header, attrs: {} }, reader);
    expect(list.map((t) => t.name)).toEqual(names.filter((_, i) => i % 2 === 0));
    expect(list.every((t) => t.seen)).toBe(true);
    expect(list.interrupted).toBe(false);
    client.connection.close();
  });

  it('decodeChunk without accept or finish keeps every message of the reply type', async () => {
    const fake = dumpingKernel(0);
    const client = new FamilyClient(new Connection(fake));
    const got: number[] = [];
    for await (const chunk of client.chunks(thing, 'getthing', { header, attrs: {} })) {
      got.push(...decodeChunk(chunk, { replyType: 40, decode: (b, v, s, e) => codec.decodeAt(b, v, s, e).attrs.weight! }));
      expect(decodeChunk(chunk, { replyType: 41, decode: () => 1 })).toEqual([]);
    }
    expect(got).toEqual([0, 1, 2]);
    client.connection.close();
  });
});
