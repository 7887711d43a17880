/**
 * @linx/genl/handshake: handshake: the kernel asking user space to do TLS handshakes (accept, done; the `tlshd` group), through the typed client made from the kernel's YNL spec handshake.yaml
 * (`do`, `dump` and `subscribe` by the spec's operation and group names, with the request and reply types
 * it gives), and its generated declarations as `declarations`.
 */
import type { Genl } from '../genl.js';
import { GenlClient, type GenlClientOptions } from '../spec-client/client.js';
import * as declarations from './generated/handshake.js';

export { declarations };

/** The typed client of the handshake family. */
export type HandshakeClient = GenlClient<typeof declarations>;

/** The handshake family on a `Genl` handle (resolved through nlctrl on first use; `FamilyNotFoundError` where the kernel has none). */
export function handshake(genl: Genl, options: GenlClientOptions = {}): HandshakeClient {
  return new GenlClient(genl, declarations, options);
}
