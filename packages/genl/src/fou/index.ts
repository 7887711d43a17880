/**
 * @linx/genl/fou: FOU: foo-over-UDP receive ports, through the typed client made from the kernel's YNL spec fou.yaml
 * (`do`, `dump` and `subscribe` by the spec's operation and group names, with the request and reply types
 * it gives), and its generated declarations as `declarations`.
 */
import type { Genl } from '../genl.js';
import { GenlClient, type GenlClientOptions } from '../spec-client/client.js';
import * as declarations from './generated/fou.js';

export { declarations };

/** The typed client of the fou family. */
export type FouClient = GenlClient<typeof declarations>;

/** The fou family on a `Genl` handle (resolved through nlctrl on first use; `FamilyNotFoundError` where the kernel has none). */
export function fou(genl: Genl, options: GenlClientOptions = {}): FouClient {
  return new GenlClient(genl, declarations, options);
}
