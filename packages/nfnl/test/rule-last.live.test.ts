// `last` (when a rule last matched; built into nf_tables since Linux 5.19) against this kernel: nft 1.0.6
// does not know it (it lists such a rule without statements), so the oracles are the kernel and libnftnl's
// layout: linx compiles `last` to NFTA_LAST_MSECS 0 then NFTA_LAST_SET 0 (the order nft_expr_last_build in
// libnftnl writes), the kernel takes it and lists it unused, a packet that matches sets it, and linx
// prints both as nft 1.0.7+ does (`last used never`, `last used 12ms`; nft -j `{"last": null}`,
// `{"last": {"used": 12}}`, from nftables' statement.c and json.c). Needs root, ip, nft and python3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { AttributeEncoder } from '@linx/netlink-wire';
import { nft, type Nfnl } from './helpers/imports.js';
import { canRunNft, createNamespace, run } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';

const live = canRunNft() && run(['python3', '-c', '0']).status === 0;

describe.skipIf(!live)('last: compiled, held by the kernel, set by a packet, printed', () => {
  let ns: ReturnType<typeof createNamespace> | undefined;
  let nfnl: Nfnl | undefined;

  beforeAll(async () => {
    ns = createNamespace('last');
    nfnl = await openIn(ns);
    ns.ip('link', 'set', 'lo', 'up');
    ns.nft('table inet t {\n chain c { type filter hook input priority 0; }\n}\n');
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it("compiles to libnftnl's attributes, in its order", () => {
    const [e] = nft.compileRule('last', { family: 'inet', table: 't' }).expressions;
    const bytes = compileMessage(nft.messages.ruleMessage).encode({ header: { family: 'inet' }, attrs: { expressions: { elem: [e!] } } } as never);
    // NFTA_LIST_ELEM { NFTA_EXPR_NAME "last", NFTA_EXPR_DATA { NFTA_LAST_MSECS be64 0, NFTA_LAST_SET be32 0 } }.
    const expected = new AttributeEncoder()
      .nested(4, (list) => list.nested(1, (elem) => elem.string(1, 'last').nested(2, (data) => data.be64(2, 0n).be32(1, 0))))
      .finish();
    expect(Buffer.from(bytes.subarray(4)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    expect(nft.compileRule('last used never', { family: 'inet', table: 't' }).expressions).toEqual([e]);
    expect(String(new nft.RuleBuilder().match('udp dport', 9).last().counter())).toBe('udp dport 9 last counter');
  });

  it('the kernel holds it unused; a matching packet sets it', async () => {
    await nfnl!.nftables.rules.add({ family: 'inet', table: 't', chain: 'c', rule: new nft.RuleBuilder().match('udp dport', 9).last().counter() });
    const before = await nfnl!.nftables.ruleset();
    const [rule] = before.rules;
    expect(rule!.expressions.find((x) => x.name === 'last')!.data).toEqual({ set: 0, msecs: 0n });
    const printed = nft.ruleStatements(rule!, before.sets);
    expect(printed.text).toBe('udp dport 9 last used never counter packets 0 bytes 0');
    expect(printed.json).toContainEqual({ last: null });

    // One datagram to 127.0.0.1:9 from inside the namespace.
    const sent = run(['ip', 'netns', 'exec', ns!.name, 'python3', '-c', "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', 9))"]);
    expect(sent.status, sent.stderr).toBe(0);
    const after = await nfnl!.nftables.ruleset();
    const last = after.rules[0]!.expressions.find((x) => x.name === 'last')!.data as { set: number; msecs: bigint };
    expect(last.set).toBe(1);
    const used = Number(last.msecs);
    const again = nft.ruleStatements(after.rules[0]!, after.sets);
    expect(again.text).toBe(`udp dport 9 last used ${nft.timeText(used)} counter packets 1 bytes 29`);
    expect(again.json).toContainEqual({ last: { used } });
  });
});
