// linx's requests against iproute2's for commands covering the attributes linx sends for links,
// addresses, routes, neighbours and rules (helpers/iproute2-requests.ts: the fixtures, each with the
// command that made it, and the comparison). No kernel: linx makes the same call on a fake kernel that
// knows SETUP's interfaces, and the request it sends must be iproute2's: same type, flags and fixed
// header, and the same attributes with the same flag bits and bytes, attribute order aside.
// iproute2-requests.live.test.ts checks the fixtures against this machine's iproute2.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseMessages } from '@linx/netlink-wire';
import { canonical, fixtureRequest, FIXTURES, INDEXES, type FixtureName } from './helpers/iproute2-requests.js';
import { fakeRtnl, unhex } from './helpers/link-golden.js';

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

describe.runIf(endianness() === 'LE')('link dumps: what is and is not iproute2’s', () => {
  // `ip link show type bridge` (iproute2 6.1, strace): ifi_family AF_PACKET (17), IFLA_EXT_MASK (29)
  // RTEXT_FILTER_VF, IFLA_LINKINFO with IFLA_INFO_KIND "bridge" without a NUL.
  const ip = parseMessages(unhex('380000001200010300000000000000001100000000000000000000000000000008001d0001000000100012000a0001006272696467650000'))[0]!;

  it('the kind filter is ip’s IFLA_LINKINFO byte for byte; ip’s family and VF mask are not sent (linx asks for no VF information)', async () => {
    const { rtnl, kernel } = fakeRtnl({ ...INDEXES });
    await rtnl.links.list({ kind: 'bridge' });
    const ours = canonical(kernel.requests.find((m) => m.type === 18)!).payload;
    const theirs = canonical(ip).payload;
    expect(ours.attrs.find(([type]) => type === 18)).toEqual(theirs.attrs.find(([type]) => type === 18));
    expect(theirs.header.slice(0, 2)).toBe('11');
    expect(ours.header.slice(0, 2)).toBe('00');
    expect(theirs.attrs.map(([type]) => type)).toEqual([18, 29]);
    expect(ours.attrs.map(([type]) => type)).toEqual([18]);
  });
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
