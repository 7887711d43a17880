// The nftables declarations added for the ct timeout, ct expectation and synproxy objects and the queue
// and last expressions, checked against the kernel's UAPI headers by the C compiler, each number a
// `_Static_assert(C_NAME == value)` (helpers/uapi-headers.ts). Needs gcc and the headers; no root.
import { describe, expect, it } from 'vitest';
import { ctExpectAttrs } from '../src/nftables/objects/ct-expect.js';
import { ctTimeoutAttrs } from '../src/nftables/objects/ct-timeout.js';
import { lastAttrs, queueAttrs, queueFlagsValues, synproxyAttrs, synproxyFlagsValues } from '../src/nftables/expr/index.js';
import { objectTypeValues } from '../src/nftables/messages.js';
import { attributeConstants as attributes, uapiMismatches, uapiSkipReason, valueConstants as values } from './helpers/uapi-headers.js';

const HEADERS = ['linux/netfilter/nf_tables.h', 'linux/netfilter/nf_synproxy.h'];
const skip = uapiSkipReason(HEADERS);

describe.skipIf(skip !== undefined)(`nftables object and expression declarations against the UAPI headers, by gcc${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it("every number they state is the headers' value", () => {
    const all: [string, number][] = [
      ...attributes(ctTimeoutAttrs, 'NFTA_CT_TIMEOUT_'),
      ...attributes(ctExpectAttrs, 'NFTA_CT_EXPECT_'),
      ...attributes(synproxyAttrs, 'NFTA_SYNPROXY_'),
      ...values(synproxyFlagsValues, 'NF_SYNPROXY_OPT_'),
      ...attributes(lastAttrs, 'NFTA_LAST_'),
      ...attributes(queueAttrs, 'NFTA_QUEUE_', { sregQnum: 'NFTA_QUEUE_SREG_QNUM' }),
      ['NFT_QUEUE_FLAG_BYPASS', queueFlagsValues.bypass],
      // nft's `fanout`.
      ['NFT_QUEUE_FLAG_CPU_FANOUT', queueFlagsValues.fanout],
      ['NFT_OBJECT_CT_TIMEOUT', objectTypeValues['ct-timeout']],
      ['NFT_OBJECT_CT_EXPECT', objectTypeValues['ct-expect']],
      ['NFT_OBJECT_SYNPROXY', objectTypeValues.synproxy],
    ];
    expect(all.length).toBeGreaterThan(25);
    const { failures, status, stderr } = uapiMismatches(HEADERS, all);
    expect(failures).toEqual([]);
    expect(status, stderr).toBe(0);
  });
});
