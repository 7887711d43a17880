import { InvalidArgumentError } from '@linx/netlink-wire';
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
  RecordsDecl,
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
import { compileRecords } from './types/records.js';
import { compilePacked } from './types/packed.js';
import { compileString } from './types/string.js';
import { compileStructType } from './types/struct.js';
import { compileSubMessage } from './types/sub-message.js';
import { compileVarInt } from './types/varint.js';

/** The compiler of each kind a type declaration may have (sub-messages compile with their selector). */
function compileKind(decl: TypeDecl): Codec | undefined {
  switch (decl.kind) {
    case 'int': return compileInt(decl as IntDecl);
    case 'varint': return compileVarInt(decl as VarIntDecl);
    case 'string': return compileString(decl as StringDecl);
    case 'binary': return compileBinary(decl as BinaryDecl);
    case 'flag': return compileFlag();
    case 'address': return compileAddress(decl as AddressDecl);
    case 'enum': return compileEnum(decl as EnumDecl);
    case 'flags': return compileFlags(decl as FlagsDecl);
    case 'bitfield32': return compileBitfield32(decl as Bitfield32Decl);
    case 'packed': return compilePacked(decl as PackedArrayDecl);
    case 'nest': return compileNest(decl as NestDecl);
    case 'records': return compileRecords(decl as RecordsDecl);
    case 'indexed-array': return compileIndexedArray(decl as IndexedArrayDecl);
    case 'type-value': return compileTypeValue(decl as TypeValueDecl);
    case 'struct': return compileStructType(decl as StructTypeDecl);
    case 'custom': return compileCustom(decl as CustomDecl);
    // Stryker disable next-line ConditionalExpression: emptied, the default case falls out of the switch, and the function returns undefined all the same
    default: return undefined;
  }
}

const cache = new WeakMap<TypeDecl, Codec>();

/** Compiles a type declaration once (cached per declaration object) into its codec. */
export function compileType(decl: TypeDecl): Codec {
  let codec = cache.get(decl);
  if (!codec) {
    codec = compileKind(decl);
    if (!codec) throw new InvalidArgumentError('', `cannot compile a declaration of kind ${JSON.stringify(decl.kind)} here`);
    cache.set(decl, codec);
  }
  return codec;
}

/** Compiles a sub-message declaration (its format depends on a sibling attribute). */
export function compileSelected(decl: TypeDecl): SelectedCodec {
  return compileSubMessage(decl as SubMessageDecl);
}
