// The tc requests tc-requests.test.ts compares linx with, without root (test/fixtures/tc-requests.json),
// checked against what `tc` sends now: every command of helpers/tc-request-cases.ts traced again with
// strace in a namespace laid out as at capture (v0 and its veth peer v1, with the indexes recorded), the
// kernel free to refuse it (kinds this kernel lacks are traced all the same). With LINX_WRITE_TC_REQUESTS=1
// the file is written from tc instead (once, after adding a case).
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, traceNetlink } from '@linx/test-kit';
import type { Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { LIST_CASES, capturedCommands } from './helpers/tc-request-cases.js';
import { TC_REQUESTS_FILE, type CapturedRequests } from './helpers/tc-bytes.js';

const skip = kernelSkipReason ?? (run(['sh', '-c', 'command -v tc && command -v strace']).status === 0 ? undefined : '`tc` or `strace` is not installed');
const write = process.env.LINX_WRITE_TC_REQUESTS === '1';

/** The tc request types: RTM_{NEW,DEL}{QDISC,TCLASS,TFILTER}, RTM_{NEW,DEL}ACTION, RTM_{NEW,DEL}CHAIN (a list's: its case's). */
const TYPES = [36, 37, 40, 41, 44, 45, 48, 49, 100, 101];
const LISTS = new Map(LIST_CASES.map(([, args, type]) => [args.join(' '), [type]]));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

let ns: TestNetns;
let rtnl: Rtnl;

describe.skipIf(skip !== undefined)(`the captured tc requests are tc's${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    ns = createNetns('tcq');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    rtnl = await ns.rtnl();
  });
  afterAll(() => ns?.remove());

  it(write ? 'writes test/fixtures/tc-requests.json from tc' : 'each command sends what test/fixtures/tc-requests.json holds', async () => {
    const indexes = { v0: (await rtnl.links.get('v0')).index, v1: (await rtnl.links.get('v1')).index };
    const requests: CapturedRequests['requests'] = {};
    for (const args of capturedCommands()) {
      const traced = traceNetlink(['ip', 'netns', 'exec', ns.name, 'sh', '-c', 'tc "$@"; exit 0', 'sh', ...args]);
      const types = LISTS.get(args.join(' ')) ?? TYPES;
      const bytes = traced.sent.find((b) => types.includes(b[4]! | (b[5]! << 8)));
      expect(bytes, `tc ${args.join(' ')} sent a tc request`).toBeDefined();
      const view = new DataView(bytes!.buffer, bytes!.byteOffset, bytes!.byteLength);
      requests[args.join(' ')] = { type: view.getUint16(4, true), flags: view.getUint16(6, true), payload: hex(bytes!.subarray(16, view.getUint32(0, true))) };
      // Nothing a command added stays for the next (a filter's qdisc, a shared action).
      for (const where of ['root', 'clsact', 'ingress']) run(['tc', '-n', ns.name, 'qdisc', 'del', 'dev', 'v0', where]);
    }
    if (write) {
      const tcVersion = run(['tc', '-V']).stdout.trim();
      writeFileSync(TC_REQUESTS_FILE, `${JSON.stringify({ tc: tcVersion, indexes, requests } satisfies CapturedRequests, null, 1)}\n`);
      return;
    }
    const captured = JSON.parse(readFileSync(TC_REQUESTS_FILE, 'utf8')) as CapturedRequests;
    expect(indexes).toEqual(captured.indexes);
    expect(requests).toEqual(captured.requests);
    // Over 200 commands each traced with strace: minutes on a loaded 2-core machine, not the default 30 s.
  }, 300_000);
});
