// The ipset verbs that carry no element, against the `ipset` tool (7.17): each payload below was captured with
// `strace -f -e trace=sendto -e write=all ipset …` in a throwaway namespace (the whole message; linx's must
// equal it after nlmsghdr), with the tool's NLM_F_EXCL where it sends one. No root: a fake kernel answers.
// Also what the verbs make of the kernel's answers (the protocol, a type's revisions, a missing set's header,
// test's "not in the set") and the errors of bad names.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { NLM_F_DUMP, NLM_F_EXCL, type NetlinkMessage } from '@linx/netlink-wire';
import { IpsetError, Nfnl, ipset } from '../src/index.js';

const hex = (text: string) => Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
const CMD = ipset.ipsetCmdValues;
const type = (cmd: keyof typeof CMD) => 0x600 | CMD[cmd];
const list = compileMessage(ipset.ipsetMessage);

function ipsetKernel(answer?: (req: NetlinkMessage, k: FakeKernel) => ReturnType<FakeKernel['ack']>[] | ReturnType<FakeKernel['ack']> | undefined) {
  const requests: NetlinkMessage[] = [];
  const kernel = new FakeKernel((req, k) => {
    requests.push({ ...req, payload: req.payload.slice() });
    const special = answer?.(req, k);
    if (special) return special;
    const reply = (attrs: Record<string, unknown>) => [{ messages: [k.reply(req, { type: req.type, flags: 0, payload: list.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs }) })] }, k.ack(req)];
    if (req.type === type('protocol')) return reply({ protocol: 7, protocolMin: 6 });
    if (req.type === type('header')) return reply({ protocol: 7, setname: 't1', typename: 'hash:ip', revision: 6, family: 'inet' });
    if (req.type === type('list')) return k.multipart(req, [], { type: type('list') });
    return k.ack(req);
  });
  return { nfnl: new Nfnl(kernel), requests, of: (cmd: keyof typeof CMD) => requests.filter((r) => r.type === type(cmd)) };
}

/** The tool's message less nlmsghdr, and whether it asked for NLM_F_EXCL. */
const tool = (message: string) => {
  const bytes = hex(message);
  return { payload: bytes.subarray(16), excl: (new DataView(bytes.buffer).getUint16(6, true) & NLM_F_EXCL) !== 0 };
};

