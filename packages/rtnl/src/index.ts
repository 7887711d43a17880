/**
 * @linx/rtnl: rtnetlink for TypeScript. `open({ netns? })` gives a handle with `links`, `addresses`,
 * `routes`, `nexthops`, `neighbours`, `rules`, `netconf`, `stats` and `tc` (qdiscs, classes, filters,
 * actions, chains), `monitor` and `mirror`. The message formats themselves (the declarations generated
 * from the YNL specs) and raw message access are `@linx/rtnl/protocol`.
 */
export { open, Rtnl, type OpenOptions } from './rtnl.js';
// `rtnl.client` and the verb groups are FamilyClients: the type, for signatures (the class is in /protocol).
export type { FamilyClient, CallOptions, ListOptions } from '@linx/netlink-client';
// Named network namespaces (`ip netns add/delete/list`), from the socket layer that opens sockets in them.
export { addNetns, deleteNetns, listNetns, NetnsExistsError, NetnsNotFoundError } from '@linx/netlink-socket';
export { NoSuchInterfaceError } from './shared/interfaces.js';
// The errors the layers below throw through this package's calls, so a user catches them without importing those layers.
export { LinxError, NetlinkError, MalformedError } from '@linx/netlink-wire';
export { TimeoutError, AbortError, DumpInterruptedError, OverrunError, SocketClosedError, NativeError } from '@linx/netlink-socket';
// What the lists resolve to (an array marked `interrupted` when the kernel flagged the dump), for the
// declarations of a consumer that infers it.
export type { DumpList, Connection, Subscription, ConnectionOptions } from '@linx/netlink-socket';
export { InvalidValueError, DecodeError } from '@linx/netlink-codec';
export { InvalidArgumentError, parsePrefix, checkIfname, type Prefix, type InterfaceRef } from './shared/arguments.js';
export {
  ADDRESS_FAMILIES,
  SCOPES,
  ROUTE_PROTOCOLS,
  TABLES,
  tableName,
  OPERSTATES,
  LINK_TYPES,
  type AddressFamily,
  type Scope,
  type RouteProtocol,
  type TableName,
  type Operstate,
  type LinkType,
} from './shared/names.js';
export { jsonReplacer } from './shared/json.js';
// Each verb group exports its class and its types (names prefixed by the group where they could clash).
export * from './link/index.js';
export * from './address/addresses.js';
export * from './route/routes.js';
// MPLS routes' parts, which Route and RouteSpec use (route/routes.ts does not re-export them).
export type { RouteMplsEncap, RouteMplsEncapSpec, RouteViaSpec, MplsLabels, MplsRouteSpec } from './route/mpls.js';
export * from './neighbour/neighbours.js';
export * from './rule/rules.js';
export * from './nexthop/index.js';
export * from './netconf/index.js';
export * from './stats/stats.js';
export * from './tc/index.js';
export * from './bridge/index.js';
export { Monitor } from './monitor/monitor.js';
export type { MonitorOptions } from './monitor/options.js';
export type { MonitorFamily } from './monitor/groups.js';
export type { MonitorEvent, MonitorKind, MonitoredObjects, MonitorObjectEvent, ObjectEvent, OptInMonitorKind, OptInObjectEvent, OverrunEvent, TcMonitorKind } from './monitor/events.js';
export { Mirror, type MirrorOptions, type UntilOptions, type ResyncReason } from './mirror/mirror.js';
export { LinkTable, AddressTable, RouteTable, NeighbourTable, RuleTable } from './mirror/tables.js';
export * from './reconcile/index.js';
// The codec's types that decoded objects are made of (a link's `stats` is a `StructValue<…>` of `IntDecl`s),
// so that a consumer's declarations can name them through this package: it cannot import
// @linx/netlink-codec, which it did not install.
export type {
  IntDecl,
  VarIntDecl,
  StringDecl,
  BinaryDecl,
  FlagDecl,
  AddressDecl,
  EnumDecl,
  FlagsDecl,
  Bitfield32Value,
  Bitfield32Decl,
  PackedArrayDecl,
  NestDecl,
  HeadedNestDecl,
  IndexedArrayDecl,
  TypeValueDecl,
  StructTypeDecl,
  SubMessageDecl,
  CustomDecl,
  AttrDecl,
  AttrSetDecl,
  AttrsValue,
  PadDecl,
  StructDecl,
  StructValue,
  FormatValue,
  UnknownAttribute,
} from '@linx/netlink-codec';
