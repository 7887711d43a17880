// The fixtures of helpers/iproute2-link-kinds.ts against this machine's iproute2: with root and strace,
// each command runs in a fresh namespace set up as iproute2-requests.ts's SETUP (v1 index 2, v0 index 3,
// br0 index 4), and the last request of the fixture's type it sends must be the fixture, byte for byte
// (seq and pid zeroed). The kernel refuses most of them (kinds it lacks, port settings of a link without a
// master, an altname it does not have): the request is sent all the same.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LINK_KIND_FIXTURES, type LinkKindFixture } from './helpers/iproute2-link-kinds.js';
import { INDEXES, SETUP } from './helpers/iproute2-requests.js';
import { hex, traceIpRequests, withoutSeqPid } from './helpers/link-golden.js';
import { createNetns, kernelSkipReason } from './helpers/netns.js';

const strace = spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;

describe.skipIf(kernelSkipReason !== undefined || !strace)('the link kind fixtures are what this machine’s ip sends', () => {
  for (const name of Object.keys(LINK_KIND_FIXTURES) as LinkKindFixture[]) {
    const { command, type, bytes } = LINK_KIND_FIXTURES[name];
    it(command.join(' '), () => {
      const ns = createNetns('iproute2-link-kinds');
      try {
        for (const step of SETUP) ns.ip(...step);
        const indexes = Object.fromEntries(ns.ipJson<{ ifname: string; ifindex: number }[]>('link', 'show').map((l) => [l.ifname, l.ifindex]));
        expect(indexes).toMatchObject(INDEXES);
        const traced = traceIpRequests(ns.name, command.slice(1) as string[]);
        const sent = traced.messages.filter((m) => m.type === type).at(-1);
        expect(sent, `ip sent no message of type ${type} (${traced.stderr.trim()})`).toBeDefined();
        expect(hex(withoutSeqPid(sent!))).toBe(bytes);
      } finally {
        ns.remove();
      }
    });
  }
});
