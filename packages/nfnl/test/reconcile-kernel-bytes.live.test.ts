// The kernel's own listing of reconcile's desired ruleset, kept for the unit test that needs no root
// (reconcile-from-kernel-bytes.test.ts): DESIRED_TEXT loaded with `nft -f` in a throwaway namespace, then
// the NFT_MSG_NEW* replies the kernel sent to `nft list ruleset` (strace). Here the replies, read through a
// fake kernel, must plan as nothing to do, as the ruleset itself does read through the kernel; with
// LINX_UPDATE_FIXTURES=1 they are written to fixtures/reconcile-observed.json.
import { writeFileSync } from 'node:fs';
import { parseMessages } from '@linx/netlink-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Nfnl, nft } from './helpers/imports.js';
import { DESIRED_TEXT, desiredRuleset } from './helpers/desired-ruleset.js';
import { replayKernel, repliesOf } from './helpers/kernel-replay.js';
import { canRunLive, createNamespace, run, traceNetlink } from './helpers/live.js';

const { plan, observe } = nft.reconcile;
const owned = { tag: 'linx-rc' };

describe.skipIf(!canRunLive())('the kernel bytes of the ruleset nft -f loads from DESIRED_TEXT', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  beforeAll(() => {
    ns = createNamespace('rcbytes');
    ns.nft(DESIRED_TEXT);
  });
  afterAll(() => ns?.remove());

  it('read back through a fake kernel, plan finds nothing to do (and are kept as the fixture with LINX_UPDATE_FIXTURES=1)', async () => {
    const traced = traceNetlink(['ip', 'netns', 'exec', ns!.name, 'nft', 'list', 'ruleset']);
    const replies = [...new Set(traced.received.flatMap((d) => parseMessages(d)).filter((m) => m.type >> 8 === 10).map((m) => `${m.type} ${Buffer.from(m.payload).toString('hex')}`))].map((line) => {
      const [type, hex] = line.split(' ');
      return [Number(type), hex!] as [number, string];
    });
    const nfnl = new Nfnl(replayKernel(repliesOf(replies)));
    try {
      expect(plan(desiredRuleset(), await observe(nfnl), { owned }).steps).toEqual([]);
    } finally {
      nfnl.close();
    }
    if (process.env.LINX_UPDATE_FIXTURES) {
      const source = `${run(['nft', '--version']).stdout.trim()}; DESIRED_TEXT (helpers/desired-ruleset.ts) loaded with nft -f in a namespace; nft list ruleset run under strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e read=all (its NFT_MSG_NEW* replies kept once each)`;
      writeFileSync(new URL('./fixtures/reconcile-observed.json', import.meta.url), `${JSON.stringify({ source, listing: traced.stdout, replies })}\n`);
    }
  });
});
