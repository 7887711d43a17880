// An expression linx does not declare, as this kernel sends it and takes it back: iptables-nft's `-m
// comment` is the `match` expression (nft_compat.c, CONFIG_NFT_COMPAT), which nfnl has no declaration for
// (nft itself cannot make it). Listed, its NFTA_EXPR_DATA is under `raw`, never `data`; its bytes are the
// NFTA_MATCH_* attributes nft's own `--debug=netlink` shows (`match name comment rev 0`); and the listed
// rule, sent back as it was listed (or with the bytes under `data`, as before `raw` existed), is a rule
// nft prints the same. (This file used nft's `ipsec in reqid 1`, the xfrm expression, until nfnl declared it.)
import { kernelSkipReason } from '@linx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAttributes } from '@linx/netlink-wire';
import type { Nfnl } from './helpers/imports.js';
import { createNamespace, runOrThrow } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';

const skip = kernelSkipReason(['ip', 'nft', 'iptables-nft']);

describe.skipIf(skip !== undefined)(`an undeclared expression (iptables-nft's match) from the kernel and back${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;
  const listing = () => runOrThrow(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'chain', 'ip', 'filter', 'INPUT']);

  beforeAll(async () => {
    ns = createNamespace('raw');
    nfnl = await openIn(ns);
    runOrThrow(['ip', 'netns', 'exec', ns.name, 'iptables-nft', '-t', 'filter', '-A', 'INPUT', '-m', 'comment', '--comment', 'hi', '-j', 'ACCEPT']);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('is listed as { name, raw }: the NFTA_MATCH_* attributes iptables-nft sent, no data', async () => {
    const [rule] = await nfnl!.nftables.rules.list({ family: 'ip', table: 'filter' });
    expect(rule!.expressions.map((e) => e.name)).toEqual(['match', 'counter', 'immediate']);
    const match = rule!.expressions[0]!;
    expect(match).not.toHaveProperty('data');
    expect(match.raw).toBeInstanceOf(Uint8Array);
    // linux/netfilter/nf_tables_compat.h: NFTA_MATCH_NAME 1 (a NUL-terminated string), NFTA_MATCH_REV 2
    // (u32, big-endian), NFTA_MATCH_INFO 3 (struct xt_comment_info: the comment in 256 bytes), in that order.
    const attributes = parseAttributes(match.raw!).map((a) => [a.type, [...a.payload]]);
    const comment = new Uint8Array(256);
    comment.set([104, 105]);
    expect(attributes).toEqual([
      [1, [...Buffer.from('comment\0')]],
      [2, [0, 0, 0, 0]],
      [3, [...comment]],
    ]);
    // The declared expressions beside it still decode by name.
    const immediate = rule!.expressions[2]!;
    if (immediate.name !== 'immediate') throw new Error('not immediate');
    expect(immediate.data?.data?.verdict?.code).toBe('accept');
  });

  it('sent back from raw, or from bytes under data, is the rule nft prints the same', async () => {
    const [rule] = await nfnl!.nftables.rules.list({ family: 'ip', table: 'filter' });
    const printed = listing().split('\n').filter((line) => line.includes('counter'));
    expect(printed).toHaveLength(1);
    await nfnl!.nftables.rules.add({ family: 'ip', table: 'filter', chain: 'INPUT', expressions: rule!.expressions });
    const [match, ...rest] = rule!.expressions;
    await nfnl!.nftables.rules.add({ family: 'ip', table: 'filter', chain: 'INPUT', expressions: [{ name: match!.name, data: match!.raw }, ...rest] });
    expect(listing().split('\n').filter((line) => line.includes('counter'))).toEqual([printed[0], printed[0], printed[0]]);
    const again = await nfnl!.nftables.rules.list({ family: 'ip', table: 'filter' });
    expect(again.map((r) => r.expressions[0])).toEqual([match, match, match]);
  });
});
