import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { emit } from '../output/emit.js';
import { qdiscToTc, type QdiscLike } from '../output/ip-json.js';
import { qdiscText } from '../output/text.js';
import { Words, commandOf } from '../words.js';

export const usage = `Usage: linx tc qdisc [show] [ dev NAME ]
As \`tc qdisc show\`; with -j, \`tc -j\`'s fields (kind, handle, dev, root or parent, refcnt, options: tc's for
htb and the kinds without options, linx's own names for other kinds). Options: -j, -n NETNS.
`;

export async function run(context: CommandContext): Promise<void> {
  const [object, ...rest] = context.args;
  if (object !== 'qdisc' && object !== 'qd' && object !== 'q') throw new UsageError(`tc: unknown object "${object ?? ''}": linx tc knows qdisc`);
  const { rest: words } = commandOf(rest, ['show']);
  const reader = new Words(words, 'tc qdisc show');
  let dev: string | undefined;
  for (let word = reader.next(); word !== undefined; word = reader.next()) {
    if (word === 'dev') dev = reader.value('dev');
    else reader.unknown(word);
  }
  const rtnl = await context.rtnl();
  const qdiscs = await rtnl.tc.qdiscs.list(dev !== undefined ? { dev } : {});
  // `tc qdisc show dev NAME` does not repeat the device on each line.
  emit(context, qdiscs.map((q) => qdiscToTc(q as QdiscLike, { showDev: dev === undefined })), qdiscText);
}
