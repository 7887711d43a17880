import { UsageError } from './errors.js';

/** The words after a command (`dev v0 mtu 1400`), read left to right with usage errors that name them. */
export class Words {
  private at = 0;
  constructor(private readonly words: readonly string[], private readonly command: string) {}

  get done(): boolean {
    return this.at >= this.words.length;
  }
  /** The next word, not consumed. */
  peek(): string | undefined {
    return this.words[this.at];
  }
  /** The next word, consumed. */

  next(): string | undefined {
    return this.words[this.at++];
  }
  /** The value after keyword `key`, which must be there. */
  value(key: string): string {
    const value = this.words[this.at++];
    if (value === undefined) throw new UsageError(`${this.command}: "${key}" needs a value`);
    return value;
  }
  /** A number after `key`, within [min, max]. */
  integer(key: string, min = 0, max = 0xffff_ffff): number {
    const text = this.value(key);
    const value = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`${this.command}: ${key} "${text}" is not a number in ${min}..${max}`);
    return value;
  }
  unknown(word: string): never {
    throw new UsageError(`${this.command}: unknown argument "${word}"`);
  }
}

/** The command word: `show` (and `ip`'s spellings of it) when absent. */
export function commandOf(args: readonly string[], known: readonly string[]): { command: string; rest: string[] } {
  const first = args[0];
  if (first === undefined) return { command: 'show', rest: [] };
  const spelled = first === 'list' || first === 'lst' || first === 'ls' || first === 'sh' ? 'show' : first === 'delete' ? 'del' : first;
  if (!known.includes(spelled)) throw new UsageError(`unknown command "${first}": ${known.join(', ')}`);
  return { command: spelled, rest: args.slice(1) };
}
