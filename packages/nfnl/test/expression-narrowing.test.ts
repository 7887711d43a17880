// An expression's `data` narrows on its `name`, for every expression nfnl declares (checked by tsc on the
// tests: `expectTypeOf` and `@ts-expect-error` fail the type-check when narrowing breaks), and an expression
// nfnl does not declare keeps its bytes under `raw`, never under `data`, which is what lets the union narrow.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FormatValue } from '@linx/netlink-codec';
import { compileMessage } from '@linx/netlink-codec';
import { nft, type Expression, type ExpressionData, type ExpressionName } from '../src/index.js';

/** A declared expression's data, from its declaration (what narrowing on `name` must give `data`). */
type Data<K extends ExpressionName> = FormatValue<(typeof nft.expr.exprFormats)[K]>;

/** Narrows by `name` alone, as a user would; returns the name each branch saw (the default: undeclared). */
function nameSeen(e: Expression): string {
  switch (e.name) {
    case 'bitwise':
      expectTypeOf(e.data).toEqualTypeOf<Data<'bitwise'> | undefined>();
      return e.name;
    case 'byteorder':
      expectTypeOf(e.data).toEqualTypeOf<Data<'byteorder'> | undefined>();
      return e.name;
    case 'cmp':
      expectTypeOf(e.data).toEqualTypeOf<Data<'cmp'> | undefined>();
      return e.name;
    case 'connlimit':
      expectTypeOf(e.data).toEqualTypeOf<Data<'connlimit'> | undefined>();
      return e.name;
    case 'counter':
      expectTypeOf(e.data).toEqualTypeOf<Data<'counter'> | undefined>();
      return e.name;
    case 'ct':
      expectTypeOf(e.data).toEqualTypeOf<Data<'ct'> | undefined>();
      return e.name;
    case 'dup':
      expectTypeOf(e.data).toEqualTypeOf<Data<'dup'> | undefined>();
      return e.name;
    case 'dynset':
      expectTypeOf(e.data).toEqualTypeOf<Data<'dynset'> | undefined>();
      return e.name;
    case 'exthdr':
      expectTypeOf(e.data).toEqualTypeOf<Data<'exthdr'> | undefined>();
      return e.name;
    case 'fib':
      expectTypeOf(e.data).toEqualTypeOf<Data<'fib'> | undefined>();
      return e.name;
    case 'flow_offload':
      expectTypeOf(e.data).toEqualTypeOf<Data<'flow_offload'> | undefined>();
      return e.name;
    case 'fwd':
      expectTypeOf(e.data).toEqualTypeOf<Data<'fwd'> | undefined>();
      return e.name;
    case 'hash':
      expectTypeOf(e.data).toEqualTypeOf<Data<'hash'> | undefined>();
      return e.name;
    case 'immediate':
      expectTypeOf(e.data).toEqualTypeOf<Data<'immediate'> | undefined>();
      return e.name;
    case 'last':
      expectTypeOf(e.data).toEqualTypeOf<Data<'last'> | undefined>();
      return e.name;
    case 'limit':
      expectTypeOf(e.data).toEqualTypeOf<Data<'limit'> | undefined>();
      return e.name;
    case 'log':
      expectTypeOf(e.data).toEqualTypeOf<Data<'log'> | undefined>();
      return e.name;
    case 'lookup':
      expectTypeOf(e.data).toEqualTypeOf<Data<'lookup'> | undefined>();
      return e.name;
    case 'masq':
      expectTypeOf(e.data).toEqualTypeOf<Data<'masq'> | undefined>();
      return e.name;
    case 'meta':
      expectTypeOf(e.data).toEqualTypeOf<Data<'meta'> | undefined>();
      return e.name;
    case 'nat':
      expectTypeOf(e.data).toEqualTypeOf<Data<'nat'> | undefined>();
      return e.name;
    case 'notrack':
      expectTypeOf(e.data).toEqualTypeOf<Data<'notrack'> | undefined>();
      return e.name;
    case 'numgen':
      expectTypeOf(e.data).toEqualTypeOf<Data<'numgen'> | undefined>();
      return e.name;
    case 'objref':
      expectTypeOf(e.data).toEqualTypeOf<Data<'objref'> | undefined>();
      return e.name;
    case 'osf':
      expectTypeOf(e.data).toEqualTypeOf<Data<'osf'> | undefined>();
      return e.name;
    case 'payload':
      expectTypeOf(e.data).toEqualTypeOf<Data<'payload'> | undefined>();
      return e.name;
    case 'queue':
      expectTypeOf(e.data).toEqualTypeOf<Data<'queue'> | undefined>();
      return e.name;
    case 'quota':
      expectTypeOf(e.data).toEqualTypeOf<Data<'quota'> | undefined>();
      return e.name;
    case 'range':
      expectTypeOf(e.data).toEqualTypeOf<Data<'range'> | undefined>();
      return e.name;
    case 'redir':
      expectTypeOf(e.data).toEqualTypeOf<Data<'redir'> | undefined>();
      return e.name;
    case 'reject':
      expectTypeOf(e.data).toEqualTypeOf<Data<'reject'> | undefined>();
      return e.name;
    case 'rt':
      expectTypeOf(e.data).toEqualTypeOf<Data<'rt'> | undefined>();
      return e.name;
    case 'socket':
      expectTypeOf(e.data).toEqualTypeOf<Data<'socket'> | undefined>();
      return e.name;
    case 'synproxy':
      expectTypeOf(e.data).toEqualTypeOf<Data<'synproxy'> | undefined>();
      return e.name;
    case 'tproxy':
      expectTypeOf(e.data).toEqualTypeOf<Data<'tproxy'> | undefined>();
      return e.name;
    case 'xfrm':
      expectTypeOf(e.data).toEqualTypeOf<Data<'xfrm'> | undefined>();
      return e.name;
    default:
      // (TypeScript does not narrow a switch's default when one member's discriminant is a plain string.)
      return `undeclared ${e.name}`;
  }
}

