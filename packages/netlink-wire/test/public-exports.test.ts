// The values each entry point of @linx/netlink-wire exports, pinned: an export added or
// removed by accident fails here. Removing one from a published entry point is a breaking change (say so
// in a changeset); adding one is an API to keep (document it in the README's "What this package exports").
import { describe, expect, it } from 'vitest';

describe('@linx/netlink-wire public value exports', () => {
  it('@linx/netlink-wire', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'AF_INET', 'AF_INET6', 'ALIGNTO', 'AttributeDecoder', 'AttributeEncoder', 'ByteWriter', 'ERRNO_ALIASES',
      'EncodeError', 'HOST_LITTLE_ENDIAN', 'INT_WIDTH', 'InvalidArgumentError', 'LinxError', 'MalformedError',
      'NESTING_DEPTH_LIMIT', 'NETLINK_ADD_MEMBERSHIP', 'NETLINK_AUDIT', 'NETLINK_BROADCAST_ERROR',
      'NETLINK_CAP_ACK', 'NETLINK_CONNECTED', 'NETLINK_CONNECTOR', 'NETLINK_CRYPTO', 'NETLINK_DNRTMSG',
      'NETLINK_DROP_MEMBERSHIP', 'NETLINK_ECRYPTFS', 'NETLINK_EXT_ACK', 'NETLINK_FIB_LOOKUP', 'NETLINK_FIREWALL',
      'NETLINK_GENERIC', 'NETLINK_GET_STRICT_CHK', 'NETLINK_INET_DIAG', 'NETLINK_IP6_FW', 'NETLINK_ISCSI',
      'NETLINK_KOBJECT_UEVENT', 'NETLINK_LISTEN_ALL_NSID', 'NETLINK_LIST_MEMBERSHIPS', 'NETLINK_NETFILTER',
      'NETLINK_NFLOG', 'NETLINK_NO_ENOBUFS', 'NETLINK_PKTINFO', 'NETLINK_PROTOCOLS', 'NETLINK_RDMA',
      'NETLINK_ROUTE', 'NETLINK_RX_RING', 'NETLINK_SCSITRANSPORT', 'NETLINK_SELINUX', 'NETLINK_SMC',
      'NETLINK_SOCKET_OPTIONS', 'NETLINK_SOCK_DIAG', 'NETLINK_TX_RING', 'NETLINK_UNCONNECTED', 'NETLINK_UNUSED',
      'NETLINK_USERSOCK', 'NETLINK_XFRM', 'NLA_F_NESTED', 'NLA_F_NET_BYTEORDER', 'NLA_HDRLEN', 'NLA_MAX_PAYLOAD',
      'NLA_TYPE_MASK', 'NLMSGERR_ATTRS', 'NLMSGERR_ATTR_COOKIE', 'NLMSGERR_ATTR_MAX', 'NLMSGERR_ATTR_MISS_NEST',
      'NLMSGERR_ATTR_MISS_TYPE', 'NLMSGERR_ATTR_MSG', 'NLMSGERR_ATTR_OFFS', 'NLMSGERR_ATTR_POLICY',
      'NLMSGERR_ATTR_UNUSED', 'NLMSG_ALIGNTO', 'NLMSG_CONTROL_TYPES', 'NLMSG_DONE', 'NLMSG_ERROR', 'NLMSG_HDRLEN',
      'NLMSG_MIN_TYPE', 'NLMSG_NOOP', 'NLMSG_OVERRUN', 'NLM_F_ACK', 'NLM_F_ACK_TLVS', 'NLM_F_APPEND',
      'NLM_F_ATOMIC', 'NLM_F_BULK', 'NLM_F_CAPPED', 'NLM_F_CREATE', 'NLM_F_DUMP', 'NLM_F_DUMP_FILTERED',
      'NLM_F_DUMP_INTR', 'NLM_F_ECHO', 'NLM_F_EXCL', 'NLM_F_MATCH', 'NLM_F_MULTI', 'NLM_F_NONREC', 'NLM_F_REPLACE',
      'NLM_F_REQUEST', 'NLM_F_ROOT', 'NL_ATTR_TYPES', 'NL_ATTR_TYPE_BINARY', 'NL_ATTR_TYPE_BITFIELD32',
      'NL_ATTR_TYPE_FLAG', 'NL_ATTR_TYPE_INVALID', 'NL_ATTR_TYPE_NESTED', 'NL_ATTR_TYPE_NESTED_ARRAY',
      'NL_ATTR_TYPE_NUL_STRING', 'NL_ATTR_TYPE_S16', 'NL_ATTR_TYPE_S32', 'NL_ATTR_TYPE_S64', 'NL_ATTR_TYPE_S8',
      'NL_ATTR_TYPE_STRING', 'NL_ATTR_TYPE_U16', 'NL_ATTR_TYPE_U32', 'NL_ATTR_TYPE_U64', 'NL_ATTR_TYPE_U8',
      'NL_POLICY_TYPE_ATTRS', 'NL_POLICY_TYPE_ATTR_BITFIELD32_MASK', 'NL_POLICY_TYPE_ATTR_MASK',
      'NL_POLICY_TYPE_ATTR_MAX', 'NL_POLICY_TYPE_ATTR_MAX_LENGTH', 'NL_POLICY_TYPE_ATTR_MAX_VALUE_S',
      'NL_POLICY_TYPE_ATTR_MAX_VALUE_U', 'NL_POLICY_TYPE_ATTR_MIN_LENGTH', 'NL_POLICY_TYPE_ATTR_MIN_VALUE_S',
      'NL_POLICY_TYPE_ATTR_MIN_VALUE_U', 'NL_POLICY_TYPE_ATTR_PAD', 'NL_POLICY_TYPE_ATTR_POLICY_IDX',
      'NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE', 'NL_POLICY_TYPE_ATTR_TYPE', 'NL_POLICY_TYPE_ATTR_UNSPEC',
      'NetlinkError', 'NoSuchInterfaceError', 'SOL_NETLINK', 'align', 'attributeTypeField', 'checkInt',
      'checkedAttributeLength', 'decodeExtAck', 'encodeAttribute', 'encodeMessage', 'encodeMessages',
      'encodedLength', 'errnoDescription', 'errnoList', 'errnoName', 'errnoNumber', 'extAckAttributeName',
      'formatErrno', 'formatIP', 'formatIPv4', 'formatIPv6', 'formatMAC', 'formatMessage', 'hex', 'intBytes',
      'ipProtocolName', 'ipProtocolNumber', 'ipProtocolValues', 'isAck', 'isErrnoName', 'iterateAttributes',
      'iterateMessages', 'locateAttribute', 'messageAt', 'messageTypeName', 'netlinkFlagNames', 'parseAttributes',
      'parseDoneMessage', 'parseErrorMessage', 'parseIP', 'parseIPv4', 'parseIPv6', 'parseMAC', 'parseMessages',
      'parsesAsAttributes', 'policyAttributeName', 'policyTypeName', 'protocolName', 'readHeader', 'readInt',
      'readS16', 'readS16be', 'readS32', 'readS32be', 'readS64', 'readS64be', 'readS8', 'readSint', 'readU16',
      'readU16be', 'readU32', 'readU32be', 'readU64', 'readU64be', 'readU8', 'readUint', 'socketOptionName',
      'viewOf', 'writeHeader', 'writeInt',
    ]);
  });

  it('@linx/netlink-wire/capture', async () => {
    expect(Object.keys(await import('../src/capture/index.js')).sort()).toEqual([
      'COOKED_ARPHRD_NETLINK', 'COOKED_HEADER_LENGTH', 'CaptureError', 'LINKTYPE_NETLINK',
      'PCAPNG_BYTE_ORDER_MAGIC', 'PCAPNG_SECTION_HEADER_BLOCK', 'PCAP_MAGIC_MICROSECONDS', 'PCAP_MAGIC_NANOSECONDS',
      'decodeCookedHeader', 'detectCaptureFormat', 'isPcapng', 'iterateCaptureRecords', 'iteratePcapRecords',
      'iteratePcapngRecords', 'pcapMagic', 'readCapture', 'readCaptureArray', 'readPcapHeader',
      'timestampToMilliseconds',
    ]);
  });
});
