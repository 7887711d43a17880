import type { Codec, SelectedCodec } from './codec.js';
import type {
  AddressDecl,
  BinaryDecl,
  Bitfield32Decl,
  CustomDecl,
  EnumDecl,
  FlagsDecl,
  IndexedArrayDecl,
  IntDecl,
  NestDecl,
  PackedArrayDecl,
  StringDecl,
  StructTypeDecl,
  SubMessageDecl,
  TypeDecl,
  TypeValueDecl,
  VarIntDecl,
} from './schema.js';
import { compileAddress } from './types/address.js';
import { compileBinary } from './types/binary.js';
import { compileBitfield32 } from './types/bitfield32.js';
import { compileCustom } from './types/custom.js';
import { compileEnum } from './types/enum.js';
import { compileFlag } from './types/flag.js';
import { compileFlags } from './types/flags.js';
import { compileIndexedArray, compileTypeValue } from './types/indexed-array.js';
import { compileInt } from './types/int.js';
import { compileNest } from './types/nest.js';
import { compilePacked } from './types/packed.js';
import { compileString } from './types/string.js';
import { compileStructType } from './types/struct.js';
import { compileSubMessage } from './types/sub-message.js';
import { compileVarInt } from './types/varint.js';

const COMPILERS: Record<string, (decl: never) => Codec> = {
  int: (d: IntDecl) => compileInt(d),
  varint: (d: VarIntDecl) => compileVarInt(d),
  string: (d: StringDecl) => compileString(d),
  binary: (d: BinaryDecl) => compileBinary(d),
  flag: () => compileFlag(),
  address: (d: AddressDecl) => compileAddress(d),
  enum: (d: EnumDecl) => compileEnum(d),
  flags: (d: FlagsDecl) => compileFlags(d),
  bitfield32: (d: Bitfield32Decl) => compileBitfield32(d),
  packed: (d: PackedArrayDecl) => compilePacked(d),
  nest: (d: NestDecl) => compileNest(d),
  'indexed-array': (d: IndexedArrayDecl) => compileIndexedArray(d),
  'type-value': (d: TypeValueDecl) => compileTypeValue(d),
  struct: (d: StructTypeDecl) => compileStructType(d),
  custom: (d: CustomDecl) => compileCustom(d),
};

const cache = new WeakMap<TypeDecl, Codec>();

/** Compiles a type declaration once (cached per declaration object) into its codec. */
export function compileType(decl: TypeDecl): Codec {
  let codec = cache.get(decl);
  if (!codec) {
    const compiler = COMPILERS[decl.kind];
    if (!compiler) throw new Error(`cannot compile a declaration of kind ${JSON.stringify(decl.kind)} here`);
    codec = compiler(decl as never);
    cache.set(decl, codec);
  }
  return codec;
}

/** Compiles a sub-message declaration (its format depends on a sibling attribute). */
export function compileSelected(decl: TypeDecl): SelectedCodec {
  return compileSubMessage(decl as SubMessageDecl);
}
