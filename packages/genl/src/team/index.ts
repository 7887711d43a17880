/**
 * @linx/genl/team: team: team devices' options and ports, through the typed client made from the kernel's YNL spec team.yaml
 * (`do`, `dump` and `subscribe` by the spec's operation and group names, with the request and reply types
 * it gives), and its generated declarations as `declarations`.
 */
import type { Genl } from '../genl.js';
import { GenlClient, type GenlClientOptions } from '../spec-client/client.js';
import * as declarations from './generated/team.js';

export { declarations };

/** The typed client of the team family. */
export type TeamClient = GenlClient<typeof declarations>;

/** The team family on a `Genl` handle (resolved through nlctrl on first use; `FamilyNotFoundError` where the kernel has none). */
export function team(genl: Genl, options: GenlClientOptions = {}): TeamClient {
  return new GenlClient(genl, declarations, options);
}
