// ipset's create and list against what the `ipset` tool (7.17) and Linux 6.18 send, with no root: the
// CREATE payloads were captured with `strace -f -e trace=sendto -e write=all ipset create …` and the LIST
// replies with `strace -e trace=recvmsg -e read=all ipset list`, in a throwaway namespace; the values the
// listing must give are those `ipset list` printed for the same sets (quoted beside each). Also the create
// options' errors, each naming the option with why, before anything is sent.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { parseAttributes, type NetlinkMessage } from '@linx/netlink-wire';
import { Nfnl, ipset, type IpsetSpec } from '../src/index.js';

const hex = (text: string) => Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
const CMD = ipset.ipsetCmdValues;
const type = (cmd: keyof typeof CMD) => 0x600 | CMD[cmd];
const list = compileMessage(ipset.ipsetMessage);

/** A fake kernel of ipset protocol 7 whose TYPE answer gives `revision`; LIST is answered with `listed`. */
function ipsetKernel(revision: number, listed: Uint8Array[] = []) {
  const requests: NetlinkMessage[] = [];
  const kernel = new FakeKernel((req, k) => {
    requests.push({ ...req, payload: req.payload.slice() });
    const reply = (attrs: Record<string, unknown>) => [{ messages: [k.reply(req, { type: req.type, flags: 0, payload: list.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs }) })] }, k.ack(req)];
    if (req.type === type('protocol')) return reply({ protocol: 7, protocolMin: 6 });
    if (req.type === type('type')) return reply({ protocol: 7, typename: 'x', family: 'inet', revision, protocolMin: 0 });
    if (req.type === type('list')) return k.multipart(req, listed.map((m) => m.slice(16)), { type: type('list') });
    return k.ack(req);
  });
  return { nfnl: new Nfnl(kernel), of: (cmd: keyof typeof CMD) => requests.filter((r) => r.type === type(cmd)) };
}

/** Attributes as a tree keyed by type (nests by NLA_F_NESTED), so that their order does not matter. */
function tree(bytes: Uint8Array): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of parseAttributes(bytes)) out[`${a.type}`] = a.nested ? tree(a.payload) : [...a.payload].map((b) => b.toString(16).padStart(2, '0')).join('');
  return out;
}
/** A CREATE payload (after nlmsghdr and nfgenmsg) as such a tree. */
const createTree = (payload: Uint8Array) => tree(payload.subarray(4));

const creates: { spec: IpsetSpec; revision: number; tool: string; command: string }[] = [
  {
    command: 'ipset create c1 hash:ip hashsize 1024 maxelem 65536 netmask 24 timeout 10 counters comment forceadd bucketsize 12 initval 0x1234',
    spec: { name: 'c1', type: 'hash:ip', hashsize: 1024, maxelem: 65536, netmask: 24, timeout: 10, counters: true, comment: true, forceadd: true, bucketsize: 12, initval: 0x1234 },
    revision: 6,
    tool: '7c0000000206050628a2136b0000000002000000050001000700000007000200633100000c000300686173683a697000050004000600000005000500020000003c000780080006400000000a08000840000000380800114000001234080012400000040008001340000100000500140018000000050015000c000000',
  },
  {
    command: 'ipset create c2 bitmap:ip range 10.0.0.0/24',
    spec: { name: 'c2', type: 'bitmap:ip', range: '10.0.0.0/24' },
    revision: 3,
    tool: '5c0000000206050629a2136b0000000002000000050001000700000007000200633200000e0003006269746d61703a697000000005000400030000000500050002000000180007800c000180080001400a0000000500030018000000',
  },
  {
    command: 'ipset create c3 bitmap:ip range 10.0.0.1-10.0.0.50 netmask 30',
    spec: { name: 'c3', type: 'bitmap:ip', range: { from: '10.0.0.1', to: '10.0.0.50' }, netmask: 30 },
    revision: 3,
    tool: '680000000206050629a2136b0000000002000000050001000700000007000200633300000e0003006269746d61703a697000000005000400030000000500050002000000240007800c000180080001400a0000010c000280080001400a000032050014001e000000',
  },
  {
    command: 'ipset create c4 bitmap:port range 100-200',
    spec: { name: 'c4', type: 'bitmap:port', portRange: { from: 100, to: 200 } },
    revision: 3,
    tool: '580000000206050629a2136b000000000200000005000100070000000700020063340000100003006269746d61703a706f727400050004000300000005000500000000001400078006000440006400000600054000c80000',
  },
  {
    command: 'ipset create c5 list:set size 4',
    spec: { name: 'c5', type: 'list:set', size: 4 },
    revision: 3,
    tool: '500000000206050629a2136b0000000002000000050001000700000007000200633500000d0003006c6973743a73657400000000050004000300000005000500000000000c0007800800174000000004',
  },
  {
    command: 'ipset create c6 hash:ip family inet6 netmask 64 skbinfo',
    spec: { name: 'c6', type: 'hash:ip', family: 'inet6', netmask: 64, skbinfo: true },
    revision: 6,
    tool: '540000000206050629a2136b0000000002000000050001000700000007000200633600000c000300686173683a6970000500040006000000050005000a0000001400078008000840000000400500140040000000',
  },
];

