// Interface names in route results (`dev`, `iifName`, next hops' `dev`) come from one link dump read
// without decoding the links: only IFLA_IFNAME (3) of each RTM_NEWLINK (16) is looked at, after struct
// ifinfomsg (16 bytes: family, pad, type u16, index s32, flags u32, change u32; linux/rtnetlink.h). What is
// odd in that dump (another message type, a short header, a bad attribute) costs a name, never the list.
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP } from '@linx/netlink-wire';
import { Rtnl } from '../src/index.js';

/** ifinfomsg with `index`, then the attributes as given. */
const link = (index: number, ...attrs: number[][]) => Uint8Array.from([0, 0, 0, 0, index, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...attrs.flat()]);
/** rtmsg (AF_INET, /32, main, boot, universe, unicast), RTA_DST 10.0.0.`n`, then the attributes as given. */
const route = (n: number, ...attrs: number[][]) => Uint8Array.from([2, 32, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0, 8, 0, 1, 0, 10, 0, 0, n, ...attrs.flat()]);
const oif = (index: number) => [8, 0, 4, 0, index, 0, 0, 0];

describe.runIf(endianness() === 'LE')('interface names for routes', () => {
  it('each RTM_NEWLINK\'s IFLA_IFNAME, wherever it is among the attributes; the odd ones skipped', async () => {
    const links = [
      link(3, [5, 0, 16, 0, 6, 0, 0, 0], [8, 0, 4, 0, 0xdc, 0x05, 0, 0], [7, 0, 3, 0, 0x76, 0x30, 0, 0]), // IFLA_OPERSTATE, IFLA_MTU, then "v0"
      Uint8Array.of(0, 0, 0, 0, 4, 0, 0, 0, 0, 0), // shorter than ifinfomsg
      link(5, [2, 0, 3, 0], [7, 0, 3, 0, 0x78, 0x78, 0, 0]), // an attribute length below 4: the rest is not read
      link(6, [8, 0, 3, 0, 0x61, 0x62, 0x63, 0x64]), // "abcd" without its NUL
      link(7, [7, 0, 3, 0, 0x76, 0x37, 0, 0]), // sent as another message type below
      link(8, [12, 0, 3, 0, 0x76, 0x38, 0, 0]), // an attribute longer than the message
      link(9, [9, 0, 3, 0, 0x76, 0x39, 0, 0x7a, 0x7a, 0, 0, 0]), // "v9", then bytes after the NUL
      link(10), // no name at all
    ];
    const routes = [route(1, oif(3)), route(2, oif(4)), route(3, oif(5)), route(4, oif(6)), route(5, oif(7)), route(6, oif(8)), route(7, oif(9)), route(8, oif(10))];
    const kernel = new FakeKernel((req, k) => {
      if ((req.flags & NLM_F_DUMP) !== NLM_F_DUMP) return k.ack(req);
      if (req.type === 18) {
        const datagrams = k.multipart(req, links, { type: 16 });
        datagrams[0]!.messages[4]!.type = 20;
        return datagrams;
      }
      return k.multipart(req, routes, { type: 24 });
    });
    const rtnl = new Rtnl(new Connection(kernel));
    const listed = await rtnl.routes.list();
    expect(listed.map((r) => [r.oif, r.dev])).toEqual([[3, 'v0'], [4, undefined], [5, undefined], [6, 'abcd'], [7, undefined], [8, undefined], [9, 'v9'], [10, undefined]]);
    rtnl.close();
  });

  it('the input interface and each next hop are named too; lookups (get) name them as well', async () => {
    const links = [link(3, [7, 0, 3, 0, 0x76, 0x30, 0, 0]), link(4, [7, 0, 3, 0, 0x76, 0x31, 0, 0])];
    // RTA_IIF 4; RTA_MULTIPATH: hops on 3 and on 99 (unknown).
    const multipath = [20, 0, 9, 0, 8, 0, 0, 0, 3, 0, 0, 0, 8, 0, 0, 0, 99, 0, 0, 0];
    const routes = [route(1, [8, 0, 3, 0, 4, 0, 0, 0], multipath), route(2, oif(99), [8, 0, 3, 0, 98, 0, 0, 0])];
    const kernel = new FakeKernel((req, k) => {
      if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return req.type === 18 ? k.multipart(req, links, { type: 16 }) : k.multipart(req, routes, { type: 24 });
      if (req.type === 26) return { messages: [k.reply(req, { type: 24, payload: routes[0]! })] };
      return k.ack(req);
    });
    const rtnl = new Rtnl(new Connection(kernel));
    const [first, second] = await rtnl.routes.list();
    expect(first).toMatchObject({ iif: 4, iifName: 'v1', multipath: [{ oif: 3, dev: 'v0' }, { oif: 99 }] });
    expect(first!.multipath![1]!.dev).toBeUndefined();
    expect(second).toMatchObject({ oif: 99, iif: 98 });
    expect(second!.dev).toBeUndefined();
    expect(second!.iifName).toBeUndefined();
    expect(await rtnl.routes.get('10.0.0.1')).toMatchObject({ iifName: 'v1', multipath: [{ dev: 'v0' }, { oif: 99 }] });
    const unnamed = await rtnl.routes.get('10.0.0.1', { names: false });
    expect(unnamed.iifName).toBeUndefined();
    expect(unnamed.multipath![0]!.dev).toBeUndefined();
    rtnl.close();
  });
});
