import { compileMessage } from '@linx/netlink-codec';
import type { MulticastEvent, OverrunError, Subscription } from '@linx/netlink-socket';
import { GENL_HDRLEN } from '../header.js';
import { fixedHeaderOf, genlMessageOf } from './message.js';
import type { GenlSpec, GroupName, NotificationOf, NotificationSpec } from './spec.js';

/**
 * What a group subscription yields: a notification of the group, decoded by its spec (`name`
 * discriminates); a message of the family the spec does not describe for this group (`other`: its
 * command and payload); or `overrun`, the kernel having dropped notifications (re-read what you mirror;
 * the subscription goes on).
 */
export type GenlEvent<S extends GenlSpec, G extends GroupName<S>> =
  | NotificationOf<S, G>
  | { kind: 'other'; cmd: number; payload: Uint8Array }
  | { kind: 'overrun'; error: OverrunError };

/**
 * A family's multicast group as an async iterator of `GenlEvent`s; leaving a `for await` loop (or
 * `close()`) leaves the group. Messages of other families on the same socket are skipped.
 */
export class GenlEvents<S extends GenlSpec, G extends GroupName<S>> implements AsyncIterableIterator<GenlEvent<S, G>> {
  readonly #byCmd = new Map<number, [string, NotificationSpec]>();

  constructor(
    readonly spec: S,
    readonly group: G,
    readonly familyId: number,
    readonly subscription: Subscription,
  ) {
    for (const name of spec.groupNotifications[group] ?? []) {
      const notification = spec.notifications[name];
      if (notification !== undefined) this.#byCmd.set(notification.cmd, [name, notification]);
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<GenlEvent<S, G>>> {
    for (;;) {
      const result = await this.subscription.next();
      if (result.done) return { value: undefined, done: true };
      const event = this.#decode(result.value);
      if (event !== undefined) return { value: event, done: false };
    }
  }

  async return(): Promise<IteratorResult<GenlEvent<S, G>>> {
    this.close();
    return { value: undefined, done: true };
  }

  close(): void {
    this.subscription.close();
  }

  #decode(event: MulticastEvent): GenlEvent<S, G> | undefined {
    if (event.kind === 'overrun') return { kind: 'overrun', error: event.error };
    const { message } = event;
    if (message.type !== this.familyId || message.payload.length < GENL_HDRLEN) return undefined;
    const cmd = message.payload[0]!;
    const known = this.#byCmd.get(cmd);
    if (known === undefined) return { kind: 'other', cmd, payload: message.payload };
    const [name, spec] = known;
    const decoded = compileMessage(genlMessageOf(spec.attrs, spec.header)).decode(message.payload) as { header: Record<string, unknown>; attrs: object };
    const out: Record<string, unknown> = { kind: 'notification', name, cmd, attrs: decoded.attrs ?? {} };
    if (spec.header !== undefined) out.fixedHeader = fixedHeaderOf(spec.header, decoded.header);
    return out as GenlEvent<S, G>;
  }
}
