// `tc qdisc add|del|change|replace …` read into @linx/rtnl's qdisc spec.
import { UsageError } from '../errors.js';
import { Words } from '../words.js';
import { QDISC_WORDS, readKindOptions } from './kind-options.js';
import { readWhere, type PlaceWord, type Where } from './where.js';

const PLACES = new Set<PlaceWord>(['dev', 'parent', 'root', 'ingress', 'clsact', 'handle', 'estimator']);

/** A qdisc request: where, and (for all but del) the kind and its options. */
export interface QdiscRequest extends Where {
  dev: string;
  kind?: string;
  options?: Record<string, unknown>;
}

export function parseQdisc(command: string, args: readonly string[]): QdiscRequest {
  const what = `tc qdisc ${command}`;
  const words = new Words(args, what);
  const where: Where = {};
  let kind: string | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (readWhere(word, words, where, PLACES, what)) {
      // `ingress` and `clsact` name the kind as well as the place.
      if (word === 'ingress' || word === 'clsact') {
        kind = word;
        if (!words.done) throw new UsageError(`${what}: ${word} takes no options`);
      }
      continue;
    }
    if (QDISC_WORDS[word] === undefined) throw new UsageError(`${what}: "${word}" is neither a place word (dev, parent, root, handle, estimator) nor a qdisc kind linx reads (${Object.keys(QDISC_WORDS).join(', ')})`);
    kind = word;
    const options = readKindOptions(words, QDISC_WORDS[word]!, word, what);
    if (command === 'del' && Object.keys(options).length > 0) throw new UsageError(`${what}: a delete takes no kind options`);
    return finish(where, what, kind, options);
  }
  return finish(where, what, kind, undefined);
}

function finish(where: Where, what: string, kind: string | undefined, options: Record<string, unknown> | undefined): QdiscRequest {
  if (where.dev === undefined) throw new UsageError(`${what}: needs dev NAME`);
  if (!what.endsWith('del') && kind === undefined) throw new UsageError(`${what}: needs a qdisc kind (${Object.keys(QDISC_WORDS).join(', ')})`);
  return { ...where, dev: where.dev, ...(kind !== undefined ? { kind } : {}), ...(options !== undefined && Object.keys(options).length > 0 ? { options } : {}) };
}
