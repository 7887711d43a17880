/**
 * @linx/netlink-codec: netlink message formats as declarations. A declaration is plain data; TypeScript
 * infers the decoded value and the encode input from it; it compiles once into fast codecs.
 */
export * from './dsl.js';
export * from './schema.js';
export * from './errors.js';
export * from './symbols.js';
export { Attrs, Struct, attributeOrder, structTail } from './decoded.js';
export { compileType } from './compile.js';
export { compileAttrSet, type AttrSetCodec } from './attrset.js';
export { compileStruct, type StructCodec } from './types/struct.js';
export { compileMessage, decode, encode, type MessageCodec, type Declaration } from './message.js';
export { onFirstUse } from './first-use.js';
export { attributePathAt, attributePathInPayload, nameBlamedAttribute, type AttributePath } from './path.js';
export type { Codec, DecodeOptions, DecodeState } from './codec.js';
export { formatWithSchema } from './format.js';
