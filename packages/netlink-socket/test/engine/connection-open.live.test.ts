// Connection.open on a real socket, in a throwaway network namespace (created and deleted here): the
// connection lives in the namespace it was asked for. RTM_GETLINK 18, RTM_NEWLINK 16, IFLA_IFNAME 3
// (include/uapi/linux/rtnetlink.h, if_link.h); ifinfomsg is 16 bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { parseLink } from '../helpers/rtnl.js';

const names = (messages: { payload: Uint8Array }[]) => messages.map((m) => parseLink(m.payload).name);

describe.skipIf(kernelSkipReason)(`Connection.open${kernelSkipReason ? ` (skipped: ${kernelSkipReason})` : ''}`, () => {
  let ns: TestNetns;
  const device = `lx${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(() => {
    ns = createNetns();
    ns.ip('link', 'add', device, 'type', 'veth', 'peer', 'name', `${device}p`);
  });
  afterAll(() => ns?.remove());

  it('opens its socket in the namespace asked for, with the options given', async () => {
    const connection = Connection.open({ protocol: 0, netns: ns.name, receiveBufferSize: 256 * 1024, highWaterMark: 16, maxInFlight: 4 });
    try {
      expect(connection.portId).toBeGreaterThan(0);
      const links = await connection.dumpAll({ type: 18, payload: new Uint8Array(16) });
      expect(names(links).sort()).toEqual([device, `${device}p`, 'lo'].sort());
    } finally {
      connection.close();
    }
  });
});
