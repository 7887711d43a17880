/**
 * @linx/genl/devlink: devlink: devices, ports (the spec snapshot is the first, partial one: get and info-get), through the typed client made from the kernel's YNL spec devlink.yaml
 * (`do`, `dump` and `subscribe` by the spec's operation and group names, with the request and reply types
 * it gives), and its generated declarations as `declarations`.
 */
import type { Genl } from '../genl.js';
import { GenlClient, type GenlClientOptions } from '../spec-client/client.js';
import * as declarations from './generated/devlink.js';

export { declarations };

/** The typed client of the devlink family. */
export type DevlinkClient = GenlClient<typeof declarations>;

/** The devlink family on a `Genl` handle (resolved through nlctrl on first use; `FamilyNotFoundError` where the kernel has none). */
export function devlink(genl: Genl, options: GenlClientOptions = {}): DevlinkClient {
  return new GenlClient(genl, declarations, options);
}
