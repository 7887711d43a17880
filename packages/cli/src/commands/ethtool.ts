import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { settingsText, type DeviceSettings } from '../output/ethtool-text.js';

export const usage = `Usage: linx ethtool DEV
A device's settings as \`ethtool DEV\` prints them (link modes, speed, duplex, autonegotiation, port, PHY
address, transceiver, MDI-X, link detected), read through the ethtool generic netlink family. With -j, a
JSON object { ifname, linkModes, linkInfo, linkState }: each part as @linx/genl/ethtool returns it, left out
when the driver does not report it. Options: -j, -p, -n NETNS.
`;

export async function run(context: CommandContext): Promise<void> {
  const [dev, ...rest] = context.args;
  if (dev === undefined || dev.startsWith('-')) throw new UsageError('ethtool: needs a device name (linx ethtool DEV)');
  if (rest.length > 0) throw new UsageError(`ethtool: unknown argument "${rest[0]!}" (linx ethtool shows a device's settings only)`);
  const { ethtool, EthtoolNotSupportedError } = await import('@linx/genl/ethtool');
  const eth = ethtool(await context.genl());
  // As ethtool does, a part the driver does not support is left out; the device's existence is checked
  // by the first request (EthtoolNoSuchDeviceError).
  const optional = async <T>(request: Promise<T>): Promise<T | undefined> => {
    try {
      return await request;
    } catch (error) {
      if (error instanceof EthtoolNotSupportedError) return undefined;
      throw error;
    }
  };
  const linkModes = await optional(eth.linkModes(dev));
  const linkInfo = await optional(eth.linkInfo(dev));
  const linkState = await optional(eth.linkState(dev));
  const settings: DeviceSettings = { ifname: dev, ...(linkModes && { linkModes }), ...(linkInfo && { linkInfo }), ...(linkState && { linkState }) };
  if (context.options.json) {
    context.write(`${context.options.pretty ? JSON.stringify(settings, null, 4) : JSON.stringify(settings)}\n`);
    return;
  }
  context.write(settingsText(settings));
}
