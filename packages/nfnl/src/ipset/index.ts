export { Ipset, type IpsetSpec, type IpsetSet, type IpsetElementOptions } from './ipset.js';
export { type IpsetElement } from './element.js';
export { IpsetError, IpsetProtocolError, ipsetErrnoName } from './errors.js';
export { setTypes, ipProtoValues, type IpProto, type SetTypeInfo, type ElementPart } from './set-types.js';
export {
  ipsetMessage,
  ipsetElementMessage,
  ipsetRenameMessage,
  ipsetBulkMessage,
  ipsetBulkAttrs,
  ipsetAttrs,
  ipsetElementAttrs,
  ipsetRenameAttrs,
  ipsetCreateDataAttrs,
  ipsetAdtDataAttrs,
  ipsetAdtAttrs,
  ipsetAddrAttrs,
  ipsetCmdValues,
  ipsetCmdFlagsValues,
  ipsetCadtFlagsValues,
  ipsetFamilyValues,
  ipsetErrnoValues,
  ipsetTypeErrnoValues,
  IPSET_PROTOCOL,
  IPSET_PROTOCOL_MIN,
  IPSET_MAXNAMELEN,
  IPSET_MAX_COMMENT_SIZE,
  IPSET_ERR_TYPE_SPECIFIC,
} from './messages.js';
