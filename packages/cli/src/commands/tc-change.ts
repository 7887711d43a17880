import type { QdiscSpec, TcClassSpec, TcFilterSpec } from '@linx/rtnl';
import type { CommandContext } from '../context.js';
import { parseClass } from '../tc-words/class.js';
import { parseFilter } from '../tc-words/filter.js';
import { parseQdisc } from '../tc-words/qdisc.js';

/** tc's add/del/change/replace: the words read as tc reads them (all checked before anything is sent), then one rtnl verb. */
export async function change(context: CommandContext, object: 'qdisc' | 'class' | 'filter', command: 'add' | 'del' | 'change' | 'replace', words: string[]): Promise<void> {
  const verb = command === 'del' ? 'delete' : command;
  if (object === 'qdisc') {
    const request = parseQdisc(command, words);
    const rtnl = await context.rtnl();
    await rtnl.tc.qdiscs[verb](request as QdiscSpec);
  } else if (object === 'class') {
    const request = parseClass(command, words);
    const rtnl = await context.rtnl();
    await rtnl.tc.classes[verb](request as TcClassSpec);
  } else {
    const request = parseFilter(command, words);
    const rtnl = await context.rtnl();
    await rtnl.tc.filters[verb](request as TcFilterSpec);
  }
}