describe('ipset create as the ipset tool sends it', () => {
  for (const { command, spec, revision, tool } of creates) {
    it(command, async () => {
      const { nfnl, of } = ipsetKernel(revision);
      await nfnl.ipset.create(spec);
      const [create] = of('create');
      // The same attributes with the same bytes (the tool writes the data nest's in another order).
      expect(createTree(create!.payload)).toEqual(createTree(hex(tool).subarray(16)));
      expect([...create!.payload.subarray(0, 4)]).toEqual([...hex(tool).subarray(16, 20)]);
      nfnl.close();
    });
  }
});

/** `ipset list`'s replies (NFNL_SUBSYS_IPSET << 8 | IPSET_CMD_LIST, NLM_F_MULTI), each with its nlmsghdr, after the sets above got members. */
const LISTED = [
  'd80000000706020030a2136b8007000002000000050001000700000007000200633100000c000300686173683a6970000500050002000000050004000600000006000b400000000054000780080012400000040008001340000100000500140018000000050015000c0000000800114000001234080019400000000008001a400000015b0800184000000001080006400000000a08000840000000383c000880380007800c000180080001000a00000008000640000000000c001840000000000000012c0c001940000000000000000307001a0068690000',
  '840000000706020030a2136b8007000002000000050001000700000007000200633200000e0003006269746d61703a69700000000500050002000000050004000300000006000b4000010000340007800c000180080001000a0000000c000280080001000a0000ff080019400000000008001a4000000078080018400000000004000880',
  '9c0000000706020030a2136b8007000002000000050001000700000007000200633300000e0003006269746d61703a69700000000500050002000000050004000300000006000b40000200003c0007800c000180080001000a0000000c000280080001000a000033050014001e000000080019400000000008001a4000000060080018400000000114000880100007800c000180080001000a000004',
  '880000000706020030a2136b800700000200000005000100070000000700020063340000100003006269746d61703a706f7274000500050000000000050004000300000006000b40000300002c00078006000440006400000600054000c80000080019400000000108001a40000000580800184000000001100008800c0007800600044000960000',
  'd00000000706020030a2136b8007000002000000050001000700000007000200633600000c000300686173683a697000050005000a000000050004000600000006000b40000500004c000780080012400000040008001340000100000500140040000000050015000c00000008001140ecc0d1ff080019400000000008001a4000000140080018400000000108000840000000403c00088038000780180001801400020020010db80000000000000000000000000c001b4000000001000000ff08001c400001000206001d4000030000',
  '800000000706020030a2136b8007000002000000050001000700000007000200633500000d0003006c6973743a736574000000000500050000000000050004000300000006000b4000040000240007800800174000000004080019400000000008001a40000000800800184000000001100008800c0007800700120063340000',
].map(hex);

