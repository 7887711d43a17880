// What the mirror files objects under and when it calls an object changed, without a kernel: the keys
// tell apart what the kernel keeps apart (IPv4 routes appended at one place, IPv6 link routes of two
// devices, IPv4 addresses differing by prefix only), and counters and timers do not make a change.
import { describe, expect, it } from 'vitest';
import type { Address, Route, Rule } from '../src/index.js';
import { addressKey, neighbourKey, routeBaseKey, routeKey, ruleKey, sameObject } from '../src/mirror/identity.js';

const route = (over: Partial<Route>): Route =>
  ({ family: 'inet', type: 'unicast', table: 254, dst: '10.0.0.0', dstLen: 8, srcLen: 0, tos: 0, protocol: 'boot', scope: 'universe', flags: [], priority: undefined, gateway: undefined, oif: 2, dev: 'eth0', ...over }) as Route;

describe('mirror identity', () => {
  it('routes: one place for what the kernel looks up by, different keys for different next hops', () => {
    const a = route({ gateway: '192.0.2.1' });
    const b = route({ gateway: '192.0.2.2' });
    expect(routeBaseKey(a)).toBe(routeBaseKey(b));
    expect(routeKey(a)).not.toBe(routeKey(b));
    expect(routeKey(a)).toBe(routeKey(route({ gateway: '192.0.2.1', dev: 'renamed' })));
    expect(routeBaseKey(a)).not.toBe(routeBaseKey(route({ table: 100 })));
    expect(routeBaseKey(a)).not.toBe(routeBaseKey(route({ priority: 10 })));
    const ll = (oif: number) => route({ family: 'inet6', dst: 'fe80::', dstLen: 64, priority: 256, oif });
    expect(routeKey(ll(2))).not.toBe(routeKey(ll(3)));
  });

  it('addresses: interface, local, prefix length and peer', () => {
    const address = (over: Partial<Address>) => ({ family: 'inet', ifindex: 2, prefixlen: 24, scope: 'universe', flags: [], local: '10.0.0.1', address: '10.0.0.1', ...over }) as Address;
    expect(addressKey(address({}))).not.toBe(addressKey(address({ prefixlen: 16 })));
    expect(addressKey(address({}))).not.toBe(addressKey(address({ ifindex: 3 })));
    expect(addressKey(address({}))).toBe(addressKey(address({ cacheinfo: { ifaPrefered: 1, ifaValid: 2, cstamp: 3, tstamp: 4 } })));
  });

  it('neighbours and rules', () => {
    expect(neighbourKey({ family: 'inet', ifindex: 2, dst: '10.0.0.2' } as never)).not.toBe(neighbourKey({ family: 'inet', ifindex: 3, dst: '10.0.0.2' } as never));
    const rule = (flags: Rule['flags']) => ({ family: 'inet', priority: 100, action: 'to-table', table: 100, srcLen: 0, dstLen: 0, tos: 0, flags, iifname: 'v0' }) as Rule;
    // A rule whose interface went away is the same rule, marked detached by the kernel without telling.
    expect(ruleKey(rule([]))).toBe(ruleKey(rule(['iif-detached'])));
    expect(ruleKey(rule([]))).not.toBe(ruleKey({ ...rule([]), priority: 101 }));
  });

  it('sameObject leaves counters and timers aside, and sees every other field', () => {
    expect(sameObject({ ifname: 'a', mtu: 1500, stats64: { rxBytes: 1n } }, { mtu: 1500, ifname: 'a', stats64: { rxBytes: 9n } })).toBe(true);
    expect(sameObject({ ifname: 'a', mtu: 1500 }, { ifname: 'a', mtu: 1400 })).toBe(false);
    expect(sameObject({ flags: ['up'] }, { flags: ['up', 'lower-up'] })).toBe(false);
    expect(sameObject({ address: Uint8Array.of(1) }, { address: Uint8Array.of(2) })).toBe(false);
    expect(sameObject({ x: undefined }, {})).toBe(true);
    // Bigints by value (a tunnel id, a 64-bit counter outside the moving ones), not all alike.
    expect(sameObject({ tunId: 1n }, { tunId: 2n })).toBe(false);
    expect(sameObject({ tunId: 1n }, { tunId: 1 })).toBe(false);
    // Bytes and lists item by item: 1,2 is not 12.
    expect(sameObject({ address: Uint8Array.of(1, 2) }, { address: Uint8Array.of(12) })).toBe(false);
    expect(sameObject({ flags: [1, 2] }, { flags: [12] })).toBe(false);
  });
});
