import type { CommandContext } from '../context.js';
import { emit } from '../output/emit.js';
import { ruleToIp } from '../output/ip-json.js';
import { ruleText } from '../output/text.js';
import { Words, commandOf } from '../words.js';

export const usage = `Usage: linx rule [show]
       linx rule { add | del } [ from PREFIX ] [ to PREFIX ] [ fwmark MARK[/MASK] ] [ iif NAME ] [ oif NAME ]
                  [ priority N ] { table TABLE | lookup TABLE | blackhole | unreachable | prohibit | goto N }
IPv4 unless -6. Options: -j, -4, -6, -n NETNS.
`;

export async function run(context: CommandContext): Promise<void> {
  const { command, rest } = commandOf(context.args, ['show', 'add', 'del']);
  if (command === 'show') {
    if (rest.length > 0) new Words(rest, 'rule show').unknown(rest[0]!);
    const rtnl = await context.rtnl();
    const rules = await rtnl.rules.list({ family: context.options.family ?? 'inet' });
    emit(context, rules.map(ruleToIp), ruleText);
    return;
  }
  const { change } = await import('./rule-change.js');
  return change(context, command, rest);
}
