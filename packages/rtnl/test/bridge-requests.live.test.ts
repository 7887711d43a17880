// The fixtures of helpers/bridge-requests.ts against this machine's `bridge`: with root and strace, each
// command runs in a fresh namespace set up by BRIDGE_SETUP (v1 index 2, v0 index 3 a port of br0, br0
// index 4), and the last request of the fixture's type it sends must be the fixture, byte for byte (seq
// and pid zeroed). The kernel may refuse the command (this one lacks VLAN filtering): the request is sent
// all the same. bridge-requests.test.ts compares linx's requests with the fixtures.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BRIDGE_FIXTURES, BRIDGE_SETUP, type BridgeFixtureName } from './helpers/bridge-requests.js';
import { INDEXES } from './helpers/iproute2-requests.js';
import { hex, traceIpRequests, withoutSeqPid } from './helpers/link-golden.js';
import { createNetns, kernelSkipReason } from './helpers/netns.js';

const tools = ['strace', 'bridge'].every((tool) => spawnSync(tool, ['-V'], { stdio: 'ignore' }).status === 0);

describe.skipIf(kernelSkipReason !== undefined || !tools)('the bridge request fixtures are what this machine’s bridge sends', () => {
  for (const name of Object.keys(BRIDGE_FIXTURES) as BridgeFixtureName[]) {
    const { command, type, bytes } = BRIDGE_FIXTURES[name];
    it(command.join(' '), () => {
      const ns = createNetns('bridge-requests');
      try {
        for (const step of BRIDGE_SETUP) ns.ip(...step);
        const indexes = Object.fromEntries(ns.ipJson<{ ifname: string; ifindex: number }[]>('link', 'show').map((l) => [l.ifname, l.ifindex]));
        expect(indexes).toMatchObject(INDEXES);
        const [tool, ...args] = command;
        const traced = traceIpRequests(ns.name, args, tool as 'bridge');
        const sent = traced.messages.filter((m) => m.type === type).at(-1);
        expect(sent, `${tool} sent no message of type ${type} (${traced.stderr.trim()})`).toBeDefined();
        expect(hex(withoutSeqPid(sent!))).toBe(bytes);
      } finally {
        ns.remove();
      }
    });
  }
});
