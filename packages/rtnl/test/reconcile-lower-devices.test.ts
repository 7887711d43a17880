// plan() on links stacked on a lower device (IFLA_LINK): the kernel deletes vlan, macvlan, macvtap, ipvlan
// and ipvtap devices with their lower device (each driver's NETDEV_UNREGISTER notifier: net/8021q/vlan.c,
// drivers/net/macvlan.c, drivers/net/ipvlan/ipvlan_main.c), so their own delete would find nothing; a
// tunnel names its underlay the same way but outlives it. Observed links as links.list() returns them.
import { describe, expect, it } from 'vitest';
import { plan } from '../src/index.js';
import { address, empty, link } from './helpers/observed.js';

const PROTOCOL = 200;
const lines = (steps: { op: string; kind: string; key: string }[]) => steps.map((step) => `${step.op} ${step.kind} ${step.key}`);

describe('reconcile links on a lower device that goes', () => {
  for (const kind of ['vlan', 'macvlan', 'macvtap', 'ipvlan', 'ipvtap']) {
    it(`a ${kind} goes with its lower device: no delete of its own, given up (with its addresses) by the lower device's`, () => {
      const observed = empty();
      observed.links.push(link(2, 'eth0', { kind: 'veth', link: 3 }), link(3, 'eth1', { kind: 'veth', link: 2 }), link(4, 'up0', { kind, link: 2 }));
      observed.addresses.push(address(4, '10.0.0.1', 24));
      const result = plan({}, observed, { protocol: PROTOCOL, owned: { links: ['eth0', 'up0'], addresses: ['up0 10.0.0.1/24'], neighbours: [] } });
      expect(lines(result.steps)).toEqual(['delete link eth0']);
      expect(result.releases).toEqual({
        0: [
          { kind: 'link', key: 'eth0' },
          { kind: 'link', key: 'up0' },
          { kind: 'address', key: 'up0 10.0.0.1/24' },
        ],
      });
    });
  }

  it('a tunnel on it is deleted by its own step, after which its address is released', () => {
    const observed = empty();
    observed.links.push(link(2, 'eth0', { kind: 'veth', link: 3 }), link(3, 'eth1', { kind: 'veth', link: 2 }), link(4, 'tun0', { kind: 'ip6tnl', link: 2 }));
    observed.addresses.push(address(4, '10.0.0.1', 24));
    const result = plan({}, observed, { protocol: PROTOCOL, owned: { links: ['eth0', 'tun0'], addresses: ['tun0 10.0.0.1/24'], neighbours: [] } });
    expect(lines(result.steps)).toEqual(['delete link eth0', 'delete link tun0']);
    expect(result.releases).toEqual({ 0: [{ kind: 'link', key: 'eth0' }], 1: [{ kind: 'link', key: 'tun0' }, { kind: 'address', key: 'tun0 10.0.0.1/24' }] });
  });
});
