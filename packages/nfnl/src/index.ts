/**
 * @linx/nfnl: nfnetlink for TypeScript. `open()` a handle in any network namespace; `nfnl.nftables` has
 * the nftables verbs (tables, chains, rules, sets and maps, elements, objects, flowtables, batches,
 * generations, monitoring). Transactions (`batch`) work for any nfnetlink subsystem.
 *
 * linx's own, completed nftables message declarations are under `nft.messages`, the expressions under
 * `nft.expr`. The generated declarations, the nfnetlink header and subsystem ids, and batches on a
 * connection of one's own are `@linx/nfnl/protocol`.
 */
export { open, Nfnl, type OpenOptions } from './nfnl.js';
export type { BatchMessage, BatchOptions } from './batch.js';
// The errors the layers below throw through this package's calls, so a user catches them without importing those layers.
export { LinxError, NetlinkError, MalformedError, InvalidArgumentError } from '@linx/netlink-wire';
export { TimeoutError, AbortError, DumpInterruptedError, OverrunError, SocketClosedError, NativeError } from '@linx/netlink-socket';
// What the lists resolve to (an array marked `interrupted` when the kernel flagged the dump), for the
// declarations of a consumer that infers it.
export type { DumpList, Connection, Subscription, ConnectionOptions } from '@linx/netlink-socket';
export { InvalidValueError, DecodeError } from '@linx/netlink-codec';
export { BatchError, BatchRejectedError, GenerationConflictError, BatchAnswersLostError, ERESTART, UnknownPacketError, type BatchFailure } from './errors.js';
export type { Family } from './nfgenmsg.js';
export type { Subsystem } from './subsystem.js';
export * as nft from './nftables/index.js';
export {
  Nftables,
  NftBatch,
  NftMonitor,
  value,
  verdict,
  ruleStatements,
  rulesetText,
  rulesetJson,
  type RulesetJson,
  compileRule,
  RuleBuilder,
  UnrenderableRuleError,
  RuleSyntaxError,
  type RuleTextSpec,
  type NftBatchOptions,
  type NftBatchResult,
  type Ruleset,
  type MonitorEvent,
  type NftChange,
  type Table,
  type TableSpec,
  type Chain,
  type ChainSpec,
  type Rule,
  type RuleSpec,
  type NftSet,
  type SetSpec,
  type SetElement,
  type SetElementSpec,
  type NftObject,
  type ObjectSpec,
  type Flowtable,
  type FlowtableSpec,
  type Generation,
  type Verdict,
} from './nftables/index.js';
export type { Expression, ExpressionInput, ExpressionName, ExpressionData, DeclaredExpression, UnknownExpression } from './nftables/expr/expression.js';
export * as nfacct from './nfacct/index.js';
export { Nfacct, type NfacctObject, type NfacctQuota, type NfacctSpec, type NfacctListOptions } from './nfacct/index.js';
export * as nfqueue from './nfqueue/index.js';
export { Nfqueue, NfQueue, type BindOptions as NfqueueBindOptions, type QueueSettings, type QueuedPacket, type NfqueueVerdict, type VerdictOptions, type BatchVerdictOptions } from './nfqueue/index.js';
export * as nflog from './nflog/index.js';
export { Nflog, NflogGroup, type NflogBindOptions, type GroupSettings, type LoggedPacket } from './nflog/index.js';
export type { PacketEvent } from './packet-stream.js';
export type { PacketTimestamp, PacketVlan, SharedPacketFields } from './packet-fields.js';
export * as ipset from './ipset/index.js';
export { Ipset, IpsetError, IpsetProtocolError, type IpsetSpec, type IpsetSet, type IpsetElement, type IpsetElementOptions } from './ipset/index.js';
export * as conntrack from './conntrack/index.js';
export {
  Conntrack,
  ConntrackEvents,
  ExpectationEvents,
  type ExpectationEvent,
  type ConntrackEntry,
  type ConntrackTuple,
  type ConntrackFilter,
  type ConntrackSpec,
  type ConntrackChanges,
  type ConntrackKey,
  type ConntrackEvent,
  type ConntrackFamily,
  type ConntrackStatus,
  type ConntrackCpuStats,
  type ConntrackExpectation,
  type ExpectationSpec,
  type ExpectationKey,
  type TupleSpec,
} from './conntrack/index.js';
// The types the signatures above use (the verb groups behind `nfnl.nftables`, keys, filters, selectors,
// the reconcile types, …), at the top level too: TypeScript names a type only through a path a consumer
// can import, not through a namespace (`nft.HookName`), so without these a consumer emitting declarations
// of its own failed (TS2742/TS2883) on a value inferred from `chain.hook` and the like.
export type {
  Tables,
  Chains,
  Rules as NftRules,
  Sets,
  Elements,
  ElementsTarget,
  SetElements,
  Objects,
  Flowtables,
  TableKey,
  ChainKey,
  RuleKey,
  RuleFilter,
  SetKey,
  ObjectKey,
  FlowtableKey,
  HookName,
  ChainType,
  ChainPolicy,
  Priority,
  DatatypeName,
  SetDatatype,
  VerdictCode,
  NftMessageMeaning,
  NftClient,
  NftMsg,
  NftOperation,
  NfnlCore,
  CompiledRule,
  Selector,
  CtSelector,
  MetaSelector,
  PayloadSelector,
  MatchValue,
  PrintOptions,
  RuleJson,
  SetsWithElements,
  Rendered,
} from './nftables/index.js';
export type { VerdictName, MatchOp, Key, Generated, BitChange, MapRef } from './nftables/text/builder.js';
export type { TableFlags, ChainFlags, SetFlags, ObjectType } from './nftables/generated/nftables.js';
export type { DecodedMessage } from './nftables/common.js';
export type {
  ApplyResult,
  NftablesHandle,
  ReconcileOptions,
  ReconcileResult,
  DesiredRule,
  DesiredRuleset,
  DesiredSet,
  ObservedRuleset,
  Ownership,
  Plan,
  PlanOptions,
  PlanStep,
  StepKind,
  TableName,
} from './nftables/reconcile/index.js';
export type { CheckedFilter, ConntrackCounter, ConntrackEventKind, DecodedConntrack, ExpectationEventKind } from './conntrack/index.js';
export type { GroupEvents } from './conntrack/group-events.js';
export type { NfCtSctpState, NfCtStatus, NfCtTcpFlags, NfCtTcpState } from './conntrack/generated/conntrack.js';
export type { ElementPart, IpProto, SetTypeInfo } from './ipset/set-types.js';
export type { NfacctReadOptions } from './nfacct/nfacct.js';
export type { NfacctQuotaEvent, NfacctQuotaMonitor } from './nfacct/quota-monitor.js';
export type { NflogCopyMode, NflogFlag } from './nflog/messages.js';
export type { NfqueueCopyMode, NfqueueFlag } from './nfqueue/messages.js';
export type { SkbInfo } from './nfqueue/packet.js';
export type { PacketStream } from './packet-stream.js';
export type { SubsystemClient } from './subsystem-client.js';
// The codec's types that decoded objects are made of (a struct inside one is a `StructValue<…>` of `IntDecl`s),
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
