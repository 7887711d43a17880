// Expressions the corpora lack, against the bytes nft 1.0.6 sent for them (strace -xx of `nft add rule …` in a
// throwaway network namespace), on a freshly imported package (their declarations are module-level values;
// see nft-oracles-fresh-import.test.ts):
// - `add @s { ip saddr counter limit rate 10/second }` (set s: ipv4_addr, flags dynamic): a dynset with two
//   expressions, sent as NFTA_DYNSET_EXPRESSIONS with NFT_DYNSET_F_EXPR; the kernel took it and nft listed
//   the rule as written;
// - `queue num 3 bypass`: this kernel has no queue expression and refused it, after nft sent it.
import { compileMessage } from '@linx/netlink-codec';
import { iterateAttributes, NLA_TYPE_MASK } from '@linx/netlink-wire';
import { beforeEach, describe, expect, it, vi } from 'vitest';

beforeEach(() => {
  vi.resetModules();
});

const bytes = (s: string) => Uint8Array.from(s.split('\\x').slice(1).map((h) => parseInt(h, 16)));
// NFTA_RULE_EXPRESSIONS' payload as nft sent it.
const DYNSET_RULE = bytes(String.raw`\x34\x00\x01\x80\x0c\x00\x01\x00\x70\x61\x79\x6c\x6f\x61\x64\x00\x24\x00\x02\x80\x08\x00\x01\x00\x00\x00\x00\x01\x08\x00\x02\x00\x00\x00\x00\x01\x08\x00\x03\x00\x00\x00\x00\x0c\x08\x00\x04\x00\x00\x00\x00\x04\x98\x00\x01\x80\x0b\x00\x01\x00\x64\x79\x6e\x73\x65\x74\x00\x00\x88\x00\x02\x80\x08\x00\x04\x00\x00\x00\x00\x01\x08\x00\x03\x00\x00\x00\x00\x00\x06\x00\x01\x00\x73\x00\x00\x00\x08\x00\x02\x00\x00\x00\x00\x01\x5c\x00\x0a\x80\x14\x00\x01\x80\x0c\x00\x01\x00\x63\x6f\x75\x6e\x74\x65\x72\x00\x04\x00\x02\x80\x44\x00\x01\x80\x0a\x00\x01\x00\x6c\x69\x6d\x69\x74\x00\x00\x00\x34\x00\x02\x80\x0c\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x0a\x0c\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x08\x00\x03\x00\x00\x00\x00\x05\x08\x00\x04\x00\x00\x00\x00\x00\x08\x00\x05\x00\x00\x00\x00\x00\x08\x00\x09\x00\x00\x00\x00\x02`);
const QUEUE_RULE = bytes(String.raw`\x2c\x00\x01\x80\x0a\x00\x01\x00\x71\x75\x65\x75\x65\x00\x00\x00\x1c\x00\x02\x80\x06\x00\x01\x00\x00\x03\x00\x00\x06\x00\x02\x00\x00\x01\x00\x00\x06\x00\x03\x00\x00\x01\x00\x00`);

/** A NEWRULE payload (nfgenmsg of NFPROTO_IPV4, then NFTA_RULE_EXPRESSIONS holding `expressions`). */
const rulePayload = (expressions: Uint8Array) => Uint8Array.from([2, 0, 0, 0, (expressions.length + 4) & 0xff, (expressions.length + 4) >> 8, 4, 0x80, ...expressions]);

describe("expressions the corpora lack, as nft sent them, on a fresh import", () => {
  it('a dynset with two expressions decodes as sent and prints as nft listed it', async () => {
    const { nft } = await import('../src/index.js');
    const codec = compileMessage(nft.messages.ruleMessage);
    const { attrs } = codec.decode(rulePayload(DYNSET_RULE)) as { attrs: { expressions: { elem: unknown[] } } };
    const expressions = attrs.expressions.elem;
    expect(expressions[1]).toEqual({
      name: 'dynset',
      // NFT_DYNSET_OP_ADD, NFTA_DYNSET_SREG_KEY NFT_REG_1, the set by name and batch id, NFT_DYNSET_F_EXPR.
      data: {
        sregKey: 1, op: 'add', setName: 's', setId: 1, flags: ['expr'],
        // limit rate 10/second: NFT_LIMIT_PKTS, 10 per 1 s, nft's default burst 5.
        expressions: { elem: [{ name: 'counter', data: {} }, { name: 'limit', data: { rate: 10n, unit: 1n, burst: 5, type: 'pkts', flags: [] } }] },
      },
    });
    expect(nft.ruleStatements({ family: 'ip', table: 't', chain: 'c', handle: 2n, expressions } as never).text).toBe('add @s { ip saddr counter limit rate 10/second }');
  });

  it("queue num 3 bypass: linx's expression is nft's bytes", async () => {
    const { nft } = await import('../src/index.js');
    const op = nft.ruleOps.add({ family: 'ip', table: 't', chain: 'c', expressions: [{ name: 'queue', data: { num: 3, total: 1, flags: ['bypass'] } }] });
    const sent = compileMessage(nft.messages.ruleMessage).encode(op.value as never);
    const NFTA_RULE_EXPRESSIONS = 4;
    const expressions = [...iterateAttributes(sent, 4)].find((a) => (a.type & NLA_TYPE_MASK) === NFTA_RULE_EXPRESSIONS)!;
    expect([...expressions.payload]).toEqual([...QUEUE_RULE]);
  });
});
