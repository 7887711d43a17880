// The codec decodes an attribute set's first objects with its interpreted loop and generates code for the
// set after (packages/netlink-codec/src/tier.ts), and likewise for structs. Both tiers must give the same
// output for the same bytes: the same values, the same attribute order and raw bytes kept for the round
// trip, the same errors. Checked here for every attribute set of every generated spec, against a copy of
// the codec that never generates code (loaded while `new Function` is refused, as a strict CSP would):
//   - on real kernel and tool bytes (fixtures/pyroute2: nl0.pcap's links, addresses and nlctrl
//     families, an RTM_NEWADDR, ip's gre RTM_NEWLINK request, nl80211 replies), each decoded past the
//     point where the shipped codec switches, and on those bytes with random bytes changed;
//   - on bytes encoded from values drawn from each set's declaration, those bytes with random bytes
//     changed, and random attribute streams of the set's ids, enough per set for the shipped codec to
//     run the set in both tiers.
// Which tier ran is observed, not assumed: a probe set's custom decoder looks for the generated loop
// (`decodeLoop`) in its stack.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as shippedCodec from '@linx/netlink-codec';
import * as shippedRuntime from '@linx/netlink-codec/runtime';
import type { AttrSetDecl, MessageDecl } from '@linx/netlink-codec';
import { readCapture } from '@linx/netlink-wire/capture';
import { setArb } from './helpers/arbitraries.js';
import { SPEC_FILES, declarationsOf, importGenerated, type GeneratedModule } from './helpers/specs.js';

type Copy = { codec: typeof shippedCodec; runtime: typeof shippedRuntime };
const shipped: Copy = { codec: shippedCodec, runtime: shippedRuntime };

/** A second copy of the codec, loaded and first compiled while code generation from strings is refused. */
async function loadInterpreted(): Promise<Copy> {
  const original = globalThis.Function;
  vi.resetModules();
  globalThis.Function = function refused() {
    throw new EvalError('Code generation from strings disallowed for this context');
  } as unknown as FunctionConstructor;
  try {
    const codec = await import('@linx/netlink-codec');
    const runtime = await import('@linx/netlink-codec/runtime');
    // The codec asks once, at its first compile, whether it may generate code: ask it now.
    runtime.compileAttrSet(codec.attrset('first', { a: codec.attr(1, codec.u8()) }));
    return { codec, runtime };
  } finally {
    globalThis.Function = original;
  }
}

/** Per decode of a probe set, whether the generated attribute loop ran it. */
function tiersOf(copy: Copy, decodes: number): boolean[] {
  const { attr, attrset, custom, decode } = copy.codec;
  const generated: boolean[] = [];
  const probe = attrset('probe', {
    a: attr(
      1,
      custom(
        'probe',
        (payload) => (generated.push((new Error().stack ?? '').includes('at decodeLoop ')), payload.length),
        () => new Uint8Array(0),
      ),
    ),
  });
  for (let i = 0; i < decodes; i++) decode(probe, Uint8Array.of(4, 0, 1, 0));
  return generated;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** A decoded value in a form two copies of the codec can be compared in, hidden round-trip data included. */
function canonical(copy: Copy, value: unknown): unknown {
  if (value instanceof Uint8Array) return `bytes ${hex(value)}`;
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return value.map((item) => canonical(copy, item));
  if (typeof value !== 'object' || value === null) return value;
  const { Attrs, Struct, attributeOrder, structTail } = copy.runtime;
  const object = value as Record<string | symbol, unknown>;
  const raw = Attrs.rawOf(object);
  return {
    kind: object instanceof Attrs ? 'attrs' : object instanceof Struct ? 'struct' : Object.getPrototypeOf(object) === Object.prototype ? 'object' : 'other',
    entries: Object.keys(object).map((key) => [key, canonical(copy, object[key])]),
    unknown: canonical(copy, object[copy.codec.UNKNOWN]),
    order: attributeOrder(object),
    raw: raw && [...raw].map(([index, entry]) => [index, typeof entry.value === 'symbol' ? 'a repeat' : canonical(copy, entry.value), hex(entry.payload)]),
    tail: canonical(copy, structTail(object)),
    short: Struct.shortOf(object),
  };
}

function failure(error: unknown): unknown {
  const e = error as Error & { code?: string; offset?: number; path?: unknown };
  return { error: e.constructor.name, code: e.code, message: e.message, offset: e.offset, path: e.path };
}

/** What decoding gives (and encoding it again), or the error, comparable across copies. */
function outcome(copy: Copy, run: (copy: Copy) => unknown, encode: (copy: Copy, value: unknown) => Uint8Array): unknown {
  let value: unknown;
  try {
    value = run(copy);
  } catch (error) {
    return { decode: failure(error) };
  }
  let again: unknown;
  try {
    again = hex(encode(copy, value));
  } catch (error) {
    again = failure(error);
  }
  return { value: canonical(copy, value), again };
}

const ofSet = (set: AttrSetDecl) => ({
  run: (bytes: Uint8Array) => (copy: Copy) => copy.codec.decode(set, bytes),
  encode: (copy: Copy, value: unknown) => copy.codec.encode(set, value as never),
});
const ofMessage = (message: MessageDecl) => ({
  run: (bytes: Uint8Array) => (copy: Copy) => copy.codec.compileMessage(message).decode(bytes),
  encode: (copy: Copy, value: unknown) => copy.codec.compileMessage(message).encode(value as never),
});

/** Bytes with `changes` applied (position modulo the length, new byte value). */
function changed(bytes: Uint8Array, changes: [number, number][]): Uint8Array {
  const out = bytes.slice();
  if (out.length > 0) for (const [at, byte] of changes) out[at % out.length] = byte;
  return out;
}
const changes = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 });

