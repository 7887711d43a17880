// Properties, for every attribute set of every generated spec, over values drawn from the declarations
// themselves (helpers/arbitraries.ts: ints in range, enum and flag names, strings within their length,
// nests to a limited depth, sub-messages with their selector set to one of the formats):
//   - bytes → value → bytes: any value encodes, decodes, and encodes again to the same bytes;
//   - value → bytes → value: decoding what a value encodes to gives that value back.
// The second needs values in the one form decoding produces, so the arbitraries draw only those: flag
// names in bit order, and one name per bit or enum value (the first declared, which decoding picks), no
// empty lists of a multi attribute (absent once encoded), IPv6 addresses as RFC 5952 writes them.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decode, encode } from '@linx/netlink-codec';
import { setArb } from './helpers/arbitraries.js';
import { SPEC_FILES, declarationsOf, importGenerated, type GeneratedModule } from './helpers/specs.js';

const modules = new Map<string, GeneratedModule>();
beforeAll(async () => {
  for (const spec of SPEC_FILES) modules.set(spec, await importGenerated(spec));
});

/**
 * Runs per attribute set and property (it was 20, bytes only): both properties over every spec take about
 * 7 s of CPU, which keeps this file within about 10 s on a 2-core machine.
 */
const RUNS = 40;

describe('encode ∘ decode ∘ encode is the identity on bytes, for values drawn from every declaration', () => {
  it.each(SPEC_FILES)('%s', (spec) => {
    const { sets } = declarationsOf(modules.get(spec)!);
    for (const [name, set] of sets) {
      fc.assert(
        fc.property(setArb(set, 2), (value) => {
          const first = encode(set, value as never);
          const again = encode(set, decode(set, first) as never);
          expect(again, name).toEqual(first);
        }),
        { numRuns: RUNS },
      );
    }
  });
});

describe('decode ∘ encode is the identity on values, for values drawn from every declaration', () => {
  it.each(SPEC_FILES)('%s', (spec) => {
    const { sets } = declarationsOf(modules.get(spec)!);
    for (const [name, set] of sets) {
      fc.assert(
        fc.property(setArb(set, 2), (value) => {
          expect(decode(set, encode(set, value as never)), name).toEqual(value);
        }),
        { numRuns: RUNS },
      );
    }
  });
});
