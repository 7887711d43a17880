import { formatIP, parseIP } from '@linx/netlink-wire';
import { InvalidArgumentError, checkIfname } from '../shared/arguments.js';
import { SCOPES } from '../shared/names.js';
import { planAdd, type AddressSettings } from '../address/request.js';
import { ADDRESS_FLAGS, type Address } from '../address/shape.js';
import { checkKeys } from '../link/checks.js';
import { atPath } from './argument-path.js';
import { differences, readySteps, type Draft, type PlanContext, byKey } from './draft.js';
import type { DesiredAddress } from './types.js';

/**
 * Addresses: identified by interface, local address and prefix length. Flags, metric (rtPriority),
 * proto and lifetimes change in place (`addresses.replace`); a different peer, broadcast, label or scope
 * does not (the kernel keeps those of the address it finds), so the address is deleted and added again.
 */

const FOREVER = 0xffff_ffff;
const KEYS = new Set(['dev', 'address', 'peer', 'broadcast', 'label', 'scope', 'flags', 'validLifetime', 'preferredLifetime', 'rtPriority', 'proto']);
/** The flags a caller sets; the others (permanent, secondary, tentative, deprecated, …) are the kernel's to report. */
const CHOSEN_FLAGS = ['homeaddress', 'managetempaddr', 'mcautojoin', 'nodad', 'noprefixroute'] as const;
/** Fields `addresses.replace` cannot change. */
const FIXED = new Set(['peer', 'broadcast', 'label', 'scope']);

function chosenFlags(mask: number): string[] {
  return CHOSEN_FLAGS.filter((name) => (mask & ADDRESS_FLAGS[name]) !== 0);
}

interface DesiredEntry {
  path: string;
  key: string;
  dev: string;
  address: string;
  settings: AddressSettings;
  fields: Record<string, unknown>;
}

function checkAddress(entry: DesiredAddress, path: string): DesiredEntry {
  return atPath(path, () => {
    const o = checkKeys(entry, KEYS, '', 'a desired address', 'spec') as unknown as DesiredAddress;
    const { dev, address, ...settings } = o;
    const name = checkIfname(dev, 'dev');
    const request = planAdd(address, settings);
    const local = request.attrs.local!;
    const cacheinfo = request.attrs.cacheinfo as { ifaValid: number } | undefined;
    return {
      path,
      key: `${name} ${local}/${request.header.ifaPrefixlen}`,
      dev: name,
      address,
      settings,
      fields: {
        peer: settings.peer === undefined ? undefined : request.attrs.address,
        broadcast: request.attrs.broadcast === undefined ? undefined : formatIP(parseIP(request.attrs.broadcast as string)),
        label: request.attrs.label,
        scope: settings.scope === undefined ? undefined : request.header.ifaScope,
        flags: chosenFlags(((request.attrs.flags as number | undefined) ?? 0) | (request.header.ifaFlags as number)),
        rtPriority: request.attrs.rtPriority,
        proto: request.attrs.proto,
        lifetime: cacheinfo === undefined ? undefined : cacheinfo.ifaValid === FOREVER ? 'forever' : 'limited',
      },
    };
  });
}

function flagMask(flags: readonly (string | number)[]): number {
  let mask = 0;
  for (const flag of flags) mask |= typeof flag === 'number' ? flag : (ADDRESS_FLAGS[flag as keyof typeof ADDRESS_FLAGS] ?? 0);
  return mask;
}

function observedFields(address: Address): Record<string, unknown> {
  return {
    peer: address.peer,
    broadcast: address.broadcast,
    label: address.label,
    scope: typeof address.scope === 'number' ? address.scope : SCOPES[address.scope],
    flags: chosenFlags(flagMask(address.flags)),
    rtPriority: address.rtPriority ?? 0,
    proto: address.proto ?? 0,
    lifetime: address.validLifetime === undefined || address.validLifetime === 'forever' ? 'forever' : 'limited',
  };
}

export function planAddresses(desired: readonly DesiredAddress[], observed: readonly Address[], owned: ReadonlySet<string>, context: PlanContext) {
  if (!Array.isArray(desired)) throw new InvalidArgumentError('addresses', 'expected a list of { dev, address, ...settings }');
  const entries = desired.map((entry, i) => checkAddress(entry, `addresses[${i}]`));
  const wanted = byKey(entries, 'address');
  const present = new Map<string, Address>();
  for (const address of observed) {
    if (address.family !== 'inet' && address.family !== 'inet6') continue;
    const dev = context.names.get(address.ifindex);
    if (dev === undefined) continue;
    const key = `${dev} ${address.local}/${address.prefixlen}`;
    // What is on a link that goes goes with it (and stays owned if the link's delete fails).
    if (context.gone.has(dev)) {
      if (owned.has(key) && !wanted.has(key)) context.removal.get(dev)?.releases?.push({ kind: 'address', key });
      continue;
    }
    present.set(key, address);
  }

  const deletes: Draft[] = [];
  const applies: Draft[] = [];
  for (const [key, address] of present) {
    if (owned.has(key) && !wanted.has(key)) deletes.push({ op: 'delete', kind: 'address', key, call: { verb: 'addresses.delete', address }, after: [], releases: [{ kind: 'address', key }] });
  }
  for (const entry of entries) {
    const address = present.get(entry.key);
    const after = readySteps(context, [entry.dev]);
    const add = { dev: entry.dev, address: entry.address, settings: entry.settings };
    let step: Draft | undefined;
    if (!address) {
      step = { op: 'create', kind: 'address', key: entry.key, call: { verb: 'addresses.add', ...add }, after };
    } else {
      const changes = differences(entry.fields, observedFields(address));
      if (changes.some((change) => FIXED.has(change.field))) {
        const removal: Draft = { op: 'delete', kind: 'address', key: entry.key, call: { verb: 'addresses.delete', address }, changes, recreate: true, after: [] };
        deletes.push(removal);
        step = { op: 'create', kind: 'address', key: entry.key, call: { verb: 'addresses.add', ...add }, changes, recreate: true, after: [removal, ...after] };
      } else if (changes.length) {
        step = { op: 'update', kind: 'address', key: entry.key, call: { verb: 'addresses.replace', ...add }, changes, after };
      }
    }
    if (step) {
      applies.push(step);
      const list = context.addressSteps.get(entry.dev) ?? [];
      list.push(step);
      context.addressSteps.set(entry.dev, list);
    }
  }
  return { deletes, applies, ownership: [...wanted.keys()] };
}
