import type { Expression, ExpressionName } from './expression.js';

/** A decoded expression of one declared name, its `data` that expression's. */
export type ExpressionOf<N extends ExpressionName> = Extract<Expression, { name: N }>;

/**
 * Whether `expression` is the declared expression `name`, narrowing it to that expression alone
 * (`if (isExpression(e, 'payload')) e.data?.offset`). Comparing `e.name === 'payload'` narrows `data` too,
 * but leaves an expression linx does not declare (`UnknownExpression`, its bytes under `raw`) possible
 * beside it, as TypeScript cannot rule its `name: string` out by the value.
 */
export function isExpression<N extends ExpressionName>(expression: Expression, name: N): expression is ExpressionOf<N> {
  return expression.name === name;
}
