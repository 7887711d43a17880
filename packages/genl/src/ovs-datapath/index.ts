/**
 * @linx/genl/ovs-datapath: Open vSwitch datapaths, through the typed client made from the kernel's YNL spec ovs_datapath.yaml
 * (`do`, `dump` and `subscribe` by the spec's operation and group names, with the request and reply types
 * it gives), and its generated declarations as `declarations`.
 */
import type { Genl } from '../genl.js';
import { GenlClient, type GenlClientOptions } from '../spec-client/client.js';
import * as declarations from './generated/ovs_datapath.js';

export { declarations };

/** The typed client of the ovs_datapath family. */
export type OvsDatapathClient = GenlClient<typeof declarations>;

/** The ovs_datapath family on a `Genl` handle (resolved through nlctrl on first use; `FamilyNotFoundError` where the kernel has none). */
export function ovsDatapath(genl: Genl, options: GenlClientOptions = {}): OvsDatapathClient {
  return new GenlClient(genl, declarations, options);
}
