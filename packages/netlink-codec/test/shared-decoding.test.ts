// What decoded values share to stay small in big lists: one attribute-order array per distinct order of
// an attribute set (kept for byte-identical re-encoding), and one string per short ASCII text. Sharing
// must change nothing a caller sees: each value still re-encodes to the bytes it came from, however
// many orders or names there are. Payloads written by hand (host order little-endian). Both decode loops.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { variants } from './codec-variants.js';

const le = endianness() === 'LE';

/** An attribute: length, type field, payload, padding to 4 bytes. */
function nla(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length + ((4 - (payload.length % 4)) % 4));
  const view = new DataView(out.buffer);
  view.setUint16(0, 4 + payload.length, le);
  view.setUint16(2, type, le);
  out.set(payload, 4);
  return out;
}

const u32 = (value: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, le);
  return out;
};
const text = (value: string) => Uint8Array.from([...value].map((c) => c.charCodeAt(0)).concat(0));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

describe.each(variants)('shared decoding (%s)', (_, load) => {
  it('objects that arrived in the same attribute order share one frozen order array; each re-encodes to its bytes', async () => {
    const c = await load();
    const set = c.attrset('shared-order', { a: c.attr(1, c.u32()), b: c.attr(2, c.u32()), n: c.attr(3, c.nest(c.attrset('shared-inner', { x: c.attr(1, c.u32()) }))) });
    const first = concat(nla(1, u32(1)), nla(2, u32(2)));
    const second = concat(nla(1, u32(7)), nla(2, u32(8)));
    const reversed = concat(nla(2, u32(3)), nla(1, u32(4)));
    // The kernel's nests often come without NLA_F_NESTED (nla_nest_start_noflag): the order keeps the bits.
    const noflag = concat(nla(3, nla(1, u32(5))), nla(1, u32(6)));
    const [a, b, r, n] = [first, second, reversed, noflag].map((bytes) => c.decode(set, bytes));
    expect(c.attributeOrder(a!)).toBe(c.attributeOrder(b!));
    expect(c.attributeOrder(a!)).toEqual([1, 2]);
    expect(Object.isFrozen(c.attributeOrder(a!))).toBe(true);
    expect(c.attributeOrder(r!)).toEqual([2, 1]);
    expect(c.attributeOrder(n!)).toEqual([3, 1]);
    expect(c.encode(set, a as never)).toEqual(first);
    expect(c.encode(set, b as never)).toEqual(second);
    expect(c.encode(set, r as never)).toEqual(reversed);
    expect(c.encode(set, n as never)).toEqual(noflag);
    // A decoded object changed in place still encodes its new values, in the order it arrived.
    (r as { a: number }).a = 9;
    expect(c.encode(set, r as never)).toEqual(concat(nla(2, u32(3)), nla(1, u32(9))));
  });

  it('orders past what is shared (4,096 trie nodes, 64 attributes deep): each object still gets its own and re-encodes to its bytes', async () => {
    const c = await load();
    const set = c.attrset('many-orders', { x: c.attr(1, c.u32(), { multi: true }), end: c.attr(2, c.u32()) });
    // Orders [1 ×k, 2]: a path of 1s with a 2 off each length; past 63 the order is read again from the bytes.
    const payloads = [0, 10, 62, 63, 64, 200, 5000, 11].map((k) => concat(...Array.from({ length: k }, (_, i) => nla(1, u32(i))), nla(2, u32(k))));
    for (const bytes of [...payloads, ...payloads]) {
      const value = c.decode(set, bytes) as { x?: number[]; end: number };
      expect(value.end).toBe((value.x ?? []).length);
      expect(c.attributeOrder(value)).toHaveLength(value.end + 1);
      expect(Buffer.compare(c.encode(set, value as never), bytes)).toBe(0);
    }
    // Many short distinct orders fill the trie's 4,096 nodes: [1 ×k, 2, 1 ×j] for k, j < 64.
    for (let k = 0; k < 64; k += 1) {
      for (let j = 0; j < 64; j += 3) {
        const bytes = concat(...Array.from({ length: k }, (_, i) => nla(1, u32(i))), nla(2, u32(k + j)), ...Array.from({ length: j }, (_, i) => nla(1, u32(k + i))));
        const value = c.decode(set, bytes) as { x?: number[]; end: number };
        expect(c.attributeOrder(value)).toHaveLength(k + j + 1);
        expect(Buffer.compare(c.encode(set, value as never), bytes)).toBe(0);
      }
    }
  });

  it('what is shared is bounded: the first 4,096 orders met and orders of up to 64 attributes, nothing past them', async () => {
    // So a monitor decoding endless distinct orders keeps a bounded trie; objects past it hold their own.
    const c = await load();
    // Orders [t, u] for t in 1..64, u in 1..63 make 64 + 64 × 63 = 4,096 nodes, [64, 63] the last of them;
    // [64, 64] would be the 4,097th.
    const wide = c.attrset('bounded-nodes', { a: c.attr(1, c.u32()) });
    const pair = (t: number, u: number) => concat(nla(t, u32(0)), nla(u, u32(0)));
    for (let t = 1; t <= 64; t++) for (let u = 1; u <= 63; u++) c.decode(wide, pair(t, u));
    const [last1, last2] = [0, 1].map(() => c.decode(wide, pair(64, 63)));
    expect(c.attributeOrder(last1!)).toBe(c.attributeOrder(last2!));
    const [past1, past2] = [0, 1].map(() => c.decode(wide, pair(64, 64)));
    expect(c.attributeOrder(past1!)).toEqual([64, 64]);
    expect(c.attributeOrder(past1!)).not.toBe(c.attributeOrder(past2!));
    // 64 attributes deep is shared; 65 is not.
    const deep = c.attrset('bounded-depth', { x: c.attr(1, c.u32(), { multi: true }) });
    const ofLength = (n: number) => concat(...Array.from({ length: n }, (_, i) => nla(1, u32(i))));
    const [d64a, d64b] = [0, 1].map(() => c.decode(deep, ofLength(64)));
    expect(c.attributeOrder(d64a!)).toHaveLength(64);
    expect(c.attributeOrder(d64a!)).toBe(c.attributeOrder(d64b!));
    const [d65a, d65b] = [0, 1].map(() => c.decode(deep, ofLength(65)));
    expect(c.attributeOrder(d65a!)).toHaveLength(65);
    expect(c.attributeOrder(d65a!)).not.toBe(c.attributeOrder(d65b!));
  });

  it('short ASCII names decode to their own text however many share the table of known names (collisions included)', async () => {
    const c = await load();
    const set = c.attrset('names', { name: c.attr(1, c.string()) });
    // More distinct names than the table has slots (1,024), each decoded twice, lengths 1 to 32 and past it.
    const names = Array.from({ length: 3000 }, (_, i) => `n${i.toString(36)}${'x'.repeat(i % 40)}`);
    for (const name of [...names, ...names.slice().reverse()]) {
      const bytes = nla(1, text(name));
      const value = c.decode(set, bytes) as { name: string };
      expect(value.name).toBe(name);
      expect(Buffer.compare(c.encode(set, value as never), bytes)).toBe(0);
    }
    // Same bytes but not ASCII: not looked up, decoded as UTF-8.
    expect((c.decode(set, nla(1, Uint8Array.of(0xc3, 0xa9, 0))) as { name: string }).name).toBe('é');
  });
});
