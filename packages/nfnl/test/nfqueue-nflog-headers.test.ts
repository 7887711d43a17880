// The nfqueue and nflog declarations (hand-written: these subsystems have no YNL spec) against the
// kernel's UAPI headers, compiled: every attribute id, message type, command, flag, verdict and struct
// layout the declarations state becomes a static assertion gcc checks against
// linux/netfilter/nfnetlink_queue.h and nfnetlink_log.h (helpers/uapi-headers.ts). Needs gcc and the
// headers (no root, no kernel).
import { describe, expect, it } from 'vitest';
import { type AttrSetDecl, type StructDecl } from '@linx/netlink-codec';
import { compileStruct } from '@linx/netlink-codec/runtime';
import * as q from '../src/nfqueue/messages.js';
import * as l from '../src/nflog/messages.js';
import { subsystemValues } from '../src/subsystem.js';
import { verdictCodeValues } from '../src/nftables/data.js';
import { uapiMismatches, uapiSkipReason } from './helpers/uapi-headers.js';

const HEADERS = ['linux/netfilter.h', 'linux/netfilter/nfnetlink.h', 'linux/netfilter/nfnetlink_queue.h', 'linux/netfilter/nfnetlink_log.h'];

/** `ifindexIndev` → `IFINDEX_INDEV`. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** Every constant a declaration states, by its C name. */
const constants = new Map<string, number>();
const attrs = (prefix: string, set: AttrSetDecl) => {
  for (const [name, a] of Object.entries(set.attributes)) constants.set(`${prefix}${snake(name)}`, a.id);
};
const values = (prefix: string, map: Record<string, number>, cNames: Record<string, string> = {}) => {
  for (const [name, value] of Object.entries(map)) constants.set(cNames[name] ?? `${prefix}${snake(name)}`, value);
};
attrs('NFQA_', q.nfqaAttrs);
attrs('NFQA_CFG_', q.nfqaCfgAttrs);
attrs('NFQA_VLAN_', q.nfqaVlanAttrs);
values('NFQNL_MSG_', q.nfqnlMsgValues);
values('NFQNL_CFG_CMD_', q.nfqnlCfgCmdValues);
values('NFQNL_COPY_', q.nfqnlCopyModeValues);
values('NFQA_CFG_F_', q.nfqaCfgFlagValues);
values('NFQA_SKB_', q.nfqaSkbInfoValues, { csumNotReady: 'NFQA_SKB_CSUMNOTREADY', csumNotVerified: 'NFQA_SKB_CSUM_NOTVERIFIED' });
attrs('NFULA_', l.nfulaAttrs);
attrs('NFULA_CFG_', l.nfulaCfgAttrs);
attrs('NFULA_VLAN_', l.nfulaVlanAttrs);
values('NFULNL_MSG_', l.nfulnlMsgValues);
values('NFULNL_CFG_CMD_', l.nfulnlCfgCmdValues);
values('NFULNL_COPY_', l.nfulnlCopyModeValues);
values('NFULNL_CFG_F_', l.nfulnlCfgFlagValues);
constants.set('NFNL_SUBSYS_QUEUE', subsystemValues.queue);
constants.set('NFNL_SUBSYS_ULOG', subsystemValues.ulog);
for (const name of ['drop', 'accept', 'stolen', 'queue', 'repeat', 'stop'] as const) constants.set(`NF_${name.toUpperCase()}`, verdictCodeValues[name]);

const STRUCTS: StructDecl[] = [
  q.nfqnlPacketHdr, q.nfqnlPacketHw, q.nfqnlPacketTimestamp, q.nfqnlVerdictHdr, q.nfqnlConfigCmd, q.nfqnlConfigParams,
  l.nfulnlPacketHdr, l.nfulnlPacketHw, l.nfulnlPacketTimestamp, l.nfulnlConfigCmd, l.nfulnlConfigMode,
];
/** Each struct's size and member offsets as the codec lays them out, by C expression. */
const layouts = new Map<string, number>();
for (const decl of STRUCTS) {
  const codec = compileStruct(decl);
  layouts.set(`sizeof(struct ${decl.name})`, codec.size);
  for (const field of codec.fields) {
    if (field.name.startsWith('pad')) continue;
    layouts.set(`offsetof(struct ${decl.name}, ${snake(field.name).toLowerCase()})`, field.offset);
  }
}

/** What gcc finds wrong, constants the headers here do not have (they may be older than the kernel) left aside. */
function mismatches(checks: [string, number][]): { wrong: string[]; missing: string[] } {
  const { failures, stderr } = uapiMismatches(['stddef.h', ...HEADERS], checks);
  const missing = failures.filter((f) => f.endsWith(' is not in the headers'));
  const wrong = failures.filter((f) => !f.endsWith(' is not in the headers'));
  // Anything else gcc complains about (a struct or member it does not know) is a failure too.
  const other = stderr.split('\n').filter((line) => /error:/.test(line) && !/static assertion failed|undeclared/.test(line));
  return { wrong: [...wrong, ...other], missing };
}

const skip = uapiSkipReason(HEADERS);

describe.skipIf(skip !== undefined)(`nfqueue and nflog declarations against the UAPI headers, checked by gcc${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('every attribute id, message type, command, copy mode, flag and verdict', () => {
    const { wrong, missing } = mismatches([...constants]);
    expect(wrong).toEqual([]);
    expect(constants.size - missing.length).toBeGreaterThanOrEqual(80);
  });

  it('every struct: its size and each member offset, padding included', () => {
    const { wrong, missing } = mismatches([...layouts]);
    expect(wrong).toEqual([]);
    expect(missing).toEqual([]);
  });
});
