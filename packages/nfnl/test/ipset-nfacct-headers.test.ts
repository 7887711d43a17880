// The hand-written ipset and nfacct declarations (no YNL spec exists for either) checked against the
// kernel's UAPI headers by the C compiler: every attribute number, message number, flag bit, errno and
// limit becomes a `_Static_assert(C_NAME == value)` that gcc checks with the headers in /usr/include, the
// way tools/ynl-gen's struct-layout test does. Needs gcc and the headers; no root.
import { describe, expect, it } from 'vitest';
import * as ipset from '../src/ipset/messages.js';
import * as nfacct from '../src/nfacct/messages.js';
import { nfnlGroupValues, subsystemValues } from '../src/subsystem.js';
import { attributeConstants as attributes, uapiMismatches, uapiSkipReason, valueConstants as values } from './helpers/uapi-headers.js';

const HEADERS = ['linux/netfilter/ipset/ip_set.h', 'linux/netfilter/ipset/ip_set_hash.h', 'linux/netfilter/ipset/ip_set_bitmap.h', 'linux/netfilter/ipset/ip_set_list.h', 'linux/netfilter/nfnetlink_acct.h', 'linux/netfilter/nfnetlink.h', 'linux/netfilter.h'];
const skip = uapiSkipReason(HEADERS);

/** Every constant the declarations state, by its C name. */
function constants(): [string, number][] {
  return [
    ['IPSET_PROTOCOL', ipset.IPSET_PROTOCOL],
    ['IPSET_PROTOCOL_MIN', ipset.IPSET_PROTOCOL_MIN],
    ['IPSET_MAXNAMELEN', ipset.IPSET_MAXNAMELEN],
    ['IPSET_MAX_COMMENT_SIZE', ipset.IPSET_MAX_COMMENT_SIZE],
    ['IPSET_ERR_TYPE_SPECIFIC', ipset.IPSET_ERR_TYPE_SPECIFIC],
    ...values(ipset.ipsetCmdValues, 'IPSET_CMD_'),
    ...values(ipset.ipsetCmdFlagsValues, 'IPSET_FLAG_'),
    ...values(ipset.ipsetCadtFlagsValues, 'IPSET_FLAG_'),
    ['NFPROTO_UNSPEC', ipset.ipsetFamilyValues.unspec],
    ['NFPROTO_IPV4', ipset.ipsetFamilyValues.inet],
    ['NFPROTO_IPV6', ipset.ipsetFamilyValues.inet6],
    ...Object.entries(ipset.ipsetErrnoValues),
    ...Object.values(ipset.ipsetTypeErrnoValues).flatMap((names) => names.map((name, i): [string, number] => [name, ipset.IPSET_ERR_TYPE_SPECIFIC + i])),
    ...attributes(ipset.ipsetAddrAttrs, 'IPSET_ATTR_IPADDR_'),
    ...attributes(ipset.ipsetAttrs, 'IPSET_ATTR_'),
    ...attributes(ipset.ipsetElementAttrs, 'IPSET_ATTR_'),
    ...attributes(ipset.ipsetRenameAttrs, 'IPSET_ATTR_'),
    ...attributes(ipset.ipsetCreateDataAttrs, 'IPSET_ATTR_'),
    ...attributes(ipset.ipsetAdtDataAttrs, 'IPSET_ATTR_'),
    ['IPSET_ATTR_DATA', ipset.ipsetAdtAttrs.attributes.data.id],
    ['NFACCT_NAME_MAX', nfacct.NFACCT_NAME_MAX],
    ...values(nfacct.nfacctMsgValues, 'NFNL_MSG_ACCT_'),
    ...values(nfacct.nfacctFlagsValues, 'NFACCT_F_'),
    ...attributes(nfacct.nfacctAttrs, 'NFACCT_'),
    ...attributes(nfacct.nfacctFilterAttrs, 'NFACCT_FILTER_'),
    ['NFNL_SUBSYS_IPSET', subsystemValues.ipset],
    ['NFNL_SUBSYS_ACCT', subsystemValues.acct],
    ['NFNLGRP_ACCT_QUOTA', nfnlGroupValues.acctQuota],
  ];
}

describe.skipIf(skip !== undefined)(`ipset and nfacct declarations against the UAPI headers, by gcc${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('every number the declarations state is the headers\' value', () => {
    const all = constants();
    expect(all.length).toBeGreaterThan(150);
    const { failures, status, stderr } = uapiMismatches(HEADERS, all);
    // Each failed assertion names the constant and the value linx has.
    expect(failures).toEqual([]);
    expect(status, stderr).toBe(0);
  });
});
