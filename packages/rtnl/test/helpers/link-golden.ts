// Golden bytes for the links verbs: what iproute2 sends for `ip link add/set/del`, read with strace
// (also when the kernel refuses, which is how the kinds this kernel lacks are compared), how those
// bytes are compared with linx's, and a fake kernel that answers linx's requests without a socket.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType, type FakeAnswer } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, encodeMessages, parseMessages, type NetlinkMessage } from '@linx/netlink-wire';
import { expect } from 'vitest';
import { Rtnl } from '../../src/index.js';
import { linkMessage, linkRequestMessage } from '../../src/protocol.js';

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const unhex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

/**
 * The netlink messages `ip` (or `bridge`) sends for `args`, run in namespace `netns` under strace (`-e write=all`
 * hex dumps). Unlike traceNetlink, a command the kernel refuses is fine: its request was sent.
 */
export function traceIpRequests(netns: string, args: string[], tool: 'ip' | 'bridge' = 'ip'): { messages: NetlinkMessage[]; status: number; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'linx-link-strace-'));
  try {
    const out = join(dir, 'trace');
    const r = spawnSync('strace', ['-f', '-qq', '-o', out, '-e', 'trace=sendmsg,sendto', '-e', 'write=all', tool, '-n', netns, ...args], { encoding: 'utf8', timeout: 20_000 });
    const chunks: Uint8Array[] = [];
    let current: number[] | undefined;
    const flush = () => {
      if (current && current.length) chunks.push(Uint8Array.from(current));
      current = undefined;
    };
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      const call = /^\d+\s+(sendmsg|sendto)\(.*\)\s+=\s+(-?\d+)/.exec(line);
      if (call) {
        flush();
        if (Number(call[2]) > 0) current = [];
        continue;
      }
      const dump = /^ \| [0-9a-f]{5}  (.{48})/.exec(line);
      if (dump && current) for (const h of dump[1]!.matchAll(/[0-9a-f]{2}/g)) current.push(parseInt(h[0], 16));
      else if (!dump && !line.startsWith(' * ')) flush();
    }
    flush();
    // iproute2 sends some requests from a buffer longer than the message: stop at the first short header.
    const messages = chunks.flatMap((c) => {
      const view = new DataView(c.buffer, c.byteOffset, c.byteLength);
      let end = 0;
      while (end + 16 <= c.length && view.getUint32(end, true) >= 16) end += (view.getUint32(end, true) + 3) & ~3;
      return parseMessages(c.subarray(0, Math.min(end, c.length)));
    });
    return { messages, status: r.status ?? -1, stderr: r.stderr ?? '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The request that does the work: the last RTM_NEWLINK/DELLINK/SETLINK asking for an ACK with a body. */
export function changeRequest(messages: NetlinkMessage[]): NetlinkMessage {
  const candidates = messages.filter((m) => [16, 17, 19].includes(m.type) && (m.flags & NLM_F_ACK) !== 0 && (m.seq !== 0 || m.payload.some((b) => b !== 0)));
  const found = candidates.at(-1);
  if (!found) throw new Error(`no link change request among ${messages.length} messages`);
  return found;
}

/** One message's bytes with sequence number and port id zeroed (what differs between runs and senders). */
export function withoutSeqPid(message: NetlinkMessage): Uint8Array {
  return encodeMessages([{ type: message.type, flags: message.flags, seq: 0, pid: 0, payload: message.payload }]);
}

/**
 * An rtnl handle on a fake kernel: RTM_GETLINK by name answers from `indexes` (ENODEV otherwise), by
 * index with that index; every other request is ACKed. `kernel.requests` holds what linx sent.
 */
export function fakeRtnl(known: Record<string, number> = {}, answer?: (request: NetlinkMessage, kernel: FakeKernel) => FakeAnswer | undefined) {
  const indexes = { ...known };
  const codec = compileMessage(linkMessage);
  const kernel = new FakeKernel((request, k) => {
    const custom = answer?.(request, k);
    if (custom !== undefined) return custom;
    if (request.type === 18 && (request.flags & NLM_F_DUMP) === 0) {
      const value = codec.decode(request.payload);
      const name = value.attrs.ifname;
      const index = name === undefined ? value.header.ifiIndex : indexes[name];
      if (index === undefined) return k.error(request, 19);
      const ifname = name ?? Object.keys(indexes).find((key) => indexes[key] === index) ?? `if${index}`;
      // An Ethernet link: 6-byte addresses, which `set` checks a new address against.
      const attrs = { ifname, mtu: 1500, operstate: 2, address: '02:00:00:00:00:00', broadcast: 'ff:ff:ff:ff:ff:ff' };
      return { messages: [k.reply(request, { type: 16, payload: codec.encode({ header: { ifiIndex: index, ifiType: 1 }, attrs }) })] };
    }
    if (request.type === 18) return k.multipart(request, []);
    if (request.type === 16 && (request.flags & NLM_F_CREATE) !== 0) {
      // A created link exists from now on (create() reads it back by name).
      const name = codec.decode(request.payload).attrs.ifname;
      if (name !== undefined && indexes[name] === undefined) indexes[name] = Math.max(1, ...Object.values(indexes)) + 1;
    }
    return k.ack(request);
  }, { replyType: rtnetlinkReplyType });
  const rtnl = new Rtnl(new Connection(kernel));
  return { kernel, rtnl, changes: () => kernel.requests.filter((m) => m.type !== 18) };
}

/**
 * iproute2 6.1's requests, captured with traceIpRequests in a namespace where `ip link add v0 type veth
 * peer name v1` made v1 index 2 and v0 index 3 (so `link v0` is IFLA_LINK 3), seq and pid zeroed.
 */
export const IPROUTE2 = {
  dummy: {
    args: ['link', 'add', 'd0', 'type', 'dummy'],
    bytes:
      '380000001000050600000000000000000000000000000000000000000000000007000300643000001000120009000100' +
      '64756d6d79000000',
  },
  dummyWithSettings: {
    args: ['link', 'add', 'd0', 'mtu', '1400', 'address', '02:00:00:00:00:01', 'txqueuelen', '10', 'alias', 'hi', 'up', 'type', 'dummy'],
    bytes:
      '5c0000001000050600000000000000000000000000000000010000000100000008000400780500000a00010002000000' +
      '0001000008000d000a00000006001400686900000700030064300000100012000900010064756d6d79000000',
  },
  vlan: {
    args: ['link', 'add', 'vl0', 'link', 'v0', 'type', 'vlan', 'id', '5', 'protocol', '802.1ad'],
    bytes:
      '5000000010000506000000000000000000000000000000000000000000000000080005000300000008000300766c3000' +
      '2000120008000100766c616e1400020006000100050000000600050088a80000',
  },
  bond: {
    args: ['link', 'add', 'b0', 'type', 'bond', 'mode', 'active-backup', 'miimon', '100'],
    bytes:
      '480000001000050600000000000000000000000000000000000000000000000007000300623000002000120008000100' +
      '626f6e641400020005000100010000000800030064000000',
  },
  ipvlan: {
    args: ['link', 'add', 'iv0', 'link', 'v0', 'type', 'ipvlan', 'mode', 'l3', 'bridge'],
    bytes:
      '540000001000050600000000000000000000000000000000000000000000000008000500030000000800030069763000' +
      '240012000a0001006970766c616e00001400020006000100010000000600020000000000',
  },
  ipvlanPrivate: {
    args: ['link', 'add', 'iv0', 'link', 'v0', 'type', 'ipvlan', 'mode', 'l3s', 'private'],
    bytes:
      '540000001000050600000000000000000000000000000000000000000000000008000500030000000800030069763000' +
      '240012000a0001006970766c616e00001400020006000100020000000600020001000000',
  },
  ipvlanL2: {
    args: ['link', 'add', 'iv0', 'link', 'v0', 'type', 'ipvlan', 'mode', 'l2'],
    // IFLA_IPVLAN_FLAGS 0 comes with the mode even when no isolation is named.
    bytes:
      '540000001000050600000000000000000000000000000000000000000000000008000500030000000800030069763000' +
      '240012000a0001006970766c616e00001400020006000100000000000600020000000000',
  },
  ipvlanNoMode: {
    args: ['link', 'add', 'iv0', 'link', 'v0', 'type', 'ipvlan'],
    // No mode, no IFLA_INFO_DATA at all.
    bytes: '400000001000050600000000000000000000000000000000000000000000000008000500030000000800030069763000100012000a0001006970766c616e0000',
  },
  vxlan: {
    args: ['link', 'add', 'vx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789'],
    // IFLA_VXLAN_ID 42, IFLA_VXLAN_LEARNING 1 (always sent on create), IFLA_VXLAN_PORT 4789 big-endian.
    bytes:
      '540000001000050600000000000000000000000000000000000000000000000008000300767830002c00120009000100' +
      '76786c616e0000001c000200080001002a000000050007000100000006000f0012b50000',
  },
  bridgeVlanFiltering: {
    args: ['link', 'add', 'br9', 'type', 'bridge', 'vlan_filtering', '1'],
    bytes:
      '440000001000050600000000000000000000000000000000000000000000000008000300627239001c0012000a000100' +
      '62726964676500000c0002000500070001000000',
  },
  veth: {
    args: ['link', 'add', 'v2', 'type', 'veth', 'peer', 'name', 'v3'],
    bytes:
      '540000001000050600000000000000000000000000000000000000000000000007000300763200002c00120008000100' +
      '76657468200002001c000100000000000000000000000000000000000700030076330000',
  },
  macvlan: {
    args: ['link', 'add', 'mv0', 'link', 'v0', 'type', 'macvlan', 'mode', 'bridge'],
    bytes:
      '4c000000100005060000000000000000000000000000000000000000000000000800050003000000080003006d763000' +
      '1c0012000b0001006d6163766c616e000c0002000800010004000000',
  },
  set: {
    args: ['link', 'set', 'dev', 'v0', 'mtu', '1400', 'address', '02:00:00:00:00:09', 'txqueuelen', '10', 'alias', 'hello'],
    bytes:
      '480000001000050000000000000000000000000003000000000000000000000008000400780500000a00010002000000' +
      '0009000008000d000a0000000900140068656c6c6f000000',
  },
  setDownClearAlias: {
    args: ['link', 'set', 'v0', 'down', 'alias', ''],
    bytes: '240000001000050000000000000000000000000003000000000000000100000004001400',
  },
  del: {
    args: ['link', 'del', 'v0'],
    bytes: '2000000011000500000000000000000000000000030000000000000000000000',
  },
} as const;

export type Fixture = keyof typeof IPROUTE2;

/** What linx calls for each fixture (v0 is index 3, as in the namespace the fixtures come from). */
export const LINX: Record<Fixture, (rtnl: Rtnl) => Promise<unknown>> = {
  dummy: (r) => r.links.create({ name: 'd0', kind: 'dummy' }),
  dummyWithSettings: (r) => r.links.create({ name: 'd0', kind: 'dummy', mtu: 1400, address: '02:00:00:00:00:01', txqlen: 10, alias: 'hi', up: true }),
  vlan: (r) => r.links.create({ name: 'vl0', kind: 'vlan', link: 'v0', id: 5, protocol: '802.1ad' }),
  bond: (r) => r.links.create({ name: 'b0', kind: 'bond', mode: 'active-backup', miimon: 100 }),
  ipvlan: (r) => r.links.create({ name: 'iv0', kind: 'ipvlan', link: 'v0', mode: 'l3', isolation: 'bridge' }),
  ipvlanPrivate: (r) => r.links.create({ name: 'iv0', kind: 'ipvlan', link: 'v0', mode: 'l3s', isolation: 'private' }),
  ipvlanL2: (r) => r.links.create({ name: 'iv0', kind: 'ipvlan', link: 'v0', mode: 'l2' }),
  ipvlanNoMode: (r) => r.links.create({ name: 'iv0', kind: 'ipvlan', link: 'v0' }),
  vxlan: (r) => r.links.create({ name: 'vx0', kind: 'vxlan', vni: 42, port: 4789 }),
  bridgeVlanFiltering: (r) => r.links.create({ name: 'br9', kind: 'bridge', vlanFiltering: true }),
  veth: (r) => r.links.create({ name: 'v2', kind: 'veth', peer: { name: 'v3' } }),
  macvlan: (r) => r.links.create({ name: 'mv0', kind: 'macvlan', link: 'v0', mode: 'bridge' }),
  set: (r) => r.links.set('v0', { mtu: 1400, address: '02:00:00:00:00:09', txqlen: 10, alias: 'hello' }),
  setDownClearAlias: (r) => r.links.set('v0', { up: false, alias: null }),
  del: (r) => r.links.delete(3),
};

/** A fixture's request, as iproute2 sent it. */
export const fixtureMessage = (name: Fixture) => parseMessages(unhex(IPROUTE2[name].bytes))[0]!;

/** The one change request linx sends for `name` on a fake kernel (v0 index 3, v1 index 2 unless given). */
export async function linxRequest(name: Fixture, indexes: Record<string, number> = { v0: 3, v1: 2 }) {
  const { rtnl, changes } = fakeRtnl(indexes);
  await LINX[name](rtnl);
  const sent = changes();
  // A create with an alias is followed by a set of the alias (the kernel ignores it in a create): the
  // fixture is the create; the set is checked to carry the alias and nothing else that changes the link.
  const args = IPROUTE2[name].args as readonly string[];
  const alias = args[1] === 'add' && args.includes('alias') ? args[args.indexOf('alias') + 1] : undefined;
  expect(sent).toHaveLength(alias === undefined ? 1 : 2);
  if (alias !== undefined) {
    const set = compileMessage(linkRequestMessage).decode(sent[1]!.payload);
    expect(sent[1]!.flags & (NLM_F_CREATE | NLM_F_EXCL)).toBe(0);
    expect(Object.keys(set.attrs)).toEqual(['ifalias']);
    expect(set.header.ifiIndex).toBeGreaterThan(0);
    expect(set.attrs.ifalias).toBe(alias);
  }
  return sent[0]!;
}
