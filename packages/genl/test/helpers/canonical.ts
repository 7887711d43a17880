// A generic netlink payload in a form that ignores the order of attributes (and only that): genlmsghdr's
// bytes, then each attribute as "type:hex" (nests, NLA_F_NESTED, followed), sorted. For comparing a
// request with what a tool sends when both carry the same attributes in another order.
import { NLA_F_NESTED, NLA_TYPE_MASK } from '@linx/netlink-wire';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function attributes(bytes: Uint8Array): unknown[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { key: string; value: unknown }[] = [];
  for (let at = 0; at + 4 <= bytes.length; ) {
    const len = view.getUint16(at, true);
    const type = view.getUint16(at + 2, true);
    if (len < 4) break;
    const body = bytes.subarray(at + 4, at + len);
    const nested = (type & NLA_F_NESTED) !== 0;
    out.push({ key: `${type & NLA_TYPE_MASK}${nested ? 'N' : ''}`, value: nested ? attributes(body) : hex(body) });
    at += (len + 3) & ~3;
  }
  return out.sort((a, b) => (a.key + JSON.stringify(a.value) < b.key + JSON.stringify(b.value) ? -1 : 1));
}

export function canonicalGenl(payload: Uint8Array): unknown {
  return { genlmsghdr: hex(payload.subarray(0, 4)), attrs: attributes(payload.subarray(4)) };
}
