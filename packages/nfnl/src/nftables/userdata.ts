import { InvalidArgumentError } from '@linx/netlink-socket';
import { NFT_USERDATA_MAXLEN } from './limits.js';

/**
 * User data (NFTA_*_USERDATA) as nft and libnftnl write it: TLVs of a type byte, a length byte and the
 * value. nft keeps comments there (a NUL-terminated string), with a type that depends on the object.
 */

/** The TLV type of a comment, per object (NFTNL_UDATA_*_COMMENT). */
export const commentTypes = { table: 0, chain: 0, rule: 0, set: 7, element: 0, object: 0 } as const;

/** One TLV. */
export interface UserdataItem {
  type: number;
  value: Uint8Array;
}

/** The TLVs of user data, or undefined if the bytes are not TLVs. */
export function parseUserdata(bytes: Uint8Array): UserdataItem[] | undefined {
  const items: UserdataItem[] = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + 2 > bytes.length) return undefined;
    const length = bytes[at + 1]!;
    if (at + 2 + length > bytes.length) return undefined;
    items.push({ type: bytes[at]!, value: bytes.subarray(at + 2, at + 2 + length) });
    at += 2 + length;
  }
  return items;
}

/**
 * User data of TLVs: at most NFT_USERDATA_MAXLEN bytes in all (the kernel's policy for every
 * NFTA_*_USERDATA), which also keeps each value under 256 bytes, as its one-byte length needs.
 */
export function buildUserdata(items: readonly UserdataItem[], argument = 'userdata'): Uint8Array {
  const total = items.reduce((n, i) => n + 2 + i.value.length, 0);
  if (total > NFT_USERDATA_MAXLEN) throw new InvalidArgumentError(argument, `${total} bytes of user data is more than the kernel's ${NFT_USERDATA_MAXLEN} (NFT_USERDATA_MAXLEN)`);
  const out = new Uint8Array(total);
  let at = 0;
  for (const item of items) {
    out[at] = item.type;
    out[at + 1] = item.value.length;
    out.set(item.value, at + 2);
    at += 2 + item.value.length;
  }
  return out;
}

/** The comment in user data, if there is one. */
export function commentOf(userdata: Uint8Array | undefined, type: number): string | undefined {
  if (!userdata) return undefined;
  const item = parseUserdata(userdata)?.find((i) => i.type === type);
  if (!item) return undefined;
  const end = item.value.indexOf(0);
  return new TextDecoder().decode(end < 0 ? item.value : item.value.subarray(0, end));
}

/** User data holding a comment (NUL-terminated, as nft writes it), after the other items of `userdata`. */
export function withComment(comment: string, type: number, userdata?: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(comment);
  // Its TLV (type, length, the text, a NUL) must fit in NFT_USERDATA_MAXLEN bytes of user data.
  if (text.length + 3 > NFT_USERDATA_MAXLEN) throw new InvalidArgumentError('comment', `a comment of ${text.length} bytes is longer than ${NFT_USERDATA_MAXLEN - 3} (with its NUL and TLV header, user data holds at most ${NFT_USERDATA_MAXLEN} bytes: NFT_USERDATA_MAXLEN)`);
  const value = new Uint8Array(text.length + 1);
  value.set(text);
  const others = (userdata && parseUserdata(userdata)?.filter((i) => i.type !== type)) ?? [];
  return buildUserdata([...others, { type, value }], 'comment');
}
