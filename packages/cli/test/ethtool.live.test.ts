// `linx ethtool DEV` against `ethtool DEV` (ethtool 6.1) in a network namespace of this file's own: the
// text equals ethtool's on the devices this kernel can make (veth down and up, a bridge, a tun device,
// loopback, whose driver answers only the link state), and -j holds the same facts. Read-only after setup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, runOrThrow, type TestNetns } from '@linx/test-kit';
import { linx, linxJson, linxOk } from './helpers/linx.js';

/**
 * ethtool's output without the message level (ETHTOOL_MSG_DEBUG_GET, which tun answers): @linx/genl/ethtool
 * has no call for it yet, so linx does not print it (README). Wake-on would be the same; no device here has it.
 */
const withoutDebug = (text: string) => text.replace(/^ +Current message level: .*\n +\n/m, '');

describe.skipIf(kernelSkipReason(['ip', 'ethtool']))('linx ethtool, compared with ethtool', () => {
  let ns: TestNetns;
  const ethtool = (...args: string[]) => runOrThrow(['ip', 'netns', 'exec', ns.name, 'ethtool', ...args]);

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
    ns.batch(['link add v0 type veth peer name v1', 'link add v2 type veth peer name v3', 'link set v2 up', 'link set v3 up', 'link add br0 type bridge', 'tuntap add dev t0 mode tap']);
  });
  afterAll(() => ns?.remove());

  it.each(['v0', 'v2', 'br0', 't0', 'lo'])('linx ethtool %s prints what ethtool prints', (dev) => {
    const ours = linxOk('-n', ns.name, 'ethtool', dev);
    expect(ours.startsWith(`Settings for ${dev}:\n`)).toBe(true);
    expect(ours).toBe(withoutDebug(ethtool(dev)));
  });

  it('-j has the speed, duplex, port and link state ethtool prints', () => {
    const up = linxJson('-n', ns.name, 'ethtool', 'v2');
    const text = ethtool('v2');
    expect(`${up.linkModes.speed}Mb/s`).toBe(/Speed: (\S+)/.exec(text)![1]);
    expect(up.linkModes.duplex).toBe(/Duplex: (\S+)/.exec(text)![1]!.toLowerCase());
    expect(up.linkState.link).toBe(/Link detected: (\S+)/.exec(text)![1] === 'yes');
    expect(up.linkState.link).toBe(true);
    // lo's driver answers only the link state: the other parts are absent, not empty.
    const lo = linxJson('-n', ns.name, 'ethtool', 'lo');
    expect(Object.keys(lo).sort()).toEqual(['ifname', 'linkState']);
  });

  it('a device that is not there is exit code 3, named', () => {
    const result = linx('-n', ns.name, 'ethtool', 'nope0');
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('"nope0"');
    expect(linx('-n', ns.name, 'ethtool').status).toBe(2);
  });
});
