/**
 * @linx/genl: generic netlink. Families resolved through nlctrl (cached, kept current by its
 * announcements), their policies, and the shared family client for requests to them. `nlctrl` holds the
 * declarations generated from the kernel's nlctrl.yaml.
 */
export { open, Genl, type OpenOptions } from './genl.js';
export { FamilyNotFoundError, GroupNotFoundError, OperationNotSupportedError, PolicyViolationError, NoReplyError, type PolicyViolationReason } from './errors.js';
export type { GenlFamily, FamilyOperation, FamilyGroup } from './family.js';
export type { FamilyPolicy, OperationPolicy, AttributePolicy } from './policy.js';
export { GENL_ID_CTRL, GENL_HDRLEN, genlmsghdr, genlMessage } from './header.js';
export * from './spec-client/index.js';
export { checkPolicy, type CheckPolicyOptions, type PolicyViolation } from './policy-check.js';
export { ctrlMessage, type CtrlValue } from './nlctrl.js';
export * as nlctrl from './generated/nlctrl.js';
// `genl.client` is a FamilyClient: its type, for signatures (the class is @linx/netlink-client's).
export type { FamilyClient, CallOptions, ListOptions } from '@linx/netlink-client';
// The errors the layers below throw through this package's calls, so a user catches them without importing those layers.
export { LinxError, NetlinkError, MalformedError, InvalidArgumentError, NoSuchInterfaceError } from '@linx/netlink-wire';
export { TimeoutError, AbortError, DumpInterruptedError, OverrunError, SocketClosedError, NativeError } from '@linx/netlink-socket';
// What the lists resolve to (an array marked `interrupted` when the kernel flagged the dump), for the
// declarations of a consumer that infers it.
export type { DumpList, Connection, Subscription, ConnectionOptions } from '@linx/netlink-socket';
export { InvalidValueError, DecodeError } from '@linx/netlink-codec';
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
