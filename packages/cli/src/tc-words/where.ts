// The words that place a qdisc, class or filter (`dev`, `parent`, `root`, `handle`, …), as tc takes them
// before the kind.
import { UsageError } from '../errors.js';
import type { Words } from '../words.js';

export interface Where {
  dev?: string;
  parent?: string;
  handle?: string;
  estimator?: { interval: string; timeConstant: string };
  protocol?: string | number;
  priority?: number;
  chain?: number;
  block?: number;
}

/** Which placing words an object takes. */
export type PlaceWord = 'dev' | 'parent' | 'root' | 'ingress' | 'clsact' | 'egress' | 'handle' | 'classid' | 'estimator' | 'protocol' | 'prio' | 'chain' | 'block';

/**
 * Reads one placing word (already taken from `words`) into `where`; false when `word` is not one of
 * `allowed` (it is then the kind, or an error for the caller to give).
 */
export function readWhere(word: string, words: Words, where: Where, allowed: ReadonlySet<PlaceWord>, what: string): boolean {
  const set = <K extends keyof Where>(key: K, value: Where[K], said: string) => {
    if (where[key] !== undefined) throw new UsageError(`${what}: ${said} given twice (or with another parent)`);
    where[key] = value;
  };
  if (word === 'dev' && allowed.has('dev')) set('dev', words.value('dev'), 'dev');
  else if (word === 'parent' && allowed.has('parent')) set('parent', words.value('parent'), 'parent');
  else if ((word === 'root' || word === 'ingress' || word === 'clsact' || word === 'egress') && allowed.has(word)) set('parent', word, word);
  else if (word === 'handle' && allowed.has('handle')) set('handle', words.value('handle'), 'handle');
  else if (word === 'classid' && allowed.has('classid')) set('handle', words.value('classid'), 'classid');
  else if (word === 'estimator' && allowed.has('estimator')) set('estimator', { interval: words.value('estimator'), timeConstant: words.value('estimator') }, 'estimator');
  else if ((word === 'protocol' || word === 'proto') && allowed.has('protocol')) {
    const value = words.value('protocol');
    set('protocol', /^(0x[0-9a-f]+|\d+)$/i.test(value) ? Number(value) : value, 'protocol');
  } else if ((word === 'prio' || word === 'pref' || word === 'priority' || word === 'preference') && allowed.has('prio')) set('priority', words.integer(word, 1, 0xffff), 'pref');
  else if (word === 'chain' && allowed.has('chain')) set('chain', words.integer('chain', 0, 0xffff_ffff), 'chain');
  else if (word === 'block' && allowed.has('block')) set('block', words.integer('block', 1, 0xffff_ffff), 'block');
  else return false;
  return true;
}
