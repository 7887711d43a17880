// Comparing a request a verb sent (recorded by a FakeKernel) with the bytes iproute2 sent for the same
// change (captured with strace): the fixed header byte for byte, the attributes as a set (iproute2 writes
// them in its own order, which the kernel does not care about; NLA_F_* bits are part of the type here);
// and the link a fake kernel answers interface lookups with.
import { expect } from 'vitest';
import type { NetlinkMessage } from '@linx/netlink-wire';

/** A payload split into its fixed header and its attributes (nla_type with flag bits → payload bytes), sorted by type. */
export function splitPayload(payload: Uint8Array, headerLength: number): { header: number[]; attrs: [number, number[]][] } {
  const attrs: [number, number[]][] = [];
  for (let at = headerLength; at + 4 <= payload.length; ) {
    const len = payload[at]! | (payload[at + 1]! << 8);
    const type = payload[at + 2]! | (payload[at + 3]! << 8);
    // A length below the attribute header would loop here forever (a mistyped capture): say so.
    if (len < 4) throw new Error(`attribute at byte ${at} has length ${len}`);
    attrs.push([type, [...payload.subarray(at + 4, at + len)]]);
    at += (len + 3) & ~3;
  }
  attrs.sort((a, b) => a[0] - b[0]);
  return { header: [...payload.subarray(0, headerLength)], attrs };
}

/** The message the verb sent, checked against a capture: nlmsg_type, nlmsg_flags, then the payload. */
export function expectCaptured(sent: NetlinkMessage | undefined, type: number, flags: number, headerLength: number, captured: number[]): void {
  expect(sent, 'a request was sent').toBeDefined();
  expect(sent!.type).toBe(type);
  expect(sent!.flags).toBe(flags);
  expect(splitPayload(sent!.payload, headerLength)).toEqual(splitPayload(Uint8Array.from(captured), headerLength));
}

/** ifinfomsg with ifi_index (little-endian host order), then IFLA_IFNAME: a fake RTM_NEWLINK payload. */
export function linkReply(index: number, name: string): Uint8Array {
  const text = [...name].map((ch) => ch.charCodeAt(0));
  const attr = [4 + text.length + 1, 0, 3, 0, ...text, 0];
  while (attr.length % 4) attr.push(0);
  return Uint8Array.from([0, 0, 0, 0, index, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...attr]);
}
