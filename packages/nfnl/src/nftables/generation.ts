import { keepDecoded, type DecodedMessage } from './common.js';
import type { genMessage } from './messages.js';

/**
 * A ruleset generation (NFT_MSG_NEWGEN): the counter every committed batch advances, and the process that
 * committed last. A batch sent with `{ generation: id }` fails with `GenerationConflictError` if another
 * writer committed since.
 */
export interface Generation {
  id: number;
  procPid?: number;
  procName?: string;
}

/** A decoded NEWGEN as a `Generation`. */
export function generationFrom(message: DecodedMessage<typeof genMessage>): Generation {
  const a = message.attrs;
  const generation: Generation = { id: a.id ?? 0 };
  if (a.procPid !== undefined) generation.procPid = a.procPid;
  if (a.procName !== undefined) generation.procName = a.procName;
  return keepDecoded(generation, message);
}
