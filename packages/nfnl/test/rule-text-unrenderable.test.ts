// Rules whose expressions linx cannot print as nft does fail with UnrenderableRuleError, which names the
// expression (its 1-based position in the message, its index and name as fields) and why, never with a
// wrong line. The expressions here are ones nft never writes (unknown keys, missing data, registers that
// hold nothing), so no nft listing exists for them: what is checked is the error's contract.
import { describe, expect, it } from 'vitest';
import { nft, UnrenderableRuleError } from '../src/index.js';

const v = (...bytes: number[]) => ({ value: Uint8Array.from(bytes) });
const rule = (family: 'ip' | 'inet', expressions: { name: string; data?: unknown }[]) => ({ family, table: 't', chain: 'c', expressions }) as never;

describe('expressions linx cannot print', () => {
  const cases: [title: string, family: 'ip' | 'inet', expressions: { name: string; data?: unknown }[], index: number, why: string][] = [
    ['an unknown meta key', 'inet', [{ name: 'meta', data: { key: 'bogus', dreg: 1 } }], 0, 'meta key bogus'],
    ['an unknown ct key', 'inet', [{ name: 'ct', data: { key: 'bogus', dreg: 1 } }], 0, 'ct key bogus'],
    ['a byteorder other than hton and ntoh', 'inet', [{ name: 'meta', data: { key: 'len', dreg: 1 } }, { name: 'byteorder', data: { sreg: 1, dreg: 1, op: 'bogus', len: 4, size: 4 } }], 1, 'byteorder bogus'],
    ['a merged payload compared for inequality', 'ip', [{ name: 'payload', data: { dreg: 1, base: 'network', offset: 12, len: 8 } }, { name: 'cmp', data: { sreg: 1, op: 'neq', data: v(1, 2, 3, 4, 5, 6, 7, 8) } }], 1, 'a merged payload compared other than for equality'],
    ['a merged payload compared with nothing', 'ip', [{ name: 'payload', data: { dreg: 1, base: 'network', offset: 12, len: 8 } }, { name: 'cmp', data: { sreg: 1, op: 'eq' } }], 1, 'no value compared'],
    ['a compare with nothing', 'inet', [{ name: 'meta', data: { key: 'mark', dreg: 1 } }, { name: 'cmp', data: { sreg: 1, op: 'eq' } }], 1, 'no value compared'],
    ['a compare of an empty register', 'inet', [{ name: 'cmp', data: { sreg: 1, op: 'eq', data: v(1) } }], 0, 'register 1 holds nothing here'],
    ['a compare of an immediate value', 'inet', [{ name: 'immediate', data: { dreg: 1, data: v(1) } }, { name: 'cmp', data: { sreg: 1, op: 'eq', data: v(1) } }], 1, 'register 1 holds a imm here'],
    ['an unknown compare operator', 'inet', [{ name: 'meta', data: { key: 'mark', dreg: 1 } }, { name: 'cmp', data: { sreg: 1, op: 'bogus', data: v(1, 0, 0, 0) } }], 1, 'cmp bogus'],
    ['a value in the verdict register', 'inet', [{ name: 'immediate', data: { dreg: 0, data: v(1) } }], 0, 'a value in the verdict register'],
    ['a verdict in a data register', 'inet', [{ name: 'immediate', data: { dreg: 1, data: { verdict: { code: 'accept' } } } }], 0, 'a verdict in a data register'],
    ['an unknown fib result', 'inet', [{ name: 'fib', data: { dreg: 1, result: 'bogus', flags: ['daddr'] } }], 0, 'fib result bogus'],
    ['an unknown rt key', 'inet', [{ name: 'rt', data: { dreg: 1, key: 'bogus' } }], 0, 'rt key bogus'],
    ['an unknown socket key', 'inet', [{ name: 'socket', data: { dreg: 1, key: 'bogus' } }], 0, 'socket key bogus'],
    ['an object map', 'inet', [{ name: 'objref', data: { setName: 'm', sreg: 1 } }], 0, 'an object map'],
    ['a bitwise shift', 'inet', [{ name: 'meta', data: { key: 'mark', dreg: 1 } }, { name: 'bitwise', data: { sreg: 1, dreg: 1, op: 'lshift', len: 4 } }], 1, 'bitwise lshift'],
    ['a bitwise without a mask', 'inet', [{ name: 'meta', data: { key: 'mark', dreg: 1 } }, { name: 'bitwise', data: { sreg: 1, dreg: 1, len: 4 } }], 1, 'no mask'],
    ['an expression linx does not know', 'inet', [{ name: 'counter', data: {} }, { name: 'tunnel', data: {} }], 1, 'linx does not print this expression yet'],
  ];
  for (const [title, family, expressions, index, why] of cases) {
    it(title, () => {
      const name = expressions[index]!.name;
      let error: unknown;
      try {
        nft.ruleStatements(rule(family, expressions));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnrenderableRuleError);
      expect(error).toMatchObject({ code: 'ERR_LINX_NFT_UNRENDERABLE', index, expression: name });
      expect((error as Error).message).toBe(`expression ${index + 1} (${name}) cannot be printed as nft prints it: ${why}`);
    });
  }

  it('data of a shape nft never writes: named as such, the error it caused kept as the cause', () => {
    const expressions = [{ name: 'meta', data: { key: 'len', dreg: 1 } }, { name: 'range', data: { sreg: 1, op: 'eq' } }];
    let error: unknown;
    try {
      nft.ruleStatements(rule('inet', expressions));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'ERR_LINX_NFT_UNRENDERABLE', index: 1, expression: 'range' });
    expect((error as Error).message).toMatch(/^expression 2 \(range\) cannot be printed as nft prints it: its data is not as nft writes it \(.+\)$/);
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(TypeError);
  });
});

// `last` (Linux 5.19): nft 1.0.6 here does not know it, so its printing is checked against nftables 1.0.7+'s
// own code (statement.c last_stmt_print: `last used never`, else `last used ` and time_print; json.c: `{"last":
// null}`, else `{"last": {"used": <ms>}}`), as rule-last.live.test.ts checks it with the kernel.
describe('last, as nft 1.0.7 and later print it', () => {
  it('unused: last used never', () => {
    const r = nft.ruleStatements(rule('inet', [{ name: 'last', data: {} }]));
    expect([r.text, r.json]).toEqual(['last used never', [{ last: null }]]);
  });
  it('used 5004 ms ago: last used 5s4ms', () => {
    const r = nft.ruleStatements(rule('inet', [{ name: 'last', data: { set: 1, msecs: 5004n } }]));
    expect([r.text, r.json]).toEqual(['last used 5s4ms', [{ last: { used: 5004 } }]]);
  });
});
