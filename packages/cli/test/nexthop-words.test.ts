// `linx nexthop`'s words, read into rtnl's NexthopSpec and NexthopFilter without a kernel (what the kernel
// then does with them is compared with ip in nexthop.live.test.ts); `route add … nhid N`.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/index.js';
import { parseNexthopSpec, parseSelector } from '../src/commands/nexthop.js';
import { parseRouteSpec } from '../src/commands/route-change.js';

const words = (text: string) => text.split(' ');

describe('nexthop add|replace words', () => {
  it.each([
    ['id 1 via 10.0.0.2 dev v0 onlink', { id: 1, gateway: '10.0.0.2', dev: 'v0', onlink: true }],
    ['id 2 via inet6 2001:db8::2 dev v0 protocol static', { id: 2, family: 'inet6', gateway: '2001:db8::2', dev: 'v0', protocol: 'static' }],
    ['id 3 blackhole proto 99', { id: 3, blackhole: true, protocol: 99 }],
    ['id 4 dev v0', { id: 4, dev: 'v0' }],
    ['id 20 via 10.0.0.9 fdb', { id: 20, gateway: '10.0.0.9', fdb: true }],
    ['id 10 group 1/2,3/4,65536', { id: 10, group: [{ id: 1 }, { id: 2, weight: 3 }, { id: 4, weight: 65536 }] }],
    ['id 11 group 1/2 type mpath hw_stats on', { id: 11, group: [{ id: 1 }, { id: 2 }], groupType: 'mpath', hwStats: true }],
    ['id 12 group 1/2 type resilient buckets 8 idle_timer 10 unbalanced_timer 20 fdb', { id: 12, group: [{ id: 1 }, { id: 2 }], groupType: 'resilient', resilient: { buckets: 8, idleTimer: 10, unbalancedTimer: 20 }, fdb: true }],
    ['id 13 group 1 type resilient', { id: 13, group: [{ id: 1 }], groupType: 'resilient', resilient: {} }],
  ])('%s', (text, spec) => {
    expect(parseNexthopSpec('add', words(text))).toEqual(spec);
  });

  it('-4/-6 give the family unless via names one', () => {
    expect(parseNexthopSpec('add', words('id 1 dev v0'), 'inet6')).toEqual({ id: 1, dev: 'v0', family: 'inet6' });
    expect(parseNexthopSpec('add', words('id 1 via inet 10.0.0.1'), 'inet6').family).toBe('inet');
  });

  it.each([
    ['id 1', /needs a next hop/],
    ['id 0 blackhole', /id "0" is not a number in 1\.\./],
    ['id 1 group 1,x', /is not ID\[,WEIGHT\]/],
    ['id 1 group 1//2', /is not ID\[,WEIGHT\]/],
    ['id 1 group 1 type fancy', /type "fancy" is not mpath or resilient/],
    ['id 1 group 1 hw_stats maybe', /hw_stats "maybe" is not on or off/],
    ['id 1 blackhole encap mpls 100', /encap is not read by linx yet/],
    ['id 1 via', /"via" needs a value/],
    ['id 1 blackhole colour red', /unknown argument "colour"/],
  ])('%s: a usage error', (text, message) => {
    expect(() => parseNexthopSpec('add', words(text))).toThrow(UsageError);
    expect(() => parseNexthopSpec('add', words(text))).toThrow(message);
  });
});

describe('nexthop show|flush selectors', () => {
  it('every selector ip takes', () => {
    expect(parseSelector('nexthop show', words('id 7 dev v0 groups fdb protocol 4'))).toEqual({ filter: { id: 7, dev: 'v0', groups: true, fdb: true }, protocol: 4 });
    expect(parseSelector('nexthop show', words('master br0 proto static'), 'inet')).toEqual({ filter: { master: 'br0', family: 'inet' }, protocol: 'static' });
    expect(parseSelector('nexthop show', words('vrf blue')).filter).toEqual({ master: 'blue' });
    expect(parseSelector('nexthop show', [])).toEqual({ filter: {}, protocol: undefined });
    expect(() => parseSelector('nexthop show', words('gruops'))).toThrow(/unknown argument "gruops"/);
  });
});

describe('route add … nhid N', () => {
  it('names a nexthop object', () => {
    expect(parseRouteSpec('add', words('192.0.2.0/24 nhid 10 metric 5'))).toEqual({ dst: '192.0.2.0/24', nhId: 10, priority: 5 });
    expect(() => parseRouteSpec('add', words('192.0.2.0/24 nhid 0'))).toThrow(UsageError);
  });
});
