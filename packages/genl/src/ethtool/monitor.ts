import { compileMessage } from '@linx/netlink-codec';
import type { MulticastEvent, OverrunError, Subscription } from '@linx/netlink-socket';
import { DecodedEvents } from '../decoded-events.js';
import { genlMessage } from '../header.js';
import { decodeFeatures, decodeLinkModes, deviceOf, withoutHeader, type Channels, type Coalesce, type EthtoolDevice, type Features, type LinkInfo, type LinkModes, type Rings } from './replies.js';
import * as gen from './generated/ethtool.js';

/** A change the kernel announced on the `monitor` group, decoded by the attribute set of its command. */
export type EthtoolEvent =
  | { kind: 'features'; features: Features }
  | { kind: 'linkmodes'; linkModes: LinkModes }
  | { kind: 'linkinfo'; linkInfo: LinkInfo }
  | { kind: 'channels'; channels: Channels }
  | { kind: 'rings'; rings: Rings }
  | { kind: 'coalesce'; coalesce: Coalesce }
  /** Another notification (pause, EEE, WoL, debug, FEC, module, PLCA, MM, PHY, cable tests): its command name and device. */
  | { kind: 'other'; command: string; device: EthtoolDevice }
  /** The kernel dropped notifications (ENOBUFS): re-read what you mirror. */
  | { kind: 'overrun'; error: OverrunError };

const ntf = gen.replyCommandValues;
const commandNames = new Map<number, string>(Object.entries(ntf).map(([name, value]) => [value, name]));
// The messages notifications are decoded with (they carry their _GET reply's attributes); compiled on first
// use (compileMessage keeps each compiled declaration), not when the module loads.
const messages = {
  features: genlMessage('features', gen.featuresAttrs),
  linkmodes: genlMessage('linkmodes', gen.linkmodesAttrs),
  linkinfo: genlMessage('linkinfo', gen.linkinfoAttrs),
  channels: genlMessage('channels', gen.channelsAttrs),
  rings: genlMessage('rings', gen.ringsAttrs),
  coalesce: genlMessage('coalesce', gen.coalesceAttrs),
};

/**
 * ethtool notifications as an async iterator of `EthtoolEvent`s; leaving a `for await` loop (or
 * `close()`) leaves the group. Bitsets (features, link modes) come named.
 */
export class EthtoolMonitor extends DecodedEvents<EthtoolEvent> {
  constructor(
    subscription: Subscription,
    readonly familyId: number,
    readonly names: { features: readonly string[]; linkModes: readonly string[] },
  ) {
    super(subscription, (event) => this.#decode(event));
  }

  #decode(event: MulticastEvent): EthtoolEvent | undefined {
    if (event.kind === 'overrun') return { kind: 'overrun', error: event.error };
    const { message } = event;
    if (message.type !== this.familyId || message.payload.length < 4) return undefined;
    const cmd = message.payload[0]!;
    switch (cmd) {
      case ntf['features-ntf']:
        return { kind: 'features', features: decodeFeatures(compileMessage(messages.features).decode(message.payload).attrs, this.names.features) };
      case ntf['linkmodes-ntf']:
        return { kind: 'linkmodes', linkModes: decodeLinkModes(compileMessage(messages.linkmodes).decode(message.payload).attrs, this.names.linkModes) };
      case ntf['linkinfo-ntf']:
        return { kind: 'linkinfo', linkInfo: withoutHeader(compileMessage(messages.linkinfo).decode(message.payload).attrs) };
      case ntf['channels-ntf']:
        return { kind: 'channels', channels: withoutHeader(compileMessage(messages.channels).decode(message.payload).attrs) };
      case ntf['rings-ntf']:
        return { kind: 'rings', rings: withoutHeader(compileMessage(messages.rings).decode(message.payload).attrs) };
      case ntf['coalesce-ntf']:
        return { kind: 'coalesce', coalesce: withoutHeader(compileMessage(messages.coalesce).decode(message.payload).attrs) };
      default: {
        // Every ethtool notification starts with its header nest (attribute 1) — except STATS, which sends none.
        let device: EthtoolDevice = { ifindex: 0, ifname: '' };
        try {
          device = deviceOf(compileMessage(messages.linkinfo).decode(message.payload).attrs.header);
        } catch {
          // A notification whose attribute 1 is not a header: its device stays unknown.
        }
        return { kind: 'other', command: commandNames.get(cmd) ?? String(cmd), device };
      }
    }
  }
}
