import { InvalidArgumentError } from '@linx/netlink-socket';
import { checkInteger } from '../arguments.js';
import { nfqaCfgFlagValues, nfqnlCopyModeValues, type NfqueueCopyMode, type NfqueueFlag } from './messages.js';

/** How a queue copies packets and what it does when full; every field is optional (the kernel keeps what is not given). */
export interface QueueSettings {
  /**
   * What of each packet is copied to user space: 'packet' (the default at bind: the packet, up to `range`
   * bytes), 'meta' (only the metadata, no payload) or 'none'.
   */
  copy?: NfqueueCopyMode;
  /** With copy 'packet': at most this many bytes of each packet (1–65535; 65535 by default at bind). 40 or so gives an IPv4 and a TCP header. */
  range?: number;
  /** Packets that may wait for a verdict at most (the kernel's default is 1024); past it the queue drops them, or accepts them with `failOpen`. */
  maxLength?: number;
  /**
   * Flags to switch on (true) or off (false); those not named stay as they are. `failOpen`: accept the
   * packets the queue has no room for (full, or the socket's buffer overflowing) instead of dropping them.
   * `gso`: queue GSO packets whole (payloads larger than the MTU, `skbInfo` says 'gso') instead of
   * segmenting them first. `uidGid`: tell the owner of local sockets' packets. `conntrack`: attach the
   * conntrack entry (needs CONFIG_NETFILTER_NETLINK_GLUE_CT; without it the kernel refuses with EOPNOTSUPP).
   * `secctx`: the security context.
   */
  flags?: Partial<Record<NfqueueFlag, boolean>>;
}

/** The configuration attributes of `settings`, checked before anything is sent. */
export function settingsAttrs(settings: QueueSettings, defaultCopy: boolean) {
  if (typeof settings !== 'object' || settings === null) throw new InvalidArgumentError('options', 'must be an object');
  const { copy, range, maxLength, flags } = settings;
  if (copy !== undefined && !Object.hasOwn(nfqnlCopyModeValues, copy)) throw new InvalidArgumentError('copy', `${String(copy)} is not a copy mode ('none', 'meta' or 'packet')`);
  if (range !== undefined) {
    checkInteger('range', range, 1, 0xffff);
    if (copy !== undefined && copy !== 'packet') throw new InvalidArgumentError('range', `a copy range needs copy 'packet' (not '${copy}')`);
  }
  if (maxLength !== undefined) checkInteger('maxLength', maxLength, 1, 0xffff_ffff);
  const attrs: {
    params?: { copyRange: number; copyMode: NfqueueCopyMode };
    queueMaxlen?: number;
    mask?: NfqueueFlag[];
    flags?: NfqueueFlag[];
  } = {};
  const mode = copy ?? (range !== undefined || defaultCopy ? 'packet' : undefined);
  if (mode !== undefined) attrs.params = { copyMode: mode, copyRange: mode === 'packet' ? (range ?? 0xffff) : 0 };
  if (maxLength !== undefined) attrs.queueMaxlen = maxLength;
  if (flags !== undefined) {
    if (typeof flags !== 'object' || flags === null) throw new InvalidArgumentError('flags', 'must be an object of flag names to true or false');
    const mask: NfqueueFlag[] = [];
    const on: NfqueueFlag[] = [];
    for (const [name, value] of Object.entries(flags)) {
      if (!Object.hasOwn(nfqaCfgFlagValues, name)) throw new InvalidArgumentError(`flags.${name}`, `is not a queue flag (${Object.keys(nfqaCfgFlagValues).join(', ')})`);
      if (value === undefined) continue;
      if (typeof value !== 'boolean') throw new InvalidArgumentError(`flags.${name}`, `${String(value)} is not true or false`);
      mask.push(name as NfqueueFlag);
      if (value) on.push(name as NfqueueFlag);
    }
    if (mask.length > 0) {
      attrs.mask = mask;
      attrs.flags = on;
    }
  }
  return attrs;
}
