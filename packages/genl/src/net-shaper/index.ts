/**
 * @linx/genl/net-shaper: net-shaper: device traffic shapers, through the typed client made from the kernel's YNL spec net_shaper.yaml
 * (`do`, `dump` and `subscribe` by the spec's operation and group names, with the request and reply types
 * it gives), and its generated declarations as `declarations`.
 */
import type { Genl } from '../genl.js';
import { GenlClient, type GenlClientOptions } from '../spec-client/client.js';
import * as declarations from './generated/net_shaper.js';

export { declarations };

/** The typed client of the net_shaper family. */
export type NetShaperClient = GenlClient<typeof declarations>;

/** The net_shaper family on a `Genl` handle (resolved through nlctrl on first use; `FamilyNotFoundError` where the kernel has none). */
export function netShaper(genl: Genl, options: GenlClientOptions = {}): NetShaperClient {
  return new GenlClient(genl, declarations, options);
}