/** Attributes with the set's ids (and others), flag bits and random payloads, laid out as netlink does. */
function attributeStream(set: AttrSetDecl): fc.Arbitrary<Uint8Array> {
  const ids = Object.values(set.attributes).map((a) => a.id);
  const attribute = fc.record({
    id: ids.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, fc.integer({ min: 0, max: 0x3fff })) : fc.integer({ min: 0, max: 0x3fff }),
    flags: fc.constantFrom(0, 0x8000, 0x4000),
    payload: fc.uint8Array({ maxLength: 20 }),
  });
  return fc.tuple(fc.array(attribute, { maxLength: 6 }), fc.uint8Array({ maxLength: 3 })).map(([attributes, trailer]) => {
    const parts: number[] = [];
    for (const { id, flags, payload } of attributes) {
      const length = 4 + payload.length;
      parts.push(length & 0xff, length >> 8, id & 0xff, (id >> 8) | (flags >> 8), ...payload);
      while (parts.length % 4 !== 0) parts.push(0);
    }
    return Uint8Array.from([...parts, ...trailer]);
  });
}

let root = fileURLToPath(new URL('.', import.meta.url));
while (!existsSync(join(root, 'pnpm-workspace.yaml')) && dirname(root) !== root) root = dirname(root);
const fixture = (name: string) => readFileSync(join(root, 'fixtures', 'pyroute2', name));
const fromHex = (tokens: string[]) => Uint8Array.from(tokens, (h) => parseInt(h, 16));

interface RealMessage {
  what: string;
  message: MessageDecl;
  payload: Uint8Array;
}

