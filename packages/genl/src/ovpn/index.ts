/**
 * @linx/genl/ovpn: ovpn: OpenVPN data channel offload (peers, keys), through the typed client made from the kernel's YNL spec ovpn.yaml
 * (`do`, `dump` and `subscribe` by the spec's operation and group names, with the request and reply types
 * it gives), and its generated declarations as `declarations`.
 */
import type { Genl } from '../genl.js';
import { GenlClient, type GenlClientOptions } from '../spec-client/client.js';
import * as declarations from './generated/ovpn.js';

export { declarations };

/** The typed client of the ovpn family. */
export type OvpnClient = GenlClient<typeof declarations>;

/** The ovpn family on a `Genl` handle (resolved through nlctrl on first use; `FamilyNotFoundError` where the kernel has none). */
export function ovpn(genl: Genl, options: GenlClientOptions = {}): OvpnClient {
  return new GenlClient(genl, declarations, options);
}
