// FDB entries the running kernel rarely shows, with `bridge` itself as the oracle: bridge runs against a
// fake rtnetlink kernel (@linx/test-kit's runWithFakeNetlink, an LD_PRELOAD shim, in a throwaway
// `unshare -n` namespace) that answers its dumps with the very messages of helpers/fdb-states.ts. What it
// prints (`bridge -j -s fdb show`) must be what rtnl lists from them, and what bridge-fdb-states.test.ts
// (no root) expects. Needs root, gcc and bridge.
import { describe, expect, it } from 'vitest';
import { fakeNetlinkSkipReason, runWithFakeNetlink } from '@linx/test-kit';
import { encodeMessages } from '@linx/netlink-wire';
import { BRIDGE_SHOWED, FDB_LINKS, FDB_STATES, fdbAsBridgeStats, fdbOf } from './helpers/fdb-states.js';

const NETLINK_ROUTE = 0;
/** RTM_NEWLINK, RTM_NEWNEIGH (linux/rtnetlink.h). */
const RTM_NEWLINK = 16;
const RTM_NEWNEIGH = 28;
const skip = fakeNetlinkSkipReason(['bridge']);

describe.skipIf(skip)(`bridge fdb show of hand-made entries${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('bridge -j -s fdb show prints what rtnl lists, and what the test without root expects', async () => {
    const replies = encodeMessages([...FDB_LINKS.map((payload) => ({ type: RTM_NEWLINK, payload })), ...FDB_STATES.map((payload) => ({ type: RTM_NEWNEIGH, payload }))]);
    const r = runWithFakeNetlink(['bridge', '-j', '-s', 'fdb', 'show'], { protocol: NETLINK_ROUTE, replies });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const showed = JSON.parse(r.stdout) as unknown[];
    expect(showed).toEqual(BRIDGE_SHOWED);
    expect((await fdbOf()).map(fdbAsBridgeStats)).toEqual(showed);
  });
});
