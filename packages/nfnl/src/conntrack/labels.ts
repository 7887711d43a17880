import { InvalidArgumentError } from '@linx/netlink-socket';
import { HOST_LITTLE_ENDIAN } from '@linx/netlink-wire';
import { checkInteger } from '../arguments.js';

// Connection labels: a 128-bit field per entry (NF_CT_LABELS_MAX_SIZE = 16 bytes in
// include/net/netfilter/nf_conntrack_labels.h), which nft's `ct label set N` and iptables' connlabel set and
// match. ctnetlink carries them as CTA_LABELS (and CTA_LABELS_MASK) in 32-bit words of host byte order:
// label N is bit N % 32 of word N / 32 (nf_connlabels_replace() in net/netfilter/nf_conntrack_labels.c).
// linx gives them as the label numbers; names (connlabel.conf) are the conntrack tool's and nft's business.

/** The bytes of CTA_LABELS: 16 bytes, the kernel's whole field. */
export const LABELS_SIZE = 16;
/** The highest label number (127). */
export const LABEL_MAX = LABELS_SIZE * 8 - 1;

/** The label numbers set in a CTA_LABELS value, lowest first. */
export function labelNumbers(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let word = 0; word * 4 + 4 <= bytes.byteLength; word++) {
    const bits = view.getUint32(word * 4, HOST_LITTLE_ENDIAN);
    for (let bit = 0; bit < 32; bit++) if (bits & (1 << bit)) out.push(word * 32 + bit);
  }
  return out;
}

/** Checks a list of label numbers (0–127), or throws `InvalidArgumentError` naming `argument`. */
export function checkLabels(argument: string, labels: unknown): readonly number[] {
  if (!Array.isArray(labels)) throw new InvalidArgumentError(argument, 'labels are a list of label numbers (0 to 127)');
  labels.forEach((label, i) => checkInteger(`${argument}[${i}]`, label, 0, LABEL_MAX));
  return labels as readonly number[];
}

/**
 * The CTA_LABELS bytes with `labels` set. `size` is the byte count: the whole field by default; `'least'`
 * is the fewest whole words that hold the highest label, as the conntrack tool sends on create (the kernel
 * zeroes the words not sent).
 */
export function labelBytes(labels: readonly number[], size: number | 'least' = LABELS_SIZE): Uint8Array {
  // No labels at all still make one word (label 0's).
  const highest = labels.reduce((max, label) => Math.max(max, label), 0);
  const length = size === 'least' ? (Math.floor(highest / 32) + 1) * 4 : size;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  for (const label of labels) {
    const at = Math.floor(label / 32) * 4;
    view.setUint32(at, (view.getUint32(at, HOST_LITTLE_ENDIAN) | (1 << label % 32)) >>> 0, HOST_LITTLE_ENDIAN);
  }
  return bytes;
}
