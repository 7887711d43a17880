/**
 * @linx/genl/ovs-vport: Open vSwitch vports, through the typed client made from the kernel's YNL spec ovs_vport.yaml
 * (`do`, `dump` and `subscribe` by the spec's operation and group names, with the request and reply types
 * it gives), and its generated declarations as `declarations`.
 */
import type { Genl } from '../genl.js';
import { GenlClient, type GenlClientOptions } from '../spec-client/client.js';
import * as declarations from './generated/ovs_vport.js';

export { declarations };

/** The typed client of the ovs_vport family. */
export type OvsVportClient = GenlClient<typeof declarations>;

/** The ovs_vport family on a `Genl` handle (resolved through nlctrl on first use; `FamilyNotFoundError` where the kernel has none). */
export function ovsVport(genl: Genl, options: GenlClientOptions = {}): OvsVportClient {
  return new GenlClient(genl, declarations, options);
}
