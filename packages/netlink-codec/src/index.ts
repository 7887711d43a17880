/**
 * @linx/netlink-codec: netlink message formats as declarations. A declaration is plain data; TypeScript
 * infers the decoded value and the encode input from it; it compiles once into fast codecs.
 *
 * This entry point is what a declaration's author needs: the DSL, the declaration and value types,
 * `compileMessage`/`decode`/`encode`, the errors. The pieces the families build their clients from
 * (codecs of attribute sets and structs, compiling on first use, blamed-attribute paths, the decoded
 * values' hidden attribute order) are `@linx/netlink-codec/runtime`.
 */
export * from './dsl.js';
export * from './schema.js';
export { InvalidValueError, DecodeError, DecodeDepthError, EncodeDepthError } from './errors.js';
export * from './symbols.js';
export { compileMessage, decode, encode, type MessageCodec, type Declaration } from './message.js';
export { formatWithSchema } from './format.js';
