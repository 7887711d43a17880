// The values each entry point of @linx/nfnl exports, pinned: an export added or
// removed by accident fails here. Removing one from a published entry point is a breaking change (say so
// in a changeset); adding one is an API to keep (document it in the README's "What this package exports").
import { describe, expect, it } from 'vitest';

describe('@linx/nfnl public value exports', () => {
  it('@linx/nfnl', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'AbortError', 'BatchAnswersLostError', 'BatchError', 'BatchRejectedError', 'Conntrack', 'ConntrackEvents',
      'DecodeError', 'DumpInterruptedError', 'ERESTART', 'ExpectationEvents', 'GenerationConflictError',
      'InvalidArgumentError', 'InvalidValueError', 'Ipset', 'IpsetError', 'IpsetProtocolError', 'LinxError',
      'MalformedError', 'NativeError', 'NetlinkError', 'NfQueue', 'Nfacct', 'Nflog', 'NflogGroup', 'Nfnl',
      'Nfqueue', 'NftBatch', 'NftMonitor', 'Nftables', 'OverrunError', 'RuleBuilder', 'RuleSyntaxError',
      'SocketClosedError', 'TimeoutError', 'UnknownPacketError', 'UnrenderableRuleError', 'compileRule',
      'conntrack', 'ipset', 'nfacct', 'nflog', 'nfqueue', 'nft', 'open', 'ruleStatements', 'rulesetJson',
      'rulesetText', 'value', 'verdict',
    ]);
  });

  it('@linx/nfnl/protocol', async () => {
    expect(Object.keys(await import('../src/protocol.js')).sort()).toEqual([
      'BatchTransport', 'NFGENMSG_LENGTH', 'NFNETLINK_V0', 'NFNL_BATCH_GENID', 'NFNL_MSG_BATCH_BEGIN',
      'NFNL_MSG_BATCH_END', 'conntrackSpec', 'familyValues', 'messageType', 'nfgenmsg', 'nfnlGroupValues',
      'nftables', 'sendBatch', 'subsystemOf', 'subsystemValues',
    ]);
  });
});
