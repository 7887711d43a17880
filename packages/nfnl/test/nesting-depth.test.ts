// A rule whose dynset expression holds a dynset expression, and so on (issue #10): the declarations
// allow it (NFTA_DYNSET_EXPR is an expression), so bytes from a capture can nest it as deep as nla_len
// allows. It used to overflow the stack near 1,000 levels; now the codec stops at its depth limit with
// DecodeDepthError naming the path, and encoding an expression that contains itself is a typed error.
import { DecodeDepthError, compileMessage } from '@linx/netlink-codec';
import { AttributeEncoder, NESTING_DEPTH_LIMIT } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { nft, type ExpressionInput } from '../src/index.js';

const NFTA_RULE_TABLE = 1;
const NFTA_RULE_CHAIN = 2;
const NFTA_RULE_EXPRESSIONS = 4;
const NFTA_LIST_ELEM = 1;
const NFTA_EXPR_NAME = 1;
const NFTA_EXPR_DATA = 2;
const NFTA_DYNSET_SET_NAME = 1;
const NFTA_DYNSET_EXPR = 7;

/** An expression's attributes: `dynset` adding to set "deep", its NFTA_DYNSET_EXPR nesting `levels` more. */
function dynsetChain(levels: number): Uint8Array {
  let expr = new AttributeEncoder().string(NFTA_EXPR_NAME, 'dynset').nested(NFTA_EXPR_DATA, (d) => d.string(NFTA_DYNSET_SET_NAME, 'deep')).finish();
  for (let i = 0; i < levels; i++) {
    const inner = expr;
    expr = new AttributeEncoder().string(NFTA_EXPR_NAME, 'dynset').nested(NFTA_EXPR_DATA, (d) => d.bytes(NFTA_DYNSET_EXPR, inner, { nested: true })).finish();
  }
  return expr;
}

/** An NFT_MSG_NEWRULE payload (nfgenmsg, table, chain) with that one expression. */
function ruleWith(expr: Uint8Array): Uint8Array {
  const attrs = new AttributeEncoder()
    .string(NFTA_RULE_TABLE, 't')
    .string(NFTA_RULE_CHAIN, 'c')
    .nested(NFTA_RULE_EXPRESSIONS, (list) => list.bytes(NFTA_LIST_ELEM, expr, { nested: true }))
    .finish();
  const payload = new Uint8Array(4 + attrs.length);
  payload.set(attrs, 4);
  return payload;
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('dynset expressions nested in dynset expressions', () => {
  const rule = compileMessage(nft.messages.ruleMessage);
  // Rule attributes (level 1), the expression list (2), then per expression its attributes and its data:
  // the innermost dynset's data is level 4 + 2 × levels.
  const deepest = Math.floor((NESTING_DEPTH_LIMIT - 4) / 2);

  it('decodes expressions nested as deep as the limit allows', () => {
    let expr = rule.decode(ruleWith(dynsetChain(deepest))).attrs.expressions!.elem![0] as { name: string; data: { expr?: unknown; setName?: string } };
    for (let i = 0; i < deepest; i++) expr = expr.data.expr as typeof expr;
    expect(expr).toMatchObject({ name: 'dynset', data: { setName: 'deep' } });
  });

  it.each([deepest + 1, 2500])('%i levels: DecodeDepthError naming the path and the limit', (levels) => {
    const payload = ruleWith(dynsetChain(levels));
    const error = thrown(() => rule.decode(payload));
    expect(error).toBeInstanceOf(DecodeDepthError);
    const e = error as DecodeDepthError;
    expect(e.code).toBe('ERR_LINX_TOO_DEEP');
    expect(e.limit).toBe(NESTING_DEPTH_LIMIT);
    expect(e.path.slice(0, 6)).toEqual(['expressions', 'elem', 'data', 'expr', 'data', 'expr']);
    expect(e.path).toHaveLength(NESTING_DEPTH_LIMIT);
    expect(e.message).toContain(`nested more than ${NESTING_DEPTH_LIMIT} deep`);
    // ruleFromPayload, what the verbs and the monitor use, lets the same error through.
    expect(thrown(() => nft.ruleFromPayload(payload))).toBeInstanceOf(DecodeDepthError);
  });

  it('encoding an expression that contains itself is a typed error, not a stack overflow', () => {
    const data: Record<string, unknown> = { setName: 's' };
    const expression = { name: 'dynset', data } as ExpressionInput;
    data.expr = expression;
    const error = thrown(() => rule.encode({ header: { family: 'inet' }, attrs: { table: 't', chain: 'c', expressions: { elem: [expression] } } } as never));
    expect((error as { code: string }).code).toBe('ERR_LINX_TOO_DEEP');
    expect((error as { path: unknown[] }).path.slice(0, 5)).toEqual(['expressions', 'elem', 0, 'data', 'expr']);
  });
});
