// An expression linx does not declare, as this kernel sends it and takes it back: nft's `ipsec in reqid 1`
// is the `xfrm` expression (nft_xfrm.c, CONFIG_NFT_XFRM), which nfnl has no declaration for. Listed, its
// NFTA_EXPR_DATA is under `raw`, never `data`; its bytes are the NFTA_XFRM_* attributes nft's own
// `--debug=netlink` shows (`xfrm load in 0 reqid => reg 1`); and the listed rule, sent back as it was
// listed (or with the bytes under `data`, as before `raw` existed), is a rule nft prints the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAttributes } from '@linx/netlink-wire';
import type { Nfnl } from './helpers/imports.js';
import { canRunNft, createNamespace, run } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';

const live = canRunNft();

describe.skipIf(!live)('an undeclared expression (xfrm) from the kernel and back', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;

  beforeAll(async () => {
    ns = createNamespace('raw');
    nfnl = await openIn(ns);
    ns.nft('add table ip t\nadd chain ip t c { type filter hook prerouting priority raw; }\nadd rule ip t c ipsec in reqid 1 accept\n');
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('is listed as { name, raw }: the NFTA_XFRM_* attributes nft sent, no data', async () => {
    const [rule] = await nfnl!.nftables.rules.list({ family: 'ip', table: 't' });
    expect(rule!.expressions.map((e) => e.name)).toEqual(['xfrm', 'cmp', 'immediate']);
    const xfrm = rule!.expressions[0]!;
    expect(xfrm).not.toHaveProperty('data');
    expect(xfrm.raw).toBeInstanceOf(Uint8Array);
    // linux/netfilter/nf_tables.h: NFTA_XFRM_DREG 1 (u32), NFTA_XFRM_KEY 2 (u32, NFT_XFRM_KEY_REQID 5),
    // NFTA_XFRM_DIR 3 (u8, XFRM_POLICY_IN 0), NFTA_XFRM_SPNUM 4 (u32), nft_xfrm_get_dump's order; u32s big-endian.
    const attributes = parseAttributes(xfrm.raw!).map((a) => [a.type, [...a.payload]]);
    expect(attributes).toEqual([
      [1, [0, 0, 0, 1]],
      [2, [0, 0, 0, 5]],
      [3, [0]],
      [4, [0, 0, 0, 0]],
    ]);
    // The declared expressions beside it still decode by name.
    const cmp = rule!.expressions[1]!;
    if (cmp.name !== 'cmp') throw new Error('not cmp');
    expect(cmp.data?.sreg).toBe(1);
  });

  it('sent back from raw, or from bytes under data, is the rule nft prints the same', async () => {
    const [rule] = await nfnl!.nftables.rules.list({ family: 'ip', table: 't' });
    await nfnl!.nftables.rules.add({ family: 'ip', table: 't', chain: 'c', expressions: rule!.expressions });
    const [xfrm, ...rest] = rule!.expressions;
    await nfnl!.nftables.rules.add({ family: 'ip', table: 't', chain: 'c', expressions: [{ name: xfrm!.name, data: xfrm!.raw }, ...rest] });
    const listing = run(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'chain', 'ip', 't', 'c']).stdout;
    expect(listing.split('\n').filter((line) => line.trim() === 'ipsec in reqid 1 accept')).toHaveLength(3);
    const again = await nfnl!.nftables.rules.list({ family: 'ip', table: 't' });
    expect(again.map((r) => r.expressions[0])).toEqual([xfrm, xfrm, xfrm]);
  });
});
