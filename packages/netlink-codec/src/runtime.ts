/**
 * @linx/netlink-codec/runtime: what the linx families build their clients from, beyond the declarations
 * of the main entry point: the codecs of attribute sets and structs (`compileAttrSet`, `compileStruct`,
 * `compileType`), compiling a declaration on first use rather than at import (`onFirstUse`), the path of
 * the attribute a kernel error blames (`nameBlamedAttribute`, `attributePathAt`), and the attribute order
 * and struct tail a decoded value keeps for re-encoding (`attributeOrder`, `structTail`). A second tier:
 * stable enough for the families in this repository, less so than the main entry point.
 */
export { Attrs, Struct, attributeOrder, structTail } from './decoded.js';
export { compileType } from './compile.js';
export { compileAttrSet, type AttrSetCodec } from './attrset.js';
export { compileStruct, type StructCodec } from './types/struct.js';
export { onFirstUse } from './first-use.js';
export { attributePathAt, attributePathInPayload, nameBlamedAttribute, type AttributePath } from './path.js';
export { formatPath, rethrowWithin } from './errors.js';
export type { Codec, DecodeOptions, DecodeState } from './codec.js';
