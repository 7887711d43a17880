export { Tc } from './tc.js';
// The verb classes are lazy groups (their code loads on first call); their types from their own modules.
export { Qdiscs, TcClasses, TcFilters, TcChains, TcActions } from './lazy-groups.js';
export type { QdiscSpec, QdiscFilter } from './qdiscs.js';
export type { TcClassSpec, TcClassFilter } from './classes.js';
export { isQdiscOf, isHtbClass, isClassOf, type Qdisc, type QdiscOf, type TcClass, type ClassOf, type ClassKind, type HtbClass, type TcStatistics } from './shape.js';
export type { TcTarget } from './request.js';
export { formatHandle, parseHandle, parseParent, type TcHandle } from './handles.js';
export { parseRate, parseSize, parseTime, type Rate, type Size, type Time } from './units.js';
export { parsePercent, type Percent } from './percent.js';
export type { Estimator } from './estimator.js';
export {
  QDISC_KINDS,
  CLASS_KINDS,
  type QdiscKindOptions,
  type QdiscKindInfo,
  type KnownQdiscKind,
  type ClassKindOptions,
  type ClassKindInfo,
  type DrrClassInfo,
  type DrrClassOptions,
  type QfqClassInfo,
  type QfqClassOptions,
  type HfscClassInfo,
  type HfscClassOptions,
  type HfscCurve,
  type HfscCurveInfo,
  type HfscQdiscInfo,
  type HfscQdiscOptions,
  type CakeInfo,
  type CakeOptions,
  type CakeDiffserv,
  type CakeFlowMode,
  type FifoInfo,
  type FifoOptions,
  type FqInfo,
  type FqOptions,
  type FqCodelInfo,
  type FqCodelOptions,
  type HtbClassInfo,
  type HtbClassOptions,
  type HtbClassXstats,
  type QdiscKindXstats,
  type ClassKindXstats,
  type FqCodelXstats,
  type FqCodelClassXstats,
  type CakeXstats,
  type HfscClassXstats,
  type HtbQdiscInfo,
  type HtbQdiscOptions,
  type NetemInfo,
  type PrioInfo,
  type PrioOptions,
  type RedInfo,
  type RedOptions,
  type SfqInfo,
  type SfqOptions,
  type NetemOptions,
  type TbfInfo,
  type TbfOptions,
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
