/**
 * The shape of a YNL spec as it comes out of the YAML (the fields the generator reads). The schemas are
 * in the kernel's Documentation/netlink/*.yaml (copies beside the specs in tools/ynl-gen/specs).
 */

export type ScalarType = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64';
export type ByteOrderName = 'little-endian' | 'big-endian';
/** A length: a number, or the name of a `const` definition, optionally followed by " - 1". */
export type LenOrDefine = number | string;

export interface RawEnumEntry {
  name: string;
  value?: number;
}

export interface RawMember {
  name: string;
  type: ScalarType | 'string' | 'binary' | 'pad';
  len?: LenOrDefine;
  'byte-order'?: ByteOrderName;
  enum?: string;
  'enum-as-flags'?: boolean;
  'display-hint'?: string;
  struct?: string;
}

export interface RawDefinition {
  name: string;
  type: 'const' | 'enum' | 'flags' | 'struct';
  header?: string;
  /** const */
  value?: number | string;
  /** enum, flags */
  'value-start'?: number | string;
  entries?: (string | RawEnumEntry)[];
  'name-prefix'?: string;
  'enum-name'?: string | null;
  /** struct */
  members?: RawMember[];
}

export interface RawChecks {
  'flags-mask'?: string;
  min?: number;
  max?: number;
  'min-len'?: LenOrDefine;
  'max-len'?: LenOrDefine;
  'exact-len'?: LenOrDefine;
  'unterminated-ok'?: boolean;
}

export type AttrTypeName =
  | 'unused'
  | 'pad'
  | 'flag'
  | 'binary'
  | 'bitfield32'
  | 'uint'
  | 'sint'
  | ScalarType
  | 'string'
  | 'nest'
  | 'indexed-array'
  /** The older name of an indexed array of nests (tc.yaml at its commit). */
  | 'array-nest'
  | 'nest-type-value'
  | 'sub-message';

export interface RawAttr {
  name: string;
  type?: AttrTypeName;
  value?: number;
  'type-value'?: string[];
  'byte-order'?: ByteOrderName;
  'multi-attr'?: boolean;
  'nested-attributes'?: string;
  enum?: string;
  'enum-as-flags'?: boolean;
  checks?: RawChecks;
  'sub-type'?: AttrTypeName;
  'display-hint'?: string;
  'name-prefix'?: string;
  struct?: string;
  'sub-message'?: string;
  selector?: string;
  /**
   * linx's extension for a `nest` whose payload starts with a struct before its attributes (VETH_INFO_PEER,
   * IFLA_NETKIT_PEER_INFO: an ifinfomsg, then link attributes); YNL has fixed headers only on messages and
   * sub-message formats. Used by fixes only.
   */
  'fixed-header'?: string;
  /**
   * linx's extension, with `fixed-header`: not one nest but records back to back, each the struct (its first
   * member the record's u16 length) then attributes (RTA_MULTIPATH's struct rtnexthop). Used by fixes only.
   */
  'linx-records'?: boolean;
}

export interface RawAttrSet {
  name: string;
  'name-prefix'?: string;
  'subset-of'?: string;
  attributes: RawAttr[];
}

export interface RawSubMessageFormat {
  value: string;
  'fixed-header'?: string;
  'attribute-set'?: string;
}

export interface RawSubMessage {
  name: string;
  formats: RawSubMessageFormat[];
}

export interface RawMessageSpec {
  value?: number;
  attributes?: string[];
}

export interface RawSubOp {
  request?: RawMessageSpec | null;
  reply?: RawMessageSpec | null;
}

export interface RawOperation {
  name: string;
  value?: number;
  'attribute-set'?: string;
  'fixed-header'?: string;
  do?: RawSubOp | null;
  dump?: RawSubOp | null;
  notify?: string;
  event?: { attributes?: string[] };
  mcgrp?: string;
}

export interface RawOperations {
  'enum-model'?: 'unified' | 'directional';
  'name-prefix'?: string;
  'fixed-header'?: string;
  list: RawOperation[];
}

export interface RawMcastGroup {
  name: string;
  value?: number;
}

export interface RawSpec {
  name: string;
  protocol?: 'netlink-raw' | 'genetlink' | 'genetlink-c' | 'genetlink-legacy';
  protonum?: number;
  'uapi-header'?: string;
  definitions?: RawDefinition[];
  'attribute-sets': RawAttrSet[];
  'sub-messages'?: RawSubMessage[];
  operations: RawOperations;
  'mcast-groups'?: { list: RawMcastGroup[] };
}
