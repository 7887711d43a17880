import { compileMessage } from '@linx/netlink-codec';
import { onFirstUse } from '@linx/netlink-codec/runtime';
import { viewOf, type NetlinkMessage } from '@linx/netlink-wire';
import { addrMessage } from '../generated/rt-addr.js';
import { linkMessage } from '../generated/rt-link.js';
import { neighbourMessage } from '../generated/rt-neigh.js';
import { routeMessage } from '../generated/rt-route.js';
import { addAddressName, decodeAddress } from '../address/shape.js';
import { addLinkNames, toLink } from '../link/link.js';
import { addNeighbourName, toNeighbour } from '../neighbour/shape.js';
import { addRouteNames, decodeRoute } from '../route/shape.js';
import { ruleMessage, toRule } from '../rule/shape.js';
import { netconfMessage } from '../generated/rt-netconf.js';
import { addNetconfName, toNetconf } from '../netconf/netconf.js';
import { addNexthopName, nexthopShapedMessage, toNexthop } from '../nexthop/shape.js';
import { mdbShapedMessage, toMdbEntries } from '../bridge/mdb-shape.js';
import { toVlanDbObjects } from '../bridge/vlan-db-shape.js';
import { vlandbMessage } from '../generated/rt-vlan.js';
import { linkNameAt } from '../shared/ifname-cache.js';
import { ADDRESS_FAMILIES } from '../shared/names.js';
import { decodeTcNotification } from '../tc/notifications.js';
import type { MonitorObjectEvent } from './events.js';

const { newlink: RTM_NEWLINK, dellink: RTM_DELLINK } = linkMessage.types;
const { newaddr: RTM_NEWADDR, deladdr: RTM_DELADDR } = addrMessage.types;
const { newroute: RTM_NEWROUTE, delroute: RTM_DELROUTE } = routeMessage.types;
const { newneigh: RTM_NEWNEIGH, delneigh: RTM_DELNEIGH } = neighbourMessage.types;
const { newrule: RTM_NEWRULE, delrule: RTM_DELRULE } = ruleMessage.types;
const { newnexthop: RTM_NEWNEXTHOP, delnexthop: RTM_DELNEXTHOP } = nexthopShapedMessage.types;
const { newnetconfNtf: RTM_NEWNETCONF, delnetconfNtf: RTM_DELNETCONF } = netconfMessage.types;
const { newmdbNtf: RTM_NEWMDB, delmdbNtf: RTM_DELMDB } = mdbShapedMessage.types;
const AF_UNSPEC = ADDRESS_FAMILIES.unspec;

const linkCodec = onFirstUse(() => compileMessage(linkMessage));
const neighbourCodec = onFirstUse(() => compileMessage(neighbourMessage));
const ruleCodec = onFirstUse(() => compileMessage(ruleMessage));
const nexthopCodec = onFirstUse(() => compileMessage(nexthopShapedMessage));
const netconfCodec = onFirstUse(() => compileMessage(netconfMessage));
const mdbCodec = onFirstUse(() => compileMessage(mdbShapedMessage));
const vlanCodec = onFirstUse(() => compileMessage(vlandbMessage));
const { newvlanNtf: RTM_NEWVLAN, delvlanNtf: RTM_DELVLAN } = vlandbMessage.types;

/**
 * Turns rtnetlink notifications into monitor events, each object decoded by the decoder its kind's
 * `list()` uses (the same function, so the same shape), interface names included for routes,
 * addresses, neighbours, nexthops and netconf from a cache that link notifications keep current. Messages
 * of other types give undefined.
 * `rtnl.monitor()` uses one; on its own it decodes captured notifications (a pcap of `nlmon` traffic):
 * `new NotificationDecoder(new Map())` learns names from the link messages it sees, `undefined` skips them.
 */
export class NotificationDecoder {
  /** Interface index → name; undefined when names are not wanted. */
  readonly names: Map<number, string> | undefined;
  #buffer: ArrayBufferLike | undefined;
  #bytes: Uint8Array = new Uint8Array(0);
  #view: DataView = new DataView(new ArrayBuffer(0));

  constructor(names: Map<number, string> | undefined) {
    this.names = names;
  }