describe('ipset list of what the kernel sent', () => {
  it('gives each set\'s header and members as `ipset list` printed them', async () => {
    const { nfnl } = ipsetKernel(0, LISTED);
    const sets = await nfnl.ipset.list();
    expect(sets.map((s) => s.name)).toEqual(['c1', 'c2', 'c3', 'c4', 'c6', 'c5']);
    const [c1, c2, c3, c4, c6, c5] = sets;
    // Type: hash:ip / Revision: 6 / Header: family inet hashsize 1024 maxelem 65536 netmask 24 timeout 10
    // counters comment bucketsize 12 initval 0x00001234 / Size in memory: 347 / References: 0 / Number of
    // entries: 1 / Members: 10.0.0.0 timeout 0 packets 3 bytes 300 comment "hi"
    expect(c1).toMatchObject({ type: 'hash:ip', revision: 6, family: 'inet', hashsize: 1024, maxelem: 65536, netmask: 24, timeout: 10, counters: true, comment: true, skbinfo: false, bucketsize: 12, initval: 0x1234, memsize: 347, references: 0, elements: 1 });
    expect(c1!.members).toEqual([{ ip: '10.0.0.0', timeout: 0, packets: 3n, bytes: 300n, comment: 'hi' }]);
    // Type: bitmap:ip / Revision: 3 / Header: range 10.0.0.0-10.0.0.255 / Size in memory: 120 / Number of entries: 0
    expect(c2).toMatchObject({ type: 'bitmap:ip', revision: 3, range: { from: '10.0.0.0', to: '10.0.0.255' }, memsize: 120, elements: 0, members: [] });
    // Header: range 10.0.0.0-10.0.0.51 netmask 30 / Size in memory: 96 / Members: 10.0.0.4
    expect(c3).toMatchObject({ range: { from: '10.0.0.0', to: '10.0.0.51' }, netmask: 30, memsize: 96, members: [{ ip: '10.0.0.4' }] });
    // Type: bitmap:port / Header: range 100-200 / Size in memory: 88 / References: 1 / Members: 150
    expect(c4).toMatchObject({ type: 'bitmap:port', family: 'unspec', portRange: { from: 100, to: 200 }, memsize: 88, references: 1, members: [{ port: 150 }] });
    // Header: family inet6 hashsize 1024 maxelem 65536 netmask 64 skbinfo bucketsize 12 initval 0xecc0d1ff /
    // Size in memory: 320 / Members: 2001:db8:: skbmark 0x1/0xff skbprio 1:2 skbqueue 3
    expect(c6).toMatchObject({ family: 'inet6', netmask: 64, skbinfo: true, counters: false, comment: false, bucketsize: 12, initval: 0xecc0d1ff, memsize: 320 });
    expect(c6!.members).toEqual([{ ip: '2001:db8::', skbmark: { mark: 1, mask: 0xff }, skbprio: { major: 1, minor: 2 }, skbqueue: 3 }]);
    // Type: list:set / Header: size 4 / Size in memory: 128 / Members: c4
    expect(c5).toMatchObject({ type: 'list:set', family: 'unspec', size: 4, memsize: 128, members: [{ name: 'c4' }] });
    // c1 was made with forceadd: the kernel lists its IPSET_ATTR_CADT_FLAGS as 0x38 (WITH_COUNTERS | WITH_COMMENT
    // | WITH_FORCEADD), though the tool's header leaves forceadd out.
    expect(sets.map((s) => s.forceadd)).toEqual([true, false, false, false, false, false]);
    nfnl.close();
  });
});

