import { UNKNOWN } from '@linx/netlink-codec';
import { HOST_LITTLE_ENDIAN, NLMSG_HDRLEN } from '@linx/netlink-wire';
import type { PayloadDecoder } from '@linx/netlink-client';
import { addRouteNames, decodeRoute, type Route } from './shape.js';

/**
 * What the views of one receive batch share: the batch's bytes (fresh per receive, never reused by the
 * socket, so they may be kept) and the interface names the list looked up. One per batch, so that a view
 * needs only two slots of its own.
 */
class RouteBatch {
  constructor(
    readonly bytes: Uint8Array,
    readonly view: DataView,
    readonly names: ReadonlyMap<number, string> | undefined,
  ) {}
}

/** The last view decoded and its route: reading several fields of one view in a row decodes it once. */
let lastView: RouteView | undefined;
let lastRoute: Route | undefined;

/**
 * A route of `routes.list(filter, { compact: true })`, read-only: it keeps only where its RTM_NEWROUTE
 * message lies in the receive batch, and decodes it (with the same decoder as the plain list) when a field
 * is read. Every field of {@link Route} reads the same as on the plain route. It has no own enumerable
 * fields (spread and `Object.keys` see nothing): `toRoute()` gives a plain `Route`, and `JSON.stringify`
 * writes the plain route. Keeping any view keeps its whole receive batch in memory.
 *
 * Objects the fields hold (`flags`, `metrics`, `multipath`, …) belong to the last decoded route, which the
 * next read of another view replaces: take `toRoute()` to change or keep them.
 */
export class RouteView implements Readonly<Route> {
  readonly #batch: RouteBatch;
  /** Where the message's payload (the rtmsg) starts in the batch; its end is read from the nlmsghdr. */
  readonly #start: number;

  /** @internal Views are made by `routes.list(…, { compact: true })` (see {@link routeViewReader}). */
  constructor(batch: RouteBatch, start: number) {
    this.#batch = batch;
    this.#start = start;
  }

  /** The route decoded afresh: a plain object of its own, to change or keep. */
  toRoute(): Route {
    const { bytes, view, names } = this.#batch;
    const start = this.#start;
    const route = decodeRoute(bytes, view, start, start - NLMSG_HDRLEN + view.getUint32(start - NLMSG_HDRLEN, HOST_LITTLE_ENDIAN));
    if (names !== undefined) addRouteNames(route, names);
    return route;
  }

  /** The plain route, so that `JSON.stringify(view)` writes what `JSON.stringify(route)` does. */
  toJSON(): Route {
    return this.toRoute();
  }

  /** `console.log` and `util.inspect` show the plain route. */
  [Symbol.for('nodejs.util.inspect.custom')](): Route {
    return this.toRoute();
  }

  /** The decoded route, from the one-entry cache when this view was the last one read. */
  static #route(view: RouteView): Route {
    if (view !== lastView) {
      lastRoute = view.toRoute();
      lastView = view;
    }
    return lastRoute!;
  }

  get family(): Route['family'] { return RouteView.#route(this).family; }
  get type(): Route['type'] { return RouteView.#route(this).type; }
  get table(): Route['table'] { return RouteView.#route(this).table; }
  get tableName(): Route['tableName'] { return RouteView.#route(this).tableName; }
  get dst(): Route['dst'] { return RouteView.#route(this).dst; }
  get dstLen(): Route['dstLen'] { return RouteView.#route(this).dstLen; }
  get dstPrefix(): Route['dstPrefix'] { return RouteView.#route(this).dstPrefix; }
  get src(): Route['src'] { return RouteView.#route(this).src; }
  get srcLen(): Route['srcLen'] { return RouteView.#route(this).srcLen; }
  get srcPrefix(): Route['srcPrefix'] { return RouteView.#route(this).srcPrefix; }
  get tos(): Route['tos'] { return RouteView.#route(this).tos; }
  get protocol(): Route['protocol'] { return RouteView.#route(this).protocol; }
  get scope(): Route['scope'] { return RouteView.#route(this).scope; }
  get flags(): Route['flags'] { return RouteView.#route(this).flags; }
  get priority(): Route['priority'] { return RouteView.#route(this).priority; }
  get gateway(): Route['gateway'] { return RouteView.#route(this).gateway; }
  get oif(): Route['oif'] { return RouteView.#route(this).oif; }
  get dev(): Route['dev'] { return RouteView.#route(this).dev; }
  get iif(): Route['iif'] { return RouteView.#route(this).iif; }
  get iifName(): Route['iifName'] { return RouteView.#route(this).iifName; }
  get prefsrc(): Route['prefsrc'] { return RouteView.#route(this).prefsrc; }
  get metrics(): Route['metrics'] { return RouteView.#route(this).metrics; }
  get multipath(): Route['multipath'] { return RouteView.#route(this).multipath; }
  get protoinfo(): Route['protoinfo'] { return RouteView.#route(this).protoinfo; }
  get flow(): Route['flow'] { return RouteView.#route(this).flow; }
  get cacheinfo(): Route['cacheinfo'] { return RouteView.#route(this).cacheinfo; }
  get session(): Route['session'] { return RouteView.#route(this).session; }
  get mpAlgo(): Route['mpAlgo'] { return RouteView.#route(this).mpAlgo; }
  get mark(): Route['mark'] { return RouteView.#route(this).mark; }
  get mfcStats(): Route['mfcStats'] { return RouteView.#route(this).mfcStats; }
  get via(): Route['via'] { return RouteView.#route(this).via; }
  get newdst(): Route['newdst'] { return RouteView.#route(this).newdst; }
  get pref(): Route['pref'] { return RouteView.#route(this).pref; }
  get encapType(): Route['encapType'] { return RouteView.#route(this).encapType; }
  get encap(): Route['encap'] { return RouteView.#route(this).encap; }
  get expires(): Route['expires'] { return RouteView.#route(this).expires; }
  get pad(): Route['pad'] { return RouteView.#route(this).pad; }
  get uid(): Route['uid'] { return RouteView.#route(this).uid; }
  get ttlPropagate(): Route['ttlPropagate'] { return RouteView.#route(this).ttlPropagate; }
  get ipProto(): Route['ipProto'] { return RouteView.#route(this).ipProto; }
  get sport(): Route['sport'] { return RouteView.#route(this).sport; }
  get dport(): Route['dport'] { return RouteView.#route(this).dport; }
  get nhId(): Route['nhId'] { return RouteView.#route(this).nhId; }
  get flowlabel(): Route['flowlabel'] { return RouteView.#route(this).flowlabel; }
  get [UNKNOWN](): Route[typeof UNKNOWN] { return RouteView.#route(this)[UNKNOWN]; }
}

/**
 * The dump decoder of a compact list: a view per RTM_NEWROUTE payload at `bytes[start, …)`, sharing one
 * {@link RouteBatch} per receive batch (with `names`, the interface names to fill in when read).
 */
export function routeViewReader(names: ReadonlyMap<number, string> | undefined): PayloadDecoder<RouteView> {
  let batch: RouteBatch | undefined;
  return (bytes, view, start) => {
    if (batch === undefined || batch.bytes !== bytes) batch = new RouteBatch(bytes, view, names);
    return new RouteView(batch, start);
  };
}
