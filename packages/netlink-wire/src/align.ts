/** Netlink aligns message headers, payloads and attributes to 4 bytes (NLMSG_ALIGNTO, NLA_ALIGNTO). */
export const ALIGNTO = 4;

/** Rounds `length` up to the next multiple of 4, as NLMSG_ALIGN and NLA_ALIGN do. */
export function align(length: number): number {
  return (length + 3) & ~3;
}
