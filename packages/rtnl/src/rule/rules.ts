import { NLM_F_CREATE, NLM_F_EXCL } from '@linx/netlink-wire';
import { inContext, type ErrnoHints } from '../shared/error-context.js';
import { cidrText } from '../shared/prefix-text.js';
import { InvalidArgumentError, checkIfname, checkInteger } from '../shared/arguments.js';
import { checkListOptions, type CallOptions, type ListOptions, type FamilyClient } from '@linx/netlink-client';
import { dumpList, type DumpList } from '@linx/netlink-socket';
import { interfaceName } from '../shared/interfaces.js';
import { ADDRESS_FAMILIES, ROUTE_PROTOCOLS, numberOf, type RouteProtocol, type TableName } from '../shared/names.js';
import { RULE_ACTIONS, ruleMessage, ruleRequest, tableNumber, toRule, type Rule, type RuleAction, type RuleMessageInput, type RuleMessageValue, type RuleSpec } from './shape.js';

export {
  RULE_ACTIONS,
  RULE_FLAGS,
  RULE_IP_PROTOCOLS,
  type Rule,
  type RuleAction,
  type RuleFlag,
  type RuleIpProtocol,
  type RuleRange,
  type RuleSpec,
} from './shape.js';

const { newrule: RTM_NEWRULE, delrule: RTM_DELRULE, getrule: RTM_GETRULE } = ruleMessage.types;

/** Which rules `list` and `stream` return. The kernel filters by family; the rest is done here. */
export interface RuleFilter {
  /** 'inet' or 'inet6' (or a family number, e.g. 128 for IPv4 multicast routing); both inet and inet6 by default. */
  family?: 'inet' | 'inet6' | number;
  table?: TableName | number;
  priority?: number;
  action?: RuleAction;
  iifname?: string;
  oifname?: string;
  protocol?: RouteProtocol | number;
}

/** A checked filter: the dump request, and the rule of a reply when the filter takes it. */
interface RuleQuery {
  request: RuleMessageInput;
  accept(message: RuleMessageValue): Rule | undefined;
}

/** Checks a filter (`InvalidArgumentError` before anything is sent) for `list` and `stream`. */
function ruleQuery(filter: RuleFilter): RuleQuery {
  if (filter === null || typeof filter !== 'object') throw new InvalidArgumentError('filter', `expected a filter object, got ${filter === null ? 'null' : typeof filter}`);
  let family: number | undefined;
  if (filter.family === 'inet' || filter.family === 'inet6') family = ADDRESS_FAMILIES[filter.family];
  else if (filter.family !== undefined) family = checkInteger(filter.family, 'filter.family', 1, 255);
  const table = filter.table === undefined ? undefined : tableNumber(filter.table, 'filter.table');
  const priority = filter.priority === undefined ? undefined : checkInteger(filter.priority, 'filter.priority', 0, 0xffff_ffff);
  if (filter.action !== undefined && !Object.hasOwn(RULE_ACTIONS, filter.action)) {
    throw new InvalidArgumentError('filter.action', `unknown rule action ${JSON.stringify(filter.action)}; expected ${Object.keys(RULE_ACTIONS).join(', ')}`);
  }
  const iifname = filter.iifname === undefined ? undefined : checkIfname(filter.iifname, 'filter.iifname');
  const oifname = filter.oifname === undefined ? undefined : checkIfname(filter.oifname, 'filter.oifname');
  const protocol = filter.protocol === undefined ? undefined : numberOf(ROUTE_PROTOCOLS, filter.protocol);
  if (filter.protocol !== undefined && protocol === undefined) throw new InvalidArgumentError('filter.protocol', `unknown protocol ${JSON.stringify(filter.protocol)}`);
  return {
    request: { header: { family: family ?? 0 } },
    accept(message) {
      const f = message.header.family;
      if (family === undefined ? f !== 2 && f !== 10 : f !== family) return undefined;
      if (table !== undefined && (message.attrs.table ?? message.header.table) !== table) return undefined;
      if (protocol !== undefined && (message.attrs.protocol ?? 0) !== protocol) return undefined;
      const rule = toRule(message);
      if (priority !== undefined && rule.priority !== priority) return undefined;
      if (filter.action !== undefined && rule.action !== filter.action) return undefined;
      if (iifname !== undefined && rule.iifname !== iifname) return undefined;
      if (oifname !== undefined && rule.oifname !== oifname) return undefined;
      return rule;
    },
  };
}

