// rtnl.bridge.mdb.add/delete refuse what the kernel (net/bridge/br_mdb.c) or `bridge mdb` would refuse, by
// name, before anything is sent; and the edges of what they take. Group ranges are the address families'
// multicast ranges (IPv4 224.0.0.0/4, IPv6 ff00::/8, a MAC with the group bit); VLANs 1..4094. No kernel:
// a FakeKernel records the requests (it ACKs them, and answers link lookups with index 3).
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { InvalidArgumentError, Rtnl, type MdbSpec } from '../src/index.js';
import { rtLink } from '../src/protocol.js';
import { linkReply } from './helpers/captured.js';

function fake() {
  const handler: FakeHandler = (req, k) => {
    if (req.type === rtLink.linkMessage.types.getlink) return { messages: [k.reply(req, { type: rtLink.linkMessage.types.newlink, payload: linkReply(3, 'br0') })] };
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler, { replyType: rtnetlinkReplyType });
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

const RTM_NEWMDB = 84;
const base = { dev: 4, port: 2 };

describe('bridge mdb: bad entries are refused by name before anything is sent', () => {
  const added: [string, unknown, string][] = [
    ['no object', null, 'entry'],
    ['a string', 'br0', 'entry'],
    ['an unknown field', { ...base, group: '239.1.1.1', grp: '239.1.1.1' }, 'entry.grp'],
    ['no bridge', { port: 2, group: '239.1.1.1' }, 'entry.dev'],
    ['no port', { dev: 4, group: '239.1.1.1' }, 'entry.port'],
    ['a group that is no text', { ...base, group: 0xef010101 }, 'entry.group'],
    ['a unicast MAC group', { ...base, group: '02:00:5e:01:02:03' }, 'entry.group'],
    ['a unicast IPv6 group', { ...base, group: 'fe80::1' }, 'entry.group'],
    ['an IPv4 group below 224', { ...base, group: '223.255.255.255' }, 'entry.group'],
    ['an IPv4 group above 239', { ...base, group: '240.0.0.1' }, 'entry.group'],
    ['a group that is no address', { ...base, group: 'all-hosts' }, 'entry.group'],
    ['a broken IPv6 group', { ...base, group: 'ff02::1::2' }, 'entry.group'],
    ['VLAN 0', { ...base, group: '239.1.1.1', vid: 0 }, 'entry.vid'],
    ['VLAN 4095', { ...base, group: '239.1.1.1', vid: 4095 }, 'entry.vid'],
    ['an unknown state', { ...base, group: '239.1.1.1', state: 'forever' }, 'entry.state'],
    ['a source of a MAC group', { ...base, group: '01:00:5e:01:02:03', source: '10.0.0.1' }, 'entry.source'],
    ['a source that is no text', { ...base, group: '239.1.1.1', source: 10 }, 'entry.source'],
    ['an IPv6 source of an IPv4 group', { ...base, group: '239.1.1.1', source: 'fe80::1' }, 'entry.source'],
    ['an IPv4 source of an IPv6 group', { ...base, group: 'ff0e::1', source: '10.0.0.1' }, 'entry.source'],
    ['an unknown filter mode', { ...base, group: '239.1.1.1', filterMode: 'block' }, 'entry.filterMode'],
    ['sources that are no list', { ...base, group: '239.1.1.1', sources: '10.0.0.1' }, 'entry.sources'],
    ['a filter mode on a MAC group', { ...base, group: '01:00:5e:01:02:03', filterMode: 'include' }, 'entry.filterMode'],
    ['sources on a MAC group', { ...base, group: '01:00:5e:01:02:03', sources: [] }, 'entry.filterMode'],
    ['a filter mode on an (S, G) entry', { ...base, group: '239.1.1.1', source: '10.0.0.1', filterMode: 'exclude' }, 'entry.source'],
    ['a bad address among the sources', { ...base, group: '239.1.1.1', filterMode: 'include', sources: ['10.0.0.1', '10.0.0'] }, 'entry.sources[1]'],
  ];
  it.each(added)('add: %s', async (_, spec, argument) => {
    const { kernel, rtnl } = fake();
    const error = await rtnl.bridge.mdb.add(spec as MdbSpec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect(kernel.requests).toEqual([]);
  });

  const deleted: [string, unknown, string][] = [
    ['a state', { ...base, group: '239.1.1.1', state: 'permanent' }, 'entry.state'],
    ['a filter mode', { ...base, group: '239.1.1.1', filterMode: 'include' }, 'entry.filterMode'],
    ['sources', { ...base, group: '239.1.1.1', sources: ['10.0.0.1'] }, 'entry.sources'],
  ];
  it.each(deleted)('delete with %s (an entry is deleted by its key)', async (_, spec, argument) => {
    const { kernel, rtnl } = fake();
    const error = await rtnl.bridge.mdb.delete(spec as MdbSpec).catch((e: unknown) => e);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect(kernel.requests).toEqual([]);
  });

  it('the messages say what is wrong', async () => {
    const { rtnl } = fake();
    const message = async (spec: unknown) => ((await rtnl.bridge.mdb.add(spec as MdbSpec).catch((e: unknown) => e)) as Error).message;
    expect(await message(null)).toContain('got null');
    expect(await message(7)).toContain('got number');
    expect(await message({ dev: 4, group: '239.1.1.1' })).toContain('needs its port');
    expect(await message({ port: 2, group: '239.1.1.1' })).toContain('needs its bridge');
    expect(await message({ ...base, group: '02:00:5e:01:02:03' })).toContain('not a multicast MAC address');
    expect(await message({ ...base, group: 'fe80::1' })).toContain('not an IPv6 multicast address (ff00::/8)');
    expect(await message({ ...base, group: '10.0.0.1' })).toContain('not an IPv4 multicast address (224.0.0.0/4)');
    expect(await message({ ...base, group: 'all-hosts' })).toContain('"all-hosts" is not an IP or MAC address');
  });
});

describe('bridge mdb: the edges of what is taken', () => {
  it('224.0.0.0 and 239.255.255.255, ff00::, a MAC with only the group bit, VLANs 1 and 4094, the bridge itself as port', async () => {
    const { kernel, rtnl } = fake();
    for (const spec of [
      { ...base, group: '224.0.0.1', vid: 1 },
      { ...base, group: '239.255.255.255', vid: 4094 },
      { ...base, group: 'ff00::1' },
      { ...base, group: '01:00:00:00:00:00' },
      { dev: 'br0', port: 'br0', group: '239.1.1.1', state: 'permanent' as const },
      { ...base, group: 'ff0e::1', filterMode: 'exclude' as const, sources: ['2001:db8::1'] },
    ]) {
      await rtnl.bridge.mdb.add(spec);
    }
    expect(kernel.requests.filter((r) => r.type === RTM_NEWMDB)).toHaveLength(6);
  });
});
