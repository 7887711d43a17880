import type { Family } from '../../nfgenmsg.js';
import type { PlanStep } from './types.js';

// What names an object in a plan: family, table and name (objects also by type, rules by chain).
export const tableId = (t: { family: Family; name?: string; table?: string }) => `${t.family} ${t.table ?? t.name}`;
export const inTable = (t: { family: Family; table: string }) => `${t.family} ${t.table}`;
export const named = (o: { family: Family; table: string; name: string }) => `${o.family} ${o.table} ${o.name}`;
export const objectId = (o: { family: Family; table: string; name: string; type: unknown }) => `${o.family} ${o.table} ${String(o.type)} ${o.name}`;
export const ruleChain = (r: { family: Family; table: string; chain: string }) => `${r.family} ${r.table} ${r.chain}`;

// The order one batch runs the steps in: what goes away first (rules before the chains, sets and objects
// they use), then what comes (tables, then objects and sets rules use, chains rules jump to, rules last).
export const PHASES = ['delete-table', 'delete-rule', 'delete-elements', 'delete-chain', 'delete-set', 'delete-object', 'add-table', 'add-object', 'add-set', 'add-chain', 'add-elements', 'add-rule'] as const;
export type Phase = (typeof PHASES)[number];

/** Where the plan's parts put their steps, each with the phase it runs in. */
export type StepSink = (phase: Phase, step: PlanStep) => void;