describe('ipset verbs as the ipset tool sends them', () => {
  const cases: [string, (nfnl: Nfnl) => Promise<unknown>, keyof typeof CMD, string][] = [
    ['ipset flush t1', (n) => n.ipset.flush('t1'), 'flush', '240000000406050091a2136b000000000200000005000100070000000700020074310000'],
    ['ipset flush', (n) => n.ipset.flushAll(), 'flush', '1c0000000406050091a2136b00000000020000000500010007000000'],
    ['ipset rename t3 t4', (n) => n.ipset.rename('t3', 't4'), 'rename', '2c0000000506050091a2136b0000000002000000050001000700000007000200743300000700030074340000'],
    ['ipset swap t1 t2', (n) => n.ipset.swap('t1', 't2'), 'swap', '2c0000000606050092a2136b0000000002000000050001000700000007000200743100000700030074320000'],
    ['ipset test t1 10.0.0.9', (n) => n.ipset.test('t1', { ip: '10.0.0.9' }), 'test', '340000000b06050093a2136b000000000200000005000100070000000700020074310000100007800c000180080001400a000009'],
    ['ipset destroy t4', (n) => n.ipset.destroy('t4'), 'destroy', '240000000306050292a2136b000000000200000005000100070000000700020074340000'],
    ['ipset list -t t1', (n) => n.ipset.list({ name: 't1', headers: true }), 'list', '2c0000000706050392a2136b0000000002000000050001000700000007000200743100000800064000000004'],
    ['ipset list t1', (n) => n.ipset.list({ name: 't1' }), 'list', '240000000706050392a2136b000000000200000005000100070000000700020074310000'],
  ];
  for (const [command, verb, cmd, message] of cases) {
    it(command, async () => {
      const { nfnl, of } = ipsetKernel();
      await verb(nfnl);
      const [sent] = of(cmd);
      const expected = tool(message);
      expect(sent!.payload).toEqual(expected.payload);
      expect((sent!.flags & NLM_F_EXCL) !== 0, 'NLM_F_EXCL').toBe(expected.excl);
      if (cmd === 'list') expect(sent!.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
      nfnl.close();
    });
  }

  it('ipset destroy (every set): the same payload; destroy -exist of a named set leaves NLM_F_EXCL out', async () => {
    const { nfnl, of } = ipsetKernel();
    await nfnl.ipset.destroyAll();
    expect(of('destroy')[0]!.payload).toEqual(tool('1c0000000306050293a2136b00000000020000000500010007000000').payload);
    await nfnl.ipset.destroy('t4', { exist: true });
    expect(of('destroy')[1]!.flags & NLM_F_EXCL).toBe(0);
    nfnl.close();
  });
});

describe('what the verbs make of the kernel\'s answers', () => {
  it('protocol and type read the versions and revisions, falling back as the kernel leaves them out', async () => {
    let typeReply: Record<string, unknown> = { protocol: 7, typename: 'hash:ip', family: 'inet', revision: 6, protocolMin: 0 };
    const { nfnl, of } = ipsetKernel((req, k) => (req.type === type('type') ? [{ messages: [k.reply(req, { type: req.type, flags: 0, payload: list.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs: typeReply }) })] }, k.ack(req)] : undefined));
    expect(await nfnl.ipset.protocol()).toEqual({ version: 7, min: 6 });
    // IPSET_ATTR_PROTOCOL_MIN in a TYPE answer is the type's lowest revision.
    expect(await nfnl.ipset.type('hash:ip')).toEqual({ revision: 6, revisionMin: 0 });
    expect(list.decode(of('type')[0]!.payload).attrs).toEqual({ protocol: 7, typename: 'hash:ip', family: 'inet' });
    typeReply = { protocol: 7, typename: 'hash:ip', family: 'inet6', revision: 4 };
    expect(await nfnl.ipset.type('hash:ip', 'inet6')).toEqual({ revision: 4, revisionMin: 4 });
    expect(list.decode(of('type')[1]!.payload).attrs.family).toBe('inet6');
    nfnl.close();
  });

  it('a kernel that answers PROTOCOL without a minimum has its version as the minimum', async () => {
    const { nfnl } = ipsetKernel((req, k) => (req.type === type('protocol') ? [{ messages: [k.reply(req, { type: req.type, flags: 0, payload: list.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs: { protocol: 6 } }) })] }, k.ack(req)] : undefined));
    expect(await nfnl.ipset.protocol()).toEqual({ version: 6, min: 6 });
    nfnl.close();
  });

  it('test is false for IPSET_ERR_EXIST, and throws any other refusal', async () => {
    let errno = 4103; // IPSET_ERR_EXIST (IPSET_ERR_PRIVATE 4096 + 7), enum ipset_errno in linux/netfilter/ipset/ip_set.h
    const { nfnl } = ipsetKernel((req, k) => (req.type === type('test') ? k.error(req, -errno) : undefined));
    expect(await nfnl.ipset.test('t1', { ip: '10.0.0.1' })).toBe(false);
    errno = 1;
    const error = await nfnl.ipset.test('t1', { ip: '10.0.0.1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(InvalidArgumentError);
    errno = 4097; // IPSET_ERR_PROTOCOL
    const other = await nfnl.ipset.test('t1', { ip: '10.0.0.1' }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(IpsetError);
    expect((other as IpsetError).errno).toBe(4097);
    nfnl.close();
  });

  it('a header without a type, or a listing without the set, is an InvalidArgumentError naming the set', async () => {
    const { nfnl } = ipsetKernel((req, k) => (req.type === type('header') ? [{ messages: [k.reply(req, { type: req.type, flags: 0, payload: list.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs: { protocol: 7 } }) })] }, k.ack(req)] : undefined));
    const header = await nfnl.ipset.header('t9').catch((e: unknown) => e);
    expect((header as Error).message).toBe('name: the kernel sent no header for set "t9"');
    const get = await nfnl.ipset.get('t9').catch((e: unknown) => e);
    expect((get as Error).message).toBe('name: the kernel listed no set "t9"');
    nfnl.close();
  });

  it('bad names and options are refused before anything is sent', async () => {
    const { nfnl, requests } = ipsetKernel();
    const refused = async (work: Promise<unknown>) => {
      const error = await work.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      return (error as Error).message;
    };
    expect(await refused(nfnl.ipset.create(null as never))).toBe('spec: a set spec is an object');
    expect(await refused(nfnl.ipset.create({ name: 's', type: 'hash:ip', revision: 256 }))).toBe('spec.revision: an integer from 0 to 255, not 256');
    expect(await refused(nfnl.ipset.type('hash'))).toBe("name: a set type is named like 'hash:ip' or 'bitmap:port', not \"hash\"");
    expect(await refused(nfnl.ipset.rename('a', ''))).toMatch(/^to: /);
    expect(await refused(nfnl.ipset.rename('', 'a'))).toMatch(/^from: /);
    expect(await refused(nfnl.ipset.swap('a', 'x'.repeat(32)))).toMatch(/^b: /);
    expect(await refused(nfnl.ipset.swap('', 'a'))).toMatch(/^a: /);
    expect(await refused(nfnl.ipset.list({ name: '' }))).toMatch(/^options\.name: /);
    expect(await refused(nfnl.ipset.flush(''))).toMatch(/^name: /);
    expect(await refused(nfnl.ipset.destroy(''))).toMatch(/^name: /);
    expect(await refused(nfnl.ipset.test('t1', { ip: '10.0.0.1' }, { exist: true } as never))).toBe('options.exist: test takes no exist flag');
    expect(requests).toEqual([]);
    nfnl.close();
  });
});
