// tc dumps on the kernel (helpers/tc-dump-cases.ts): for each case, linx's list compared with what
// `tc -j -s -d` shows, in a namespace of this file's own; and the kernel's replies to tc's dump and tc's
// output captured (strace) for tc-dumps.test.ts, which compares without root. The file
// (test/fixtures/tc-dumps.json) is written with LINX_WRITE_TC_DUMPS=1; otherwise this only compares live.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { run, traceNetlink } from '@linx/test-kit';
import type { Rtnl } from '../src/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from './helpers/netns.js';
import { DUMP_CASES } from './helpers/tc-dump-cases.js';
import { TC_DUMPS_FILE, type CapturedDumps } from './helpers/tc-bytes.js';

const skip = kernelSkipReason ?? (run(['sh', '-c', 'command -v tc && command -v strace && command -v bash']).status === 0 ? undefined : '`tc`, `strace` or `bash` is not installed');
const write = process.env.LINX_WRITE_TC_DUMPS === '1';

let ns: TestNetns;
let rtnl: Rtnl;
const captured: CapturedDumps = { tc: '', indexes: { v0: 0, v1: 0 }, dumps: {} };

const tc = (args: string[]) => {
  const r = run(['tc', '-n', ns.name, ...args]);
  if (r.status !== 0) throw new Error(`tc ${args.join(' ')}: ${r.stderr}`);
};

/** The payloads of the messages of `type` in received netlink buffers. */
function payloads(buffers: Uint8Array[], type: number): string[] {
  const out: string[] = [];
  for (const b of buffers) {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let at = 0; at + 16 <= b.length; ) {
      const len = view.getUint32(at, true);
      if (len < 16) break;
      if (view.getUint16(at + 4, true) === type) out.push(Buffer.from(b.subarray(at + 16, at + len)).toString('hex'));
      at += (len + 3) & ~3;
    }
  }
  return out;
}

describe.skipIf(skip !== undefined)(`tc dumps as tc -j -s -d shows them${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    ns = createNetns('tcd');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    // Counters move only when a case sends: no IPv6 (router solicitations, MLD), a permanent neighbour.
    run(['ip', 'netns', 'exec', ns.name, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1', 'net.ipv6.conf.v0.disable_ipv6=1', 'net.ipv6.conf.v1.disable_ipv6=1']);
    ns.ip('link', 'set', 'v0', 'up');
    ns.ip('link', 'set', 'v1', 'up');
    ns.ip('addr', 'add', '10.77.0.1/24', 'dev', 'v0');
    ns.ip('neigh', 'add', '10.77.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'v0', 'nud', 'permanent');
    rtnl = await ns.rtnl();
    captured.tc = run(['tc', '-V']).stdout.trim();
    captured.indexes = { v0: (await rtnl.links.get('v0')).index, v1: (await rtnl.links.get('v1')).index };
  });
  afterAll(() => {
    if (write) writeFileSync(TC_DUMPS_FILE, `${JSON.stringify(captured, null, 1)}\n`);
    ns?.remove();
  });
  beforeEach(() => {
    for (const dev of ['v0', 'v1']) for (const where of ['root', 'clsact', 'ingress']) run(['tc', '-n', ns.name, 'qdisc', 'del', 'dev', dev, where]);
    run(['tc', '-n', ns.name, 'actions', 'flush', 'action', 'mirred']);
  });

  it.each(DUMP_CASES)('$name', async (c) => {
    for (const args of c.setup) tc(args);
    if (c.packets !== undefined) run(['ip', 'netns', 'exec', ns.name, 'bash', '-c', `for i in $(seq ${c.packets}); do echo probe > /dev/udp/10.77.0.2/9; done`]);
    const traced = traceNetlink(['ip', 'netns', 'exec', ns.name, 'tc', '-j', '-s', '-d', ...c.show]);
    const json = c.text === true ? traced.stdout : JSON.parse(traced.stdout);
    c.compare(await c.list(rtnl), json);
    captured.dumps[c.name] = { replies: payloads(traced.received, c.replyType), json };
  });
});
