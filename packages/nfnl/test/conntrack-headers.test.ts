// conntrack's hand-written declarations (what the YNL spec lacks: message numbers, expectations, global
// statistics, the attributes messages.ts redeclares) checked against the kernel's UAPI headers by the C
// compiler, each number a `_Static_assert(C_NAME == value)` (helpers/uapi-headers.ts). The CTA_FILTER_F_*
// bits are the kernel's own, outside the UAPI: the live tests check them by filtering. Needs gcc and the
// headers; no root.
import { describe, expect, it } from 'vitest';
import * as ct from '../src/conntrack/messages.js';
import { nfnlGroupValues, subsystemValues } from '../src/subsystem.js';
import { attributeConstants as attributes, uapiMismatches, uapiSkipReason, valueConstants as values } from './helpers/uapi-headers.js';

const HEADERS = ['linux/netfilter/nfnetlink.h', 'linux/netfilter/nfnetlink_conntrack.h', 'linux/netfilter/nf_conntrack_common.h'];
const skip = uapiSkipReason(HEADERS);


function constants(): [string, number][] {
  const cta = ct.conntrackAttrs.attributes;
  return [
    ...values(ct.ctMsgValues, 'IPCTNL_MSG_CT_'),
    ...values(ct.expMsgValues, 'IPCTNL_MSG_EXP_'),
    ...attributes(ct.expectAttrs, 'CTA_EXPECT_'),
    ...attributes(ct.expectNatAttrs, 'CTA_EXPECT_NAT_'),
    ...attributes(ct.statsGlobalAttrs, 'CTA_STATS_GLOBAL_'),
    ...values(ct.expectFlagsValues, 'NF_CT_EXPECT_'),
    ...attributes(ct.tupleIpAttrs, 'CTA_'),
    ...attributes(ct.tupleAttrs, 'CTA_'),
    ...attributes(ct.natAttrs, 'CTA_'),
    ['CTA_TUPLE_ORIG', cta.tupleOrig.id],
    ['CTA_TUPLE_REPLY', cta.tupleReply.id],
    ['CTA_NAT_SRC', cta.natSrc.id],
    ['CTA_NAT_DST', cta.natDst.id],
    ['CTA_TUPLE_MASTER', cta.tupleMaster.id],
    ['NFNL_SUBSYS_CTNETLINK', subsystemValues.ctnetlink],
    ['NFNL_SUBSYS_CTNETLINK_EXP', subsystemValues.ctnetlinkExp],
    ['NFNLGRP_CONNTRACK_NEW', nfnlGroupValues.conntrackNew],
    ['NFNLGRP_CONNTRACK_UPDATE', nfnlGroupValues.conntrackUpdate],
    ['NFNLGRP_CONNTRACK_DESTROY', nfnlGroupValues.conntrackDestroy],
  ];
}

describe.skipIf(skip !== undefined)(`conntrack declarations against the UAPI headers, by gcc${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('every number the hand-written declarations state is the headers\' value', () => {
    const all = constants();
    expect(all.length).toBeGreaterThan(40);
    const { failures, status, stderr } = uapiMismatches(HEADERS, all);
    expect(failures).toEqual([]);
    expect(status, stderr).toBe(0);
  });
});
