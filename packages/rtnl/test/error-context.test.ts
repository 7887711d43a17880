// Kernel refusals told in the terms of the call that met them (NetlinkError.during): what was being done,
// to what, and what the errno means there, against a fake kernel that refuses everything with the errno
// the real one gives for the case (fib_table_insert EEXIST, fib_table_delete ESRCH, rtnl_newlink EEXIST,
// inet_rtm_deladdr EADDRNOTAVAIL, neigh_delete ENOENT; errno numbers from asm-generic/errno*.h).
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { NetlinkError, NLM_F_DUMP } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Rtnl } from '../src/index.js';

const EEXIST = 17;
const ESRCH = 3;
const ENOENT = 2;
const EADDRNOTAVAIL = 99;
const EPERM = 1;

/** A kernel that answers every change with `errno` (and dumps with nothing; NLM_F_EXCL shares a bit with NLM_F_DUMP). */
function refusing(errno: number) {
  const kernel = new FakeKernel((req, k) => ((req.flags & NLM_F_DUMP) === NLM_F_DUMP ? k.multipart(req, []) : k.error(req, errno)), { replyType: rtnetlinkReplyType });
  return new Rtnl(new Connection(kernel));
}

async function refusal(call: Promise<unknown>): Promise<NetlinkError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetlinkError);
  return error as NetlinkError;
}

describe('kernel refusals name the call and what the errno means for it', () => {
  it('routes.add EEXIST', async () => {
    const rtnl = refusing(EEXIST);
    const error = await refusal(rtnl.routes.add({ dst: '192.0.2.0/24', gateway: '10.0.0.2', dev: 2, table: 100 }));
    expect(error.message).toBe('routes.add 192.0.2.0/24 via 10.0.0.2 dev 2 table 100: EEXIST (a route with this destination, tos and metric exists in the table)');
    expect(error).toMatchObject({ errno: EEXIST, operation: 'routes.add 192.0.2.0/24 via 10.0.0.2 dev 2 table 100' });
    rtnl.close();
  });

  it('routes.delete ESRCH says there is no such route; the main table is not named', async () => {
    const rtnl = refusing(ESRCH);
    const error = await refusal(rtnl.routes.delete({ dst: '192.0.2.0/24', table: 'main' }));
    expect(error.message).toBe('routes.delete 192.0.2.0/24: ESRCH (no such route)');
    rtnl.close();
  });

  it('routes.addMany: each failed route is told as its own add', async () => {
    const rtnl = refusing(EEXIST);
    const results = await rtnl.routes.addMany([
      { dst: '192.0.2.0/24', dev: 2 },
      { dst: '198.51.100.0/24', dev: 2 },
    ]);
    expect(results.map((r) => r?.message)).toEqual([
      'routes.add 192.0.2.0/24 dev 2: EEXIST (a route with this destination, tos and metric exists in the table)',
      'routes.add 198.51.100.0/24 dev 2: EEXIST (a route with this destination, tos and metric exists in the table)',
    ]);
    rtnl.close();
  });

  it('links.create EEXIST names the interface and its kind', async () => {
    const rtnl = refusing(EEXIST);
    const error = await refusal(rtnl.links.create({ name: 'br0', kind: 'bridge' }));
    expect(error.message).toBe('links.create br0 type bridge: EEXIST (an interface with this name exists)');
    rtnl.close();
  });

  it('addresses.delete EADDRNOTAVAIL', async () => {
    const rtnl = refusing(EADDRNOTAVAIL);
    const error = await refusal(rtnl.addresses.delete(2, '10.0.0.1/24'));
    expect(error.message).toBe('addresses.delete 10.0.0.1/24 dev 2: EADDRNOTAVAIL (the interface has no such address)');
    rtnl.close();
  });

  it('neighbours.delete ENOENT', async () => {
    const rtnl = refusing(ENOENT);
    const error = await refusal(rtnl.neighbours.delete({ interface: 2, dst: '10.0.0.9' }));
    expect(error.message).toBe('neighbours.delete 10.0.0.9 dev 2: ENOENT (no such neighbour entry)');
    rtnl.close();
  });

  it('EPERM anywhere says what is missing', async () => {
    const rtnl = refusing(EPERM);
    const error = await refusal(rtnl.links.delete(7));
    expect(error.message).toBe('links.delete 7: EPERM (not permitted: changing the network needs CAP_NET_ADMIN in its namespace)');
    rtnl.close();
  });

  it('rules.delete ENOENT says there is no such rule, written as ip rule writes it', async () => {
    const rtnl = refusing(ENOENT);
    const error = await refusal(rtnl.rules.delete({ priority: 1000, src: '10.0.0.0/8', table: 100 }));
    expect(error.message).toBe('rules.delete pref 1000 from 10.0.0.0/8 table 100: ENOENT (no such rule)');
    rtnl.close();
  });

  // net/ipv4/nexthop.c: rtm_get_nexthop() and rtm_del_nexthop() answer ENOENT when nexthop_find_by_id()
  // finds none; insert_nexthop() EEXIST for a taken id under NLM_F_EXCL.
  it('nexthops.get and nexthops.delete ENOENT name the id and say there is no such nexthop', async () => {
    const rtnl = refusing(ENOENT);
    expect((await refusal(rtnl.nexthops.get(99))).message).toBe('nexthops.get id 99: ENOENT (no nexthop with this id)');
    expect((await refusal(rtnl.nexthops.delete(99))).message).toBe('nexthops.delete id 99: ENOENT (no nexthop with this id)');
    expect(await rtnl.nexthops.flush()).toBe(0);
    rtnl.close();
  });

  it('nexthops.add EEXIST names the id taken; without an id, the call alone', async () => {
    const rtnl = refusing(EEXIST);
    expect((await refusal(rtnl.nexthops.add({ id: 10, blackhole: true }))).message).toBe('nexthops.add id 10: EEXIST (a nexthop with this id exists)');
    expect((await refusal(rtnl.nexthops.add({ blackhole: true }))).message).toBe('nexthops.add: EEXIST (a nexthop with this id exists)');
    rtnl.close();
  });
});
