// rules.stream() against a fake kernel (the kernel test, rule-stream.live.test.ts, needs root): the dump it
// asks for (NFT_MSG_GETRULE with NLM_F_DUMP, the family, table and chain as filter attributes, as
// nf_tables_dump_rules reads them) and the rules it hands out, only those of the asked-for table and chain
// (kernels before 4.x ignore the filter). Also which argument a rule's bad table name is refused as.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { Nfnl, nft } from '../src/index.js';

const codec = compileMessage(nft.messages.ruleMessage);
const ruleOf = (table: string, chain: string, handle: bigint) => codec.encode({ header: { family: 'inet' }, attrs: { table, chain, handle, expressions: { elem: [] } } });

describe('rules.stream', () => {
  it('dumps NFT_MSG_GETRULE with the filter and yields only the rules of the table and chain asked for', async () => {
    // NFT_MSG_GETRULE is 7, NEWRULE 6 (linux/netfilter/nf_tables.h), in subsystem NFNL_SUBSYS_NFTABLES (10).
    const kernel = new FakeKernel((req, k) => k.multipart(req, [ruleOf('a', 'x', 1n), ruleOf('b', 'x', 2n), ruleOf('a', 'y', 3n), ruleOf('a', 'x', 4n)], { type: 0xa06 }));
    const nfnl = new Nfnl(kernel);
    const handles: bigint[] = [];
    for await (const rule of nfnl.nftables.rules.stream({ family: 'inet', table: 'a', chain: 'x' })) handles.push(rule.handle!);
    expect(handles).toEqual([1n, 4n]);
    const request = kernel.requests[0]!;
    expect(request.type).toBe(0xa07);
    expect(request.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    expect(codec.decode(request.payload)).toMatchObject({ header: { family: 'inet' }, attrs: { table: 'a', chain: 'x' } });
    const all: bigint[] = [];
    for await (const rule of nfnl.nftables.rules.stream()) all.push(rule.handle!);
    expect(all).toEqual([1n, 2n, 3n, 4n]);
    expect(kernel.requests[1]!.payload).toEqual(Uint8Array.of(0, 0, 0, 0)); // NFPROTO_UNSPEC, no filter
    nfnl.close();
  });
});

describe('rule names', () => {
  it("a rule's empty table is refused as `table`, on add and on delete", () => {
    for (const f of [() => nft.ruleOps.add({ family: 'inet', table: '', chain: 'c', expressions: [] }), () => nft.ruleOps.delete({ family: 'inet', table: '', chain: 'c', handle: 1n })]) {
      expect(f).toThrow(InvalidArgumentError);
      expect(f).toThrow(expect.objectContaining({ argument: 'table' }));
    }
  });
});
