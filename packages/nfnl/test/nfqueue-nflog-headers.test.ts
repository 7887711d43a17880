// The nfqueue and nflog declarations (hand-written: these subsystems have no YNL spec) against the
// kernel's UAPI headers, compiled: a C program built with cc from linux/netfilter/nfnetlink_queue.h and
// nfnetlink_log.h prints every attribute id, message type, command, flag, verdict and struct layout, and
// each must equal what the declarations say. Needs cc and the headers (no root, no kernel).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileStruct, type AttrSetDecl, type StructDecl } from '@linx/netlink-codec';
import * as q from '../src/nfqueue/messages.js';
import * as l from '../src/nflog/messages.js';
import { subsystemValues } from '../src/subsystem.js';
import { verdictCodeValues } from '../src/nftables/data.js';

const HEADERS = ['linux/netfilter.h', 'linux/netfilter/nfnetlink.h', 'linux/netfilter/nfnetlink_queue.h', 'linux/netfilter/nfnetlink_log.h'];
const cc = spawnSync('cc', ['--version']).status === 0;
const haveHeaders = HEADERS.every((h) => existsSync(join('/usr/include', h)));

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

const work = mkdtempSync(join(tmpdir(), 'nfnl-headers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Compiles and runs a program printing `expression value` per line; returns the values. */
function compiled(expressions: string[]): Map<string, number> {
  const source = [
    '#include <stdio.h>',
    '#include <stddef.h>',
    ...HEADERS.map((h) => `#include <${h}>`),
    'int main(void) {',
    ...expressions.map((e) => `  printf("%s %lld\\n", ${JSON.stringify(e)}, (long long)(${e}));`),
    '  return 0;',
    '}',
  ].join('\n');
  writeFileSync(join(work, 'constants.c'), source);
  const build = spawnSync('cc', ['-o', join(work, 'constants'), join(work, 'constants.c')], { encoding: 'utf8' });
  expect(build.stderr).toBe('');
  const run = spawnSync(join(work, 'constants'), { encoding: 'utf8' });
  return new Map(run.stdout.trim().split('\n').map((line) => {
    const at = line.lastIndexOf(' ');
    return [line.slice(0, at), Number(line.slice(at + 1))] as const;
  }));
}

describe.skipIf(!cc || !haveHeaders)('nfqueue and nflog declarations against the compiled UAPI headers (skipped without cc or the headers)', () => {
  it('every attribute id, message type, command, copy mode, flag and verdict', () => {
    // The headers here may be older than the kernel: constants they lack are left out of the program.
    const header = compiled([...constants.keys()].filter((name) => spawnSync('sh', ['-c', `grep -qw ${name} ${HEADERS.map((h) => join('/usr/include', h)).join(' ')}`]).status === 0));
    expect(header.size).toBeGreaterThanOrEqual(80);
    for (const [name, value] of header) expect(constants.get(name), name).toBe(value);
  });

  it('every struct: its size and each member offset, padding included', () => {
    const header = compiled([...layouts.keys()]);
    expect(header.size).toBe(layouts.size);
    for (const [expression, value] of header) expect(layouts.get(expression), expression).toBe(value);
  });
});
