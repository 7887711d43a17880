// Whatever a rule holds (expressions in any order, registers that hold nothing, odd lengths and values),
// printing it either succeeds or fails with UnrenderableRuleError: never a TypeError or RangeError from
// inside the renderer. Expressions are generated in the shapes the codec decodes to.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nft, type Rule } from '../src/index.js';

const reg = fc.constantFrom(0, 1, 2, 8, 9, 12);
const bytes = fc.uint8Array({ minLength: 0, maxLength: 17 });
const data = fc.oneof(bytes.map((value) => ({ value })), fc.constantFrom({ verdict: { code: 'accept' } }, { verdict: { code: 'jump', chain: 'x' } }), fc.constant({}));
const expression = fc.oneof(
  fc.record({ name: fc.constant('payload'), data: fc.record({ dreg: reg, base: fc.constantFrom('link', 'network', 'transport', 'inner'), offset: fc.nat(40), len: fc.integer({ min: 0, max: 17 }) }) }),
  fc.record({ name: fc.constant('payload'), data: fc.record({ sreg: reg, base: fc.constantFrom('network', 'transport'), offset: fc.nat(20), len: fc.integer({ min: 1, max: 4 }) }) }),
  fc.record({ name: fc.constant('meta'), data: fc.record({ dreg: reg, key: fc.constantFrom('mark', 'iifname', 'l4-proto', 'nfproto', 'protocol', 'iftype', 'len', 'time-ns', 99 as never) }) }),
  fc.record({ name: fc.constant('meta'), data: fc.record({ sreg: reg, key: fc.constantFrom('mark', 'priority', 'nftrace') }) }),
  fc.record({ name: fc.constant('ct'), data: fc.record({ dreg: reg, key: fc.constantFrom('state', 'mark', 'proto-dst', 'src', 'labels') }, { requiredKeys: ['key'] }) }),
  fc.record({ name: fc.constant('cmp'), data: fc.record({ sreg: reg, op: fc.constantFrom('eq', 'neq', 'lt', 'lte', 'gt', 'gte'), data }) }),
  fc.record({ name: fc.constant('bitwise'), data: fc.record({ sreg: reg, dreg: reg, len: fc.nat(16), mask: data, xor: data }, { requiredKeys: ['sreg', 'dreg'] }) }),
  fc.record({ name: fc.constant('range'), data: fc.record({ sreg: reg, op: fc.constantFrom('eq', 'neq'), fromData: data, toData: data }) }),
  fc.record({ name: fc.constant('lookup'), data: fc.record({ sreg: reg, dreg: reg, set: fc.constantFrom('s', '__set0', '__map0') }, { requiredKeys: ['sreg', 'set'] }) }),
  fc.record({ name: fc.constant('immediate'), data: fc.record({ dreg: reg, data }) }),
  fc.record({ name: fc.constantFrom('counter', 'notrack', 'limit', 'log', 'quota', 'reject', 'masq', 'redir', 'nat', 'connlimit', 'queue', 'dynset', 'exthdr', 'fib', 'numgen', 'hash', 'tproxy', 'objref', 'socket', 'rt'), data: fc.constant({}) }),
);
const sets = [
  { family: 'inet', table: 't', name: '__set0', flags: ['anonymous', 'constant'], keyType: 'inet_service', keyLen: 2, elements: [{ key: Uint8Array.of(0, 22), flags: [] }] },
  { family: 'inet', table: 't', name: '__map0', flags: ['anonymous', 'constant', 'map'], keyType: 'ipv4_addr', keyLen: 4, dataType: 'verdict', elements: [{ key: Uint8Array.of(10, 0, 0, 1), flags: [], verdict: { code: 'drop' } }] },
  { family: 'inet', table: 't', name: 's', flags: ['interval'], keyType: 'ipv4_addr . inet_service', keyLen: 8, elements: [] },
] as never;

describe('printing any rule', () => {
  it('succeeds or throws UnrenderableRuleError', () => {
    fc.assert(
      fc.property(fc.constantFrom('inet', 'ip', 'ip6', 'bridge', 'netdev', 'arp'), fc.array(expression, { maxLength: 8 }), (family, expressions) => {
        const rule = { family, table: 't', chain: 'c', expressions } as unknown as Rule;
        try {
          const printed = nft.ruleStatements(rule, sets);
          expect(typeof printed.text).toBe('string');
        } catch (error) {
          expect(error, String((error as Error).stack)).toBeInstanceOf(nft.UnrenderableRuleError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
