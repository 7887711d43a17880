// linx's `bridge.vlans`, `bridge.fdb` and `bridge.mdb` requests against `bridge`'s (helpers/bridge-requests.ts: the
// fixtures, each with the command that made it). No kernel: linx makes the same call on a fake kernel that
// knows the fixtures' interfaces, and the request it sends must be bridge's: same type, flags and fixed
// header, the same attributes with the same flag bits and bytes, attribute order aside; VLAN requests
// (AF_BRIDGE link messages, whose IFLA_AF_SPEC holds a range as two entries in order), MDB and VLAN
// database (RTM_GETVLAN) requests byte for byte.
// bridge-requests.live.test.ts checks the fixtures against this machine's bridge.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BRIDGE_FIXTURES, bridgeFixtureRequest, type BridgeFixtureName } from './helpers/bridge-requests.js';
import { canonical, INDEXES } from './helpers/iproute2-requests.js';
import { fakeRtnl, hex, withoutSeqPid } from './helpers/link-golden.js';

async function linxRequest(name: BridgeFixtureName) {
  const { rtnl, kernel } = fakeRtnl({ ...INDEXES });
  try {
    await BRIDGE_FIXTURES[name].linx(rtnl);
  } catch {
    // The fake kernel answers dumps other than links with a bare ACK: the request was sent.
  }
  const sent = kernel.requests.filter((m) => m.type === BRIDGE_FIXTURES[name].type);
  expect(sent, 'linx sent the request').not.toHaveLength(0);
  return sent.at(-1)!;
}

describe.runIf(endianness() === 'LE')('bridge vlan, fdb and mdb requests are bridge’s, attribute order aside', () => {
  for (const name of Object.keys(BRIDGE_FIXTURES) as BridgeFixtureName[]) {
    it(BRIDGE_FIXTURES[name].command.join(' '), async () => {
      const ours = await linxRequest(name);
      if ((ours.type >= 16 && ours.type <= 19) || (ours.type >= 84 && ours.type <= 86) || (ours.type >= 112 && ours.type <= 114)) expect(hex(withoutSeqPid(ours))).toBe(BRIDGE_FIXTURES[name].bytes);
      else expect(canonical(ours)).toEqual(canonical(bridgeFixtureRequest(name)));
    });
  }
});
