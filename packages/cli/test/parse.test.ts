// The changing commands' words, mapped to the rtnl verbs' arguments; usage errors before anything is sent.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/index.js';
import { parseAddrChange, parseAddrFlush } from '../src/commands/addr-change.js';
import { parseLinkAdd, parseLinkDel, parseLinkSet } from '../src/commands/link-change.js';
import { parseNeighSpec } from '../src/commands/neigh-change.js';
import { parseRouteGet, parseRouteSpec } from '../src/commands/route-change.js';
import { parseRuleSpec } from '../src/commands/rule-change.js';

describe('link', () => {
  it('add veth with a peer, bridge with options', () => {
    expect(parseLinkAdd(['v0', 'type', 'veth', 'peer', 'name', 'v1'])).toEqual({ name: 'v0', kind: 'veth', peer: { name: 'v1' } });
    expect(parseLinkAdd(['name', 'br0', 'type', 'bridge', 'mtu', '9000', 'up'])).toEqual({ name: 'br0', kind: 'bridge', mtu: 9000, up: true });
  });
  it('set and del', () => {
    expect(parseLinkSet(['dev', 'v0', 'up', 'mtu', '1400', 'master', 'br0'])).toEqual({ dev: 'v0', changes: { up: true, mtu: 1400, master: 'br0' } });
    expect(parseLinkSet(['v1', 'down', 'nomaster'])).toEqual({ dev: 'v1', changes: { up: false, master: null } });
    expect(parseLinkDel(['dev', 'v0'])).toBe('v0');
  });
  it.each([
    [() => parseLinkAdd(['v0']), 'no type given'],
    [() => parseLinkAdd(['type', 'bridge']), 'no name given'],
    [() => parseLinkAdd(['v0', 'type', 'vxlan']), 'makes veth and bridge links'],
    [() => parseLinkSet(['v0', 'mtu', '-1']), 'mtu "-1" is not a number'],
    [() => parseLinkSet(['v0', 'mtu']), '"mtu" needs a value'],
    [() => parseLinkDel([]), 'no device given'],
  ])('refuses %#', (parse, message) => {
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });
});

describe('addr', () => {
  it('add with broadcast, label, flags', () => {
    expect(parseAddrChange('add', ['10.0.0.1/24', 'brd', '+', 'dev', 'v0', 'label', 'v0:a', 'noprefixroute', 'home'])).toEqual({
      address: '10.0.0.1/24', dev: 'v0', settings: { broadcast: true, label: 'v0:a', flags: ['noprefixroute', 'homeaddress'] },
    });
    expect(parseAddrFlush(['dev', 'v0'])).toBe('v0');
    expect(() => parseAddrChange('del', ['dev', 'v0'])).toThrow('no address given');
  });
});

describe('route', () => {
  it('maps ip words to a RouteSpec', () => {
    expect(parseRouteSpec('add', ['blackhole', '10.0.0.0/8', 'table', '100', 'metric', '7', 'proto', 'static'])).toEqual({ type: 'blackhole', dst: '10.0.0.0/8', table: 100, priority: 7, protocol: 'static' });
    expect(parseRouteSpec('add', ['default', 'via', '10.0.0.1', 'dev', 'v0', 'scope', 'global', 'onlink'])).toEqual({ dst: '0.0.0.0/0', gateway: '10.0.0.1', dev: 'v0', scope: 'universe', flags: ['onlink'] });
    expect(parseRouteSpec('add', ['default', 'via', 'fe80::1', 'dev', 'v0'], 'inet6')).toEqual({ dst: '::/0', gateway: 'fe80::1', dev: 'v0', family: 'inet6' });
    expect(parseRouteGet(['192.0.2.1', 'from', '10.0.0.1', 'iif', 'v0', 'mark', '0x10'])).toEqual({ dst: '192.0.2.1', lookup: { from: '10.0.0.1', iif: 'v0', mark: 16 } });
  });
  it('refuses what ip would', () => {
    expect(() => parseRouteSpec('add', ['via', '10.0.0.1'])).toThrow('no destination given');
    expect(() => parseRouteSpec('add', ['10.0.0.0/8', 'scope', 'galaxy'])).toThrow('scope "galaxy"');
    expect(() => parseRouteSpec('add', ['10.0.0.0/8', 'table', '0'])).toThrow('is not a table');
  });
});

describe('neigh and rule', () => {
  it('neigh: permanent unless nud says otherwise', () => {
    expect(parseNeighSpec('add', ['10.0.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v0'])).toEqual({ dst: '10.0.0.9', lladdr: '02:00:00:00:00:09', interface: 'v0', state: 'permanent' });
    expect(parseNeighSpec('add', ['10.0.0.9', 'dev', 'v0', 'nud', 'stale', 'router'])).toEqual({ dst: '10.0.0.9', interface: 'v0', state: 'stale', flags: ['router'] });
    expect(parseNeighSpec('del', ['10.0.0.9', 'dev', 'v0'])).toEqual({ dst: '10.0.0.9', interface: 'v0' });
    expect(() => parseNeighSpec('add', ['10.0.0.9', 'dev', 'v0', 'nud', 'happy'])).toThrow('nud "happy"');
  });
  it('rule: selectors, table, action; the family from the addresses', () => {
    expect(parseRuleSpec('add', ['from', '10.1.0.0/16', 'fwmark', '0x10/0xff', 'iif', 'v0', 'lookup', 'main', 'pref', '5'])).toEqual({
      src: '10.1.0.0', srcLen: 16, fwmark: 16, fwmask: 255, iifname: 'v0', table: 254, priority: 5, family: 'inet',
    });
    expect(parseRuleSpec('add', ['to', '2001:db8::/32', 'prohibit'])).toEqual({ dst: '2001:db8::', dstLen: 32, action: 'prohibit', family: 'inet6' });
    expect(parseRuleSpec('del', ['pref', '6'])).toEqual({ priority: 6, family: 'inet' });
    expect(() => parseRuleSpec('add', ['from', 'all'])).toThrow('no table or action given');
  });
});
