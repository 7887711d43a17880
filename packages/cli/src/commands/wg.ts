import type { WireGuardDevice } from '@linx/genl/wireguard';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { WG_FIELDS, deviceText, fieldText, showconfText, type WgField } from '../output/wg-text.js';

export const usage = `Usage: linx wg show [ DEV | all | interfaces ] [ public-key | private-key | listen-port | fwmark | peers |
                                              preshared-keys | endpoints | allowed-ips | latest-handshakes |
                                              transfer | persistent-keepalive | dump ]
       linx wg showconf DEV
WireGuard interfaces as \`wg show\` and \`wg showconf\` print them (without colour), read through the wireguard
generic netlink family (@linx/genl/wireguard): private and preshared keys are "(hidden)" in \`show\` unless
WG_HIDE_KEYS=never, as with wg. \`show\` alone (or \`all\`) shows every WireGuard interface of the namespace.
With -j, a JSON array of devices { ifindex, ifname, privateKey?, publicKey?, listenPort, fwmark, peers:
[{ publicKey, presharedKey?, endpoint?, persistentKeepalive, lastHandshake?: { sec, nsec }, rxBytes, txBytes,
allowedIps, protocolVersion? }] } whatever FIELD is asked (keys in base64, 64-bit numbers as decimal
strings); with show interfaces, an array of names.
A kernel without WireGuard (no wireguard family) exits 1, saying so; an interface that is not a WireGuard
one exits 3. Options: -j, -p, -n NETNS.
`;

const isField = (word: string): word is WgField => (WG_FIELDS as readonly string[]).includes(word);

export async function run(context: CommandContext): Promise<void> {
  const [command = 'show', target, field, ...extra] = context.args;
  if (command !== 'show' && command !== 'showconf') throw new UsageError(`wg: unknown command "${command}": show, showconf`);
  if (extra.length > 0) throw new UsageError(`wg ${command}: unknown argument "${extra[0]!}"`);
  if (command === 'showconf' && (target === undefined || field !== undefined)) throw new UsageError('wg showconf: takes one interface (linx wg showconf DEV)');
  if (field !== undefined && !isField(field)) throw new UsageError(`wg show: "${field}" is not one of ${WG_FIELDS.join(', ')}`);
  if (target === 'interfaces' && field !== undefined) throw new UsageError('wg show interfaces: takes nothing after it');
  const genl = await context.genl();
  // Said first, and plainly, whatever is asked: without the family there is no WireGuard to show
  // (FamilyNotFoundError: the family is not registered, exit 1). wg itself prints nothing for `wg show`
  // then, and "Protocol not supported" for a named interface.
  await genl.family('wireguard');
  const { wireguard } = await import('@linx/genl/wireguard');
  const wg = wireguard(genl);
  const all = target === undefined || target === 'all' || target === 'interfaces';
  const names: string[] = target === undefined || all ? (await (await context.rtnl()).links.list({ kind: 'wireguard' })).flatMap((l) => l.ifname ?? []) : [target];
  if (target === 'interfaces') {
    if (context.options.json) context.write(`${JSON.stringify(names)}\n`);
    else if (names.length > 0) context.write(`${names.join(' ')}\n`);
    return;
  }
  const devices: WireGuardDevice[] = [];
  for (const name of names) devices.push(await wg.device(name));
  if (context.options.json) {
    const text = JSON.stringify(devices, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), context.options.pretty ? 4 : undefined);
    context.write(`${text}\n`);
    return;
  }
  if (command === 'showconf') {
    context.write(showconfText(devices[0]!));
    return;
  }
  const options = { now: BigInt(Math.floor(Date.now() / 1000)), showKeys: process.env.WG_HIDE_KEYS === 'never' };
  if (field !== undefined) context.write(devices.map((d) => fieldText(d, field, all)).join(''));
  else context.write(devices.map((d) => deviceText(d, options)).join('\n'));
}
