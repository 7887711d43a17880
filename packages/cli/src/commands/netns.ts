import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { commandOf } from '../words.js';

export const usage = `Usage: linx netns [ list ]
       linx netns add NAME
       linx netns del NAME
Named network namespaces under /run/netns, as \`ip netns\` makes them (@linx/rtnl's addNetns, deleteNetns,
listNetns: no \`ip\` is run). list prints the names (not ip's "(id: N)"); with -j, [{"name":…}].
add and del need CAP_SYS_ADMIN. -n does not apply.
`;

export async function run(context: CommandContext): Promise<void> {
  if (context.options.netns !== undefined) throw new UsageError('netns: -n does not apply (namespaces are named in /run/netns, seen from every namespace)');
  const { command, rest } = commandOf(context.args, ['show', 'add', 'del']);
  const { addNetns, deleteNetns, listNetns } = await import('@linx/rtnl');
  if (command === 'show') {
    if (rest.length > 0) throw new UsageError(`netns list: unknown argument "${rest[0]!}"`);
    // ip lists the newest first (it reads /run/netns in directory order); linx sorts by name.
    const names = listNetns().sort();
    if (context.options.json) context.write(`${JSON.stringify(names.map((name) => ({ name })), null, context.options.pretty ? 4 : undefined)}\n`);
    else context.write(names.map((n) => `${n}\n`).join(''));
    return;
  }
  if (rest.length !== 1) throw new UsageError(`netns ${command}: takes one name`);
  if (command === 'add') addNetns(rest[0]!);
  else deleteNetns(rest[0]!);
}
