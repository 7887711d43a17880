/** nftables rules and rulesets as nft prints them (text) and as `nft -j` writes them (JSON). */
export { ruleStatements, UnrenderableRuleError, type SetsWithElements, type RuleJson, type PrintOptions } from './statements.js';
export { elementItems, elementsListText, timeText, verdictRendered, UnrenderableElementError } from './elements.js';
export type { Rendered } from './format.js';
export { rulesetText } from './ruleset-text.js';
export { rulesetJson, type RulesetJson } from './ruleset-json.js';
export { priorityText } from './priority.js';
export { compileRule, RuleSyntaxError, type CompiledRule } from './compile.js';
export { RuleBuilder, selectorFields, type Selector, type PayloadSelector, type MetaSelector, type CtSelector, type MatchValue, type MatchOp, type Key, type Generated, type BitChange, type MapRef } from './builder.js';
