import { InvalidValueError } from '@linx/netlink-codec';
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
    if (error instanceof InvalidArgumentError) {
      // The verbs name their argument object itself 'spec', 'route', 'settings', …: that is the entry.
      const inner = error.argument;
      const reason = error.message.slice(inner.length + 2);
      if (inner === path || inner.startsWith(`${path}.`) || inner.startsWith(`${path}[`)) throw error;
      throw new InvalidArgumentError(SELF_NAMES.has(inner) ? path : `${path}.${inner}`, reason);
    }
    if (error instanceof InvalidValueError) throw new InvalidArgumentError(path, error.message);
    throw error;
  }
}

/** What the verbs call the whole argument object in their errors. */
const SELF_NAMES = new Set(['spec', 'route', 'settings', 'neighbour', 'rule', 'changes']);