/** The fixtures' messages linx has declarations for, as the payload each declaration decodes. */
function realMessages(modules: Map<string, GeneratedModule>): RealMessage[] {
  const link = modules.get('rt-link.yaml')!['linkMessage'] as MessageDecl;
  const addr = modules.get('rt-addr.yaml')!['addrMessage'] as MessageDecl;
  const ctrl = modules.get('nlctrl.yaml')!['ctrlMessage'] as MessageDecl;
  const nl80211 = modules.get('nl80211.yaml')!['nl80211Message'] as MessageDecl;
  const found: RealMessage[] = [];
  for (const packet of readCapture(new Uint8Array(fixture('nl0.pcap')))) {
    for (const m of packet.messages) {
      const what = `nl0.pcap packet ${packet.index} type ${m.type}`;
      if (packet.protocol === 0 && m.type >= 16 && m.type <= 19) found.push({ what, message: link, payload: m.payload });
      if (packet.protocol === 0 && m.type >= 20 && m.type <= 22) found.push({ what, message: addr, payload: m.payload });
      // GENL_ID_CTRL; the generic netlink header (cmd, version, reserved) comes before nlctrl's attributes.
      if (packet.protocol === 16 && m.type === 16) found.push({ what, message: ctrl, payload: m.payload.subarray(4) });
    }
  }
  const addrDump = fixture('addrmsg_ipv4.dump').toString('utf8').split('\n').find((line) => /^[0-9a-f]{2}:/.test(line))!;
  found.push({ what: 'addrmsg_ipv4.dump', message: addr, payload: fromHex(addrDump.split(':')).subarray(16) });
  const gre = fixture('gre_01.dump').toString('utf8').split('\n').flatMap((line) => line.split('#')[0]!.split('\\x').slice(1).map((h) => h.trim()));
  found.push({ what: 'gre_01.dump', message: link, payload: fromHex(gre).subarray(16) });
  const info = fixture('iw_info_rsp.dump').toString('utf8').split('\n')[0]!.trim().split('\\x').filter(Boolean);
  found.push({ what: 'iw_info_rsp.dump', message: nl80211, payload: fromHex(info).subarray(20) });
  const scan = fixture('iw_scan_rsp.dump').toString('utf8').split('# parsed data should match primes below')[0]!;
  for (const [i, block] of scan.split(/^# sample \d+$/m).slice(1).entries()) {
    const bytes = fromHex(block.split(/[\s:]+/).filter((h) => /^[0-9a-f]{2}$/.test(h)));
    found.push({ what: `iw_scan_rsp.dump sample ${i + 1}`, message: nl80211, payload: bytes.subarray(20) });
  }
  return found;
}

let interpreted: Copy;
const modules = new Map<string, GeneratedModule>();
beforeAll(async () => {
  interpreted = await loadInterpreted();
  for (const spec of SPEC_FILES) modules.set(spec, await importGenerated(spec));
});

/** How many objects of each set are drawn: enough for the shipped codec to run each set in both tiers. */
const RUNS = 80;

describe('the interpreted and the generated tier decode alike', () => {
  it('the shipped codec switches a set to generated code after its first few objects; the other copy never does', () => {
    expect(interpreted.codec.UNKNOWN).not.toBe(shippedCodec.UNKNOWN);
    const tiers = tiersOf(shipped, RUNS);
    const switchedAt = tiers.indexOf(true);
    expect(switchedAt).toBeGreaterThan(0);
    // At least half of each set's drawn objects below are decoded by the generated loop.
    expect(switchedAt).toBeLessThanOrEqual(RUNS / 2);
    expect(tiers.slice(switchedAt).every(Boolean)).toBe(true);
    expect(tiersOf(interpreted, RUNS).some(Boolean)).toBe(false);
  });

  it('on real messages: the fixtures, each decoded past the switch', () => {
    const messages = realMessages(modules);
    expect(messages.length).toBeGreaterThan(30);
    for (let round = 0; round < RUNS / 2; round++) {
      for (const { what, message, payload } of messages) {
        const { run, encode } = ofMessage(message);
        const expected = outcome(interpreted, run(payload), encode);
        if (round === 0) expect(expected, what).toHaveProperty('value');
        expect(outcome(shipped, run(payload), encode), what).toEqual(expected);
      }
    }
  });

  it('on real messages with random bytes changed', () => {
    const messages = realMessages(modules);
    fc.assert(
      fc.property(fc.constantFrom(...messages), changes, ({ what, message, payload }, edits) => {
        const { run, encode } = ofMessage(message);
        const bytes = changed(payload, edits);
        expect(outcome(shipped, run(bytes), encode), what).toEqual(outcome(interpreted, run(bytes), encode));
      }),
      { numRuns: 400 },
    );
  });

  it.each(SPEC_FILES)('%s: on bytes of drawn values, changed bytes, and random attribute streams', (spec) => {
    const { sets } = declarationsOf(modules.get(spec)!);
    for (const [name, set] of sets) {
      const encoded = setArb(set, 2).map((value) => shippedCodec.encode(set, value as never));
      const bytes = fc.oneof(encoded, fc.tuple(encoded, changes).map(([b, edits]) => changed(b, edits)), attributeStream(set));
      const { run, encode } = ofSet(set);
      fc.assert(
        fc.property(bytes, (b) => {
          expect(outcome(shipped, run(b), encode), name).toEqual(outcome(interpreted, run(b), encode));
        }),
        { numRuns: RUNS },
      );
    }
  });
});
