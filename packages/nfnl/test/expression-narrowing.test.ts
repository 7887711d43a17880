// A listed rule's expressions narrow by name: `nft.expr.isExpression(e, 'payload')` gives `data` the
// payload expression's type (checked by tsc on the tests), and holds exactly for expressions of that name.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { nft, type Expression } from '../src/index.js';

const expressions: Expression[] = [
  { name: 'payload', data: { base: 'network', offset: 12, len: 4, dreg: 1 } },
  { name: 'cmp', data: { sreg: 1, op: 'eq', data: { value: Uint8Array.of(10, 0, 0, 1) } } },
  { name: 'osf', data: Uint8Array.of(1, 2) } as Expression,
];

describe('nft.expr.isExpression', () => {
  it('narrows data by name', () => {
    const [payload] = expressions;
    if (!nft.expr.isExpression(payload!, 'payload')) throw new Error('not a payload expression');
    expectTypeOf(payload.name).toEqualTypeOf<'payload'>();
    expectTypeOf(payload.data).toEqualTypeOf<nft.expr.ExpressionOf<'payload'>['data']>();
    // Without the narrowing, the bytes of an undeclared expression would still be a possible `data`.
    expectTypeOf<Uint8Array>().not.toMatchTypeOf<typeof payload.data>();
    expect(payload.data?.offset).toBe(12);
  });

  it('holds for that name only', () => {
    expect(expressions.map((e) => nft.expr.isExpression(e, 'payload'))).toEqual([true, false, false]);
    expect(expressions.map((e) => nft.expr.isExpression(e, 'cmp'))).toEqual([false, true, false]);
  });
});
