import { InvalidArgumentError } from '@linx/netlink-socket';

// The kernel's limits on names and user data (linux/netfilter/nf_tables.h). Values over them reach the
// kernel as ERANGE or EINVAL without saying which name; an empty table name is even accepted (`table inet
// ""`). linx refuses both before anything is sent.

/** NFT_NAME_MAXLEN (= NFT_TABLE_MAXNAMELEN, NFT_CHAIN_MAXNAMELEN, NFT_SET_MAXNAMELEN, NFT_OBJ_MAXNAMELEN): with the NUL. */
export const NFT_NAME_MAXLEN = 256;
/** NFT_USERDATA_MAXLEN: the user data of a table, chain, rule, set, element or object, in bytes. */
export const NFT_USERDATA_MAXLEN = 256;

const encoder = new TextEncoder();

/**
 * Checks a table, chain, set, object or flowtable name: a non-empty string of at most NFT_NAME_MAXLEN - 1
 * bytes (UTF-8) without NUL. Throws `InvalidArgumentError` naming `argument`; returns the name.
 */
export function checkName(argument: string, name: unknown): string {
  if (typeof name !== 'string') throw new InvalidArgumentError(argument, `${String(name)} is not a name (a string)`);
  if (name === '') throw new InvalidArgumentError(argument, 'a name cannot be empty');
  if (name.includes('\0')) throw new InvalidArgumentError(argument, `${JSON.stringify(name)} holds a NUL byte`);
  const bytes = encoder.encode(name).length;
  if (bytes > NFT_NAME_MAXLEN - 1) throw new InvalidArgumentError(argument, `a name of ${bytes} bytes is longer than the kernel's ${NFT_NAME_MAXLEN - 1} (NFT_NAME_MAXLEN)`);
  return name;
}