/** The names the switch above handles: every declared expression (the check below fails on a new one). */
const handled = ['bitwise', 'byteorder', 'cmp', 'connlimit', 'counter', 'ct', 'dup', 'dynset', 'exthdr', 'fib', 'flow_offload', 'fwd', 'hash', 'immediate', 'last', 'limit', 'log', 'lookup', 'masq', 'meta', 'nat', 'notrack', 'numgen', 'objref', 'osf', 'payload', 'queue', 'quota', 'range', 'redir', 'reject', 'rt', 'socket', 'synproxy', 'tproxy', 'xfrm'] as const;
expectTypeOf<(typeof handled)[number]>().toEqualTypeOf<ExpressionName>();
// What is not declared is exactly an undeclared expression: no `data`, its bytes under `raw`.
expectTypeOf<Exclude<Expression, nft.expr.DeclaredExpression>>().toEqualTypeOf<nft.expr.UnknownExpression>();
expectTypeOf<nft.expr.UnknownExpression['data']>().toEqualTypeOf<undefined>();
expectTypeOf<nft.expr.UnknownExpression['raw']>().toEqualTypeOf<Uint8Array | undefined>();
// The named map of each declared expression's data is its declaration's.
expectTypeOf<ExpressionData>().toEqualTypeOf<{ [K in ExpressionName]: Data<K> }>();

const rule = compileMessage(nft.messages.ruleMessage);
/** Expressions as listed: encoded in a rule, decoded back. */
const listed = (expressions: unknown[]) =>
  rule.decode(rule.encode({ header: { family: 'inet' }, attrs: { table: 't', chain: 'c', expressions: { elem: expressions as never } } })).attrs.expressions!.elem! as Expression[];

