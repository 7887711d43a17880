// `tc class add|del|change|replace …` read into @linx/rtnl's class spec.
import { UsageError } from '../errors.js';
import { Words } from '../words.js';
import { CLASS_WORDS, readKindOptions } from './kind-options.js';
import { readWhere, type PlaceWord, type Where } from './where.js';

const PLACES = new Set<PlaceWord>(['dev', 'parent', 'root', 'classid', 'estimator']);

export interface ClassRequest extends Where {
  dev: string;
  handle: string;
  kind?: string;
  options?: Record<string, unknown>;
}

export function parseClass(command: string, args: readonly string[]): ClassRequest {
  const what = `tc class ${command}`;
  const words = new Words(args, what);
  const where: Where = {};
  let kind: string | undefined;
  let options: Record<string, unknown> | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (readWhere(word, words, where, PLACES, what)) continue;
    if (CLASS_WORDS[word] === undefined) throw new UsageError(`${what}: "${word}" is neither a place word (dev, parent, classid, estimator) nor a class kind linx reads (${Object.keys(CLASS_WORDS).join(', ')})`);
    kind = word;
    options = readKindOptions(words, CLASS_WORDS[word]!, word, what);
    if (command === 'del' && Object.keys(options).length > 0) throw new UsageError(`${what}: a delete takes no kind options`);
  }
  if (where.dev === undefined) throw new UsageError(`${what}: needs dev NAME`);
  if (where.handle === undefined) throw new UsageError(`${what}: needs classid MAJ:MIN`);
  if (command !== 'del' && kind === undefined) throw new UsageError(`${what}: needs a class kind (${Object.keys(CLASS_WORDS).join(', ')})`);
  return { ...where, dev: where.dev, handle: where.handle, ...(kind !== undefined && command !== 'del' ? { kind, options: options ?? {} } : kind !== undefined ? { kind } : {}) };
}
