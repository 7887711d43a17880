// The realistic ruleset of ./ruleset.ts as reconcile's desired state (recorded from the same builder calls,
// so both describe one ruleset), plus a table of rules written as nft text with anonymous sets. The same
// ruleset as `nft -f` text is DESIRED_TEXT: loaded by nft in another namespace, it is the oracle.
import type { NftBatch, nft } from './imports.js';
import { RULESET_TEXT, buildRuleset } from './ruleset.js';

type Desired = nft.reconcile.DesiredRuleset;

export const TEXT_TABLE = 'rc_text';

/** Rules as nft text, each also a line of DESIRED_TEXT (so nft's listing of them is the oracle). */
export const TEXT_RULES = [
  'tcp dport { 22, 80, 443 } accept',
  'ip saddr { 10.0.0.0/8, 192.168.1.1 } counter drop',
  'ct state established,related accept',
  'udp dport 53 counter accept comment "dns"',
  'ip daddr 10.1.2.3 tcp dport 8000-8100 drop',
];

export const DESIRED_TEXT = `${RULESET_TEXT}
table ip ${TEXT_TABLE} {
  chain c { type filter hook input priority 10; policy accept;
${TEXT_RULES.map((r) => `    ${r}`).join('\n')}
  }
}
`;

/** The desired ruleset: every builder call of buildRuleset recorded as data, and the text table. */
export function desiredRuleset(): Desired {
  const tables: NonNullable<Desired['tables']>[number][] = [];
  const chains: NonNullable<Desired['chains']>[number][] = [];
  const sets: { -readonly [K in keyof NonNullable<Desired['sets']>[number]]: NonNullable<Desired['sets']>[number][K] }[] = [];
  const objects: NonNullable<Desired['objects']>[number][] = [];
  const rules: NonNullable<Desired['rules']>[number][] = [];
  const recorder = {
    addTable(spec: (typeof tables)[number]) {
      tables.push(spec);
      return recorder;
    },
    addObject(spec: (typeof objects)[number]) {
      objects.push(spec);
      return recorder;
    },
    addSet(spec: (typeof sets)[number]) {
      sets.push({ ...spec });
      return recorder;
    },
    addElements(target: { family: string; table: string; set: string }, elements: NonNullable<(typeof sets)[number]['elements']>) {
      const set = sets.find((s) => s.family === target.family && s.table === target.table && s.name === target.set)!;
      set.elements = [...(set.elements ?? []), ...elements];
      return recorder;
    },
    addChain(spec: (typeof chains)[number]) {
      chains.push(spec);
      return recorder;
    },
    addRule(spec: (typeof rules)[number]) {
      rules.push(spec);
      return recorder;
    },
  };
  buildRuleset(recorder as unknown as NftBatch);
  const at = { family: 'ip', table: TEXT_TABLE } as const;
  tables.push({ family: 'ip', name: TEXT_TABLE });
  chains.push({ ...at, name: 'c', type: 'filter', hook: 'input', priority: 10, policy: 'accept' });
  for (const rule of TEXT_RULES) rules.push({ ...at, chain: 'c', rule });
  return { tables, chains, sets, objects, rules };
}
