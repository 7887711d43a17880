import { compileMessage } from '@linx/netlink-codec';
import type { CallOptions, FamilyClient } from '@linx/netlink-client';
import { InvalidArgumentError, type Connection, type Subscription } from '@linx/netlink-socket';
import type { NetlinkMessage } from '@linx/netlink-wire';
import { GroupNotFoundError } from './errors.js';
import { familyOf, type GenlFamily } from './family.js';
import { mcastGroups, replyCommandValues } from './generated/nlctrl.js';
import { GENL_ID_CTRL } from './header.js';
import { ctrlMessage, getFamily } from './nlctrl.js';

/** The multicast group id of `group` in `family`; `GroupNotFoundError` when it has none of that name. */
export function groupId(family: GenlFamily, group: string): number {
  const found = family.groups.find((g) => g.name === group);
  if (found === undefined) throw new GroupNotFoundError(family.name, group, family.groups.map((g) => g.name));
  return found.id;
}

/** Checks a family name before anything is sent. */
export function checkFamilyName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) throw new InvalidArgumentError('family', `${JSON.stringify(name)} is not a family name (a non-empty string)`);
}

/**
 * Families resolved through nlctrl, by name, kept current by nlctrl's own announcements: before the first
 * lookup it joins nlctrl's "notify" group (on `watch`), and then a family registered again (a module
 * reloaded: new id, new groups) replaces its entry, one unregistered or whose groups changed drops it,
 * and an overrun (announcements lost) drops them all. A lookup that an announcement for the same family
 * overtook returns what it got but leaves the cache alone (the announcement is newer).
 */
export class FamilyCache {
  readonly #families = new Map<string, GenlFamily>();
  /** Announcements seen per family name, and overruns: a lookup caches its answer only if neither moved. */
  readonly #announced = new Map<string, number>();
  #overruns = 0;
  #watching: Promise<void> | undefined;
  #subscription: Subscription | undefined;
  readonly #decode = compileMessage(ctrlMessage);

  constructor(
    private readonly client: FamilyClient,
    private readonly watch: Connection,
  ) {}

  /** The family `name`, from the cache or from nlctrl (`FamilyNotFoundError` when it is not registered). */
  async get(name: string, options: CallOptions = {}): Promise<GenlFamily> {
    checkFamilyName(name);
    const cached = this.#families.get(name);
    if (cached !== undefined) return cached;
    await this.#startWatching(options);
    return this.#lookUp(name, options);
  }

  /** Whether `name` is in the cache now (no lookup). */
  has(name: string): boolean {
    return this.#families.has(name);
  }

  /** Puts families just listed into the cache (a dump of every family is as fresh as a lookup). */
  fill(families: readonly GenlFamily[], announced: ReadonlyMap<string, number>, overruns: number): void {
    if (overruns !== this.#overruns) return;
    for (const family of families) if ((this.#announced.get(family.name) ?? 0) === (announced.get(family.name) ?? 0)) this.#families.set(family.name, family);
  }

  /** What `fill` compares against: the announcement counters before a listing started. */
  snapshot(): { announced: ReadonlyMap<string, number>; overruns: number } {
    return { announced: new Map(this.#announced), overruns: this.#overruns };
  }

  /** Joins nlctrl's notify group once (a failed attempt is retried by the next lookup). */
  async startWatching(options: CallOptions = {}): Promise<void> {
    await this.#startWatching(options);
  }

  /** Leaves the notify group. */
  close(): void {
    this.#subscription?.close();
    this.#subscription = undefined;
  }

  async #lookUp(name: string, options: CallOptions): Promise<GenlFamily> {
    const seen = this.#announced.get(name) ?? 0;
    const overruns = this.#overruns;
    const family = familyOf(await getFamily(this.client, name, options));
    if ((this.#announced.get(name) ?? 0) === seen && this.#overruns === overruns) this.#families.set(name, family);
    return family;
  }

  #startWatching(options: CallOptions): Promise<void> {
    this.#watching ??= (async () => {
      const nlctrl = await this.#lookUp('nlctrl', options);
      const subscription = this.watch.subscribe(groupId(nlctrl, mcastGroups.notify));
      subscription.on('message', (message: NetlinkMessage) => this.#announcement(message));
      subscription.on('overrun', () => this.#overrun());
      this.#subscription = subscription;
    })().catch((error: unknown) => {
      this.#watching = undefined;
      throw error;
    });
    return this.#watching;
  }

  #announcement(message: NetlinkMessage): void {
    if (message.type !== GENL_ID_CTRL) return;
    let decoded;
    try {
      decoded = this.#decode.decode(message.payload);
    } catch {
      // An announcement that cannot be read could be about any family.
      this.#overrun();
      return;
    }
    const family = familyOf(decoded);
    this.#announced.set(family.name, (this.#announced.get(family.name) ?? 0) + 1);
    if (decoded.header.cmd === replyCommandValues.newfamily) this.#families.set(family.name, family);
    else this.#families.delete(family.name);
  }

  #overrun(): void {
    this.#overruns++;
    this.#families.clear();
  }
}
