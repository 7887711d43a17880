import type { AttrsValue } from '@linx/netlink-codec';
import type { nfacctAttrs } from './messages.js';

/** A quota on an accounting object: once `limit` packets or bytes are counted, it is over quota. */
export interface NfacctQuota {
  unit: 'packets' | 'bytes';
  limit: bigint;
}

/** An accounting object as the kernel reports it. */
export interface NfacctObject {
  name: string;
  packets: bigint;
  bytes: bigint;
  /** References to it: 1 for the object itself, one more per rule that uses it (iptables `-m nfacct`). */
  use: number;
  /** Its quota, when it has one, and whether the count has reached it (the kernel's overquota flag). */
  quota?: NfacctQuota & { exceeded: boolean };
}

type NfacctValue = { attrs: AttrsValue<typeof nfacctAttrs.attributes> };

/** An NFNL_MSG_ACCT_NEW (or OVERQUOTA) message as an object. */
export function toNfacctObject(m: NfacctValue): NfacctObject {
  const a = m.attrs;
  const flags = a.flags ?? [];
  const object: NfacctObject = { name: a.name ?? '', packets: a.pkts ?? 0n, bytes: a.bytes ?? 0n, use: a.use ?? 0 };
  const unit = flags.includes('quota-pkts') ? 'packets' : flags.includes('quota-bytes') ? 'bytes' : undefined;
  if (unit) object.quota = { unit, limit: a.quota ?? 0n, exceeded: flags.includes('overquota') };
  return object;
}
