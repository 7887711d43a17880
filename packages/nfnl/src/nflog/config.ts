import { InvalidArgumentError } from '@linx/netlink-socket';
import { checkInteger } from '../arguments.js';
import { nfulnlCfgFlagValues, nfulnlCopyModeValues, type NflogCopyMode, type NflogFlag } from './messages.js';

/** How a group copies and batches logged packets; every field is optional (the kernel keeps what is not given). */
export interface GroupSettings {
  /** What of each packet is copied: 'packet' (the kernel's default: up to `range` bytes), 'meta' (no payload) or 'none'. */
  copy?: NflogCopyMode;
  /** With copy 'packet': at most this many bytes of each packet (1–65535). A rule's own snaplen (`log snaplen N`) cuts further. */
  range?: number;
  /** The kernel's buffer for one batch of log messages, in bytes (it takes at least a page's worth and at most 128 KiB). */
  bufferSize?: number;
  /** Packets batched into one send at most (1 by default: each packet is sent at once). */
  threshold?: number;
  /** How long a batch waits before it is sent anyway, in milliseconds (rounded up to hundredths of a second; 1000 by default). */
  flushTimeout?: number;
  /**
   * The group's flags, replacing the previous ones (not named: off). `seq`: number this group's packets;
   * `seqGlobal`: number them across the namespace; `conntrack`: attach the conntrack entry (needs
   * CONFIG_NETFILTER_NETLINK_GLUE_CT; without it the kernel refuses with EOPNOTSUPP).
   */
  flags?: Partial<Record<NflogFlag, boolean>>;
}

/** The configuration attributes of `settings`, checked before anything is sent. */
export function groupSettingsAttrs(settings: GroupSettings) {
  if (typeof settings !== 'object' || settings === null) throw new InvalidArgumentError('options', 'must be an object');
  const { copy, range, bufferSize, threshold, flushTimeout, flags } = settings;
  if (copy !== undefined && !Object.hasOwn(nfulnlCopyModeValues, copy)) throw new InvalidArgumentError('copy', `${String(copy)} is not a copy mode ('none', 'meta' or 'packet')`);
  if (range !== undefined) {
    checkInteger('range', range, 1, 0xffff);
    if (copy !== undefined && copy !== 'packet') throw new InvalidArgumentError('range', `a copy range needs copy 'packet' (not '${copy}')`);
  }
  const attrs: {
    mode?: { copyRange: number; copyMode: NflogCopyMode };
    nlbufsiz?: number;
    qthresh?: number;
    timeout?: number;
    flags?: NflogFlag[];
  } = {};
  const mode = copy ?? (range !== undefined ? 'packet' : undefined);
  if (mode !== undefined) attrs.mode = { copyMode: mode, copyRange: mode === 'packet' ? (range ?? 0xffff) : 0 };
  if (bufferSize !== undefined) attrs.nlbufsiz = checkInteger('bufferSize', bufferSize, 1, 0xffff_ffff);
  if (threshold !== undefined) attrs.qthresh = checkInteger('threshold', threshold, 1, 0xffff_ffff);
  if (flushTimeout !== undefined) attrs.timeout = Math.ceil(checkInteger('flushTimeout', flushTimeout, 0, 0xffff_ffff * 10) / 10);
  if (flags !== undefined) {
    if (typeof flags !== 'object' || flags === null) throw new InvalidArgumentError('flags', 'must be an object of flag names to true or false');
    const on: NflogFlag[] = [];
    for (const [name, value] of Object.entries(flags)) {
      if (!Object.hasOwn(nfulnlCfgFlagValues, name)) throw new InvalidArgumentError(`flags.${name}`, `is not a log group flag (${Object.keys(nfulnlCfgFlagValues).join(', ')})`);
      if (value !== undefined && typeof value !== 'boolean') throw new InvalidArgumentError(`flags.${name}`, `${String(value)} is not true or false`);
      if (value === true) on.push(name as NflogFlag);
    }
    attrs.flags = on;
  }
  return attrs;
}
