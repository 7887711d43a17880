import { custom, InvalidValueError } from '@linx/netlink-codec';

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * Text as iproute2 writes it with `addattr_l(…, text, strlen(text))`: without a NUL, for the string
 * attributes whose kernel side takes either (nla_strcmp, nla_strscpy). Trailing NULs are dropped when
 * decoding, so the kernel's NUL-terminated copies read the same. `maxBytes` bounds the text.
 */
export function unterminatedText(name: string, maxBytes: number) {
  return custom<string, string>(
    name,
    (payload) => {
      let end = payload.length;
      while (end > 0 && payload[end - 1] === 0) end--;
      return textDecoder.decode(payload.subarray(0, end));
    },
    (value) => {
      if (typeof value !== 'string') throw new InvalidValueError(`expected a string, got ${typeof value}`);
      if (value.includes('\0')) throw new InvalidValueError('string contains a NUL character');
      const bytes = textEncoder.encode(value);
      if (bytes.length > maxBytes) throw new InvalidValueError(`${bytes.length} bytes, longer than the ${maxBytes} allowed`);
      return bytes;
    },
  );
}