  /** One notification as the engine hands it (its payload a view into the receive batch). */
  decode(message: NetlinkMessage): MonitorObjectEvent | undefined {
    const { payload } = message;
    // Notifications of one receive batch share its buffer: one DataView serves them all.
    if (payload.buffer !== this.#buffer) {
      this.#buffer = payload.buffer;
      this.#bytes = new Uint8Array(payload.buffer);
      this.#view = viewOf(this.#bytes);
    }
    return this.decodeAt(message.type, this.#bytes, this.#view, payload.byteOffset, payload.byteOffset + payload.byteLength);
  }

  /** The notification of type `type` whose payload is at `bytes[start, end)`. */
  decodeAt(type: number, bytes: Uint8Array, view: DataView, start: number, end: number): MonitorObjectEvent | undefined {
    switch (type) {
      case RTM_NEWROUTE:
      case RTM_DELROUTE: {
        const route = decodeRoute(bytes, view, start, end);
        if (this.names !== undefined) addRouteNames(route, this.names);
        return { type: type === RTM_NEWROUTE ? 'new' : 'del', kind: 'route', object: route };
      }
      case RTM_NEWADDR:
      case RTM_DELADDR: {
        const address = decodeAddress(bytes, view, start, end);
        if (this.names !== undefined) addAddressName(address, this.names);
        return { type: type === RTM_NEWADDR ? 'new' : 'del', kind: 'address', object: address };
      }
      case RTM_NEWLINK:
      case RTM_DELLINK: {
        // Only links proper (AF_UNSPEC) name interfaces: AF_BRIDGE messages on the same group are about
        // bridge ports. A deleted link's name is kept: the deletions of its routes may come after it.
        if (type === RTM_NEWLINK && this.names !== undefined && bytes[start] === AF_UNSPEC) {
          const named = linkNameAt(bytes, view, start, end);
          if (named !== undefined) this.names.set(named.index, named.name);
        }
        const link = toLink(linkCodec().decodeAt(bytes, view, start, end));
        if (this.names !== undefined) addLinkNames(link, this.names);
        return { type: type === RTM_NEWLINK ? 'new' : 'del', kind: 'link', object: link };
      }
      case RTM_NEWNEIGH:
      case RTM_DELNEIGH: {
        const neighbour = toNeighbour(neighbourCodec().decodeAt(bytes, view, start, end));
        if (this.names !== undefined) addNeighbourName(neighbour, this.names);
        return { type: type === RTM_NEWNEIGH ? 'new' : 'del', kind: 'neighbour', object: neighbour };
      }
      case RTM_NEWRULE:
      case RTM_DELRULE:
        return { type: type === RTM_NEWRULE ? 'new' : 'del', kind: 'rule', object: toRule(ruleCodec().decodeAt(bytes, view, start, end)) };
      case RTM_NEWNEXTHOP:
      case RTM_DELNEXTHOP: {
        const nexthop = toNexthop(nexthopCodec().decodeAt(bytes, view, start, end));
        if (this.names !== undefined) addNexthopName(nexthop, this.names);
        return { type: type === RTM_NEWNEXTHOP ? 'new' : 'del', kind: 'nexthop', object: nexthop };
      }
      case RTM_NEWNETCONF:
      case RTM_DELNETCONF: {
        const netconf = toNetconf(netconfCodec().decodeAt(bytes, view, start, end));
        if (this.names !== undefined) addNetconfName(netconf, this.names);
        return { type: type === RTM_NEWNETCONF ? 'new' : 'del', kind: 'netconf', object: netconf };
      }
      case RTM_NEWMDB:
      case RTM_DELMDB: {
        // A notification carries one port of one group (br_mdb_notify).
        const [entry] = toMdbEntries(mdbCodec().decodeAt(bytes, view, start, end), this.names);
        return entry === undefined ? undefined : { type: type === RTM_NEWMDB ? 'new' : 'del', kind: 'mdb', object: entry };
      }
      case RTM_NEWVLAN:
      case RTM_DELVLAN: {
        // A port's notification carries one VLAN or range (br_vlan_notify); a bridge's global options
        // (br_vlan_global_opts_notify) have no entry and are not reported.
        const [entry] = toVlanDbObjects(vlanCodec().decodeAt(bytes, view, start, end), this.names).entries;
        return entry === undefined ? undefined : { type: type === RTM_NEWVLAN ? 'new' : 'del', kind: 'vlan', object: entry };
      }
      default:
        // qdiscs, classes, filters and shared actions (RTNLGRP_TC), decoded as rtnl.tc's lists decode them.
        return decodeTcNotification(type, bytes, view, start, end, this.names);
    }
  }
}
