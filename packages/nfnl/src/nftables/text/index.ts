/** nftables rules and rulesets as nft prints them (text) and as `nft -j` writes them (JSON). */
export { ruleStatements, UnrenderableRuleError, type SetsWithElements } from './statements.js';
export { elementItems, verdictRendered } from './elements.js';
export type { Rendered } from './format.js';
