import { compileMessage } from '@linx/netlink-codec';
import type { RequestSource } from '@linx/netlink-socket';
import { ByteWriter, HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import type { InterfaceRef } from '../shared/arguments.js';
import { routeRequestMessage } from './request-layout.js';
import { materialize, namesOf, type RoutePlan } from './request.js';
import { writePlainRoute, writesPlainly } from './writer.js';

/**
 * The payloads of many route requests (`addMany`), encoded one by one as they are checked into one
 * buffer: the checked routes (objects, parsed addresses) are garbage right away instead of living until
 * the last request is answered. Interface names are written as 0 and patched once `resolve` has looked
 * them up. Routes of an uncommon shape (metrics, next hops…) wait for the names and go through the codec
 * then, still before anything is sent, so a value the codec refuses throws first.
 */
export class RoutePayloads implements RequestSource {
  readonly #buffer: ByteWriter;
  /** Where payload i starts and ends in the buffer; -1 for a route the codec encodes. */
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  #count = 0;
  /** oif values to patch: their offsets in the buffer and the interface names. */
  readonly #fixups: { at: number; name: string }[] = [];
  readonly #uncommon = new Map<number, RoutePlan>();
  readonly #encoded = new Map<number, Uint8Array>();
  /** The interface names the routes refer to. */
  readonly names = new Set<string>();

  constructor(
    readonly type: number,
    readonly flags: number,
    capacity: number,
  ) {
    // Stryker disable next-line MethodExpression,ArithmeticOperator: the initial size only (about 48 bytes a route); the writer grows as needed, the bytes are the same
    this.#buffer = new ByteWriter(Math.max(256, capacity * 48));
    this.#starts = new Int32Array(capacity);
    this.#ends = new Int32Array(capacity);
  }

  get count(): number {
    return this.#count;
  }

  /** Adds the next route. */
  add(plan: RoutePlan): void {
    const i = this.#count++;
    for (const name of namesOf(plan)) this.names.add(name);
    if (!writesPlainly(plan)) {
      this.#uncommon.set(i, plan);
      this.#starts[i] = -1;
      return;
    }
    this.#starts[i] = this.#buffer.length;
    const oif = typeof plan.oif === 'number' ? plan.oif : 0;
    const at = writePlainRoute(this.#buffer, plan, oif);
    if (typeof plan.oif === 'string') this.#fixups.push({ at, name: plan.oif });
    this.#ends[i] = this.#buffer.length;
  }

  /** Fills in the interface indexes, and encodes the uncommon routes. */
  resolve(index: (ref: InterfaceRef) => number): void {
    const view = this.#buffer.view;
    for (const { at, name } of this.#fixups) view.setUint32(at, index(name), HOST_LITTLE_ENDIAN);
    const codec = compileMessage(routeRequestMessage);
    for (const [i, plan] of this.#uncommon) this.#encoded.set(i, codec.encode(materialize(plan, index)));
    this.#uncommon.clear();
  }

  write(i: number, w: ByteWriter): void {
    const start = this.#starts[i]!;
    w.write(start < 0 ? this.#encoded.get(i)! : this.#buffer.bytes.subarray(start, this.#ends[i]));
  }
}
