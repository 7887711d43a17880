export { Tc } from './tc.js';
// The verb classes are lazy groups (their code loads on first call); their types from their own modules.
export { Qdiscs, TcClasses, TcFilters, TcChains, TcActions } from './lazy-groups.js';
export type { QdiscSpec, QdiscFilter } from './qdiscs.js';
export type { TcClassSpec, TcClassFilter } from './classes.js';
export { isQdiscOf, isHtbClass, isClassOf } from './guards.js';
export type { Qdisc, QdiscOf, TcClass, ClassOf, ClassKind, HtbClass, TcStatistics } from './shape.js';
export type { TcTarget } from './request.js';
export { formatHandle, parseHandle, parseParent, type TcHandle } from './handles.js';
export { parseRate, parseSize, parseTime, type Rate, type Size, type Time } from './units.js';
export { parsePercent, type Percent } from './percent.js';
export type { Estimator } from './estimator.js';
export { QDISC_KINDS, CLASS_KINDS } from './kinds/names.js';
export type {
  QdiscKindOptions,
  QdiscKindInfo,
  KnownQdiscKind,
  ClassKindOptions,
  ClassKindInfo,
  DrrClassInfo,
  DrrClassOptions,
  QfqClassInfo,
  QfqClassOptions,
  HfscClassInfo,
  HfscClassOptions,
  HfscCurve,
  HfscCurveInfo,
  HfscQdiscInfo,
  HfscQdiscOptions,
  CakeInfo,
  CakeOptions,
  CakeDiffserv,
  CakeFlowMode,
  FifoInfo,
  FifoOptions,
  FqInfo,
  FqOptions,
  FqCodelInfo,
  FqCodelOptions,
  HtbClassInfo,
  HtbClassOptions,
  HtbClassXstats,
  QdiscKindXstats,
  ClassKindXstats,
  FqCodelXstats,
  FqCodelClassXstats,
  CakeXstats,
  HfscClassXstats,
  HtbQdiscInfo,
  HtbQdiscOptions,
  NetemInfo,
  PrioInfo,
  PrioOptions,
  RedInfo,
  RedOptions,
  SfqInfo,
  SfqOptions,
  NetemOptions,
  TbfInfo,
  TbfOptions,
} from './kinds/index.js';
export type { TcFilterSpec, TcFilterFilter, FilterTarget } from './filters/filters.js';
export { isFilterOf } from './filters/is-filter-of.js';
export type { TcFilter, TcFilterOf } from './filters/shape.js';
export type { FilterKindOptions, FilterKindInfo } from './filters/kinds.js';
export type { U32Options, U32Info, U32Match, U32Key, U32Selector } from './filters/u32.js';
export type { BpfOptions, BpfInfo, ClassicBpfInstruction } from './filters/bpf.js';
export type { MatchallOptions, MatchallInfo } from './filters/matchall.js';
export type { FlowerOptions, GeneveOption } from './filters/flower.js';
export type { TcAction, TcActionInfo, MirredAction, MirredInfo, GactAction, GactInfo, PoliceAction, PoliceInfo, SkbeditAction, SkbeditInfo, VlanAction, VlanInfo, CsumAction, CsumInfo, NatAction, NatInfo, TunnelKeyAction, TunnelKeyInfo, PeditAction, PeditInfo, PeditKey, PeditKeyInfo, PeditOffsetKey, PeditFieldKey, PeditFields, BpfAction, BpfActionInfo, TcVerdict } from './actions/index.js';
export type { TcChain, TcChainSpec } from './filters/chains.js';
