import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { familyText } from '../output/genl-text.js';
import { commandOf } from '../words.js';

export const usage = `Usage: linx genl families        (also: linx genl ctrl list, as genl spells it)
       linx genl family NAME
The generic netlink families the kernel has registered (nlctrl's CTRL_CMD_GETFAMILY), as \`genl ctrl list\`
prints them; with -j, a JSON array of { name, id, version, hdrsize, maxattr, operations: [{ cmd, flags }],
groups: [{ name, id }] } (flags: admin-perm, cmd-cap-do, cmd-cap-dump, cmd-cap-haspol, uns-admin-perm).
Options: -j, -p, -n NETNS.
`;

export async function run(context: CommandContext): Promise<void> {
  let args = context.args;
  // genl's own spelling: `genl ctrl list` / `genl ctrl get name NAME`.
  if (args[0] === 'ctrl') {
    const { command, rest } = commandOf(args.slice(1), ['show', 'get']);
    if (command === 'show') args = ['families', ...rest];
    else if (rest[0] === 'name' && rest[1] !== undefined && rest.length === 2) args = ['family', rest[1]];
    else throw new UsageError('genl ctrl get: takes name NAME');
  }
  const [what, ...rest] = args;
  const genl = await context.genl();
  if (what === undefined || what === 'families' || what === 'list' || what === 'show') {
    if (rest.length > 0) throw new UsageError(`genl families: unknown argument "${rest[0]!}"`);
    print(context, await genl.families());
    return;
  }
  if (what === 'family') {
    if (rest.length !== 1) throw new UsageError('genl family: takes one family name');
    print(context, [await genl.family(rest[0]!)]);
    return;
  }
  throw new UsageError(`genl: unknown command "${what}": families, family NAME (or ctrl list)`);
}

function print(context: CommandContext, families: readonly object[]): void {
  if (context.options.json) {
    context.write(`${context.options.pretty ? JSON.stringify(families, null, 4) : JSON.stringify(families)}\n`);
    return;
  }
  context.write(families.map((f) => familyText(f as Parameters<typeof familyText>[0])).join(''));
}
