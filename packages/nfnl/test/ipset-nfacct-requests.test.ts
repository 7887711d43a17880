// The ipset and nfacct verbs against a fake kernel (no root): the bytes they send equal what the `ipset`
// (7.17) and `nfacct` (1.0.2) commands sent for the same request, captured with strace on this machine;
// the NLM_F_EXCL / NLM_F_CREATE flags those commands use; a listing whose set continues over several
// messages assembled into one set; ipset's own errnos named per kind of set; bad input refused with
// nothing sent.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { HOST_LITTLE_ENDIAN, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST, NLMSG_ERROR, type NetlinkMessage } from '@linx/netlink-wire';
import { IpsetError, IpsetProtocolError, Nfnl, ipset } from '../src/index.js';

const hex = (text: string) => Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
const CMD = ipset.ipsetCmdValues;
const type = (cmd: keyof typeof CMD) => 0x600 | CMD[cmd];
const list = compileMessage(ipset.ipsetMessage);

/** A fake kernel that speaks ipset protocol 7 and answers HEADER and TYPE for one set; records every request. */
function ipsetKernel(set: { name: string; type: string; family: 'inet' | 'inet6' | 'unspec' }, answer: (req: NetlinkMessage, k: FakeKernel) => ReturnType<FakeKernel['ack']> | ReturnType<FakeKernel['ack']>[] | void = (r, k) => k.ack(r)) {
  const requests: NetlinkMessage[] = [];
  const kernel = new FakeKernel((req, k) => {
    requests.push({ ...req, payload: req.payload.slice() });
    const reply = (attrs: Record<string, unknown>) => [{ messages: [k.reply(req, { type: req.type, flags: 0, payload: list.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs }) })] }, k.ack(req)];
    if (req.type === type('protocol')) return reply({ protocol: 7, protocolMin: 6 });
    if (req.type === type('header')) return reply({ protocol: 7, setname: set.name, typename: set.type, revision: 7, family: set.family });
    if (req.type === type('type')) return reply({ protocol: 7, typename: set.type, family: set.family, revision: 7, protocolMin: 0 });
    return answer(req, k);
  });
  return { nfnl: new Nfnl(kernel), requests, of: (cmd: keyof typeof CMD) => requests.filter((r) => r.type === type(cmd)) };
}

/**
 * The NLMSG_ERROR ipset's call_ad() builds for a refused element of a bulk request: the whole request
 * echoed (the kernel writes it itself, so NETLINK_CAP_ACK does not cap it) with `echoed` as its payload.
 */
function callAdError(request: NetlinkMessage, error: number, echoed: Uint8Array) {
  const payload = new Uint8Array(4 + 16 + echoed.length);
  const view = new DataView(payload.buffer);
  view.setInt32(0, error, HOST_LITTLE_ENDIAN);
  view.setUint32(4, 16 + echoed.length, HOST_LITTLE_ENDIAN);
  view.setUint16(8, request.type, HOST_LITTLE_ENDIAN);
  view.setUint16(10, request.flags, HOST_LITTLE_ENDIAN);
  view.setUint32(12, request.seq, HOST_LITTLE_ENDIAN);
  payload.set(echoed, 20);
  return { type: NLMSG_ERROR, flags: 0, seq: request.seq, pid: 0, payload };
}

