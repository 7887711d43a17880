/**
 * @linx/genl/dpll: DPLL: digital phase-locked loop devices and pins, through the typed client made from the kernel's YNL spec dpll.yaml
 * (`do`, `dump` and `subscribe` by the spec's operation and group names, with the request and reply types
 * it gives), and its generated declarations as `declarations`.
 */
import type { Genl } from '../genl.js';
import { GenlClient, type GenlClientOptions } from '../spec-client/client.js';
import * as declarations from './generated/dpll.js';

export { declarations };

/** The typed client of the dpll family. */
export type DpllClient = GenlClient<typeof declarations>;

/** The dpll family on a `Genl` handle (resolved through nlctrl on first use; `FamilyNotFoundError` where the kernel has none). */
export function dpll(genl: Genl, options: GenlClientOptions = {}): DpllClient {
  return new GenlClient(genl, declarations, options);
}
