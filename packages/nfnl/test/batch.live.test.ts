// Transactions against the running kernel, in a network namespace of our own (deleted afterwards): a batch
// whose third message is invalid applies nothing and names the message; two writers with the same
// generation, one gets the retryable conflict; a batch bigger than the default socket buffers is one
// transaction; a batch split across datagrams is aborted by the kernel (why linx never splits one);
// notifications grouped per generation; the one-shot verbs. Needs root, ip and nft; skipped otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawNetlinkSocket, datagrams } from '@linx/netlink-socket/native';
import { encodeMessages, parseErrorMessage, parseMessages, NLMSG_ERROR } from '@linx/netlink-wire';
import { BatchError, GenerationConflictError, NftBatch, value, verdict, type MonitorEvent, type Nfnl } from './helpers/imports.js';
import { canRunNft, createNamespace, nftHasFlowtables } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';

const live = canRunNft();
const flowtables = live && nftHasFlowtables();
const family = 'inet';

describe.skipIf(!live)('nftables transactions on the live kernel', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl;
  const tableNames = () => (ns!.nftJson('list', 'tables').nftables.filter((o) => 'table' in o).map((o) => o.table.name as string));

  beforeAll(async () => {
    ns = createNamespace('batch');
    nfnl = await openIn(ns);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('a batch whose third message is invalid: nothing is applied, the error names the third message and the kernel\'s reason', async () => {
    const error = await nfnl.nftables
      .batch((b) => {
        b.addTable({ family, name: 'tx' });
        b.addChain({ family, table: 'tx', name: 'c' });
        b.addRule({ family, table: 'tx', chain: 'missing', expressions: [{ name: 'counter', data: {} }] });
        b.addChain({ family, table: 'tx', name: 'd' });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchError);
    const { failures, message } = error as BatchError;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ index: 2, description: 'add rule inet tx missing', error: { errno: 2, errnoName: 'ENOENT', attributePath: 'chain' } });
    expect(message).toMatch(/^batch message 3 \(add rule inet tx missing\) failed: ENOENT .*\(attribute chain\); nothing was applied$/);
    expect(tableNames()).not.toContain('tx');
    expect(nfnl.connection.pending).toBe(0);
  });

  it('the kernel\'s reason for an invalid value inside an expression is named by its path', async () => {
    const error = (await nfnl.nftables
      .batch((b) => {
        b.addTable({ family, name: 'tx2' });
        b.addChain({ family, table: 'tx2', name: 'c' });
        b.addRule({ family, table: 'tx2', chain: 'c', expressions: [{ name: 'payload', data: { dreg: 1, base: 'network', offset: 0, len: 200 } }] });
      })
      .catch((e: unknown) => e)) as BatchError;
    expect(error).toBeInstanceOf(BatchError);
    expect(error.failures).toHaveLength(1);
    // 200 bytes do not fit in the registers from register 1 on (nft_validate_register_store: ERANGE); the
    // kernel's ext-ack offset points at the expression, named from the rule's declaration.
    expect(error.failures[0]).toMatchObject({ index: 2, description: 'add rule inet tx2 c', error: { errnoName: 'ERANGE', attributePath: 'expressions.elem' } });
    expect(error.message).toMatch(/^batch message 3 \(add rule inet tx2 c\) failed: ERANGE .*\(attribute expressions\.elem\); nothing was applied$/);
    expect(tableNames()).not.toContain('tx2');
  });

  it('two writers at one generation: the second gets GenerationConflictError (ERESTART), retryable, and nothing of it is applied', async () => {
    const other = await openIn(ns!);
    try {
      const [a, b] = await Promise.all([nfnl.nftables.generation(), other.nftables.generation()]);
      expect(a.id).toBe(b.id);
      await nfnl.nftables.batch((batch) => batch.addTable({ family, name: 'writer-a' }), { generation: a.id });
      const error = await other.nftables.batch((batch) => batch.addTable({ family, name: 'writer-b' }), { generation: b.id }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GenerationConflictError);
      expect(error).toMatchObject({ retryable: true, generation: b.id, cause: { errno: 85, errnoName: 'ERESTART' } });
      expect(tableNames()).toContain('writer-a');
      expect(tableNames()).not.toContain('writer-b');
      // Retrying with a fresh generation succeeds.
      const attempts: number[] = [];
      await other.nftables.withGeneration(async (generation) => {
        attempts.push(generation);
        if (attempts.length === 1) await nfnl.nftables.tables.add({ family, name: 'writer-a2' });
        return other.nftables.batch((batch) => batch.addTable({ family, name: 'writer-b' }), { generation });
      });
      expect(attempts).toHaveLength(2);
      expect(tableNames()).toContain('writer-b');
      expect(other.connection.pending).toBe(0);
    } finally {
      other.close();
    }
  });

  // 12,000 rules: about 1.3 MB in one datagram (the default send buffer is 208 KiB; RawNetlinkSocket raises
  // it) and 12,002 ACKs queued at once (~830 bytes of receive buffer each, 10 MB: sendBatch raises the
  // receive buffer first). All of it landing in exactly one new generation shows it was one transaction,
  // hence one datagram (see the next test for what a split batch does).
  it('a batch far bigger than the default socket buffers is one transaction: one datagram, every ACK received', async () => {
    const before = await nfnl.nftables.generation();
    const batch = new NftBatch().addTable({ family, name: 'big' }).addChain({ family, table: 'big', name: 'c' });
    const count = 12_000;
    for (let i = 0; i < count; i++) {
      batch.addRule({ family, table: 'big', chain: 'c', expressions: [{ name: 'meta', data: { key: 'mark', dreg: 1 } }, { name: 'cmp', data: { sreg: 1, op: 'eq', data: { value: value.u32(i) } } }, { name: 'counter', data: {} }] });
    }
    const started = performance.now();
    const result = await nfnl.nftables.batch(batch);
    const elapsed = performance.now() - started;
    expect(result.echoes).toHaveLength(count + 2);
    expect((await nfnl.nftables.generation()).id).toBe(before.id + 1);
    expect(await nfnl.nftables.rules.list({ family, table: 'big' })).toHaveLength(count);
    expect(nfnl.connection.pending).toBe(0);
    expect(elapsed).toBeLessThan(20_000);
    await nfnl.nftables.tables.delete({ family, name: 'big' });
  }, 30_000); // 12,000 messages and their ACKs: seconds on a loaded machine

  it('the kernel aborts a batch whose END comes in a later datagram, though it ACKs every message (so linx never splits one)', async () => {
    const socket = RawNetlinkSocket.open({ protocol: 12, netns: ns!.name });
    socket.setCapAck(true);
    const answers: { seq: number; errno: number }[] = [];
    socket.start({
      onBatch(data, meta) {
        for (const d of datagrams(data, meta)) for (const m of parseMessages(d.bytes)) if (m.type === NLMSG_ERROR) answers.push({ seq: m.seq, errno: parseErrorMessage(m).errno });
      },
      onOverrun() {},
      onError() {},
    });
    try {
      const res = Uint8Array.of(0, 0, 0, 10);
      const table = Uint8Array.of(1, 0, 0, 0, 10, 0, 1, 0, 0x73, 0x70, 0x6c, 0x69, 0x74, 0, 0, 0); // inet, NFTA_TABLE_NAME "split"
      socket.send(encodeMessages([{ type: 0x10, flags: 1, seq: 1, payload: res }, { type: 0xa00, flags: 0x405, seq: 2, payload: table }]));
      socket.send(encodeMessages([{ type: 0x11, flags: 1, seq: 3, payload: res }]));
      // Both answers come, however loaded the machine (no fixed wait: a deadline only against a hang).
      for (const until = Date.now() + 20_000; !(answers.some((a) => a.seq === 2) && answers.some((a) => a.seq === 3)) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 10));
      expect(answers.find((a) => a.seq === 2)).toEqual({ seq: 2, errno: 0 });
      expect(answers.find((a) => a.seq === 3)?.errno).toBe(22);
      expect(tableNames()).not.toContain('split');
    } finally {
      socket.close();
    }
  });

  it('monitoring: the changes of each commit, grouped under its generation', async () => {
    // Opened (and its namespace checked) before monitoring starts: the check commits with nft.
    const writer = await openIn(ns!);
    const monitor = nfnl.nftables.monitor();
    const events: MonitorEvent[] = [];
    const done = (async () => {
      for await (const event of monitor) {
        events.push(event);
        if (events.length === 2) break;
      }
    })();
    await new Promise((r) => setTimeout(r, 20));
    try {
      await writer.nftables.batch((b) => {
        b.addTable({ family, name: 'watched' });
        b.addChain({ family, table: 'watched', name: 'in', hook: 'input', policy: 'drop' });
        b.addRule({ family, table: 'watched', chain: 'in', expressions: [{ name: 'immediate', data: { dreg: 0, data: verdict('accept') } }] });
      });
      ns!.nft('delete table inet watched');
      await done;
    } finally {
      writer.close();
      monitor.close();
    }
    const [first, second] = events;
    expect(first).toMatchObject({ kind: 'generation', generation: { procName: 'node' } });
    if (first?.kind !== 'generation' || second?.kind !== 'generation') throw new Error('expected generations');
    expect(first.changes.map((c) => [c.op, c.kind])).toEqual([['add', 'table'], ['add', 'chain'], ['add', 'rule']]);
    expect(first.changes[1]!.value).toMatchObject({ name: 'in', hook: 'input', policy: 'drop' });
    expect(second.generation.id).toBe(first.generation.id + 1);
    expect(second.generation.procName).toBe('nft');
    expect(second.changes.map((c) => [c.op, c.kind])).toEqual(expect.arrayContaining([['delete', 'table']]));
  });

  it('one-shot verbs: add, get, insert and replace rules (handles echoed), elements, objects, delete', async () => {
    const nft = nfnl.nftables;
    await nft.tables.add({ family, name: 'verbs', comment: 'one-shot' });
    expect(await nft.tables.get({ family, name: 'verbs' })).toMatchObject({ name: 'verbs', comment: 'one-shot' });
    await nft.chains.add({ family, table: 'verbs', name: 'in', hook: 'input', priority: 10, policy: 'accept' });
    expect(await nft.chains.get({ family, table: 'verbs', name: 'in' })).toMatchObject({ hook: 'input', priority: 10, policy: 'accept', type: 'filter' });
    const first = await nft.rules.add({ family, table: 'verbs', chain: 'in', comment: 'first', expressions: [{ name: 'counter', data: {} }] });
    const zeroth = await nft.rules.insert({ family, table: 'verbs', chain: 'in', comment: 'zeroth', expressions: [{ name: 'counter', data: {} }] });
    expect(typeof first).toBe('bigint');
    expect((await nft.rules.list({ family, table: 'verbs' })).map((r) => [r.handle, r.comment])).toEqual([[zeroth, 'zeroth'], [first, 'first']]);
    await nft.rules.replace({ family, table: 'verbs', chain: 'in', handle: first!, comment: 'replaced', expressions: [{ name: 'immediate', data: { dreg: 0, data: verdict('accept') } }] });
    expect(await nft.rules.get({ family, table: 'verbs', chain: 'in', handle: first! })).toMatchObject({ comment: 'replaced', expressions: [{ name: 'immediate', data: { data: { verdict: { code: 'accept' } } } }] });
    await nft.rules.delete({ family, table: 'verbs', chain: 'in', handle: zeroth! });
    expect(await nft.rules.list({ family, table: 'verbs' })).toHaveLength(1);

    await nft.sets.add({ family, table: 'verbs', name: 'timed', keyType: 'ipv4_addr', timeout: 3_600_000, comment: 'timed' });
    expect(await nft.sets.get({ family, table: 'verbs', name: 'timed' })).toMatchObject({ flags: ['timeout'], timeout: 3_600_000n, keyType: 'ipv4_addr', keyLen: 4, comment: 'timed' });
    await nft.elements.add({ family, table: 'verbs', set: 'timed' }, [{ key: value.ipv4('10.1.1.1'), timeout: 600_000, comment: 'ten' }, { key: value.ipv4('10.1.1.2') }]);
    const [got] = await nft.elements.get({ family, table: 'verbs', set: 'timed' }, [{ key: value.ipv4('10.1.1.1') }]);
    expect(got).toMatchObject({ key: value.ipv4('10.1.1.1'), timeout: 600_000n, comment: 'ten' });
    expect(got!.expiration).toBeLessThanOrEqual(600_000n);
    await nft.elements.delete({ family, table: 'verbs', set: 'timed' }, [{ key: value.ipv4('10.1.1.2') }]);
    expect(await nft.elements.list({ family, table: 'verbs', set: 'timed' })).toHaveLength(1);
    const json = ns!.nftJson('list', 'set', 'inet', 'verbs', 'timed').nftables.find((o) => 'set' in o)!.set;
    expect(json.elem).toEqual([{ elem: expect.objectContaining({ val: '10.1.1.1', timeout: 600, comment: 'ten' }) }]);

    await nft.objects.add({ family, table: 'verbs', name: 'hits', type: 'counter', data: { packets: 5n, bytes: 500n } });
    expect(await nft.objects.reset({ family, table: 'verbs', name: 'hits', type: 'counter' })).toMatchObject({ data: { packets: 5n, bytes: 500n } });
    expect(await nft.objects.get({ family, table: 'verbs', name: 'hits', type: 'counter' })).toMatchObject({ data: { packets: 0n, bytes: 0n } });
    await nft.objects.delete({ family, table: 'verbs', name: 'hits', type: 'counter' });
    expect(await nft.objects.list({ family, table: 'verbs' })).toEqual([]);

    const missing = await nft.tables.get({ family, name: 'nope' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ errnoName: 'ENOENT' });
    await nft.tables.delete({ family, name: 'verbs' });
    await nft.tables.destroy({ family, name: 'verbs' });
    expect(tableNames()).not.toContain('verbs');
  });

  it.skipIf(!flowtables)(`flowtables: added, got and listed as nft lists them${flowtables ? '' : ' (skipped: this kernel has no flowtables, CONFIG_NF_FLOW_TABLE)'}`, async () => {
    ns!.ip('link', 'add', 'ft0', 'type', 'veth', 'peer', 'name', 'ft1');
    const nft = nfnl.nftables;
    await nft.tables.add({ family, name: 'flows' });
    await nft.flowtables.add({ family, table: 'flows', name: 'ft', hook: 'ingress', priority: 0, devices: ['ft0'] });
    expect(await nft.flowtables.get({ family, table: 'flows', name: 'ft' })).toMatchObject({ hook: 'ingress', priority: 0, devices: ['ft0'] });
    const listed = ns!.nftJson('list', 'flowtables').nftables.filter((o) => 'flowtable' in o).map((o) => o.flowtable);
    expect(listed).toMatchObject([{ family, table: 'flows', name: 'ft', hook: 'ingress', prio: 0 }]);
    expect(await nft.flowtables.list({ family, table: 'flows' })).toHaveLength(1);
    await nft.tables.delete({ family, name: 'flows' });
  });

  it.skipIf(flowtables)(`flowtables: a kernel without them refuses the add with ENOENT, naming the message; nothing is added${flowtables ? ' (skipped: this kernel has flowtables)' : ''}`, async () => {
    const nft = nfnl.nftables;
    await nft.tables.add({ family, name: 'flows' });
    const error = await nft.flowtables.add({ family, table: 'flows', name: 'ft', hook: 'ingress', priority: 0, devices: ['lo'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchError);
    // nf_tables finds no flowtable type for the family (nft_flowtable_type_get): ENOENT, without ext-ack.
    expect((error as BatchError).failures).toMatchObject([{ index: 0, description: 'add flowtable inet flows ft', error: { errnoName: 'ENOENT' } }]);
    expect(await nft.flowtables.list({ family, table: 'flows' })).toEqual([]);
    await nft.tables.delete({ family, name: 'flows' });
  });
});
