import type { Expression, ExpressionName } from './expression.js';

/** A decoded expression of one declared name, its `data` that expression's. */
export type ExpressionOf<N extends ExpressionName> = Extract<Expression, { name: N }>;

/**
 * Whether `expression` is the declared expression `name`, narrowing its `data` to that expression's
 * (`if (isExpression(e, 'payload')) e.data?.offset`). Comparing `e.name === 'payload'` alone leaves `data`
 * wider: an expression linx does not declare has a `name: string` too (its data kept as bytes), and
 * TypeScript cannot rule a string out by its value.
 */
export function isExpression<N extends ExpressionName>(expression: Expression, name: N): expression is ExpressionOf<N> {
  return expression.name === name;
}