describe('bad create options', () => {
  it('name the option and say why, with nothing sent', async () => {
    const { nfnl, of } = ipsetKernel(6);
    const refused = async (spec: unknown) => {
      const error = await nfnl.ipset.create(spec as IpsetSpec).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidArgumentError);
      return (error as Error).message;
    };
    expect(await refused({ name: 's', type: 'hash' })).toBe("spec.type: a set type is named like 'hash:ip' or 'bitmap:port', not \"hash\"");
    expect(await refused({ name: 's', type: 'hash:ip', family: 'ip' })).toBe("spec.family: 'inet' or 'inet6', not \"ip\"");
    expect(await refused({ name: 's', type: 'bitmap:port', family: 'inet', portRange: { from: 1, to: 2 } })).toBe('spec.family: bitmap:port sets have no family');
    expect(await refused({ name: 's', type: 'bitmap:ip', family: 'inet6', range: '10.0.0.0/24' })).toBe('spec.family: bitmap:ip sets are inet only');
    expect(await refused({ name: 's', type: 'bitmap:ip', hashsize: 1024, range: '10.0.0.0/24' })).toBe('spec.hashsize: bitmap:ip sets take no hashsize (hash sets do)');
    expect(await refused({ name: 's', type: 'list:set', maxelem: 1 })).toBe('spec.maxelem: list:set sets take no maxelem (hash sets do)');
    expect(await refused({ name: 's', type: 'list:set', forceadd: true })).toBe('spec.forceadd: list:set sets take no forceadd (hash sets do)');
    expect(await refused({ name: 's', type: 'list:set', bucketsize: 2 })).toBe('spec.bucketsize: list:set sets take no bucketsize (hash sets do)');
    expect(await refused({ name: 's', type: 'list:set', initval: 2 })).toBe('spec.initval: list:set sets take no initval (hash sets do)');
    expect(await refused({ name: 's', type: 'hash:net', netmask: 24 })).toBe('spec.netmask: hash:net sets take no netmask (hash:ip and bitmap:ip do)');
    expect(await refused({ name: 's', type: 'hash:ip', range: '10.0.0.0/24' })).toBe('spec.range: hash:ip sets take no range (bitmap:ip and bitmap:ip,mac do)');
    expect(await refused({ name: 's', type: 'hash:ip', portRange: { from: 1, to: 2 } })).toBe('spec.portRange: hash:ip sets take no portRange (bitmap:port do)');
    expect(await refused({ name: 's', type: 'hash:ip', size: 2 })).toBe('spec.size: hash:ip sets take no size (list:set do)');
    expect(await refused({ name: 's', type: 'hash:ip', hashsize: -1 })).toBe('spec.hashsize: an integer from 0 to 4294967295, not -1');
    expect(await refused({ name: 's', type: 'hash:ip', maxelem: 2 ** 32 })).toBe('spec.maxelem: an integer from 0 to 4294967295, not 4294967296');
    expect(await refused({ name: 's', type: 'hash:ip', netmask: 33 })).toBe('spec.netmask: an integer from 0 to 32, not 33');
    expect(await refused({ name: 's', type: 'hash:ip', family: 'inet6', netmask: 129 })).toBe('spec.netmask: an integer from 0 to 128, not 129');
    expect(await refused({ name: 's', type: 'list:set', size: 1.5 })).toBe('spec.size: an integer from 0 to 4294967295, not 1.5');
    expect(await refused({ name: 's', type: 'hash:ip', bucketsize: 256 })).toBe('spec.bucketsize: an integer from 0 to 255, not 256');
    expect(await refused({ name: 's', type: 'hash:ip', initval: -1 })).toBe('spec.initval: an integer from 0 to 4294967295, not -1');
    expect(await refused({ name: 's', type: 'hash:ip', timeout: 2147484 })).toBe('spec.timeout: an integer from 0 to 2147483, not 2147484');
    expect(await refused({ name: 's', type: 'bitmap:ip' })).toBe('spec.range: bitmap:ip sets need a range of addresses');
    expect(await refused({ name: 's', type: 'bitmap:ip,mac' })).toBe('spec.range: bitmap:ip,mac sets need a range of addresses');
    expect(await refused({ name: 's', type: 'bitmap:ip', range: { from: '10.0.0.1' } })).toMatch(/^spec\.range\.to\.ip: /);
    expect(await refused({ name: 's', type: 'bitmap:ip', range: { to: '10.0.0.1' } })).toMatch(/^spec\.range\.from\.ip: /);
    expect(await refused({ name: 's', type: 'bitmap:port' })).toBe('spec.portRange: bitmap:port sets need a range of ports');
    expect(await refused({ name: 's', type: 'bitmap:port', portRange: { to: 2 } })).toBe('spec.portRange.from: an integer from 0 to 65535, not undefined');
    expect(await refused({ name: 's', type: 'bitmap:port', portRange: { from: 1, to: 65536 } })).toBe('spec.portRange.to: an integer from 0 to 65535, not 65536');
    expect(of('create')).toEqual([]);
    nfnl.close();
  });
});