const expressions = listed([
  { name: 'payload', data: { base: 'network', offset: 12, len: 4, dreg: 1 } },
  { name: 'cmp', data: { sreg: 1, op: 'eq', data: { value: Uint8Array.of(10, 0, 0, 1) } } },
  { name: 'tunnel', raw: Uint8Array.of(8, 0, 1, 0, 0, 0, 0, 1) },
]);

describe('an nft expression narrows on its name', () => {
  it('e.name === … gives data that expression’s attributes', () => {
    const payload = expressions[0]!;
    const cmp = expressions[1]!;
    if (payload.name !== 'payload' || cmp.name !== 'cmp') throw new Error('listed in another order');
    expectTypeOf(cmp.data).toEqualTypeOf<Data<'cmp'> | undefined>();
    expectTypeOf(cmp.data!.sreg).toEqualTypeOf<number | undefined>();
    expectTypeOf(payload.data).toEqualTypeOf<Data<'payload'> | undefined>();
    expect(payload.data?.offset).toBe(12);
    expect(cmp.data?.sreg).toBe(1);
    // @ts-expect-error payload's attributes are not cmp's: narrowing left only cmp.
    void cmp.data?.offset;
    // @ts-expect-error an undeclared expression's name is a plain string, so `data` may still be undefined.
    void cmp.data.sreg;
    if (cmp.data) expectTypeOf(cmp.data.op).toEqualTypeOf<Data<'cmp'>['op']>();
  });

  it('not narrowed, data is no single expression’s, and never bytes', () => {
    const e = expressions[0]!;
    // @ts-expect-error `sreg` is cmp's, not every expression's.
    void e.data?.sreg;
    // An undeclared expression's bytes are under `raw`: no `data` is a Uint8Array.
    expectTypeOf<Extract<NonNullable<Expression['data']>, Uint8Array>>().toBeNever();
    expectTypeOf<Extract<NonNullable<Expression['raw']>, Uint8Array>>().toEqualTypeOf<Uint8Array>();
  });

  it('an expression nested in another (dynset’s) keeps undeclared bytes under raw too', () => {
    // (Typed loosely: dynset's nested expressions are declared as any attribute set, to break the cycle.)
    const [dynset] = listed([{ name: 'dynset', data: { setName: 's', op: 'add', sregKey: 1, expressions: { elem: [{ name: 'tunnel', raw: Uint8Array.of(1, 2, 3, 4) }] } } }]);
    if (dynset?.name !== 'dynset') throw new Error('not a dynset expression');
    expect(dynset.data?.expressions?.elem).toEqual([{ name: 'tunnel', raw: Uint8Array.of(1, 2, 3, 4) }]);
  });

  it('every declared name reaches its own branch, an undeclared one the default, its bytes under raw', () => {
    expect(expressions.map(nameSeen)).toEqual(['payload', 'cmp', 'undeclared tunnel']);
    expect(expressions[2]).toEqual({ name: 'tunnel', raw: Uint8Array.of(8, 0, 1, 0, 0, 0, 0, 1) });
    expect(expressions[2]).not.toHaveProperty('data');
  });
});

describe('nft.expr.isExpression', () => {
  it('narrows to the declared expression alone', () => {
    const payload = expressions[0]!;
    if (!nft.expr.isExpression(payload, 'payload')) throw new Error('not a payload expression');
    expectTypeOf(payload.name).toEqualTypeOf<'payload'>();
    expectTypeOf(payload.data).toEqualTypeOf<Data<'payload'> | undefined>();
    expectTypeOf(payload.raw).toEqualTypeOf<undefined>();
    expect(payload.data?.offset).toBe(12);
  });

  it('holds for that name only', () => {
    expect(expressions.map((e) => nft.expr.isExpression(e, 'payload'))).toEqual([true, false, false]);
    expect(expressions.map((e) => nft.expr.isExpression(e, 'cmp'))).toEqual([false, true, false]);
  });
});
