import type { AddressSettings } from '@linx/rtnl';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { Words } from '../words.js';

/** What `addr add|del` name: the address and its interface, and the settings of an add. */
export interface AddressCommand {
  address: string;
  dev: string;
  settings: AddressSettings;
}

/** `addr add|del|flush`, mapped to rtnl.addresses.add / delete / flush. */
export async function change(context: CommandContext, command: string, args: string[]): Promise<void> {
  if (command === 'flush') {
    const dev = parseAddrFlush(args);
    await (await context.rtnl()).addresses.flush(dev, context.options.family ? { family: context.options.family } : {});
    return;
  }
  const { address, dev, settings } = parseAddrChange(command, args);
  const rtnl = await context.rtnl();
  if (command === 'add') await rtnl.addresses.add(dev, address, settings);
  else await rtnl.addresses.delete(dev, address);
}

const FLAGS = new Set(['noprefixroute', 'nodad', 'home', 'mngtmpaddr', 'optimistic', 'autojoin']);
const FLAG_NAMES: Record<string, string> = { home: 'homeaddress', mngtmpaddr: 'managetempaddr', autojoin: 'mcautojoin' };

/** `IFADDR dev NAME [broadcast ADDR | brd +] [label L] [scope S] [peer ADDR] [FLAG…]`. */
export function parseAddrChange(command: string, args: readonly string[]): AddressCommand {
  const words = new Words(args, `addr ${command}`);
  let address: string | undefined;
  let dev: string | undefined;
  const settings: { -readonly [K in keyof AddressSettings]: AddressSettings[K] } = {};
  const flags: string[] = [];
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'dev') dev = words.value('dev');
    else if (word === 'local') address = words.value('local');
    else if (word === 'broadcast' || word === 'brd') {
      const value = words.value(word);
      settings.broadcast = value === '+' ? true : value;
    } else if (word === 'label') settings.label = words.value('label');
    else if (word === 'scope') settings.scope = words.value('scope') as never;
    else if (word === 'peer') settings.peer = words.value('peer');
    else if (FLAGS.has(word)) flags.push(FLAG_NAMES[word] ?? word);
    else if (address === undefined) address = word;
    else words.unknown(word);
  }
  if (address === undefined) throw new UsageError(`addr ${command}: no address given (linx addr ${command} 10.0.0.1/24 dev NAME)`);
  if (dev === undefined) throw new UsageError(`addr ${command}: no device given (dev NAME)`);
  if (flags.length > 0) settings.flags = flags as never;
  return { address, dev, settings };
}

/** `dev NAME` (or `NAME`). */
export function parseAddrFlush(args: readonly string[]): string {
  const words = new Words(args, 'addr flush');
  let dev: string | undefined;
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (word === 'dev') dev = words.value('dev');
    else if (dev === undefined) dev = word;
    else words.unknown(word);
  }
  if (dev === undefined) throw new UsageError('addr flush: no device given (linx addr flush dev NAME)');
  return dev;
}
