import { InvalidArgumentError } from '../shared/arguments.js';

/**
 * Runs a verb's own argument check on one entry of the desired state, and names the entry in its error:
 * `mtu` becomes `links[2].mtu`. The codec's `InvalidValueError` (a value its declaration bounds) becomes
 * an `InvalidArgumentError` too, so bad desired input always fails the same way, before anything is sent.
 */
export function atPath<T>(path: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    // The codec's InvalidValueError is an InvalidArgumentError too (its argument the value's path).
    if (error instanceof InvalidArgumentError) {
      const inner = error.argument;
      // An error that names nothing (a codec value at the top) is about the entry itself; its message is the reason.
      if (inner === '') throw new InvalidArgumentError(path, error.message);
      const reason = error.message.slice(inner.length + 2);
      if (inner === path || inner.startsWith(`${path}.`) || inner.startsWith(`${path}[`)) throw error;
      // The verbs name their argument object itself 'spec', 'route', 'settings', …: that is the entry.
      throw new InvalidArgumentError(SELF_NAMES.has(inner) ? path : `${path}.${inner}`, reason);
    }
    throw error;
  }
}

/** What the verbs call the whole argument object in their errors. */
const SELF_NAMES = new Set(['spec', 'route', 'settings', 'neighbour', 'rule', 'changes']);