/**
 * The rule verbs (`ip rule`): the routing policy database of IPv4 and IPv6.
 *
 *     await rtnl.rules.add({ src: '10.0.0.0/8', table: 100, priority: 1000 });
 *     await rtnl.rules.add({ family: 'inet6', fwmark: 1, action: 'blackhole' });
 *     for (const rule of await rtnl.rules.list({ family: 'inet' })) console.log(rule.priority, rule.action, rule.table);
 */
export class Rules {
  constructor(protected readonly client: FamilyClient) {}

  /** The rules, in the kernel's order (by priority), for the families and filter given. */
  async list(filter: RuleFilter = {}, options: ListOptions = {}): Promise<DumpList<Rule>> {
    const query = ruleQuery(filter);
    checkListOptions(options);
    const messages = await this.client.dumpAll(ruleMessage, RTM_GETRULE, query.request, options);
    const out: Rule[] = [];
    for (const message of messages) {
      const rule = query.accept(message);
      if (rule !== undefined) out.push(rule);
    }
    return dumpList(out, messages.interrupted);
  }

  /**
   * Like `list`, one rule at a time as the kernel sends them (memory stays bounded however many there
   * are; a dump interrupted by a concurrent change throws `DumpInterruptedError`). The filter is checked
   * when this is called, before anything is sent.
   */
  stream(filter: RuleFilter = {}, options: CallOptions = {}): AsyncGenerator<Rule, void, undefined> {
    const query = ruleQuery(filter);
    const client = this.client;
    return (async function* rules() {
      for await (const message of client.dump(ruleMessage, RTM_GETRULE, query.request, options)) {
        const rule = query.accept(message);
        if (rule !== undefined) yield rule;
      }
    })();
  }

  /**
   * Adds a rule (EEXIST if the same rule is there). Without a priority the kernel puts it just before
   * the last rule it has added (below 32766, like `ip rule add`).
   */
  async add(spec: RuleSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_NEWRULE, spec, 'create', NLM_F_CREATE | NLM_F_EXCL, options);
  }

  /**
   * Deletes the first rule that matches every field given (`ip rule del`): a listed rule, or as little
   * as `{ priority: 1000 }`. ENOENT when none matches.
   */
  async delete(spec: RuleSpec, options: CallOptions = {}): Promise<void> {
    await this.#send(RTM_DELRULE, spec, 'delete', 0, options);
  }

  async #send(type: number, spec: RuleSpec, purpose: 'create' | 'delete', flags: number, options: CallOptions): Promise<void> {
    const parts = ruleRequest(spec, purpose);
    const names: { iif?: string; oif?: string } = {};
    if (parts.iif !== undefined) names.iif = await interfaceName(this.client, parts.iif, options);
    if (parts.oif !== undefined) names.oif = await interfaceName(this.client, parts.oif, options);
    try {
      await this.client.request(ruleMessage, type, parts.build(names), flags, options);
    } catch (error) {
      throw inContext(error, () => `rules.${purpose === 'create' ? 'add' : 'delete'} ${describeRule(spec)}`, RULE_HINTS[purpose]);
    }
  }
}

/** What the kernel's refusals of rule changes mean (fib_nl_newrule, fib_nl_delrule). */
const RULE_HINTS = {
  create: { EEXIST: 'an identical rule exists' },
  delete: { ENOENT: 'no such rule' },
} as const satisfies Record<string, ErrnoHints>;

/** A rule as `ip rule` writes it: `pref 1000 from 10.0.0.0/8 iif eth0 table 100`. */
function describeRule(spec: RuleSpec): string {
  const prefix = (address: string | undefined, length: number | undefined) => (address === undefined ? undefined : length === undefined || address.includes('/') ? address : cidrText(address, length));
  const parts: string[] = [];
  if (spec.priority !== undefined) parts.push(`pref ${spec.priority}`);
  parts.push(`from ${prefix(spec.src, spec.srcLen) ?? 'all'}`);
  const to = prefix(spec.dst, spec.dstLen);
  if (to !== undefined) parts.push(`to ${to}`);
  if (spec.iifname !== undefined) parts.push(`iif ${spec.iifname}`);
  if (spec.oifname !== undefined) parts.push(`oif ${spec.oifname}`);
  if (spec.table !== undefined) parts.push(`table ${spec.table}`);
  return parts.join(' ');
}
