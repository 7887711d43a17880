import { InvalidArgumentError } from '@linx/netlink-socket';
import { keyLen } from './generated/wireguard.js';

/**
 * A WireGuard key (Curve25519 public or private key, or preshared key) from its base64 text, as `wg`
 * prints and takes them: exactly WG_KEY_LEN (32) bytes, in canonical base64 (44 characters, one '='),
 * else `InvalidArgumentError` naming `argument`.
 */
export function keyFromBase64(text: unknown, argument: string): Uint8Array {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    throw new InvalidArgumentError(argument, `expected a ${keyLen}-byte key in base64 (44 characters ending in '='), got ${typeof text === 'string' ? `${text.length} characters` : typeof text}`);
  }
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  // 43 characters carry 258 bits: the last character's low 2 bits must be zero for the text to be the one encoding of 32 bytes.
  if (bytes.length !== keyLen || keyToBase64(bytes) !== text) throw new InvalidArgumentError(argument, `${JSON.stringify(text)} is not the base64 of a ${keyLen}-byte key`);
  return bytes;
}

/** A key's base64 text, as `wg` prints it. */
export function keyToBase64(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('base64');
}

/** True when the key is all zeros: the kernel's way of saying a device has no private key, a peer no preshared key. */
export const isZeroKey = (key: Uint8Array): boolean => key.every((b) => b === 0);
