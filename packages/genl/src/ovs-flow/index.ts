/**
 * @linx/genl/ovs-flow: Open vSwitch flows, through the typed client made from the kernel's YNL spec ovs_flow.yaml
 * (`do`, `dump` and `subscribe` by the spec's operation and group names, with the request and reply types
 * it gives), and its generated declarations as `declarations`.
 */
import type { Genl } from '../genl.js';
import { GenlClient, type GenlClientOptions } from '../spec-client/client.js';
import * as declarations from './generated/ovs_flow.js';

export { declarations };

/** The typed client of the ovs_flow family. */
export type OvsFlowClient = GenlClient<typeof declarations>;

/** The ovs_flow family on a `Genl` handle (resolved through nlctrl on first use; `FamilyNotFoundError` where the kernel has none). */
export function ovsFlow(genl: Genl, options: GenlClientOptions = {}): OvsFlowClient {
  return new GenlClient(genl, declarations, options);
}
