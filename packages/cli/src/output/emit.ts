import type { CommandContext } from '../context.js';
import type { IpObject } from './ip-json.js';

/** Prints a list: `ip -j`'s one-line array with `-j` (indented with `-p`), else one text block each. */
export function emit(context: CommandContext, objects: readonly IpObject[], text: (o: IpObject) => string): void {
  if (context.options.json) {
    context.write(`${context.options.pretty ? JSON.stringify(objects, null, 4) : JSON.stringify(objects)}\n`);
    return;
  }
  if (objects.length > 0) context.write(`${objects.map(text).join('\n')}\n`);
}
