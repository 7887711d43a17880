// addresses.list / stream / flush without a kernel: a fake kernel that filters nothing answers with literal
// ifaddrmsg + IFA_* messages (linux/if_addr.h: IFA_ADDRESS 1, IFA_LOCAL 2, IFA_LABEL 3; IFA_F_SECONDARY
// 0x01; scopes from linux/rtnetlink.h), so the filters done here, the interface names and the order of a
// flush (secondaries first, as `ip addr flush`) are seen.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, type FakeHandler } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, type NetlinkMessage } from '@linx/netlink-wire';
import { InvalidArgumentError, Rtnl } from '../src/index.js';

const label = (text: string) => {
  const bytes = [...text].map((c) => c.charCodeAt(0));
  const out = [5 + bytes.length, 0, 3, 0, ...bytes, 0];
  while (out.length % 4) out.push(0);
  return out;
};
/** ifaddrmsg (family, prefixlen, flags, scope, index), then IFA_LOCAL and IFA_ADDRESS `addr`, then `more`. */
const address = (family: number, prefixlen: number, flags: number, scope: number, index: number, addr: number[], ...more: number[][]) => {
  const padded = [...addr, ...new Array((4 - (addr.length % 4)) % 4).fill(0)];
  return Uint8Array.from([family, prefixlen, flags, scope, index, 0, 0, 0, 4 + addr.length, 0, 2, 0, ...padded, 4 + addr.length, 0, 1, 0, ...padded, ...more.flat()]);
};

const ADDRESSES = [
  address(2, 24, 0x00, 0, 3, [10, 0, 0, 1], label('v0')),
  address(2, 24, 0x01, 0, 3, [10, 0, 0, 2], label('v0:1')),
  address(10, 64, 0x00, 253, 3, [0xfe, 0x80, ...new Array(13).fill(0), 1]),
  address(2, 16, 0x00, 254, 4, [10, 1, 0, 1], label('lo')),
  address(12, 0, 0x00, 0, 3, [0x01, 0x04]), // a family that is neither IPv4 nor IPv6 (DECnet, 2-byte addresses)
];

function fake(onDelete: (req: NetlinkMessage) => number = () => 0) {
  const handler: FakeHandler = (req, k) => {
    const dump = (req.flags & NLM_F_DUMP) === NLM_F_DUMP;
    if (req.type === 18 && dump) return k.multipart(req, [Uint8Array.from([0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 3, 0, 0x76, 0x30, 0, 0])], { type: 16 });
    if (req.type === 18) {
      const name = new TextDecoder().decode(req.payload.subarray(20)).replace(/\0.*$/s, '');
      return name === 'v0' ? { messages: [k.reply(req, { type: 16, payload: Uint8Array.from([0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) })] } : k.error(req, 19);
    }
    if (req.type === 22) return k.multipart(req, ADDRESSES, { type: 20 });
    if (req.type === 21) {
      const errno = onDelete(req);
      return errno ? k.error(req, errno) : k.ack(req);
    }
    return k.ack(req);
  };
  const kernel = new FakeKernel(handler);
  return { kernel, rtnl: new Rtnl(new Connection(kernel)) };
}

const locals = (list: { local: string }[]) => list.map((a) => a.local);
/** The IFA_LOCAL of a delete request, as text. */
const deleted = (req: NetlinkMessage) => (req.payload[0] === 2 ? [...req.payload.subarray(12, 16)].join('.') : 'v6');

describe.runIf(endianness() === 'LE')('addresses.list filters', () => {
  it('every address by default, with the interface names; the request says family and interface', async () => {
    const { kernel, rtnl } = fake();
    const all = await rtnl.addresses.list();
    expect(all.map((a) => [a.local, a.dev])).toEqual([['10.0.0.1', 'v0'], ['10.0.0.2', 'v0'], ['fe80::1', 'v0'], ['10.1.0.1', undefined], ['01:04', 'v0']]);
    expect(locals(await rtnl.addresses.list({ family: 'inet', interface: 'v0', names: false }))).toEqual(['10.0.0.1', '10.0.0.2']);
    const dumps = kernel.requests.filter((r) => r.type === 22);
    expect(dumps.map((r) => [r.payload[0], r.payload[4]])).toEqual([[0, 0], [2, 3]]);
    rtnl.close();
  });

  it('by family, interface, scope (global is universe) and label, each done here too', async () => {
    const { rtnl } = fake();
    expect(locals(await rtnl.addresses.list({ family: 'inet6' }))).toEqual(['fe80::1']);
    expect(locals(await rtnl.addresses.list({ interface: 4 }))).toEqual(['10.1.0.1']);
    expect(locals(await rtnl.addresses.list({ scope: 'link' }))).toEqual(['fe80::1']);
    expect(locals(await rtnl.addresses.list({ scope: 'global', family: 2 }))).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(locals(await rtnl.addresses.list({ scope: 254 }))).toEqual(['10.1.0.1']);
    expect(locals(await rtnl.addresses.list({ label: 'v0:1' }))).toEqual(['10.0.0.2']);
    const streamed: string[] = [];
    for await (const a of rtnl.addresses.stream({ interface: 'v0', scope: 'universe', names: false })) streamed.push(a.local);
    expect(streamed).toEqual(['10.0.0.1', '10.0.0.2', '01:04']);
    rtnl.close();
  });

  it('a filter is an object', async () => {
    const { kernel, rtnl } = fake();
    await expect(rtnl.addresses.list(null as never)).rejects.toMatchObject({ argument: 'filter', message: 'filter: expected an object' });
    expect(() => rtnl.addresses.stream('v0' as never)).toThrow(InvalidArgumentError);
    await expect(rtnl.addresses.flush('v0', null as never)).rejects.toMatchObject({ argument: 'filter', message: 'filter: expected an object' });
    expect(kernel.requests).toEqual([]);
    rtnl.close();
  });
});

describe.runIf(endianness() === 'LE')('addresses.flush', () => {
  it('IPv4 secondaries first, then the rest of the interface\'s IPv4 and IPv6 addresses; ones already gone are not counted', async () => {
    const { kernel, rtnl } = fake((req) => (req.payload[0] === 10 ? 99 : 0));
    expect(await rtnl.addresses.flush('v0')).toBe(2);
    const deletes = kernel.requests.filter((r) => r.type === 21);
    expect(deletes.map(deleted)).toEqual(['10.0.0.2', '10.0.0.1', 'v6']);
    rtnl.close();
  });

  it('of one family or scope; another failure is thrown', async () => {
    const { kernel, rtnl } = fake((req) => (req.payload[12] === 10 && req.payload[15] === 1 ? 1 : 0));
    expect(await rtnl.addresses.flush(3, { family: 'inet6' })).toBe(1);
    expect(await rtnl.addresses.flush(3, { scope: 'link' })).toBe(1);
    await expect(rtnl.addresses.flush(3, { family: 'inet' })).rejects.toMatchObject({ errnoName: 'EPERM' });
    expect(kernel.requests.filter((r) => r.type === 21).map(deleted)).toEqual(['v6', 'v6', '10.0.0.2', '10.0.0.1']);
    rtnl.close();
  });
});
