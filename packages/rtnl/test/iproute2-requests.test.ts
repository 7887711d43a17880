// linx's requests against iproute2's for commands covering the attributes linx sends for links,
// addresses, routes, neighbours and rules (helpers/iproute2-requests.ts: the fixtures, each with the
// command that made it, and the comparison). No kernel: linx makes the same call on a fake kernel that
// knows SETUP's interfaces, and the request it sends must be iproute2's: same type, flags and fixed
// header, and the same attributes with the same flag bits and bytes, attribute order aside.
// iproute2-requests.live.test.ts checks the fixtures against this machine's iproute2.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { canonical, fixtureRequest, FIXTURES, INDEXES, type FixtureName } from './helpers/iproute2-requests.js';
import { fakeRtnl } from './helpers/link-golden.js';

/** The request linx sends for a fixture: the last message of the fixture's type (lookups left aside). */
async function linxRequest(name: FixtureName) {
  const { rtnl, kernel } = fakeRtnl({ ...INDEXES });
  try {
    await FIXTURES[name].linx(rtnl);
  } catch {
    // A lookup the fake kernel answers with a bare ACK (route get) fails after the request was sent.
  }
  const sent = kernel.requests.filter((m) => m.type === FIXTURES[name].type);
  expect(sent, 'linx sent the request').not.toHaveLength(0);
  return sent.at(-1)!;
}

describe.runIf(endianness() === 'LE')('requests are iproute2’s, attribute order aside', () => {
  for (const name of Object.keys(FIXTURES) as FixtureName[]) {
    it(`${FIXTURES[name].command.join(' ')}`, async () => {
      expect(canonical(await linxRequest(name))).toEqual(canonical(fixtureRequest(name)));
    });
  }
});

describe('the comparison', () => {
  it('sees a flag bit, a payload byte and a missing attribute, and not the order', () => {
    const base = fixtureRequest('routeMetrics');
    const same = canonical(base);
    // RTA_METRICS with NLA_F_NESTED set: a difference.
    const payload = base.payload.slice();
    const at = Buffer.from(payload).indexOf(Buffer.from([0x08, 0x00]), 12);
    expect(at).toBeGreaterThan(0);
    const flagged = payload.slice();
    const metrics = Buffer.from(flagged).findIndex((_, i) => i >= 12 && i % 4 === 0 && flagged[i + 2] === 8 && flagged[i + 3] === 0);
    flagged[metrics + 3] = 0x80;
    expect(canonical({ ...base, payload: flagged })).not.toEqual(same);
    // One byte of the header.
    const header = payload.slice();
    header[4] = 100;
    expect(canonical({ ...base, payload: header })).not.toEqual(same);
    // The attributes in reverse order: the same.
    const attrs: Uint8Array[] = [];
    for (let i = 12; i < payload.length; ) {
      const length = payload[i]! | (payload[i + 1]! << 8);
      const padded = (length + 3) & ~3;
      attrs.push(payload.subarray(i, i + padded));
      i += padded;
    }
    expect(attrs.length).toBeGreaterThan(1);
    const reversed = Uint8Array.from([...payload.subarray(0, 12), ...attrs.reverse().flatMap((a) => [...a])]);
    expect(canonical({ ...base, payload: reversed })).toEqual(same);
    // One attribute left out.
    const fewer = Uint8Array.from([...payload.subarray(0, 12), ...attrs.slice(1).flatMap((a) => [...a])]);
    expect(canonical({ ...base, payload: fewer })).not.toEqual(same);
  });
});
