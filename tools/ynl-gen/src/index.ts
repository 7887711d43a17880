/**
 * @linx/ynl-gen: turns the kernel's YNL netlink specs into @linx/netlink-codec declarations.
 * See README.md for the naming rule and what each spec construct becomes.
 */
export { generate, GENERATOR, type GenerateOptions, type GenerateResult } from './emit.js';
export { loadSpec, parseSpec, type LoadedSpec } from './load.js';
export { resolveFamily, resolveLen, entryValue, type Family, type AttrSetModel, type AttrModel, type EnumModel, type OperationModel } from './resolve.js';
export * as naming from './naming.js';
export { TARGETS, defaultSpecDir, repoRoot, type Target } from './targets.js';
export type * from './spec.js';