describe('ipset requests', () => {
  it('create sends what `ipset create b hash:net family inet6 timeout 30 skbinfo` sends, with NLM_F_CREATE | NLM_F_EXCL', async () => {
    const { nfnl, of } = ipsetKernel({ name: 'b', type: 'hash:net', family: 'inet6' });
    await nfnl.ipset.create({ name: 'b', type: 'hash:net', family: 'inet6', timeout: 30, skbinfo: true });
    const [create] = of('create');
    // ipset 7.17's CREATE payload (after nlmsghdr), flags NLM_F_REQUEST|NLM_F_ACK|0x600.
    expect(create!.payload).toEqual(hex('02000000 05000100 07000000 06000200 62000000 0d000300 68617368 3a6e6574 00000000 05000400 07000000 05000500 0a000000 14000780 08000640 0000001e 08000840 00000040'));
    expect(create!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    expect(of('type')).toHaveLength(1); // the revision came from IPSET_CMD_TYPE
  });

  it('add sends what `ipset add a 10.0.0.1,udp:53 comment "hi" packets 5` sends (less its restore line number), with NLM_F_EXCL unless exist', async () => {
    const { nfnl, of } = ipsetKernel({ name: 'a', type: 'hash:ip,port', family: 'inet' });
    await nfnl.ipset.add('a', { ip: '10.0.0.1', port: 53, proto: 'udp', comment: 'hi', packets: 5n });
    const [add] = of('add');
    // ipset's payload ends with IPSET_ATTR_LINENO (08000940 00000000) inside the data nest, which linx
    // does not send (it is for `ipset restore`); the nest is 8 bytes shorter (0x34, not 0x3c).
    expect(add!.payload).toEqual(hex('02000000 05000100 07000000 06000200 61000000 34000780 0c000180 08000140 0a000001 06000440 00350000 05000700 11000000 0c001940 00000000 00000005 07001a00 68690000'));
    expect(add!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL);
    await nfnl.ipset.add('a', { ip: '10.0.0.1', port: 53 }, { exist: true });
    expect(of('add')[1]!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(of('header')).toHaveLength(2);
    expect(of('protocol')).toHaveLength(1); // the handshake happens once per handle
  });

  it('an element of the wrong shape or family is refused before any ADD is sent', async () => {
    const { nfnl, of } = ipsetKernel({ name: 'a', type: 'hash:ip,port', family: 'inet' });
    for (const element of [{ ip: '10.0.0.1' }, { ip: '2001:db8::1', port: 1 }, { ip: '10.0.0.1', port: 1, ip2: '10.0.0.2' }, { ip: '10.0.0.1', port: 1, proto: 'nope' as 'tcp' }]) {
      await expect(nfnl.ipset.add('a', element)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    // One bad element among good ones: none is sent.
    await expect(nfnl.ipset.add('a', [{ ip: '10.0.0.1', port: 1 }, { ip: '10.0.0.2' }])).rejects.toMatchObject({ argument: 'elements[1].port' });
    expect(of('add')).toHaveLength(0);
  });

  it('ipset errnos are named: IPSET_ERR_EXIST makes test false; type-specific numbers by the kind of set', async () => {
    let errno = 4103;
    const { nfnl } = ipsetKernel({ name: 'a', type: 'hash:ip', family: 'inet' }, (r, k) => k.error(r, errno));
    expect(await nfnl.ipset.test('a', { ip: '10.0.0.1' })).toBe(false);
    errno = 4352;
    const full = await nfnl.ipset.add('a', { ip: '10.0.0.1' }).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(IpsetError);
    expect(full).toMatchObject({ reason: 'IPSET_ERR_HASH_FULL', errno: 4352, code: 'ERR_LINX_IPSET' });
    const bitmap = ipsetKernel({ name: 'b', type: 'bitmap:port', family: 'unspec' }, (r, k) => k.error(r, 4352));
    await expect(bitmap.nfnl.ipset.add('b', { port: 1 })).rejects.toMatchObject({ reason: 'IPSET_ERR_BITMAP_RANGE' });
    expect(ipset.ipsetErrnoName(4353, 'list:set')).toBe('IPSET_ERR_LOOP');
    expect(ipset.ipsetErrnoName(4098)).toBe('IPSET_ERR_FIND_TYPE');
  });

  it('several elements go in one request as `ipset restore` sends them: IPSET_ATTR_ADT with numbered IPSET_ATTR_DATA', async () => {
    const { nfnl, of } = ipsetKernel({ name: 's', type: 'hash:ip', family: 'inet' });
    await nfnl.ipset.add('s', ['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.4'].map((ip) => ({ ip })));
    const [add] = of('add');
    // ipset 7.17's payload for `ipset restore` of "add s 10.0.0.1", "add s 10.0.0.2", "add s 10.0.0.1",
    // "add s 10.0.0.4" (strace), but for the top-level IPSET_ATTR_LINENO: ipset sends the first line's
    // number (1), linx 0, so that an echo naming no element is told from one naming the first.
    expect(add!.payload).toEqual(hex(`02000000 05000100 07000000 06000200 73000000 08000940 00000000 64000880
      18000780 0c000180 08000140 0a000001 08000940 00000001 18000780 0c000180 08000140 0a000002 08000940 00000002
      18000780 0c000180 08000140 0a000001 08000940 00000003 18000780 0c000180 08000140 0a000004 08000940 00000004`));
    expect(add!.flags).toBe(NLM_F_REQUEST | NLM_F_EXCL); // failures only, as requestAll asks
    expect(of('add')).toHaveLength(1);
  });

  it('an element the kernel refuses is named by the line number it echoes; the rest of that request is sent again, so every element is tried', async () => {
    const bulk = compileMessage(ipset.ipsetBulkMessage);
    const applied: string[] = [];
    const { nfnl, of } = ipsetKernel({ name: 'a', type: 'hash:ip', family: 'inet' }, (r, k) => {
      if (r.type !== type('add')) return k.ack(r); // the NOOP that settles a run
      expect(r.flags & NLM_F_ACK).toBe(0);
      // As ip_set_ad() does: the elements in order, stopping at the first refused, whose number goes into
      // the echoed request's top-level IPSET_ATTR_LINENO.
      const request = bulk.decode(r.payload);
      for (const data of request.attrs.adt?.data ?? []) {
        const ip = data.ip!.ipv4!;
        if (ip === '10.0.0.2' || ip === '10.0.0.4') return { messages: [callAdError(r, -4103, bulk.encode({ header: request.header, attrs: { protocol: request.attrs.protocol, setname: request.attrs.setname, lineno: data.lineno, adt: request.attrs.adt } }))] };
        applied.push(ip);
      }
    });
    const error = await nfnl.ipset.add('a', ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'].map((ip) => ({ ip }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpsetError);
    expect(error).toMatchObject({ reason: 'IPSET_ERR_EXIST', index: 1, message: expect.stringMatching(/^add a \(elements\[1\] \{"ip":"10\.0\.0\.2"\}; 2 of 5 failed\): IPSET_ERR_EXIST/) });
    expect(applied).toEqual(['10.0.0.1', '10.0.0.3', '10.0.0.5']);
    // The first request (all five), then the rest after each refused one.
    expect(of('add').map((r) => bulk.decode(r.payload).attrs.adt!.data!.map((d) => d.lineno))).toEqual([[1, 2, 3, 4, 5], [3, 4, 5], [5]]);
  });

  it('a set that refuses every element (full) costs a few resends, then one request per element: no re-encoding of the rest each time', async () => {
    const bulk = compileMessage(ipset.ipsetBulkMessage);
    const { nfnl, of } = ipsetKernel({ name: 'f', type: 'hash:ip', family: 'inet' }, (r, k) => {
      if (r.type !== type('add')) return k.ack(r);
      const request = bulk.decode(r.payload);
      const first = request.attrs.adt!.data![0]!;
      // IPSET_ERR_HASH_FULL (type-specific 4352 + 0 for hash types) for the first element of every request.
      return { messages: [callAdError(r, -4352, bulk.encode({ header: request.header, attrs: { protocol: request.attrs.protocol, setname: request.attrs.setname, lineno: first.lineno, adt: request.attrs.adt } }))] };
    });
    const error = await nfnl.ipset.add('f', Array.from({ length: 100 }, (_, i) => ({ ip: `10.0.0.${i}` }))).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'IPSET_ERR_HASH_FULL', index: 0, message: expect.stringContaining('100 of 100 failed') });
    const sizes = of('add').map((r) => bulk.decode(r.payload).attrs.adt!.data!.length);
    expect(sizes.slice(0, 8)).toEqual([100, 99, 98, 97, 96, 95, 94, 93]);
    expect(sizes.slice(8)).toEqual(Array(92).fill(1));
  });

  it('a request refused before any element (no line number in the echo) counts every element of it as failed', async () => {
    const { nfnl } = ipsetKernel({ name: 'p', type: 'hash:ip', family: 'inet' }, (r, k) => (r.type === type('add') ? k.error(r, 4097) : k.ack(r)));
    const error = await nfnl.ipset.add('p', ['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((ip) => ({ ip }))).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'IPSET_ERR_PROTOCOL', index: 0, message: expect.stringContaining('3 of 3 failed') });
  });

  it('elements too many for one IPSET_ATTR_ADT (nla_len is 16 bits) go in several requests, those with long comments too', async () => {
    const bulk = compileMessage(ipset.ipsetBulkMessage);
    const { nfnl, of } = ipsetKernel({ name: 'c', type: 'hash:ip', family: 'inet' });
    const elements = Array.from({ length: 6000 }, (_, i) => ({ ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, ...(i >= 5000 ? { comment: 'x'.repeat(200) } : {}) }));
    await nfnl.ipset.add('c', elements);
    const sent = of('add').map((r) => bulk.decode(r.payload).attrs.adt!.data!.map((d) => d.lineno!));
    expect(sent.length).toBeGreaterThan(3);
    for (const r of of('add')) expect(r.payload.length).toBeLessThanOrEqual(0xffff + 64);
    // Every element once, in order.
    expect(sent.flat()).toEqual(elements.map((_, i) => i + 1));
  });

  it('a set type the kernel lacks (or nobody has) is its IPSET_ERR_FIND_TYPE, asked with IPSET_CMD_TYPE before any CREATE is sent', async () => {
    const requests: NetlinkMessage[] = [];
    const nfnl = new Nfnl(new FakeKernel((req, k) => {
      requests.push(req);
      if (req.type === type('protocol')) return [{ messages: [k.reply(req, { type: req.type, flags: 0, payload: list.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs: { protocol: 7, protocolMin: 6 } }) })] }, k.ack(req)];
      // What Linux answers IPSET_CMD_TYPE for a type it has no module for (find_set_type_minmax()).
      return k.error(req, 4098);
    }));
    for (const t of ['hash:mac', 'hash:bogus']) {
      const error = await nfnl.ipset.create({ name: 'x', type: t }).catch((e: unknown) => e);
      expect(error, t).toBeInstanceOf(IpsetError);
      expect(error).toMatchObject({ reason: 'IPSET_ERR_FIND_TYPE', message: expect.stringMatching(new RegExp(`^type ${t}: IPSET_ERR_FIND_TYPE`)) });
    }
    expect(requests.map((r) => r.type)).toEqual([type('protocol'), type('type'), type('type')]);
    nfnl.close();
  });

  it('a kernel that speaks no protocol linx does fails the first verb with IpsetProtocolError, and nothing else is sent', async () => {
    const requests: NetlinkMessage[] = [];
    const nfnl = new Nfnl(new FakeKernel((req, k) => {
      requests.push(req);
      // An ipset protocol 5 kernel (linx speaks 6 and 7).
      return [{ messages: [k.reply(req, { type: req.type, flags: 0, payload: list.encode({ header: { family: 'ip', version: 0, resId: 0 }, attrs: { protocol: 5, protocolMin: 5 } }) })] }, k.ack(req)];
    }));
    const error = await nfnl.ipset.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpsetProtocolError);
    expect(error).toMatchObject({ code: 'ERR_LINX_IPSET_PROTOCOL', kernel: { version: 5, min: 5 } });
    expect(requests.map((r) => r.type)).toEqual([type('protocol')]);
    // The handshake is tried again on the next verb (a failed one is not kept).
    await expect(nfnl.ipset.flush('x')).rejects.toBeInstanceOf(IpsetProtocolError);
    expect(requests.map((r) => r.type)).toEqual([type('protocol'), type('protocol')]);
  });

  it('a set whose members continue over several dump messages is one set; the next set starts its own', async () => {
    const header = { family: 'ip' as const, version: 0, resId: 0 };
    const member = (ip: string) => ({ ip: { ipv4: ip } });
    const { nfnl } = ipsetKernel({ name: 'x', type: 'hash:ip', family: 'inet' }, (r, k) =>
      k.multipart(r, [
        list.encode({ header, attrs: { protocol: 7, setname: 'x', typename: 'hash:ip', revision: 6, family: 'inet', data: { hashsize: 1024, maxelem: 65536, references: 0, memsize: 400, elements: 3 }, adt: { data: [member('10.0.0.1')] } } }),
        list.encode({ header, attrs: { protocol: 7, setname: 'x', adt: { data: [member('10.0.0.2'), member('10.0.0.3')] } } }),
        list.encode({ header, attrs: { protocol: 7, setname: 'y', typename: 'bitmap:port', revision: 3, family: 'unspec', data: { port: 1, portTo: 9, references: 1, memsize: 100 } } }),
      ], { type: type('list'), perDatagram: 1 }),
    );
    const sets = await nfnl.ipset.list();
    expect(sets.map((s) => [s.name, s.type, s.members.map((m) => m.ip ?? m.port)])).toEqual([
      ['x', 'hash:ip', ['10.0.0.1', '10.0.0.2', '10.0.0.3']],
      ['y', 'bitmap:port', []],
    ]);
    expect(sets[1]).toMatchObject({ portRange: { from: 1, to: 9 }, references: 1, family: 'unspec' });
  });
});

describe('nfacct requests', () => {
  it('add sends what `nfacct add q byte 1000` sends, with NLM_F_CREATE', async () => {
    const requests: NetlinkMessage[] = [];
    const nfnl = new Nfnl(new FakeKernel((req, k) => {
      requests.push({ ...req, payload: req.payload.slice() });
      return k.ack(req);
    }));
    await nfnl.nfacct.add({ name: 'q', packets: 0, bytes: 0, quota: { unit: 'bytes', limit: 1000 } });
    expect(requests[0]!.type).toBe(0x700);
    expect(requests[0]!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE);
    expect(requests[0]!.payload).toEqual(hex('00000000 06000100 71000000 0c000200 00000000 00000000 0c000300 00000000 00000000 08000500 00000002 0c000600 00000000 000003e8'));
    await expect(nfnl.nfacct.add({ name: 'q', quota: { unit: 'bytes', limit: -1 } })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(requests).toHaveLength(1);
  });
});
