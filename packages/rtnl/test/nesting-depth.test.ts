// Deeply nested but well-formed input (issue #10): a veth peer's link attributes holding another veth
// with a peer, and RTA_MULTIPATH inside a next hop's attributes, repeated as deep as nla_len allows.
// Both used to overflow the stack ("Maximum call stack size exceeded"); they must fail with the codec's
// typed DecodeDepthError, naming where and the limit, while input at the limit still decodes.
import { DecodeDepthError, DecodeError, compileMessage } from '@linx/netlink-codec';
import { AttributeEncoder, ByteWriter, NESTING_DEPTH_LIMIT, viewOf } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { linkMessage } from '../src/protocol.js';
import { decodeRoute } from '../src/route/shape.js';

const IFLA_LINKINFO = 18;
const IFLA_INFO_KIND = 1;
const IFLA_INFO_DATA = 2;
const VETH_INFO_PEER = 1;
const IFINFOMSG = new Uint8Array(16);
const RTA_MULTIPATH = 9;
const RTA_PRIORITY = 6;

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** IFLA_LINKINFO { kind "veth", data { peer { ifinfomsg, `inner` } } }, as ip writes it (no NLA_F_NESTED). */
function vethLinkinfo(inner: Uint8Array): Uint8Array {
  const peer = new AttributeEncoder().bytes(VETH_INFO_PEER, concat(IFINFOMSG, inner)).finish();
  return new AttributeEncoder().nested(IFLA_LINKINFO, (info) => info.string(IFLA_INFO_KIND, 'veth').bytes(IFLA_INFO_DATA, peer), { nested: false }).finish();
}

/** An RTM_NEWLINK payload whose veth peers nest `levels` deep; the innermost peer has an IFLA_MTU. */
function nestedVeth(levels: number): Uint8Array {
  let attrs = new AttributeEncoder().u32(4, 1500).finish();
  for (let i = 0; i < levels; i++) attrs = vethLinkinfo(attrs);
  return concat(IFINFOMSG, attrs);
}

/** An RTM_NEWROUTE payload whose RTA_MULTIPATH nests one next hop inside the next `levels` deep. */
function nestedMultipath(levels: number): Uint8Array {
  let attrs = new AttributeEncoder().u32(RTA_PRIORITY, 7).finish();
  for (let i = 0; i < levels; i++) {
    const w = new ByteWriter(attrs.length + 8);
    const at = w.reserve(8);
    w.view.setUint16(at, 8 + attrs.length, true);
    w.view.setInt32(at + 4, i + 1, true);
    w.write(attrs);
    attrs = new AttributeEncoder().bytes(RTA_MULTIPATH, w.finish()).finish();
  }
  return concat(Uint8Array.of(2, 0, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0), attrs);
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('veth peers nested in veth peers (rtnl link declaration)', () => {
  const link = compileMessage(linkMessage);

  it('decodes peers nested as deep as the limit allows', () => {
    // The message's attributes, then per level linkinfo, its veth data and the peer: 3 attribute sets.
    const levels = Math.floor((NESTING_DEPTH_LIMIT - 1) / 3);
    let attrs = link.decode(nestedVeth(levels)).attrs as Record<string, unknown>;
    for (let i = 0; i < levels; i++) attrs = (attrs.linkinfo as { data: { peer: Record<string, unknown> } }).data.peer;
    expect(attrs.mtu).toBe(1500);
  });

  it.each([Math.ceil(NESTING_DEPTH_LIMIT / 3), 1500])('%i levels: a typed DecodeDepthError naming the path and the limit', (levels) => {
    const bytes = nestedVeth(levels);
    const error = thrown(() => link.decode(bytes));
    expect(error).toBeInstanceOf(DecodeDepthError);
    expect(error).toBeInstanceOf(DecodeError);
    const e = error as DecodeDepthError;
    expect(e.code).toBe('ERR_LINX_TOO_DEEP');
    expect(e.limit).toBe(NESTING_DEPTH_LIMIT);
    expect(e.path.slice(0, 6)).toEqual(['linkinfo', 'data', 'peer', 'linkinfo', 'data', 'peer']);
    // The path leads to the set at level LIMIT + 1 (the message's own attributes are level 1).
    expect(e.path).toHaveLength(NESTING_DEPTH_LIMIT);
    expect(e.message).toContain(`more than ${NESTING_DEPTH_LIMIT}`);
    expect(e.offset).toBeGreaterThan(0);
    expect(e.offset).toBeLessThan(bytes.length);
  });

  it('the limit is an option of decode', () => {
    const bytes = nestedVeth(40);
    expect((link.decode(bytes, { maxDepth: 3 * 40 + 1 }).attrs.linkinfo as { kind: string }).kind).toBe('veth');
    expect((thrown(() => link.decode(bytes, { maxDepth: 3 * 40 })) as DecodeDepthError).limit).toBe(3 * 40);
  });

  it('encoding a link that contains itself is a typed error, not a stack overflow', () => {
    const attrs: Record<string, unknown> = { ifname: 'v0' };
    attrs.linkinfo = { kind: 'veth', data: { peer: attrs } };
    const error = thrown(() => link.encode({ header: {}, attrs } as never));
    expect((error as { code: string }).code).toBe('ERR_LINX_TOO_DEEP');
    expect((error as { path: unknown[] }).path.slice(0, 3)).toEqual(['linkinfo', 'data', 'peer']);
  });
});

describe('RTA_MULTIPATH nested in next hops (rtnl route decoder)', () => {
  const decode = (bytes: Uint8Array) => decodeRoute(bytes, viewOf(bytes), 0, bytes.length);

  it('decodes next hops nested as deep as the limit allows', () => {
    // The route's attributes, then one set of next-hop attributes per level.
    const levels = NESTING_DEPTH_LIMIT - 1;
    let hop = decode(nestedMultipath(levels)) as { multipath?: { oif: number; multipath?: unknown }[]; priority?: number };
    for (let i = levels; i > 0; i--) {
      expect(hop.multipath![0]!.oif).toBe(i);
      hop = hop.multipath![0]! as typeof hop;
    }
    expect(hop.priority).toBe(7);
  });

  it.each([NESTING_DEPTH_LIMIT, 5000])('%i levels: a typed DecodeDepthError naming the path and the limit', (levels) => {
    const error = thrown(() => decode(nestedMultipath(levels)));
    expect(error).toBeInstanceOf(DecodeDepthError);
    const e = error as DecodeDepthError;
    expect(e.code).toBe('ERR_LINX_TOO_DEEP');
    expect(e.limit).toBe(NESTING_DEPTH_LIMIT);
    expect(e.path.slice(0, 4)).toEqual(['multipath', 0, 'multipath', 0]);
    // LIMIT - 1 next hops deep, then the RTA_MULTIPATH whose next hops would be one level too many.
    expect(e.path).toHaveLength(2 * NESTING_DEPTH_LIMIT - 1);
    expect(e.path.at(-1)).toBe('multipath');
    expect(e.message).toContain(`more than ${NESTING_DEPTH_LIMIT}`);
  });
});
