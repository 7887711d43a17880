// The nfnetlink batch with a fake kernel: one datagram BEGIN … END, each message's ACK or error mapped
// back to it, the whole batch refused (ERESTART → GenerationConflictError, EPERM), echoes marked with the
// multicast group, and kernels with and without the 6.10 BEGIN ACK.
import { describe, expect, it } from 'vitest';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_ECHO, NLM_F_REQUEST, NLMSG_NOOP, parseMessages } from '@linx/netlink-wire';
import { BatchError, BatchRejectedError, GenerationConflictError, Nfnl, NftBatch, nft } from '../src/index.js';
import { fakeNftKernel, genPayload } from './helpers/fake-nft.js';

const tables = (b: NftBatch, ...names: string[]) => names.forEach((name) => b.addTable({ family: 'inet', name }));

describe.each([false, true])('nfnetlink batches (kernel ACKs BEGIN: %s)', (beginAck) => {
  it('sends BEGIN, the messages and END in one datagram, then a NOOP barrier with BEGIN\'s sequence number', async () => {
    const kernel = fakeNftKernel({ beginAck });
    const sent: Uint8Array[] = [];
    const send = kernel.send.bind(kernel);
    kernel.send = (bytes: Uint8Array) => (sent.push(bytes.slice()), send(bytes));
    const nfnl = new Nfnl(kernel);
    const result = await nfnl.nftables.batch((b) => tables(b, 'a', 'b', 'c'));
    expect(result.echoes).toEqual([[], [], []]);
    const [batch, barrier] = sent.map((d) => parseMessages(d));
    expect(batch!.map((m) => m.type)).toEqual([0x10, 0xa00, 0xa00, 0xa00, 0x11]);
    expect(batch![0]!.payload).toEqual(Uint8Array.of(0, 0, 0, 10)); // res_id = NFNL_SUBSYS_NFTABLES, big-endian
    expect(batch!.slice(1, 4).every((m) => m.flags === (NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE))).toBe(true);
    expect(new Set(batch!.map((m) => m.seq)).size).toBe(5);
    expect(barrier).toEqual([expect.objectContaining({ type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq: batch![0]!.seq })]);
    expect(kernel.committed).toHaveLength(1);
    expect(nfnl.connection.pending).toBe(0);
    nfnl.close();
  });

  it('maps each error to its message: index, description, errno, ext-ack text and the attribute named', async () => {
    const kernel = fakeNftKernel({ beginAck, fail: (_m, i) => (i === 2 ? { errno: 2, offset: 20 + 4 + 8, message: 'no such chain' } : undefined) });
    const nfnl = new Nfnl(kernel);
    const error = await nfnl.nftables
      .batch((b) => {
        tables(b, 'a', 'b');
        b.addRule({ family: 'inet', table: 'a', chain: 'nope', expressions: [{ name: 'counter', data: {} }] });
        tables(b, 'd');
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchError);
    const batchError = error as BatchError;
    expect(batchError.failures).toHaveLength(1);
    expect(batchError.failures[0]).toMatchObject({ index: 2, description: 'add rule inet a nope' });
    expect(batchError.cause).toMatchObject({ errno: 2, errnoName: 'ENOENT', extAckMessage: 'no such chain', attributePath: 'chain' });
    expect(batchError.message).toBe('batch message 3 (add rule inet a nope) failed: ENOENT (No such file or directory): no such chain (attribute chain); nothing was applied');
    expect(kernel.committed).toHaveLength(0);
    expect(nfnl.connection.pending).toBe(0);
    nfnl.close();
  });

  it('names every refused message, in order', async () => {
    const kernel = fakeNftKernel({ beginAck, fail: (_m, i) => (i % 2 ? { errno: 22 } : undefined) });
    const nfnl = new Nfnl(kernel);
    const error = (await nfnl.nftables.batch((b) => tables(b, 'a', 'b', 'c', 'd')).catch((e: unknown) => e)) as BatchError;
    expect(error.failures.map((f) => [f.index, f.error.errnoName])).toEqual([[1, 'EINVAL'], [3, 'EINVAL']]);
    expect(error.message).toContain('(and 1 more)');
    nfnl.close();
  });

  it('a stale generation: GenerationConflictError (ERESTART), retryable; the messages\' requests still end', async () => {
    const kernel = fakeNftKernel({ beginAck });
    const nfnl = new Nfnl(kernel);
    const { id } = { id: kernel.generation };
    await nfnl.nftables.batch((b) => tables(b, 'first'), { generation: id });
    const error = await nfnl.nftables.batch((b) => tables(b, 'second', 'third'), { generation: id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationConflictError);
    expect(error).toMatchObject({ code: 'ERR_LINX_NFNL_GENERATION', retryable: true, generation: id, cause: { errno: 85, errnoName: 'ERESTART' } });
    expect(kernel.committed).toHaveLength(1);
    // The NOOPs sent for the unanswered messages freed their sequence numbers.
    expect(nfnl.connection.pending).toBe(0);
    const noops = kernel.requests.filter((m) => m.type === NLMSG_NOOP);
    expect(noops).toHaveLength(2 + 2);
    nfnl.close();
  });

  it('withGeneration retries a writer that lost the race, with the new generation', async () => {
    const kernel = fakeNftKernel({ beginAck });
    const nfnl = new Nfnl(kernel);
    const seen: number[] = [];
    const result = await nfnl.nftables.withGeneration(async (generation) => {
      seen.push(generation);
      if (seen.length === 1) kernel.bump(); // another writer commits after we read
      return nfnl.nftables.batch((b) => tables(b, 'mine'), { generation });
    });
    expect(seen).toEqual([1, 2]);
    expect(result.echoes).toEqual([[]]);
    expect(kernel.committed).toHaveLength(1);
    nfnl.close();
  });

  it('a batch refused as a whole (EPERM on BEGIN) is a BatchRejectedError', async () => {
    const nfnl = new Nfnl(fakeNftKernel({ beginAck, refuse: 1 }));
    const error = await nfnl.nftables.batch((b) => tables(b, 'a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchRejectedError);
    expect(error).not.toBeInstanceOf(GenerationConflictError);
    expect((error as BatchRejectedError).cause.errnoName).toBe('EPERM');
    expect(nfnl.connection.pending).toBe(0);
    nfnl.close();
  });
});

describe('echoes', () => {
  it('NLM_F_ECHO replies marked with the nftables group reach their request; NEWGEN gives the generation', async () => {
    const kernel = fakeNftKernel({
      echo: (m) => {
        const table = nft.messages.tableMessage;
        const codec = compileTable();
        const payload = codec.encode({ header: { family: 'inet' }, attrs: { name: codec.decode(m.payload).attrs.name!, handle: 7n } });
        const messages: { type: number; flags: number; seq: number; pid: number; payload: Uint8Array }[] = [{ type: table.types.newtable!, flags: 0, seq: m.seq, pid: kernel.portId, payload }];
        if (kernel.committed.at(-1)![0] === m) messages.push({ type: nft.messages.genMessage.types.newgen, flags: 0, seq: m.seq, pid: kernel.portId, payload: genPayload(kernel.generation) });
        return { messages, group: 7 };
      },
    });
    const nfnl = new Nfnl(kernel);
    const result = await nfnl.nftables.batch((b) => tables(b, 'a', 'b'), { echo: true });
    expect(kernel.requests.filter((m) => m.type === 0xa00).every((m) => (m.flags & NLM_F_ECHO) !== 0)).toBe(true);
    expect(result.echoes.map((e) => e.map((c) => [c.op, c.kind, (c.value as { name: string }).name, (c.value as { handle: bigint }).handle]))).toEqual([
      [['add', 'table', 'a', 7n]],
      [['add', 'table', 'b', 7n]],
    ]);
    expect(result.generation?.id).toBe(2);
    nfnl.close();
  });
});

import { compileMessage } from '@linx/netlink-codec';
function compileTable() {
  return compileMessage(nft.messages.tableMessage);
}
